// Ordering helpers for the variant browser over packed chunks (variant-selection.ts): grouping chunks
// into runs that are disjoint in position, and picking the first k rows of a column sort without
// sorting every row.

/**
 * Splits chunks sorted by (chrom, minPos, firstId) into groups whose position ranges overlap: a chunk
 * joins the current group when it is on the same chromosome and starts at or before the group's
 * furthest `upper`. Groups are then disjoint and ordered, so every row of one precedes every row of
 * the next in (chrom, pos, id) order, and a group can be counted and skipped as a whole.
 * Returns each group's first chunk index, then `chrom.length`.
 */
export function positionGroups(chrom: ArrayLike<number>, minPos: ArrayLike<number>, upper: ArrayLike<number>): Int32Array {
  const starts: number[] = [];
  let reach = -Infinity;
  for (let r = 0; r < chrom.length; r++) {
    if (r === 0 || chrom[r] !== chrom[r - 1] || minPos[r] > reach) {
      starts.push(r);
      reach = upper[r];
    } else if (upper[r] > reach) reach = upper[r];
  }
  starts.push(chrom.length);
  return Int32Array.from(starts);
}

/**
 * Column-sort order, as the SQL version's `ORDER BY col IS NULL, col DIR, chrom, pos, id`: rows with a
 * value (NaN = missing) first, then by value (descending when valueSign is -1), then chrom, pos and id
 * ascending; orderSign -1 is the exact opposite order. < 0 when a ranks first.
 */
export function compareColumnKeys(va: number, ca: number, pa: number, ia: number, vb: number, cb: number, pb: number, ib: number, valueSign: number, orderSign: number): number {
  const ma = va !== va;
  const mb = vb !== vb;
  let c = ma === mb ? 0 : ma ? 1 : -1;
  if (c === 0 && !ma) c = va < vb ? -valueSign : va > vb ? valueSign : 0;
  if (c === 0) c = ca - cb || pa - pb || ia - ib;
  return c * orderSign;
}

/**
 * The best `capacity` rows under a column sort (compareColumnKeys), kept in a bounded max-heap (worst
 * kept row at the root), so ranking n rows costs O(n log k) and k slots rather than n objects.
 * `reversed` ranks by the exact opposite order, which is how a page past the middle is found from the end.
 */
export class ColumnTopK {
  private readonly capacity: number;
  readonly valueSign: number;
  readonly orderSign: number;
  private readonly value: Float64Array;
  private readonly chrom: Float64Array;
  private readonly pos: Float64Array;
  private readonly id: Float64Array;
  /** Caller's tag per slot (the chunk the row is in). */
  readonly tag: Int32Array;
  /** heap[k] = slot; slot `capacity` is scratch for the row being offered. */
  private readonly heap: Int32Array;
  private size = 0;

  constructor(capacity: number, valueDesc: boolean, reversed: boolean) {
    this.capacity = capacity;
    this.valueSign = valueDesc ? -1 : 1;
    this.orderSign = reversed ? -1 : 1;
    const slots = capacity + 1;
    this.value = new Float64Array(slots);
    this.chrom = new Float64Array(slots);
    this.pos = new Float64Array(slots);
    this.id = new Float64Array(slots);
    this.tag = new Int32Array(slots);
    this.heap = new Int32Array(capacity);
  }

  /** value NaN = missing. */
  offer(value: number, chrom: number, pos: number, id: number, tag: number): void {
    if (this.capacity === 0) return;
    const full = this.size === this.capacity;
    const slot = full ? this.capacity : this.size;
    this.value[slot] = value;
    this.chrom[slot] = chrom;
    this.pos[slot] = pos;
    this.id[slot] = id;
    this.tag[slot] = tag;
    if (!full) {
      this.heap[this.size] = slot;
      this.siftUp(this.size++);
      return;
    }
    const root = this.heap[0];
    if (this.compare(slot, root) >= 0) return;
    this.copy(slot, root);
    this.siftDown(0);
  }

  /** Whether a row with this key would be kept: false once full and the key ranks after every kept row. */
  wouldKeep(value: number, chrom: number, pos: number, id: number): boolean {
    if (this.size < this.capacity) return true;
    const r = this.heap[0];
    return compareColumnKeys(value, chrom, pos, id, this.value[r], this.chrom[r], this.pos[r], this.id[r], this.valueSign, this.orderSign) < 0;
  }

  /** Kept slots, best first. */
  sorted(): number[] {
    return Array.from(this.heap.subarray(0, this.size)).sort((a, b) => this.compare(a, b));
  }

  idOf(slot: number): number {
    return this.id[slot];
  }

  private copy(from: number, to: number): void {
    this.value[to] = this.value[from];
    this.chrom[to] = this.chrom[from];
    this.pos[to] = this.pos[from];
    this.id[to] = this.id[from];
    this.tag[to] = this.tag[from];
  }

  private compare(a: number, b: number): number {
    return compareColumnKeys(this.value[a], this.chrom[a], this.pos[a], this.id[a], this.value[b], this.chrom[b], this.pos[b], this.id[b], this.valueSign, this.orderSign);
  }

  private siftUp(k: number): void {
    const h = this.heap;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (this.compare(h[k], h[p]) <= 0) return;
      const t = h[k];
      h[k] = h[p];
      h[p] = t;
      k = p;
    }
  }

  private siftDown(k: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * k + 1;
      if (l >= this.size) return;
      const r = l + 1;
      const worse = r < this.size && this.compare(h[r], h[l]) > 0 ? r : l;
      if (this.compare(h[worse], h[k]) <= 0) return;
      const t = h[k];
      h[k] = h[worse];
      h[worse] = t;
      k = worse;
    }
  }
}
