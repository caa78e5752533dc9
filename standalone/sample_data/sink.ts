// Collects generated documents per index, dropping anything outside the generated time range.
import type { Doc } from './builders/common';
import type { IndexName } from './indices';

export class Sink {
  readonly docs = new Map<IndexName, Doc[]>();
  constructor(readonly startMs: number, readonly endMs: number) {}

  /** Time-bounded event data (sign-ins, activity, alerts). */
  push(index: IndexName, doc: Doc): boolean {
    const ts = Date.parse(doc['@timestamp'] as string);
    if (!(ts >= this.startMs && ts < this.endMs)) return false;
    this.add(index, doc);
    return true;
  }

  /** Reference data that may predate the range (threat-intel indicators). */
  add(index: IndexName, doc: Doc) {
    let list = this.docs.get(index);
    if (!list) this.docs.set(index, (list = []));
    list.push(doc);
  }
}
