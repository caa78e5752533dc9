// Reads and validates a data folder: `<index>.ndjson` (+ optional `<index>.mapping.json`). Every problem is
// a FolderError whose message names the file (and line) so the replay CLI can print it and exit 2.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import ipaddr from 'ipaddr.js';
import type { Doc } from './builders/common';
import { fieldType, flattenMapping, getPath, type Mapping, type MappingType } from './mappings';

export class FolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FolderError';
  }
}

export interface FolderIndex {
  name: string;
  file: string;
  /** from `<index>.mapping.json`, or inferred for ECS fields (ip/date) when the file is absent */
  mapping: Mapping;
  mappingFile?: string;
  docs: Doc[];
  /** 1-based line number of each doc, for messages */
  lines: number[];
}

/** Elasticsearch index-name rules (lowercase, no \ / * ? " < > | , # : or space, no leading - _ +, not . or ..). */
export function indexNameProblem(name: string): string | null {
  if (!name) return 'empty name';
  if (name !== name.toLowerCase()) return 'must be lowercase';
  if (/[\\/*?"<>|,#: ]/.test(name)) return 'must not contain \\ / * ? " < > | , # : or spaces';
  if (/^[-_+]/.test(name)) return 'must not start with -, _ or +';
  if (name === '.' || name === '..') return 'must not be . or ..';
  if (Buffer.byteLength(name) > 255) return 'longer than 255 bytes';
  return null;
}

const isDate = (v: unknown) =>
  (typeof v === 'number' && Number.isFinite(v)) ||
  (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)));
const isNumeric = (v: unknown) => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));

/** Why `value` cannot be indexed into a field of `type`, or null when it can. */
export function valueProblem(type: string, value: unknown): string | null {
  if (value === null) return null;
  switch (type) {
    case 'ip':
      return typeof value === 'string' && ipaddr.isValid(value) ? null : `'${short(value)}' is not an IP string literal`;
    case 'date':
    case 'date_nanos':
      return isDate(value) ? null : `failed to parse date field [${short(value)}] with format [strict_date_optional_time||epoch_millis]`;
    case 'long':
    case 'integer':
    case 'short':
    case 'byte':
    case 'unsigned_long':
      if (!isNumeric(value)) return `For input string: "${short(value)}" (expected a whole number)`;
      return Number.isInteger(Number(value)) ? null : `Value [${short(value)}] has a decimal part (expected a whole number)`;
    case 'double':
    case 'float':
    case 'half_float':
    case 'scaled_float':
      return isNumeric(value) ? null : `For input string: "${short(value)}" (expected a number)`;
    case 'boolean':
      return value === true || value === false || value === 'true' || value === 'false' || value === '' ? null : `Failed to parse value [${short(value)}] as only [true] or [false] are allowed`;
    case 'keyword':
    case 'constant_keyword':
    case 'match_only_text':
    case 'text':
    case 'wildcard':
    case 'version':
      return typeof value === 'object' ? `expected a value, got an object` : null;
    default:
      return null;
  }
}

const short = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/** Checks one document against leaf types; returns the first problem as "field [x]: why". */
export function docProblem(doc: Doc, types: ReadonlyMap<string, string>): string | null {
  for (const [path, type] of types) {
    if (type === 'flattened' || type === 'geo_point' || type === 'nested') continue;
    const v = getPath(doc, path);
    if (v === undefined) continue;
    const values = Array.isArray(v) ? v : [v];
    for (const item of values) {
      const p = valueProblem(type, item);
      if (p) return `field [${path}] of type [${type}]: ${p}`;
    }
  }
  return null;
}

/** Fields the rule reads whose type must be right even without a mapping file (ECS types). */
const ECS_CHECKED = new Set(['@timestamp', 'source.ip', 'client.ip', 'destination.ip', 'threat.indicator.ip', 'kibana.alert.original_time', 'threat.indicator.first_seen', 'threat.indicator.last_seen', 'abusech.threatfox.deleted_at', 'kibana.alert.risk_score', 'event.severity']);

/**
 * The mapping a cluster's `logs@mappings`/`ecs@mappings` templates would give documents without a mapping file:
 * ECS ip/date fields typed, other strings keyword, numbers long/double, booleans boolean. A field that is an
 * object in one document and a value in another is an input error (reported with its line).
 */
export function inferEcsMapping(docs: readonly Doc[], lines: readonly number[] = [], file = ''): Mapping {
  const types = new Map<string, MappingType>();
  const objects = new Set<string>();
  const at = (k: number) => (file ? `${file}:${lines[k] ?? k + 1}: ` : '');
  docs.forEach((d, k) => {
    const visit = (path: string, value: unknown) => {
      if (value === undefined || value === null) return;
      if (Array.isArray(value)) return value.forEach((v) => visit(path, v));
      if (typeof value === 'object' && !path.endsWith('.location')) {
        if (types.has(path)) throw new FolderError(`${at(k)}wrong type: field [${path}] is an object here but a value elsewhere`);
        objects.add(path);
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) visit(path ? `${path}.${key}` : key, v);
        return;
      }
      if (objects.has(path)) throw new FolderError(`${at(k)}wrong type: field [${path}] is a value here but an object elsewhere`);
      let t = fieldType(path, value);
      if (t === 'constant_keyword') t = 'keyword';
      if (ECS_CHECKED.has(path)) t = fieldType(path, path === 'kibana.alert.risk_score' ? 0.5 : 0);
      const prev = types.get(path);
      if (prev && prev !== t) {
        const numeric = (x: MappingType) => x === 'long' || x === 'double';
        if (numeric(prev) && numeric(t)) t = 'double';
        else if (prev === 'keyword' || t === 'keyword') t = 'keyword';
      }
      types.set(path, t);
    };
    visit('', d);
  });
  const props: Record<string, unknown> = {};
  for (const [f, t] of [...types].sort(([x], [y]) => x.localeCompare(y))) {
    const parts = f.split('.');
    let cur = props;
    for (let i = 0; i < parts.length - 1; i++) cur = ((cur[parts[i]] ??= { properties: {} }) as { properties: Record<string, unknown> }).properties;
    cur[parts[parts.length - 1]] = t === 'keyword' ? { type: t, ignore_above: 1024 } : { type: t };
  }
  return { mappings: { properties: props } };
}

function parseMappingFile(file: string, text: string): Mapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FolderError(`${file}: invalid JSON (${(e as Error).message})`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new FolderError(`${file}: a mapping file must be a JSON object { "mappings": { "properties": ... } }`);
  const root = json as Record<string, unknown>;
  const mappings = (root.mappings ?? (root.properties ? { properties: root.properties } : undefined)) as Mapping['mappings'] | undefined;
  if (!mappings || typeof mappings !== 'object' || typeof mappings.properties !== 'object' || mappings.properties === null) {
    throw new FolderError(`${file}: expected { "mappings": { "properties": { ... } } }`);
  }
  const m: Mapping = { mappings };
  for (const [path, type] of flattenMapping(m)) {
    if (!/^[a-z_]+$/.test(type)) throw new FolderError(`${file}: field [${path}] has an invalid type [${type}]`);
  }
  return m;
}

export interface ReadOptions {
  /** index names the reader accepts; others are an error (replay: names the rule reads). */
  accept?: (index: string) => string | null;
  /** require @timestamp on every document */
  requireTimestamp?: boolean;
}

/** Reads every `<index>.ndjson` of `dir`; a FolderError names the file and line of the first problem. */
export async function readDataFolder(dir: string, options: ReadOptions = {}): Promise<FolderIndex[]> {
  let st;
  try {
    st = await stat(dir);
  } catch {
    throw new FolderError(`${dir}: no such folder`);
  }
  if (!st.isDirectory()) throw new FolderError(`${dir}: not a folder`);
  const entries = (await readdir(dir)).sort();
  const ndjson = entries.filter((f) => f.endsWith('.ndjson'));
  const mappingFiles = new Set(entries.filter((f) => f.endsWith('.mapping.json')));
  if (ndjson.length === 0) throw new FolderError(`${dir}: empty folder (no <index-name>.ndjson files)`);
  for (const mf of mappingFiles) {
    const index = mf.slice(0, -'.mapping.json'.length);
    if (!ndjson.includes(`${index}.ndjson`)) throw new FolderError(`${join(dir, mf)}: mapping without data (${index}.ndjson is missing)`);
  }
  const out: FolderIndex[] = [];
  for (const f of ndjson) {
    const name = f.slice(0, -'.ndjson'.length);
    const file = join(dir, f);
    const bad = indexNameProblem(name);
    if (bad) throw new FolderError(`${file}: invalid index name [${name}]: ${bad}`);
    const rejected = options.accept?.(name);
    if (rejected) throw new FolderError(`${file}: unknown index [${name}]: ${rejected}`);
    const mappingFile = mappingFiles.has(`${name}.mapping.json`) ? join(dir, `${name}.mapping.json`) : undefined;
    let mapping: Mapping | undefined;
    if (mappingFile) {
      let text: string;
      try {
        text = await readFile(mappingFile, 'utf8');
      } catch (e) {
        throw new FolderError(`${mappingFile}: unreadable (${(e as Error).message})`);
      }
      mapping = parseMappingFile(mappingFile, text);
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new FolderError(`${file}: unreadable (${(e as Error).message})`);
    }
    const docs: Doc[] = [];
    const lines: number[] = [];
    const rows = text.split('\n');
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i].trim();
      if (!row) continue;
      let doc: unknown;
      try {
        doc = JSON.parse(row);
      } catch (e) {
        throw new FolderError(`${file}:${i + 1}: broken NDJSON line (${(e as Error).message})`);
      }
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new FolderError(`${file}:${i + 1}: each line must be one JSON object (a document)`);
      docs.push(doc as Doc);
      lines.push(i + 1);
    }
    if (!mapping) mapping = inferEcsMapping(docs, lines, file);
    const types = flattenMapping(mapping);
    // ECS-typed fields are checked even when the mapping file does not map them
    for (const f of ECS_CHECKED) if (!types.has(f)) types.set(f, fieldType(f, f === 'kibana.alert.risk_score' ? 0.5 : 0));
    for (let k = 0; k < docs.length; k++) {
      const d = docs[k];
      if (options.requireTimestamp && d['@timestamp'] === undefined) throw new FolderError(`${file}:${lines[k]}: missing @timestamp`);
      const p = docProblem(d, types);
      if (p) throw new FolderError(`${file}:${lines[k]}: wrong type: ${p}`);
    }
    out.push({ name, file, mapping, mappingFile, docs, lines });
  }
  return out;
}
