// Index mappings: normalisation (dotted -> object form), ES-like dynamic mapping, value validation, flattening.
import ipaddr from 'ipaddr.js';
import { EsError, EsFieldType } from '../types';
import { mapperParsing } from './errors';
import { DEFAULT_DATE_FORMAT, looksLikeDate, parseDate } from './dates';
import { getOwn, setOwn } from '../own_props';
import { nanosRangeError, parseNanos, parseNanosWith } from '../exec/values';

/** A mapping node in object form: leaves have `type`, objects have `properties`. Other params are kept verbatim. */
export interface MappingNode {
  type?: string;
  properties?: Record<string, MappingNode>;
  fields?: Record<string, MappingNode>;
  dynamic?: boolean | string;
  [param: string]: unknown;
}

/** The root mapping (`mappings` in PUT /index). */
export interface RootMapping extends MappingNode {
  properties: Record<string, MappingNode>;
  date_detection?: boolean;
  numeric_detection?: boolean;
}

const KNOWN: ReadonlySet<string> = new Set<EsFieldType>([
  'keyword', 'text', 'match_only_text', 'wildcard', 'constant_keyword', 'ip', 'date', 'date_nanos', 'long',
  'integer', 'short', 'byte', 'unsigned_long', 'double', 'float', 'half_float', 'scaled_float', 'boolean',
  'version', 'geo_point', 'flattened', 'nested',
]);
const OBJECT_TYPES = new Set(['object', 'nested']);
const ACCEPTED_TYPES = new Set([...KNOWN, 'object', 'alias', 'geo_shape', 'binary', 'integer_range', 'long_range',
  'float_range', 'double_range', 'date_range', 'ip_range', 'token_count', 'search_as_you_type', 'completion',
  'dense_vector', 'sparse_vector', 'rank_feature', 'rank_features', 'semantic_text', 'histogram', 'point', 'shape',
  'aggregate_metric_double', 'counted_keyword', 'passthrough', 'percolator', 'join']);
const ROOT_PARAMS = new Set(['properties', 'dynamic', 'date_detection', 'numeric_detection', 'dynamic_date_formats',
  'dynamic_templates', '_source', '_meta', '_routing', 'runtime', 'subobjects', 'enabled', '_data_stream_timestamp']);

function isObjectNode(n: MappingNode): boolean {
  return n.type === undefined ? n.properties !== undefined || !('fields' in n) : OBJECT_TYPES.has(n.type);
}

/** Normalises user mappings: dotted property names become nested objects; checks types. */
export function normalizeMappings(input: unknown): RootMapping {
  if (input === undefined || input === null) return { properties: {} };
  if (typeof input !== 'object' || Array.isArray(input)) throw mapperParsing('Failed to parse mapping: mappings must be an object');
  const raw = { ...(input as Record<string, unknown>) };
  // Typeless `{ "_doc": { "properties": ... } }` is rejected by ES 8+ too; only unwrap nothing.
  for (const key of Object.keys(raw)) {
    if (!ROOT_PARAMS.has(key)) {
      throw mapperParsing(`Root mapping definition has unsupported parameters:  [${key} : ${JSON.stringify(raw[key])}]`);
    }
  }
  const root: RootMapping = { ...(raw as MappingNode), properties: normalizeProperties(raw.properties, '') };
  return root;
}

function normalizeProperties(props: unknown, prefix: string): Record<string, MappingNode> {
  if (props === undefined || props === null) return {};
  if (typeof props !== 'object' || Array.isArray(props)) {
    throw mapperParsing(`Failed to parse mapping: [properties] must be an object${prefix ? ` in [${prefix}]` : ''}`);
  }
  const out: Record<string, MappingNode> = {};
  for (const [name, def] of Object.entries(props as Record<string, unknown>)) {
    if (!name || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
      throw mapperParsing(`Failed to parse mapping: field name cannot contain only whitespace or dots: ['${name}']`);
    }
    const node = normalizeNode(def, prefix ? `${prefix}.${name}` : name);
    const parts = name.split('.');
    let target = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const existing = getOwn(target, parts[i]);
      if (existing && !isObjectNode(existing)) {
        throw mapperParsing(`Failed to parse mapping: can't merge a non object mapping [${parts.slice(0, i + 1).join('.')}] with an object mapping`);
      }
      const obj = existing ?? { properties: {} };
      obj.properties = obj.properties ?? {};
      setOwn(target, parts[i], obj);
      target = obj.properties;
    }
    const last = parts[parts.length - 1];
    const prev = getOwn(target, last);
    if (prev && isObjectNode(prev) && isObjectNode(node)) {
      prev.properties = { ...(prev.properties ?? {}), ...(node.properties ?? {}) };
    } else {
      setOwn(target, last, node);
    }
  }
  return out;
}

