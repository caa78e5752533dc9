export { executeEsql, DEFAULT_LIMIT, MAX_LIMIT } from './execute';
