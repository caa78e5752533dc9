// Elasticsearch-shaped errors raised by the storage layer (type/reason/extra fields as Elasticsearch sends them).
import { EsError } from '../types';

export function indexNotFound(name: string): EsError {
  return new EsError(404, 'index_not_found_exception', `no such index [${name}]`, {
    'resource.type': 'index_or_alias',
    'resource.id': name,
    index_uuid: '_na_',
    index: name,
  });
}

export function indexAlreadyExists(name: string, uuid: string): EsError {
  return new EsError(400, 'resource_already_exists_exception', `index [${name}/${uuid}] already exists`, {
    index_uuid: uuid,
    index: name,
  });
}

export function invalidIndexName(name: string, why: string): EsError {
  return new EsError(400, 'invalid_index_name_exception', `Invalid index name [${name}], ${why}`, {
    index_uuid: '_na_',
    index: name,
  });
}

export function mapperParsing(reason: string, extra: Record<string, unknown> = {}): EsError {
  return new EsError(400, 'mapper_parsing_exception', reason, extra);
}

export function illegalArgument(reason: string): EsError {
  return new EsError(400, 'illegal_argument_exception', reason);
}

export function unknownIndex(name: string): EsError {
  return new EsError(400, 'verification_exception', `Unknown index [${name}]`);
}

/** Validates an index name with Elasticsearch's rules (MetadataCreateIndexService.validateIndexOrAliasName). */
export function validateIndexName(name: string): void {
  if (!name) throw invalidIndexName(name, 'must not be empty');
  if (name !== name.toLowerCase()) throw invalidIndexName(name, 'must be lowercase');
  const bad = /[\\/*?"<>| ,#:]/.exec(name);
  if (bad) {
    throw invalidIndexName(name, 'must not contain the following characters [\'\\\',\'/\',\'*\',\'?\',\'"\',\'<\',\'>\',\'|\',\' \',\',\']');
  }
  if (/^[-_+]/.test(name)) throw invalidIndexName(name, "must not start with '_', '-', or '+'");
  if (name === '.' || name === '..') throw invalidIndexName(name, "must not be '.' or '..'");
  if (Buffer.byteLength(name) > 255) throw invalidIndexName(name, 'index name is too long, (' + Buffer.byteLength(name) + ' > 255)');
}