function normalizeNode(def: unknown, path: string): MappingNode {
  if (!def || typeof def !== 'object' || Array.isArray(def)) {
    throw mapperParsing(`Failed to parse mapping: Expected map for property [fields] on field [${path}] but got a class java.lang.String`);
  }
  const node = { ...(def as MappingNode) };
  if (node.type !== undefined) {
    if (typeof node.type !== 'string' || !ACCEPTED_TYPES.has(node.type)) {
      throw mapperParsing(`Failed to parse mapping: No handler for type [${String(node.type)}] declared on field [${path}]`);
    }
  }
  if (node.properties !== undefined || node.type === undefined || OBJECT_TYPES.has(node.type ?? '')) {
    if (node.type !== undefined && !OBJECT_TYPES.has(node.type)) {
      throw mapperParsing(`Failed to parse mapping: unknown parameter [properties] on mapper [${path}] of type [${node.type}]`);
    }
    node.properties = normalizeProperties(node.properties, path);
  }
  if (node.fields !== undefined) {
    if (typeof node.fields !== 'object' || node.fields === null) throw mapperParsing(`Failed to parse mapping: [fields] must be an object on field [${path}]`);
    const fields: Record<string, MappingNode> = {};
    for (const [sub, subDef] of Object.entries(node.fields)) setOwn(fields, sub, normalizeNode(subDef, `${path}.${sub}`));
    node.fields = fields;
  }
  if (node.type === 'constant_keyword' && node.value !== undefined && node.value !== null) {
    // ConstantKeywordFieldMapper.Builder: `value` is a number or a string, kept as its string form.
    if (typeof node.value !== 'string' && typeof node.value !== 'number') {
      throw mapperParsing(`Failed to parse mapping: Property [value] on field [${path}] must be a number or a string, but got [${preview(node.value)}]`);
    }
    node.value = String(node.value);
  }
  return node;
}

/** A constant_keyword mapping's value (null until set by the mapping or by the first document). */
export function constantValue(node: MappingNode | undefined): string | null {
  return node && node.type === 'constant_keyword' && typeof node.value === 'string' ? node.value : null;
}

/** Leaf type for ES|QL: known ES types pass through, everything else is `unsupported`. */
function leafType(t: string): EsFieldType {
  return KNOWN.has(t) ? (t as EsFieldType) : 'unsupported';
}

/** Flattened dotted leaf paths (incl. multi-fields) -> type. Aliases resolve to their target's type. */
export function flattenMappings(root: RootMapping): Map<string, EsFieldType> {
  const out = new Map<string, EsFieldType>();
  const aliases: Array<[string, string]> = [];
  const walk = (props: Record<string, MappingNode>, prefix: string) => {
    for (const [name, node] of Object.entries(props)) {
      const path = prefix + name;
      if (node.type === 'nested') {
        out.set(path, 'nested');
      } else if (isObjectNode(node)) {
        walk(node.properties ?? {}, path + '.');
      } else if (node.type === 'alias') {
        aliases.push([path, String(node.path ?? '')]);
      } else {
        out.set(path, leafType(node.type!));
        for (const [sub, subNode] of Object.entries(node.fields ?? {})) out.set(`${path}.${sub}`, leafType(subNode.type ?? 'object'));
      }
    }
  };
  walk(root.properties, '');
  for (const [path, target] of aliases) out.set(path, out.get(target) ?? 'unsupported');
  return out;
}

