// `_source` JSON text of an index's documents, kept as UTF-8 bytes in a few large off-heap slabs (no per-document
// string header, no cons-string pieces from JSON.stringify): the compact form `_search` / `_doc` decode on demand.
const MIN_SLAB = 64 * 1024;
const MAX_SLAB = 1024 * 1024;

export class SourceArena {
  private slabs: Buffer[] = [];
  private used = 0;
  /** Per position: slab, byte offset, byte length. */
  private slab: Int32Array = new Int32Array(0);
  private offset: Int32Array = new Int32Array(0);
  private length: Int32Array = new Int32Array(0);
  /** Bytes of replaced or deleted entries. */
  wasted = 0;
  /** Bytes of live entries. */
  live = 0;

  private grow(need: number): void {
    if (need <= this.slab.length) return;
    const len = this.slab.length;
    const cap = Math.max(16, need, len < 1 << 16 ? len * 2 : Math.ceil(len * 1.25));
    const g = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.slab = g(this.slab);
    this.offset = g(this.offset);
    this.length = g(this.length);
  }

  /** Stores `json` as the text of `pos` (replacing what it had). */
  set(pos: number, json: string): void {
    this.grow(pos + 1);
    if (this.length[pos] > 0) this.clear(pos);
    // At most 3 UTF-8 bytes per UTF-16 unit: reserve that, write once (no separate byteLength pass).
    const room = json.length * 3;
    let cur = this.slabs[this.slabs.length - 1];
    if (!cur || this.used + room > cur.length) {
      // Slabs double up to MAX_SLAB so small indices stay small; an oversized document gets its own slab.
      const size = Math.max(room, Math.min(MAX_SLAB, Math.max(MIN_SLAB, (cur?.length ?? 0) * 2)));
      // The slab being left keeps only its used bytes.
      if (cur && cur.length - this.used > 4096) this.slabs[this.slabs.length - 1] = Buffer.from(cur.subarray(0, this.used));
      cur = Buffer.allocUnsafeSlow(size);
      this.slabs.push(cur);
      this.used = 0;
    }
    const bytes = cur.write(json, this.used, 'utf8');
    this.slab[pos] = this.slabs.length - 1;
    this.offset[pos] = this.used;
    this.length[pos] = bytes;
    this.used += bytes;
    this.live += bytes;
  }

  get(pos: number): string {
    const len = pos < this.length.length ? this.length[pos] : 0;
    if (len === 0) return '';
    const off = this.offset[pos];
    return this.slabs[this.slab[pos]].toString('utf8', off, off + len);
  }

  clear(pos: number): void {
    if (pos >= this.length.length || this.length[pos] === 0) return;
    this.wasted += this.length[pos];
    this.live -= this.length[pos];
    this.length[pos] = 0;
  }

  /** A copy holding only the entries of positions < n that `keep` accepts (drops wasted bytes). */
  compacted(n: number, keep: (pos: number) => boolean): SourceArena {
    const out = new SourceArena();
    for (let pos = 0; pos < n; pos++) if (keep(pos) && pos < this.length.length && this.length[pos] > 0) out.set(pos, this.get(pos));
    return out;
  }
}
