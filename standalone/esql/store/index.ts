export { Store } from './store';
export type { BulkOp, BulkItemResult, BulkAction, CreateIndexBody, ResolveOptions } from './store';
export { EsIndex } from './es_index';
export { compileQuery, fieldValues } from './dsl';
export { normalizeMappings, flattenMappings, mapDocument } from './mapping';
export type { RootMapping, MappingNode } from './mapping';