/** Mapping type of a leaf path (for value interpretation, e.g. a date `format`). */
export function findLeaf(root: RootMapping, path: string): MappingNode | undefined {
  const parts = path.split('.');
  let props: Record<string, MappingNode> | undefined = root.properties;
  for (let i = 0; i < parts.length && props; i++) {
    const node: MappingNode | undefined = getOwn(props, parts[i]);
    if (!node) return undefined;
    if (i === parts.length - 1) return node;
    if (isObjectNode(node)) props = node.properties;
    else if (i === parts.length - 2 && getOwn(node.fields, parts[i + 1])) return getOwn(node.fields, parts[i + 1]);
    else return undefined;
  }
  return undefined;
}

type Dynamic = 'true' | 'false' | 'strict' | 'runtime';
function dyn(v: unknown, inherited: Dynamic): Dynamic {
  if (v === undefined || v === null) return inherited;
  const s = String(v);
  return s === 'true' || s === 'false' || s === 'strict' || s === 'runtime' ? s : inherited;
}

function preview(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'bigint' ? String(v) : JSON.stringify(v);
}

function fieldError(pathOf: { parentParts: string[]; name: string }, type: string, id: string, value: unknown, causeType: string, causeReason: string): EsError {
  return new EsError(
    400,
    'document_parsing_exception',
    `failed to parse field [${pathOf.parentParts.length ? `${pathOf.parentParts.join('.')}.${pathOf.name}` : pathOf.name}] of type [${type}] in document with id '${id}'. Preview of field's value: '${preview(value)}'`,
    { caused_by: { type: causeType, reason: causeReason } }
  );
}

const BIG_RANGES: Record<string, [bigint, bigint]> = {
  byte: [-128n, 127n],
  short: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  long: [-9223372036854775808n, 9223372036854775807n],
  unsigned_long: [0n, 18446744073709551615n],
};

/** Thrown by validateLeaf when a rounded integer needs the document's exact parse (mapDocument retries). */
const NEED_EXACT = new Error('exact parse needed');
let exactAvailable = false;

const INT_RANGES: Record<string, [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  long: [Number.MIN_SAFE_INTEGER * 1024, Number.MAX_SAFE_INTEGER * 1024],
  unsigned_long: [0, 18446744073709551615],
};

export function isValidIp(s: string): boolean {
  if (s.includes(':')) return ipaddr.IPv6.isValid(s);
  return ipaddr.IPv4.isValidFourPartDecimal(s);
}

/** Lucene's longest indexed term (IndexWriter.MAX_TERM_LENGTH), in UTF-8 bytes. */
const MAX_TERM_BYTES = 32766;

/**
 * A keyword value is one term: longer than MAX_TERM_BYTES, Lucene refuses the whole document ("immense term"),
 * unless `ignore_above` (in characters) makes the mapper skip indexing it.
 */
function checkKeywordTermLength(node: MappingNode, pathOf: { parentParts: string[]; name: string }, value: unknown): void {
  const s = String(value);
  if (typeof node.ignore_above === 'number' && s.length > node.ignore_above) return;
  const bytes = Buffer.byteLength(s, 'utf8');
  if (bytes <= MAX_TERM_BYTES) return;
  const field = [...pathOf.parentParts, pathOf.name].join('.');
  const prefix = [...Buffer.from(s, 'utf8').subarray(0, 30)].join(', ');
  throw new EsError(
    400,
    'illegal_argument_exception',
    `Document contains at least one immense term in field="${field}" (whose UTF8 encoding is longer than the max length ${MAX_TERM_BYTES}), all of which were skipped.  Please correct the analyzer to not produce such terms.  The prefix of the first immense term is: '[${prefix}]...', original message: bytes can be at most ${MAX_TERM_BYTES} in length; got ${bytes}`,
    { caused_by: { type: 'max_bytes_length_exceeded_exception', reason: `max_bytes_length_exceeded_exception: bytes can be at most ${MAX_TERM_BYTES} in length; got ${bytes}` } }
  );
}

