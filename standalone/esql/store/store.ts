// The document store: indices (in memory, optionally persisted under a data directory), writes, and the
// ES|QL Catalog. Refresh semantics: every acknowledged write is visible immediately (as if refresh=true), so
// `_refresh` is a no-op. Persistence: each index has `index.json` (written atomically) and an append-only,
// checksummed `docs.log`; a write is fsync'ed before it is acknowledged.
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { Catalog, EsError, IndexView, StoredDoc } from '../types';
import { EsIndex, IndexMeta, LogRecord } from './es_index';
import { fsyncDir, RecordLog, writeFileDurable } from './log';
import { mapDocument, normalizeMappings, RootMapping } from './mapping';
import { parseJsonExact, stringifyExact } from './exact_json';
import { getOwn, setOwn } from '../own_props';
import { compileWildcard } from '../pattern/wildcard';
import { illegalArgument, indexAlreadyExists, indexNotFound, unknownIndex, validateIndexName } from './errors';

export interface CreateIndexBody {
  mappings?: unknown;
  settings?: unknown;
  aliases?: unknown;
}

export type BulkAction = 'index' | 'create' | 'delete' | 'update';
export interface BulkOp {
  action: BulkAction;
  index: string;
  id?: string;
  source?: unknown;
  /** index/create: `source` as JSON text exactly as sent (a _bulk line); kept as the stored _source. */
  sourceText?: string;
  /** update: `{doc, doc_as_upsert, upsert}` */
  update?: { doc?: unknown; doc_as_upsert?: boolean; upsert?: unknown };
}

export interface BulkItemResult {
  action: BulkAction;
  index: string;
  id: string;
  status: number;
  result?: 'created' | 'updated' | 'deleted' | 'not_found' | 'noop';
  version?: number;
  seqNo?: number;
  error?: EsError;
}

export interface ResolveOptions {
  ignoreUnavailable?: boolean;
  allowNoIndices?: boolean;
  /** Treat `.`-prefixed / hidden indices as matchable by any wildcard. */
  expandHidden?: boolean;
}

/** MetadataCreateIndexService.validateIndexOrAliasName's leading-character rule, for aliases (also keeps
 * `__proto__` out of the alias maps). */
function validateAliasName(alias: string): void {
  if (/^[-_+]/.test(alias)) throw new EsError(400, 'invalid_alias_name_exception', `Invalid alias name [${alias}]: must not start with '_', '-', or '+'`);
}

/** Index/alias name patterns (`*` only, as Regex.simpleMatch), matched in linear time. */
function wildcardRegex(pattern: string): { test(s: string): boolean } {
  return { test: compileWildcard(pattern) };
}

function settingHidden(settings: unknown): boolean {
  if (!settings || typeof settings !== 'object') return false;
  const s = settings as Record<string, any>;
  const v = s['index.hidden'] ?? s.index?.hidden ?? s.hidden;
  return v === true || v === 'true';
}

// Time-based ids like ES's (timestamp + sequence + per-process random), 20 base64url chars; no syscall per id.
const ID_NODE = crypto.randomBytes(6);
let idSeq = crypto.randomBytes(3).readUIntBE(0, 3);
const idBuf = Buffer.alloc(15);
function autoId(): string {
  idSeq = (idSeq + 1) & 0xffffff;
  idBuf.writeUIntBE(Date.now(), 0, 6);
  idBuf.writeUIntBE(idSeq, 6, 3);
  ID_NODE.copy(idBuf, 9);
  return idBuf.toString('base64url');
}

export class Store implements Catalog {
  private indices = new Map<string, EsIndex>();
  private lockFile: string | null = null;

  private constructor(readonly dataDir: string | null) {}

  /** Opens a store; `dataDir` omitted = in-memory only. Recovers every index and truncates torn log tails. */
  static open(dataDir?: string): Store {
    const store = new Store(dataDir ? path.resolve(dataDir) : null);
    if (store.dataDir) store.load();
    return store;
  }

  private get indicesDir(): string {
    return path.join(this.dataDir!, 'indices');
  }

