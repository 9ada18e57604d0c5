// The variant ids another feature's filter selected (ExtraVariantFilter), as a bitmap over their range:
// an annotation filter can select millions of rows, which a Set would hold as millions of entries, and
// ids are dense (global, increasing in file order), so one bit each is enough. A chunk with none of the
// ids in its range is skipped without being decoded.
export class VariantIdSet {
  private readonly min: number;
  private readonly bits: Uint8Array;
  readonly size: number;

  constructor(ids: Iterable<number>) {
    const list = Array.from(ids, Number);
    let min = Infinity;
    let max = -Infinity;
    for (const id of list) {
      if (!Number.isSafeInteger(id)) throw new Error(`an extra variant filter returned ${id}, which is not a variant id`);
      if (id < min) min = id;
      if (id > max) max = id;
    }
    this.min = list.length ? min : 0;
    this.bits = new Uint8Array(list.length ? Math.floor((max - min) / 8) + 1 : 0);
    let size = 0;
    for (const id of list) {
      const o = id - this.min;
      const bit = 1 << (o & 7);
      if ((this.bits[o >> 3] & bit) === 0) size++;
      this.bits[o >> 3] |= bit;
    }
    this.size = size;
  }

  has(id: number): boolean {
    const o = id - this.min;
    return o >= 0 && o < this.bits.length * 8 && (this.bits[o >> 3] & (1 << (o & 7))) !== 0;
  }

  /** Whether any id in [first, first + count) is in the set. */
  anyIn(first: number, count: number): boolean {
    const from = Math.max(first - this.min, 0);
    const to = Math.min(first + count - this.min, this.bits.length * 8);
    for (let o = from; o < to; ) {
      if ((o & 7) === 0 && o + 8 <= to) {
        if (this.bits[o >> 3] !== 0) return true;
        o += 8;
      } else {
        if ((this.bits[o >> 3] & (1 << (o & 7))) !== 0) return true;
        o++;
      }
    }
    return false;
  }
}