/** Validates one scalar value for a leaf mapping the way Elasticsearch's field mappers parse it. */
function validateLeaf(node: MappingNode, parentParts: string[], name: string, value: unknown, id: string): void {
  const pathOf = { parentParts, name };
  const type = node.type ?? 'object';
  if (value === null || value === undefined) return;
  if (node.ignore_malformed === true) return;
  const isObj = typeof value === 'object';
  switch (type) {
    case 'keyword':
    case 'constant_keyword':
    case 'wildcard':
    case 'text':
    case 'match_only_text':
    case 'version':
      if (isObj) throw fieldError(pathOf, type, id, value, 'illegal_state_exception', `Can't get text on a START_OBJECT`);
      if (type === 'keyword') checkKeywordTermLength(node, pathOf, value);
      return;
    case 'ip':
      if (typeof value !== 'string' || !isValidIp(value)) {
        throw fieldError(pathOf, type, id, value, 'illegal_argument_exception', `'${preview(value)}' is not an IP string literal.`);
      }
      return;
    case 'date':
    case 'date_nanos': {
      // DateFieldMapper: date_nanos defaults to strict_date_optional_time_nanos||epoch_millis.
      const format = typeof node.format === 'string' ? node.format : type === 'date_nanos' ? 'strict_date_optional_time_nanos||epoch_millis' : DEFAULT_DATE_FORMAT;
      if (parseDate(value, format) === null) {
        throw fieldError(pathOf, type, id, value, 'illegal_argument_exception',
          `failed to parse date field [${preview(value)}] with format [${format}]`);
      }
      if (type === 'date_nanos') {
        // DateFieldMapper (Resolution.NANOSECONDS) -> DateUtils.toLong: only 1970-01-01 .. 2262-04-11T23:47:16.854775807Z.
        const ns = typeof value === 'string' ? parseNanosWith(value, (t) => parseDate(t, format)) : parseNanos(parseDate(value, format));
        const why = ns === null ? null : nanosRangeError(ns);
        if (why) throw fieldError(pathOf, type, id, value, 'illegal_argument_exception', why);
      }
      return;
    }
    case 'long':
    case 'integer':
    case 'short':
    case 'byte':
    case 'unsigned_long': {
      if (typeof value === 'bigint') {
        // Exact digits (parseJsonExact): NumberFieldMapper's range check on the exact value.
        const [lo, hi] = BIG_RANGES[type];
        if (value < lo || value > hi) {
          throw fieldError(pathOf, type, id, value, 'illegal_argument_exception', `Value [${value}] is out of range for ${type === 'integer' ? 'an integer' : `a ${type}`}`);
        }
        return;
      }
      // JSON.parse rounded this integer: decide on the exact text when the caller has it.
      if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value) && exactAvailable) throw NEED_EXACT;
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (typeof value === 'boolean' || isObj || !Number.isFinite(n)) {
        throw fieldError(pathOf, type, id, value, 'number_format_exception', `For input string: "${preview(value)}"`);
      }
      if (node.coerce === false && (typeof value === 'string' || !Number.isInteger(n))) {
        throw fieldError(pathOf, type, id, value, 'illegal_argument_exception', `Value [${preview(value)}] has a decimal part`);
      }
      const [lo, hi] = INT_RANGES[type];
      if (Math.trunc(n) < lo || Math.trunc(n) > hi) {
        throw fieldError(pathOf, type, id, value, 'illegal_argument_exception', `Value [${preview(value)}] is out of range for ${type === 'integer' ? 'an integer' : `a ${type}`}`);
      }
      return;
    }
    case 'double':
    case 'float':
    case 'half_float':
    case 'scaled_float': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (typeof value === 'boolean' || isObj || !Number.isFinite(n)) {
        throw fieldError(pathOf, type, id, value, 'number_format_exception', `For input string: "${preview(value)}"`);
      }
      return;
    }
    case 'boolean':
      if (value === true || value === false || value === 'true' || value === 'false' || value === '') return;
      throw fieldError(pathOf, type, id, value, 'illegal_argument_exception',
        `Failed to parse value [${preview(value)}] as only [true] or [false] are allowed.`);
    default:
      return; // geo_point, flattened, ranges, ...: accepted as-is
  }
}

