// One index: mapping, documents in index order, per-id versions, and (when persistent) its record log.
import { EsFieldType, IndexView, StoredDoc } from '../types';
import { flattenMappings, RootMapping } from './mapping';
import { RecordLog } from './log';

export interface IndexMeta {
  name: string;
  uuid: string;
  creation_date: number;
  settings: Record<string, unknown>;
  aliases: Record<string, { is_write_index?: boolean }>;
  hidden: boolean;
}

/** Log records (JSON payloads). */
export type LogRecord =
  | { t: 'm'; m: RootMapping }
  | { t: 'i'; id: string; v: number; q: number; s: Record<string, unknown> }
  | { t: 'd'; id: string; v: number; q: number };

export class EsIndex {
  root: RootMapping;
  private flat: Map<string, EsFieldType> | null = null;
  /** Live documents in index order. The array is shared with views and mutated in place by writes. */
  readonly docs: StoredDoc[] = [];
  private positions = new Map<string, number>();
  private positionsDirty = false;
  /** Last version of deleted ids, so a re-index continues the version sequence like ES. */
  private tombstones = new Map<string, number>();
  seqNo = 0;
  deletedCount = 0;
  log: RecordLog | null = null;

  constructor(public meta: IndexMeta, mappings: RootMapping) {
    this.root = mappings;
  }

  get name(): string {
    return this.meta.name;
  }

  get fields(): Map<string, EsFieldType> {
    if (!this.flat) this.flat = flattenMappings(this.root);
    return this.flat;
  }

  setMapping(root: RootMapping): void {
    this.root = root;
    this.flat = null;
  }

  view(): IndexView {
    return { name: this.meta.name, fields: this.fields, docs: this.docs };
  }

  private pos(id: string): number | undefined {
    if (this.positionsDirty) {
      this.positions.clear();
      for (let i = 0; i < this.docs.length; i++) this.positions.set(this.docs[i]._id, i);
      this.positionsDirty = false;
    }
    return this.positions.get(id);
  }

  get(id: string): StoredDoc | undefined {
    const p = this.pos(id);
    return p === undefined ? undefined : this.docs[p];
  }

  /** Version the next write of `id` gets. */
  nextVersion(id: string): number {
    const cur = this.get(id);
    if (cur) return cur._version + 1;
    return (this.tombstones.get(id) ?? 0) + 1;
  }

  put(id: string, version: number, seq: number, source: Record<string, unknown>): 'created' | 'updated' {
    const doc: StoredDoc = { _id: id, _index: this.meta.name, _version: version, source };
    this.seqNo = Math.max(this.seqNo, seq + 1);
    const p = this.pos(id);
    if (p !== undefined) {
      this.docs[p] = doc;
      return 'updated';
    }
    this.tombstones.delete(id);
    this.positions.set(id, this.docs.length);
    this.docs.push(doc);
    return 'created';
  }

  remove(id: string, version: number, seq: number): boolean {
    this.seqNo = Math.max(this.seqNo, seq + 1);
    const p = this.pos(id);
    this.tombstones.set(id, version);
    if (p === undefined) return false;
    this.docs.splice(p, 1);
    this.positions.delete(id);
    if (p !== this.docs.length) this.positionsDirty = true;
    this.deletedCount++;
    return true;
  }

  apply(rec: LogRecord): void {
    if (rec.t === 'm') this.setMapping(rec.m);
    else if (rec.t === 'i') this.put(rec.id, rec.v, rec.q, rec.s);
    else this.remove(rec.id, rec.v, rec.q);
  }
}
