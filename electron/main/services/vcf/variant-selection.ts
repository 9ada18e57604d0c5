// The rows one variant-browser query selects (imports, intervals, genotype, PASS, another feature's ids),
// read from the packed chunks (stored-variants.ts) and counted, paged in position order or ranked by a
// column while decoding as few chunks as the answer needs:
//  - a chunk with no row filter that lies wholly inside its interval is counted from its header;
//  - position order walks groups of chunks that are disjoint in position (positionGroups): the page is
//    found by summing group counts, and only the groups holding it are read. Inside a group of several
//    chunks (two imports on one chromosome, REF trimming nudging a row past the next chunk's start, an
//    unsorted file) the page is bracketed between two chunk starts, so only the chunks straddling those
//    cuts are decoded, not the whole group;
//  - where each group starts in the walk is remembered per direction, so the next page continues from
//    there without recounting (the keyset-paging idea of the SQL version);
//  - a column sort keeps only the best offset+limit rows in a bounded heap (ColumnTopK), and works from
//    the far end when the page is past the middle. Its first pass records each chunk's value range, so
//    later pages by that column read chunks best-first and stop at the first that cannot place a row.
// A selection lives as long as variant-query.ts remembers its query signature; complete imports never
// change, so nothing here goes stale.
import type { ChunkHeader, StoredVariant, StoredVariants } from './stored-variants.ts';
import type { VariantIdSet } from './variant-id-set.ts';
import { ColumnTopK, compareColumnKeys, positionGroups } from './variant-order.ts';

export interface ChunkSource {
  header: ChunkHeader;
  /** Rows must overlap [start, end] with their REF span; null = every row of the chunk. */
  interval: { start: number; end: number } | null;
}

export interface RowFilter {
  /** allowed[code] = 1 for each wanted zygosity code (ZYGOSITIES index); null = any. */
  zygosity: Uint8Array | null;
  /** FILTER is exactly PASS. */
  passOnly: boolean;
  ids: VariantIdSet | null;
  /**
   * Last, for a row every other test kept: another feature's judgement that needs the allele (the population
   * frequency filter looks each one up). Null = none.
   */
  keep?: RowKeep | null;
}

/** Row `row` of the chunk `h` (id h.firstId + row), its position and alleles as stored. */
export type RowKeep = (h: ChunkHeader, row: number, pos: number, ref: string, alt: string) => boolean;

export type RankColumn = 'qual' | 'dp' | 'gq';

/** Past this many chunks straddling one cut, bracketing costs more than sorting the group once. */
const MAX_STRADDLERS = 8;
/** Whole-group orders kept per selection (the heavily unsorted fallback). */
const GROUP_ORDERS_KEPT = 2;
/** A column rank this shallow is found in one pass that also counts; a deeper one needs the total first to pick an end. */
const SHALLOW_RANK = 10_000;

/** Per chunk, over its matching rows: smallest and largest value, whether any has one, whether any lacks one. */
interface ColumnBounds {
  lo: Float64Array;
  hi: Float64Array;
  valued: Uint8Array;
  missing: Uint8Array;
}

interface GroupOrder {
  ref: Int32Array;
  row: Int32Array;
}

export type VariantSelection = ReturnType<typeof createSelection>;