function inferType(value: unknown, root: RootMapping): MappingNode | null {
  if (typeof value === 'boolean') return { type: 'boolean' };
  // An exact integer beyond 2^53 (parseJsonExact) is a long while it fits one.
  if (typeof value === 'bigint') return value >= -9223372036854775808n && value <= 9223372036854775807n ? { type: 'long' } : { type: 'float' };
  if (typeof value === 'number') return Number.isInteger(value) && !String(value).includes('.') ? { type: 'long' } : { type: 'float' };
  if (typeof value === 'string') {
    if (root.date_detection !== false) {
      const formats = Array.isArray(root.dynamic_date_formats) ? (root.dynamic_date_formats as string[]) : null;
      if (formats) {
        const f = formats.find((fmt) => parseDate(value, fmt) !== null);
        if (f) return { type: 'date', format: f };
      } else if (looksLikeDate(value)) {
        // ES records the matching dynamic format; the ISO one is the date type's default.
        return parseDate(value, 'strict_date_optional_time') !== null
          ? { type: 'date' }
          : { type: 'date', format: 'yyyy/MM/dd HH:mm:ss||yyyy/MM/dd||epoch_millis' };
      }
    }
    if (root.numeric_detection === true && value.trim() !== '' && Number.isFinite(Number(value))) {
      return /^-?\d+$/.test(value.trim()) ? { type: 'long' } : { type: 'float' };
    }
    return { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } };
  }
  return null;
}

/**
 * Validates a document against `root` and applies ES dynamic mapping in place on a copy.
 * Returns the new root mapping when the document introduced fields, `null` when the mapping is unchanged.
 * Throws document_parsing_exception / strict_dynamic_mapping_exception like Elasticsearch.
 */
export function mapDocument(root: RootMapping, doc: Record<string, unknown>, id: string, exact?: () => Record<string, unknown>): RootMapping | null {
  const m = new DocMapper(root, id);
  exactAvailable = exact !== undefined;
  try {
    m.visitObject([], doc, root.properties, dyn(root.dynamic, 'true'));
  } catch (e) {
    if (e !== NEED_EXACT) throw e;
    // A long beyond 2^53: validate the document as parsed with exact integers (store/exact_json.ts).
    exactAvailable = false;
    const again = new DocMapper(root, id);
    again.visitObject([], exact!(), root.properties, dyn(root.dynamic, 'true'));
    return again.working;
  } finally {
    exactAvailable = false;
  }
  return m.working;
}

// A class rather than closures: this runs per document on the bulk path, so no per-call function objects.
class DocMapper {
  working: RootMapping | null = null;
  constructor(private readonly root: RootMapping, private readonly id: string) {}

  private mutableRoot(): RootMapping {
    if (!this.working) this.working = structuredClone(this.root);
    return this.working;
  }

  /** The properties container at `pathParts` in the working copy (cloning the root on first use). */
  private containerFor(pathParts: string[]): Record<string, MappingNode> {
    let props = this.mutableRoot().properties;
    for (const p of pathParts) {
      const node = getOwn(props, p)!;
      node.properties = node.properties ?? {};
      props = node.properties;
    }
    return props;
  }

  private current(parts: string[], props: Record<string, MappingNode>): Record<string, MappingNode> {
    return this.working ? this.containerFor(parts) : props;
  }

