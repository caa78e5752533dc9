export { parseEsql, RESERVED, TIME_UNITS } from './parser';
export { printEsql, printExpr, printCommand } from './printer';
export { stripLoc } from './ast';
export type * from './ast';
