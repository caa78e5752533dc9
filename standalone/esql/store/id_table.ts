// _id -> position lookup as an open-addressing hash table of positions (4 bytes a slot) over the index's own id
// array, instead of a Map entry per document.
export class IdTable {
  private slots: Int32Array = new Int32Array(16).fill(-1);
  private count = 0;
  private tombs = 0;
  constructor(private readonly idAt: (pos: number) => string) {}

  private static hash(s: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }

  get(id: string): number | undefined {
    const mask = this.slots.length - 1;
    for (let i = IdTable.hash(id) & mask; ; i = (i + 1) & mask) {
      const p = this.slots[i];
      if (p === -1) return undefined;
      if (p >= 0 && this.idAt(p) === id) return p;
    }
  }

  /** Adds an id known to be absent. */
  add(id: string, pos: number): void {
    if ((this.count + this.tombs + 1) * 2 > this.slots.length) this.rehash(this.count + 1);
    const mask = this.slots.length - 1;
    let i = IdTable.hash(id) & mask;
    while (this.slots[i] >= 0) i = (i + 1) & mask;
    if (this.slots[i] === -2) this.tombs--;
    this.slots[i] = pos;
    this.count++;
  }

  delete(id: string): void {
    const mask = this.slots.length - 1;
    for (let i = IdTable.hash(id) & mask; ; i = (i + 1) & mask) {
      const p = this.slots[i];
      if (p === -1) return;
      if (p >= 0 && this.idAt(p) === id) {
        this.slots[i] = -2; // tombstone keeps probe chains intact
        this.count--;
        this.tombs++;
        return;
      }
    }
  }

  private rehash(need: number): void {
    let cap = 16;
    while (cap < need * 2) cap *= 2;
    const old = this.slots;
    this.slots = new Int32Array(cap).fill(-1);
    this.tombs = 0;
    const mask = cap - 1;
    for (let j = 0; j < old.length; j++) {
      const p = old[j];
      if (p < 0) continue;
      let i = IdTable.hash(this.idAt(p)) & mask;
      while (this.slots[i] !== -1) i = (i + 1) & mask;
      this.slots[i] = p;
    }
  }
}