  visitValue(parentParts: string[], name: string, value: unknown, props: Record<string, MappingNode>, dynamic: Dynamic): void {
    if (value === null || value === undefined) {
      const n = value === null ? getOwn(props, name) : undefined;
      if (n?.type === 'constant_keyword') this.constantKeyword(n, parentParts, name, null);
      return;
    }
    if (Array.isArray(value)) {
      const node = getOwn(props, name) ?? (this.working ? getOwn(this.containerFor(parentParts), name) : undefined);
      if (node && !isObjectNode(node) && (node.type === 'geo_point' || node.type === 'flattened')) return;
      for (const v of value) this.visitValue(parentParts, name, v, this.current(parentParts, props), dynamic);
      return;
    }
    let node: MappingNode | undefined = getOwn(props, name);
    if (!node) {
      if (dynamic === 'false' || dynamic === 'runtime') return;
      if (dynamic === 'strict') {
        throw new EsError(400, 'strict_dynamic_mapping_exception',
          `mapping set to strict, dynamic introduction of [${name}] within [${parentParts.length ? parentParts.join('.') : '_doc'}] is not allowed`);
      }
      const inferred = typeof value === 'object' ? { properties: {} } : inferType(value, this.working ?? this.root);
      if (!inferred) return;
      const container = this.containerFor(parentParts);
      setOwn(container, name, inferred);
      node = inferred;
    }
    if (typeof value === 'object' && isObjectNode(node)) {
      if (node.type === 'nested' || node.enabled === false) return;
      this.visitObject([...parentParts, name], value as Record<string, unknown>, node.properties ?? {}, dyn(node.dynamic, dynamic));
      return;
    }
    if (isObjectNode(node)) {
      if (node.enabled === false) return;
      const path = parentParts.length ? `${parentParts.join('.')}.${name}` : name;
      throw new EsError(400, 'document_parsing_exception',
        `object mapping for [${path}] tried to parse field [${name}] as object, but found a concrete value`);
    }
    if (node.type === 'constant_keyword') this.constantKeyword(node, parentParts, name, value);
    else validateLeaf(node, parentParts, name, value, this.id);
  }

  /**
   * ConstantKeywordFieldMapper.parseCreateField: null is refused; the first value sets the mapping's `value` (a
   * dynamic mapping update); any other value than the mapping's is refused. FieldMapper.parse wraps the
   * IllegalArgumentException into the usual document_parsing_exception.
   */
  private constantKeyword(node: MappingNode, parentParts: string[], name: string, value: unknown): void {
    const pathOf = { parentParts, name };
    const full = [...parentParts, name].join('.');
    if (value !== null && typeof value === 'object') {
      throw fieldError(pathOf, 'constant_keyword', this.id, value, 'illegal_state_exception', `Can't get text on a START_OBJECT`);
    }
    if (value === null) {
      throw fieldError(pathOf, 'constant_keyword', this.id, 'null', 'illegal_argument_exception', `[constant_keyword] field [${full}] doesn't accept [null] values`);
    }
    const text = String(value);
    const current = this.working ? getOwn(this.containerFor(parentParts), name) : node;
    const mapped = constantValue(current);
    if (mapped === null) {
      getOwn(this.containerFor(parentParts), name)!.value = text;
    } else if (mapped !== text) {
      throw fieldError(pathOf, 'constant_keyword', this.id, value, 'illegal_argument_exception',
        `[constant_keyword] field [${full}] only accepts values that are equal to the value defined in the mappings [${mapped}], but got [${text}]`);
    }
  }

  visitObject(parts: string[], obj: Record<string, unknown>, props: Record<string, MappingNode>, dynamic: Dynamic): void {
    for (const key in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
      const value = obj[key];
      if (key === '' || key.charCodeAt(0) === 46 || key.endsWith('.') || key.includes('..')) {
        throw new EsError(400, 'document_parsing_exception', `field name cannot contain only whitespace or dots: ['${key}']`);
      }
      if (parts.length === 0 && key.charCodeAt(0) === 95 && META_FIELDS.has(key)) {
        throw new EsError(400, 'document_parsing_exception',
          `[1:2] Field [${key}] is a metadata field and cannot be added inside a document. Use the index API request parameters.`);
      }
      if (key.includes('.')) {
        // `{"a.b": v}` is `{a: {b: v}}`: route through intermediate objects.
        const segs = key.split('.');
        const nested: Record<string, unknown> = {};
        let cur = nested;
        for (let i = 1; i < segs.length - 1; i++) {
          const next: Record<string, unknown> = {};
          setOwn(cur, segs[i], next);
          cur = next;
        }
        setOwn(cur, segs[segs.length - 1], value);
        this.visitValue(parts, segs[0], nested, this.current(parts, props), dynamic);
      } else {
        this.visitValue(parts, key, value, this.current(parts, props), dynamic);
      }
    }
  }
}

const META_FIELDS = new Set(['_id', '_index', '_source', '_version', '_seq_no', '_primary_term', '_routing', '_ignored',
  '_field_names', '_tier', '_data_stream_timestamp', '_doc_count', '_feature', '_nested_path', '_ts_routing_hash']);