  private load(): void {
    fs.mkdirSync(this.indicesDir, { recursive: true });
    this.acquireLock();
    for (const entry of fs.readdirSync(this.indicesDir)) {
      const dir = path.join(this.indicesDir, entry);
      if (entry.endsWith('.creating') || entry.endsWith('.deleting')) {
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
      const metaFile = path.join(dir, 'index.json');
      if (!fs.existsSync(metaFile)) continue;
      const { meta, mappings } = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as { meta: IndexMeta; mappings: RootMapping };
      const idx = new EsIndex(meta, mappings);
      const { log, records } = RecordLog.open(path.join(dir, 'docs.log'));
      for (const r of records) {
        const text = r.toString('utf8');
        const rec = JSON.parse(text) as LogRecord;
        // `s` is written last (docRecord): its text as stored keeps the exact digits of longs beyond 2^53.
        const at = rec.t === 'i' ? text.indexOf(',"s":') : -1;
        idx.apply(rec, at > 0 && text.endsWith('}') ? text.slice(at + 5, -1) : undefined);
      }
      idx.log = log;
      if (records.length > 1000 && records.length > 2 * (idx.docCount + 1)) this.compact(idx);
      this.indices.set(meta.name, idx);
    }
  }

  private acquireLock(): void {
    const file = path.join(this.dataDir!, 'node.lock');
    try {
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid) {
        let alive = false;
        try {
          process.kill(pid, 0);
          alive = true;
        } catch {
          alive = false;
        }
        if (alive) throw new Error(`data directory ${this.dataDir} is locked by running process ${pid}`);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    fs.writeFileSync(file, String(process.pid));
    this.lockFile = file;
  }

  /** Rewrites an index log with only its live state. */
  private compact(idx: EsIndex): void {
    const recs: Buffer[] = [Buffer.from(JSON.stringify({ t: 'm', m: idx.root } satisfies LogRecord))];
    for (const d of idx.liveEntries()) recs.push(docRecord(d.id, d.version, 0, d.json));
    idx.log!.rewrite(recs);
  }

  close(): void {
    for (const idx of this.indices.values()) idx.log?.close();
    if (this.lockFile) {
      try {
        fs.unlinkSync(this.lockFile);
      } catch {
        // already gone
      }
      this.lockFile = null;
    }
  }

  // ---- indices -------------------------------------------------------------------------------------------------

  listIndices(): EsIndex[] {
    return [...this.indices.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  getIndex(name: string): EsIndex | undefined {
    return this.indices.get(name);
  }

  requireIndex(name: string): EsIndex {
    const idx = this.indices.get(name);
    if (!idx) throw indexNotFound(name);
    return idx;
  }

  createIndex(name: string, body: CreateIndexBody = {}): EsIndex {
    validateIndexName(name);
    const existing = this.indices.get(name);
    if (existing) throw indexAlreadyExists(name, existing.meta.uuid);
    if (this.aliasTargets(name).length) throw new EsError(400, 'invalid_index_name_exception', `Invalid index name [${name}], already exists as alias`, { index_uuid: '_na_', index: name });
    const mappings = normalizeMappings(body.mappings);
    const aliases: IndexMeta['aliases'] = {};
    if (body.aliases !== undefined) {
      if (!body.aliases || typeof body.aliases !== 'object') throw illegalArgument('[aliases] must be an object');
      for (const [alias, def] of Object.entries(body.aliases as Record<string, unknown>)) {
        if (this.indices.has(alias)) throw new EsError(400, 'invalid_alias_name_exception', `Invalid alias name [${alias}]: an index or data stream exists with the same name as the alias`);
        const d = (def ?? {}) as Record<string, unknown>;
        validateAliasName(alias);
        setOwn(aliases, alias, d.is_write_index === true ? { is_write_index: true } : {});
      }
    }
    const meta: IndexMeta = {
      name,
      uuid: crypto.randomBytes(16).toString('base64url').slice(0, 22),
      creation_date: Date.now(),
      settings: (body.settings && typeof body.settings === 'object' ? body.settings : {}) as Record<string, unknown>,
      aliases,
      hidden: settingHidden(body.settings),
    };
    const idx = new EsIndex(meta, mappings);
    if (this.dataDir) {
      const tmp = path.join(this.indicesDir, `${meta.uuid}.creating`);
      fs.mkdirSync(tmp, { recursive: true });
      writeFileDurable(path.join(tmp, 'index.json'), JSON.stringify({ meta, mappings }));
      const dir = path.join(this.indicesDir, meta.uuid);
      fs.renameSync(tmp, dir);
      fsyncDir(this.indicesDir);
      idx.log = RecordLog.open(path.join(dir, 'docs.log')).log;
    }
    this.indices.set(name, idx);
    return idx;
  }

  private persistMeta(idx: EsIndex): void {
    if (!this.dataDir) return;
    // Mapping changes go to the log; index.json keeps the creation mapping and current aliases.
    const file = path.join(this.indicesDir, idx.meta.uuid, 'index.json');
    const { mappings } = JSON.parse(fs.readFileSync(file, 'utf8')) as { mappings: RootMapping };
    writeFileDurable(file, JSON.stringify({ meta: idx.meta, mappings }));
  }

  deleteIndex(name: string): void {
    const idx = this.requireIndex(name);
    this.indices.delete(name);
    if (this.dataDir) {
      idx.log?.close();
      const dir = path.join(this.indicesDir, idx.meta.uuid);
      const doomed = `${dir}.deleting`;
      fs.renameSync(dir, doomed);
      fsyncDir(this.indicesDir);
      fs.rmSync(doomed, { recursive: true, force: true });
    }
  }

  /** Adds properties to an index mapping (PUT /{index}/_mapping). */
  putMapping(idx: EsIndex, body: unknown): void {
    const incoming = normalizeMappings(body);
    const merged: RootMapping = structuredClone(idx.root);
    mergeProps(merged.properties, incoming.properties, '');
    for (const [k, v] of Object.entries(incoming)) if (k !== 'properties') setOwn(merged as Record<string, unknown>, k, v);
    idx.setMapping(merged);
    idx.log?.append([Buffer.from(JSON.stringify({ t: 'm', m: merged } satisfies LogRecord))]);
  }

  putAlias(idx: EsIndex, alias: string, isWriteIndex?: boolean): void {
    if (this.indices.has(alias)) throw new EsError(400, 'invalid_alias_name_exception', `Invalid alias name [${alias}]: an index or data stream exists with the same name as the alias`);
    validateAliasName(alias);
    setOwn(idx.meta.aliases, alias, isWriteIndex ? { is_write_index: true } : {});
    this.persistMeta(idx);
  }

  removeAlias(idx: EsIndex, alias: string): boolean {
    if (!Object.prototype.hasOwnProperty.call(idx.meta.aliases, alias)) return false;
    delete idx.meta.aliases[alias];
    this.persistMeta(idx);
    return true;
  }

  aliasTargets(alias: string): EsIndex[] {
    return this.listIndices().filter((i) => Object.prototype.hasOwnProperty.call(i.meta.aliases, alias));
  }

  allAliases(): string[] {
    const s = new Set<string>();
    for (const i of this.indices.values()) for (const a of Object.keys(i.meta.aliases)) s.add(a);
    return [...s];
  }

  private isHidden(name: string, idx?: EsIndex): boolean {
    return name.startsWith('.') || (idx?.meta.hidden ?? false);
  }

  /**
   * Index expression resolution for REST APIs (`a,b*,-c`, `_all`, aliases). Missing concrete names are
   * index_not_found_exception unless ignoreUnavailable; nothing matched is an error only if !allowNoIndices.
   */
  resolveExpression(expr: string | string[] | undefined, opts: ResolveOptions = {}): EsIndex[] {
    const parts = (Array.isArray(expr) ? expr : (expr ?? '').split(',')).map((p) => p.trim()).filter(Boolean);
    const all = parts.length === 0 || (parts.length === 1 && parts[0] === '_all');
    const out = new Map<string, EsIndex>();
    const patterns = all ? ['*'] : parts;
    for (let i = 0; i < patterns.length; i++) {
      const p = patterns[i];
      if (p.startsWith('-') && i > 0) {
        const re = wildcardRegex(p.slice(1));
        for (const name of [...out.keys()]) if (re.test(name)) out.delete(name);
        continue;
      }
      if (p.includes('*')) {
        const re = wildcardRegex(p);
        const hiddenOk = opts.expandHidden || p.startsWith('.');
        for (const idx of this.indices.values()) {
          if (!hiddenOk && this.isHidden(idx.name, idx)) continue;
          if (re.test(idx.name)) out.set(idx.name, idx);
        }
        for (const alias of this.allAliases()) {
          if (!hiddenOk && alias.startsWith('.')) continue;
          if (re.test(alias)) for (const idx of this.aliasTargets(alias)) out.set(idx.name, idx);
        }
        continue;
      }
      const idx = this.indices.get(p);
      if (idx) {
        out.set(p, idx);
        continue;
      }
      const targets = this.aliasTargets(p);
      if (targets.length) {
        for (const t of targets) out.set(t.name, t);
        continue;
      }
      if (!opts.ignoreUnavailable) throw indexNotFound(p);
    }
    if (out.size === 0 && opts.allowNoIndices === false) throw indexNotFound(parts.join(',') || '_all');
    return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Catalog for the ES|QL executor. */
  resolve(patterns: string[]): IndexView[] {
    const flat = patterns.flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
    if (flat.length === 0) throw unknownIndex(patterns.join(','));
    for (const p of flat) {
      if (p.includes(':')) {
        throw new EsError(400, 'verification_exception', `Unknown index [${p}]`);
      }
      if (!p.includes('*') && !p.startsWith('-') && !this.indices.has(p) && this.aliasTargets(p).length === 0) {
        throw unknownIndex(p);
      }
    }
    const found = this.resolveExpression(flat, { ignoreUnavailable: true, allowNoIndices: true });
    if (found.length === 0) throw unknownIndex(flat.join(','));
    return found.map((i) => i.view());
  }

  // ---- documents -----------------------------------------------------------------------------------------------

  /** Index to write to for a name that may be an alias; auto-creates missing indices like ES. */
  private writeTarget(name: string): EsIndex {
    const idx = this.indices.get(name);
    if (idx) return idx;
    const targets = this.aliasTargets(name);
    if (targets.length === 1) return targets[0];
    if (targets.length > 1) {
      const w = targets.find((t) => getOwn(t.meta.aliases, name)?.is_write_index);
      if (w) return w;
      throw illegalArgument(`no write index is defined for alias [${name}]. The write index may be explicitly disabled using is_write_index=false or the alias points to multiple indices without one being designated as a write index`);
    }
    return this.createIndex(name);
  }

  /** Runs bulk operations in order; each durable (fsync) before this returns. */
  bulk(ops: BulkOp[]): BulkItemResult[] {
    const results: BulkItemResult[] = [];
    const pending = new Map<EsIndex, Buffer[]>();
    const record = (idx: EsIndex, r: LogRecord | Buffer) => {
      if (!idx.log) return;
      let list = pending.get(idx);
      if (!list) pending.set(idx, (list = []));
      list.push(Buffer.isBuffer(r) ? r : Buffer.from(JSON.stringify(r)));
    };
    for (const op of ops) {
      const base = { action: op.action, index: op.index, id: op.id ?? '' };
      try {
        const idx = op.action === 'delete' || op.action === 'update' ? this.existingTarget(op.index) : this.writeTarget(op.index);
        base.index = idx.name;
        results.push(this.applyOp(idx, op, base, record));
      } catch (e) {
        if (!(e instanceof EsError)) throw e;
        results.push({ ...base, status: e.status, error: e });
      }
    }
    for (const [idx, bufs] of pending) idx.log!.append(bufs);
    return results;
  }

  /** delete/update never auto-create (ES: index_not_found_exception per item). */
  private existingTarget(name: string): EsIndex {
    if (!this.indices.has(name) && this.aliasTargets(name).length === 0) throw indexNotFound(name);
    return this.writeTarget(name);
  }

  private applyOp(
    idx: EsIndex,
    op: BulkOp,
    base: { action: BulkAction; index: string; id: string },
    record: (idx: EsIndex, r: LogRecord | Buffer) => void
  ): BulkItemResult {
    if (op.action === 'delete') {
      const id = op.id ?? '';
      const exists = idx.get(id) !== undefined;
      const v = exists ? idx.nextVersion(id) : Math.max(1, idx.nextVersion(id));
      const q = idx.seqNo;
      if (!exists) {
        idx.seqNo++;
        return { ...base, status: 404, result: 'not_found', version: v, seqNo: q };
      }
      idx.remove(id, v, q);
      record(idx, { t: 'd', id, v, q });
      return { ...base, status: 200, result: 'deleted', version: v, seqNo: q };
    }
    let source = op.source;
    const id = op.id ?? autoId();
    base.id = id;
    if (op.action === 'update') {
      const cur = idx.get(id);
      const u = op.update ?? {};
      if (!cur) {
        if (u.doc_as_upsert && u.doc) source = u.doc;
        else if (u.upsert) source = u.upsert;
        else throw new EsError(404, 'document_missing_exception', `[${id}]: document missing`, { index_uuid: idx.meta.uuid, shard: '0', index: idx.name });
      } else {
        if (!u.doc || typeof u.doc !== 'object') throw new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: script or doc is missing;');
        const merged = deepMerge(structuredClone(cur.source), u.doc as Record<string, unknown>);
        if (stringifyExact(merged) === stringifyExact(cur.source)) {
          return { ...base, status: 200, result: 'noop', version: cur._version, seqNo: idx.seqNo - 1 };
        }
        source = merged;
      }
    }
    if (!source || typeof source !== 'object' || Array.isArray(source)) {
      throw new EsError(400, 'document_parsing_exception', `[1:1] failed to parse: source must be a JSON object`);
    }
    if (id === '' || Buffer.byteLength(id) > 512) {
      throw new EsError(400, 'illegal_argument_exception', id === '' ? 'if _id is specified it must not be empty' : `id [${id}] is too long, must be no longer than 512 bytes but was: ${Buffer.byteLength(id)}`);
    }
    if (op.action === 'create' && idx.get(id)) {
      const cur = idx.get(id)!;
      throw new EsError(409, 'version_conflict_engine_exception', `[${id}]: version conflict, document already exists (current version [${cur._version}])`, {
        index_uuid: idx.meta.uuid, shard: '0', index: idx.name,
      });
    }
    const text = op.action !== 'update' && op.sourceText !== undefined && source === op.source ? op.sourceText : undefined;
    const newMapping = mapDocument(idx.root, source as Record<string, unknown>, id, text === undefined ? undefined : () => parseJsonExact(text) as Record<string, unknown>);
    if (newMapping) {
      idx.setMapping(newMapping);
      record(idx, { t: 'm', m: newMapping });
    }
    const v = idx.nextVersion(id);
    const q = idx.seqNo;
    // The text as sent when there is one (what ES keeps as _source), else the serialised object.
    const json = op.action !== 'update' && op.sourceText !== undefined && source === op.source ? op.sourceText.trim() : stringifyExact(source);
    const result = idx.put(id, v, q, source as Record<string, unknown>, json);
    if (idx.log) record(idx, docRecord(id, v, q, json));
    return { ...base, status: result === 'created' ? 201 : 200, result, version: v, seqNo: q };
  }

  getDoc(indexName: string, id: string): { index: EsIndex; doc?: StoredDoc } {
    const idx = this.indices.get(indexName) ?? this.aliasTargets(indexName)[0];
    if (!idx) throw indexNotFound(indexName);
    return { index: idx, doc: idx.get(id) };
  }
}

/** The log record of an indexed document, byte-identical to JSON.stringify({t:'i', id, v, q, s}). */
function docRecord(id: string, v: number, q: number, json: string): Buffer {
  return Buffer.from(`{"t":"i","id":${JSON.stringify(id)},"v":${v},"q":${q},"s":${json}}`);
}

function mergeProps(target: Record<string, any>, incoming: Record<string, any>, prefix: string): void {
  for (const [k, v] of Object.entries(incoming)) {
    const cur = getOwn(target, k);
    if (!cur) setOwn(target, k, v);
    else if (cur.properties && v.properties) mergeProps(cur.properties, v.properties, `${prefix}${k}.`);
    else if (cur.type !== v.type) {
      throw new EsError(400, 'illegal_argument_exception', `mapper [${prefix}${k}] cannot be changed from type [${cur.type ?? 'object'}] to [${v.type ?? 'object'}]`);
    } else {
      // ConstantKeywordFieldMapper.Builder: `value` may go from unset to a value once, never change after.
      if (cur.type === 'constant_keyword' && typeof cur.value === 'string' && v.value !== cur.value) {
        throw new EsError(400, 'illegal_argument_exception', `Mapper for [${prefix}${k}] conflicts with existing mapper:\n\tCannot update parameter [value] from [${cur.value}] to [${v.value ?? null}]`);
      }
      setOwn(target, k, { ...cur, ...v });
    }
  }
}

function deepMerge(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(patch)) {
    const cur = getOwn(target, k);
    if (v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur)) {
      deepMerge(cur as Record<string, unknown>, v as Record<string, unknown>);
    } else setOwn(target, k, v);
  }
  return target;
}