export function createSelection(stored: StoredVariants, sources: ChunkSource[], filter: RowFilter) {
  const refs = [...sources].sort((a, b) => a.header.chrom - b.header.chrom || a.header.minPos - b.header.minPos || a.header.firstId - b.header.firstId);
  const n = refs.length;
  const chrom = Float64Array.from(refs, (s) => s.header.chrom);
  const minPos = Float64Array.from(refs, (s) => s.header.minPos);
  // Matching rows start at or before the interval's end: a region's edge chunks group no further.
  const upper = Float64Array.from(refs, (s) => (s.interval ? Math.min(s.header.maxPos, s.interval.end) : s.header.maxPos));
  const groupFirst = positionGroups(chrom, minPos, upper);
  const groups = groupFirst.length - 1;
  const refCounts = new Float64Array(n).fill(-1);
  const groupCounts = new Float64Array(groups).fill(-1);
  const rowFiltered = filter.zygosity !== null || filter.passOnly || filter.ids !== null || Boolean(filter.keep);
  const starts = { asc: [0], desc: [0] };
  const groupOrders = new Map<number, GroupOrder>();
  const columnBounds = new Map<RankColumn, ColumnBounds>();
  let scratch = new Int32Array(0);

  function indexes(count: number): Int32Array {
    if (scratch.length < count) scratch = new Int32Array(count);
    return scratch;
  }

  /** Counts chunk r's matching rows with lo <= pos < hi, writing their indexes to `out` when given. */
  function scan(r: number, lo: number, hi: number, out: Int32Array | null): number {
    const { header: h, interval: iv } = refs[r];
    if (filter.ids && !filter.ids.anyIn(h.firstId, h.count)) return (refCounts[r] = 0);
    const c = stored.decode(h);
    const pos = c.numbers('pos');
    const allowed = filter.zygosity;
    const zygosity = allowed ? c.zygosity : null;
    const pass = filter.passOnly ? c.stringIndex('PASS') : -1;
    if (filter.passOnly && pass < 0) return (refCounts[r] = 0);
    const filt = filter.passOnly ? c.text('filter') : null;
    const keep = filter.keep ?? null;
    const refText = iv || keep ? c.text('ref') : null;
    const altText = keep ? c.text('alt') : null;
    const strings = iv || keep ? c.strings : null;
    const ids = filter.ids;
    let k = 0;
    for (let i = 0; i < c.count; i++) {
      const p = pos[i];
      if (p < lo || p >= hi) continue;
      if (iv && (p > iv.end || p + (strings as string[])[(refText as Int32Array)[i]].length - 1 < iv.start)) continue;
      if (allowed && allowed[(zygosity as Uint8Array)[i]] === 0) continue;
      if (filt && filt[i] !== pass) continue;
      if (ids && !ids.has(h.firstId + i)) continue;
      if (keep && !keep(h, i, p, (strings as string[])[(refText as Int32Array)[i]], (strings as string[])[(altText as Int32Array)[i]])) continue;
      if (out) out[k] = i;
      k++;
    }
    if (lo === -Infinity && hi === Infinity) refCounts[r] = k;
    return k;
  }

  function refCount(r: number): number {
    if (refCounts[r] >= 0) return refCounts[r];
    const { header: h, interval: iv } = refs[r];
    if (!rowFiltered && (!iv || (h.minPos >= iv.start && h.maxPos <= iv.end))) return (refCounts[r] = h.count);
    return scan(r, -Infinity, Infinity, null);
  }

  function groupCount(g: number): number {
    if (groupCounts[g] >= 0) return groupCounts[g];
    let sum = 0;
    for (let r = groupFirst[g]; r < groupFirst[g + 1]; r++) sum += refCount(r);
    return (groupCounts[g] = sum);
  }

  function total(): number {
    let sum = 0;
    for (let g = 0; g < groups; g++) sum += groupCount(g);
    return sum;
  }

  /**
   * Counts the matching rows chunk by chunk, stopping after each it decoded (the caller hands its thread back
   * between them); the counts are kept, so the total and the pages after it decode nothing more to count.
   */
  function* countStepwise(): Generator<void> {
    for (let r = 0; r < n; r++) {
      if (refCounts[r] >= 0) continue;
      refCount(r);
      // A stop only after a chunk that may have been decoded: one counted from its header costs nothing.
      if (rowFiltered || refs[r].interval) yield;
    }
  }

  /** The total if it needs no decoding (every chunk counted already, or countable from its header). */
  function totalIfKnown(): number | undefined {
    for (let r = 0; r < n; r++) {
      if (refCounts[r] >= 0) continue;
      const { header: h, interval: iv } = refs[r];
      if (rowFiltered || (iv && (h.minPos < iv.start || h.maxPos > iv.end))) return undefined;
    }
    return total();
  }

  function rowOf(r: number, i: number): StoredVariant {
    return stored.decode(refs[r].header).row(i);
  }

  /** Walk position of the group holding rank `offset` (groups when past the end); its start is then in starts[dir][j]. */
  function locate(offset: number, desc: boolean): number {
    const s = desc ? starts.desc : starts.asc;
    while (s.length <= groups && s[s.length - 1] <= offset) {
      const j = s.length - 1;
      s.push(s[j] + groupCount(desc ? groups - 1 - j : j));
    }
    if (s[s.length - 1] <= offset) return groups;
    // Largest j with s[j] <= offset < s[j + 1] (empty groups repeat a start).
    let lo = 0;
    let hi = s.length - 1;
    while (hi - lo > 1) {
      const m = (lo + hi) >> 1;
      if (s[m] <= offset) lo = m;
      else hi = m;
    }
    return lo;
  }

  /** Matching rows with lo <= pos < hi in chunks [first, end) of one group, sorted by (pos, id). */
  function rowsBetween(first: number, end: number, lo: number, hi: number): { pos: number; id: number; r: number; i: number }[] {
    const hits: { pos: number; id: number; r: number; i: number }[] = [];
    for (let r = first; r < end && minPos[r] < hi; r++) {
      if (upper[r] < lo) continue;
      const out = indexes(refs[r].header.count);
      const k = scan(r, lo, hi, out);
      if (k === 0) continue;
      const pos = stored.decode(refs[r].header).numbers('pos');
      const firstId = refs[r].header.firstId;
      for (let t = 0; t < k; t++) hits.push({ pos: pos[out[t]], id: firstId + out[t], r, i: out[t] });
    }
    return hits.sort((x, y) => x.pos - y.pos || x.id - y.id);
  }

  /** Matching rows of group chunks [first, end) with pos < cut; -1 when too many chunks straddle the cut. */
  function rowsBefore(first: number, end: number, cut: number): number {
    let sum = 0;
    const straddling: number[] = [];
    for (let r = first; r < end && minPos[r] < cut; r++) {
      if (upper[r] < cut) sum += refCount(r);
      else straddling.push(r);
    }
    if (straddling.length > MAX_STRADDLERS) return -1;
    for (const r of straddling) sum += scan(r, -Infinity, cut, null);
    return sum;
  }

  /** Rows [a, b) of group g in (pos, id) order. */
  function groupSlice(g: number, a: number, b: number): StoredVariant[] {
    const first = groupFirst[g];
    const end = groupFirst[g + 1];
    const kept = groupOrders.get(g);
    if (kept) return sliceOf(kept, a, b);
    // Cuts: the group's distinct chunk starts; cut K (past the last) has the whole group before it.
    const cuts: number[] = [];
    for (let r = first; r < end; r++) if (cuts.length === 0 || cuts[cuts.length - 1] !== minPos[r]) cuts.push(minPos[r]);
    const K = cuts.length;
    const known = new Map<number, number>([
      [0, 0],
      [K, groupCount(g)],
    ]);
    const before = (k: number): number => {
      let v = known.get(k);
      if (v === undefined) known.set(k, (v = rowsBefore(first, end, cuts[k])));
      return v;
    };
    // lo: the last cut with at most a rows before it; hi: the first with at least b.
    let lo = 0;
    let hi = K;
    while (hi - lo > 1) {
      const m = (lo + hi) >> 1;
      const v = before(m);
      if (v < 0) return sliceOf(groupOrder(g), a, b);
      if (v <= a) lo = m;
      else hi = m;
    }
    let below = lo;
    hi = K;
    while (hi - below > 1) {
      const m = (below + hi) >> 1;
      const v = before(m);
      if (v < 0) return sliceOf(groupOrder(g), a, b);
      if (v >= b) hi = m;
      else below = m;
    }
    const skip = before(lo);
    return rowsBetween(first, end, cuts[lo], hi === K ? Infinity : cuts[hi])
      .slice(a - skip, b - skip)
      .map((h) => rowOf(h.r, h.i));
  }

  /** Every matching row of group g in (pos, id) order, kept: the fallback when chunks overlap wholesale. */
  function groupOrder(g: number): GroupOrder {
    const hits = rowsBetween(groupFirst[g], groupFirst[g + 1], -Infinity, Infinity);
    const order = { ref: Int32Array.from(hits, (h) => h.r), row: Int32Array.from(hits, (h) => h.i) };
    if (groupOrders.size >= GROUP_ORDERS_KEPT) groupOrders.delete(groupOrders.keys().next().value as number);
    groupOrders.set(g, order);
    return order;
  }

  /** Chunks with a matching row, each with the best key any of its rows can have under `top`'s order, best first. */
  function bestFirst(b: ColumnBounds, top: ColumnTopK): { r: number; value: number; pos: number; id: number }[] {
    const reversed = top.orderSign < 0;
    const list: { r: number; value: number; pos: number; id: number }[] = [];
    for (let r = 0; r < n; r++) {
      if (refCounts[r] === 0) continue;
      const h = refs[r].header;
      // Missing values rank last, so first when reversed.
      const missingFirst = reversed ? b.missing[r] === 1 : b.valued[r] === 0;
      const value = missingFirst ? NaN : top.valueSign < 0 !== reversed ? b.hi[r] : b.lo[r];
      list.push({ r, value, pos: reversed ? upper[r] : minPos[r], id: reversed ? h.firstId + h.count - 1 : h.firstId });
    }
    return list.sort((x, y) => compareColumnKeys(x.value, chrom[x.r], x.pos, x.id, y.value, chrom[y.r], y.pos, y.id, top.valueSign, top.orderSign));
  }

  function sliceOf(order: GroupOrder, a: number, b: number): StoredVariant[] {
    const out: StoredVariant[] = [];
    for (let k = a; k < b && k < order.ref.length; k++) out.push(rowOf(order.ref[k], order.row[k]));
    return out;
  }

  return {
    countStepwise,
    total,
    totalIfKnown,

    /** Rows [offset, offset + limit) in (chrom, pos, id) order, or its exact reverse. */
    positionPage(offset: number, limit: number, desc: boolean): StoredVariant[] {
      const s = desc ? starts.desc : starts.asc;
      const out: StoredVariant[] = [];
      for (let j = locate(offset, desc); j < groups && out.length < limit; j++) {
        const g = desc ? groups - 1 - j : j;
        const c = groupCount(g);
        if (s.length === j + 1) s.push(s[j] + c);
        const local = offset + out.length - s[j];
        const take = Math.min(limit - out.length, c - local);
        if (take <= 0) continue;
        // Within the group, a descending page is the reverse of an ascending slice.
        const a = desc ? c - local - take : local;
        const rows = groupSlice(g, a, a + take);
        if (desc) rows.reverse();
        for (const row of rows) out.push(row);
      }
      return out;
    },

    /**
     * Rows [offset, offset + limit) by a column: rows with a value first (ascending or descending), then
     * (chrom, pos, id) ascending. `knownTotal` saves a count when the caller has one.
     */
    columnPage(column: RankColumn, desc: boolean, offset: number, limit: number, knownTotal?: number): { rows: StoredVariant[]; total: number } {
      const bounds = columnBounds.get(column);
      let count = knownTotal ?? totalIfKnown();
      if (count === undefined && (bounds || offset + limit > SHALLOW_RANK)) count = total();
      if (count !== undefined && offset >= count) return { rows: [], total: count };
      // Rank from whichever end is nearer: a page past the middle keeps (count - offset) rows, not offset + limit.
      const fromEnd = count !== undefined && count - offset < offset + limit;
      const k = count === undefined ? offset + limit : fromEnd ? count - offset : Math.min(offset + limit, count);
      const top = new ColumnTopK(k, desc, fromEnd);
      // Once this column's per-chunk bounds are known, chunks go best-first and the pass stops at the
      // first that cannot place a row; the first pass visits every chunk and records the bounds.
      const order = bounds && count !== undefined ? bestFirst(bounds, top) : null;
      const fresh: ColumnBounds | null = order ? null : { lo: new Float64Array(n), hi: new Float64Array(n), valued: new Uint8Array(n), missing: new Uint8Array(n) };
      let counted = 0;
      for (let x = 0; x < (order ? order.length : n); x++) {
        const r = order ? order[x].r : x;
        if (refCounts[r] === 0) continue;
        if (order && !top.wouldKeep(order[x].value, chrom[r], order[x].pos, order[x].id)) break;
        const out = indexes(refs[r].header.count);
        const m = scan(r, -Infinity, Infinity, out);
        if (m === 0) continue;
        counted += m;
        const c = stored.decode(refs[r].header);
        const values = c.numbers(column);
        const pos = c.numbers('pos');
        const firstId = refs[r].header.firstId;
        let lo = Infinity;
        let hi = -Infinity;
        let missing = 0;
        for (let t = 0; t < m; t++) {
          const i = out[t];
          const v = values[i];
          top.offer(v, chrom[r], pos[i], firstId + i, r);
          if (v !== v) missing = 1;
          else {
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
        }
        if (fresh) {
          fresh.lo[r] = lo;
          fresh.hi[r] = hi;
          fresh.valued[r] = hi >= lo ? 1 : 0;
          fresh.missing[r] = missing;
        }
      }
      if (fresh) columnBounds.set(column, fresh);
      const rowsTotal = count ?? counted;
      const slots = top.sorted();
      // From the end, slot q is ascending rank rowsTotal - 1 - q.
      const picked = fromEnd ? slots.slice(Math.max(0, rowsTotal - offset - limit), rowsTotal - offset).reverse() : slots.slice(offset, offset + limit);
      return {
        rows: picked.map((slot) => {
          const r = top.tag[slot];
          return rowOf(r, top.idOf(slot) - refs[r].header.firstId);
        }),
        total: rowsTotal,
      };
    },
  };
}
