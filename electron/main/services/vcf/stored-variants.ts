// Reading stored variant rows back out of variant_chunks (variant-chunk.ts): by region, by id, or all of an
// import in id (file) order. Every feature that reads variants goes through here, so none of them knows
// the packed layout. Only complete imports are read, and a complete import never changes, which is why
// decoded chunks can be cached by (import key, first id).
import type { Store } from '../../db/connection.ts';
import { perStore } from '../../db/per-store.ts';
import { DecodedChunk } from './variant-chunk.ts';
import type { StoredVariant } from './variant-chunk.ts';

export type { StoredVariant } from './variant-chunk.ts';
export { DecodedChunk } from './variant-chunk.ts';

export interface ChunkHeader {
  firstId: number;
  importKey: number;
  chrom: number;
  count: number;
  minPos: number;
  maxPos: number;
  maxEnd: number;
}

/** Decoded chunks kept per store: ~2,000 rows each, so ~0.5 M rows at most. */
const CACHE_CHUNKS = 256;

/** A row as a whole-import pass reads it (rowBatchesInIdOrder). */
export type StreamedVariant = Pick<StoredVariant, 'id' | 'chrom' | 'pos' | 'ref' | 'alt' | 'info' | 'original'>;

const HEADER_COLUMNS = 'first_id AS firstId, import_key AS importKey, chrom, count, min_pos AS minPos, max_pos AS maxPos, max_end AS maxEnd';

/** One reader (prepared statements, chunk cache) per store. */
export const createStoredVariants = perStore(build);
export type StoredVariants = ReturnType<typeof createStoredVariants>;

function build(store: Store) {
  const { sqlite } = store;
  const headersOfImport = sqlite.prepare(`SELECT ${HEADER_COLUMNS} FROM variant_chunks WHERE import_key = ? ORDER BY chrom, min_pos, first_id`);
  const headersOfChrom = sqlite.prepare(`SELECT ${HEADER_COLUMNS} FROM variant_chunks WHERE import_key = ? AND chrom = ? ORDER BY min_pos, first_id`);
  // A chunk can hold rows of [lo, hi] when it starts at or before hi and some REF reaches lo.
  const headersOverlapping = sqlite.prepare(
    `SELECT ${HEADER_COLUMNS} FROM variant_chunks WHERE import_key = ? AND chrom = ? AND min_pos <= ? AND max_end >= ? ORDER BY min_pos, first_id`,
  );
  const headersInIdOrder = sqlite.prepare(`SELECT ${HEADER_COLUMNS} FROM variant_chunks WHERE import_key = ? ORDER BY first_id`);
  const headerHolding = sqlite.prepare(`SELECT ${HEADER_COLUMNS} FROM variant_chunks WHERE first_id <= ? ORDER BY first_id DESC LIMIT 1`);
  const dataOf = sqlite.prepare('SELECT data FROM variant_chunks WHERE first_id = ?').pluck();
  const cache = new Map<string, DecodedChunk>();

  function decode(h: ChunkHeader): DecodedChunk {
    const key = `${h.importKey}:${h.firstId}`;
    const hit = cache.get(key);
    if (hit) {
      // Most recently used last.
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const chunk = decodeUncached(h);
    if (cache.size >= CACHE_CHUNKS) cache.delete(cache.keys().next().value as string);
    cache.set(key, chunk);
    return chunk;
  }

  /** A chunk's bytes as stored. */
  function bytesOf(h: ChunkHeader): Buffer {
    const data = dataOf.get(h.firstId) as Buffer | undefined;
    if (!data) throw new Error(`variant chunk ${h.firstId} is missing`);
    return data;
  }

  function decodeUncached(h: ChunkHeader): DecodedChunk {
    return new DecodedChunk(bytesOf(h), h);
  }

  /** Chunk headers of an import, in (chrom, min_pos, first_id) order; of one chromosome when given. */
  function headers(importKey: number, chrom?: number): ChunkHeader[] {
    return (chrom === undefined ? headersOfImport.all(importKey) : headersOfChrom.all(importKey, chrom)) as ChunkHeader[];
  }

  /** Headers of the chunks that may hold a row overlapping [from, to] on `chrom` (REF span, not just POS). */
  function headersOverlappingRange(importKey: number, chrom: number, from: number, to: number): ChunkHeader[] {
    return headersOverlapping.all(importKey, chrom, to, from) as ChunkHeader[];
  }

  /**
   * An import's rows chunk by chunk, in id order: one batch per stored chunk (one chromosome, consecutive
   * ids), so what is stored per chunk for another feature (annotation_chunks) lines up with variant_chunks.
   */
  function* streamedChunks(importKey: number): Generator<{ firstId: number; rows: StreamedVariant[] }> {
    for (const h of headersInIdOrder.all(importKey) as ChunkHeader[]) {
      const c = cache.get(`${h.importKey}:${h.firstId}`) ?? decodeUncached(h);
      const pos = c.numbers('pos');
      const rows: StreamedVariant[] = new Array(c.count);
      for (let i = 0; i < c.count; i++) {
        rows[i] = {
          id: c.firstId + i,
          chrom: c.chrom,
          pos: pos[i],
          ref: c.textAtRow('ref', i) as string,
          alt: c.textAtRow('alt', i) as string,
          info: c.textAtRow('info', i),
          original: c.textAtRow('original', i),
        };
      }
      yield { firstId: h.firstId, rows };
    }
  }

  return {
    decode,
    headers,
    headersOverlappingRange,

    /** Rows with POS in [from, to] on `chrom`, ordered by (pos, id): what `pos BETWEEN ? AND ? ORDER BY pos, id` gave. */
    rowsWithPosIn(importKey: number, chrom: number, from: number, to: number): StoredVariant[] {
      const out: StoredVariant[] = [];
      // A chunk's rows start at or after min_pos, so chunks starting after `to` hold none.
      for (const h of headersOverlapping.all(importKey, chrom, to, from) as ChunkHeader[]) {
        if (h.maxPos < from) continue;
        const c = decode(h);
        const pos = c.numbers('pos');
        for (let i = 0; i < c.count; i++) if (pos[i] >= from && pos[i] <= to) out.push(c.row(i));
      }
      return out.sort((a, b) => a.pos - b.pos || a.id - b.id);
    },

    /** The row with this id, if it belongs to this import. */
    rowById(importKey: number, id: number): StoredVariant | undefined {
      const h = headerHolding.get(id) as ChunkHeader | undefined;
      if (!h || h.importKey !== importKey || id >= h.firstId + h.count) return undefined;
      return decode(h).row(id - h.firstId);
    },

    /**
     * Every row of an import in id (file) order, `size` rows at a time, with only the columns a whole-import
     * pass such as an annotation run reads: unpacking the others (and caching the chunks) would only make
     * garbage, measured at ~170 MB more peak RSS per million rows. Chunks already cached are reused.
     */
    *rowBatchesInIdOrder(importKey: number, size: number): Generator<StreamedVariant[]> {
      let batch: StreamedVariant[] = [];
      for (const { rows } of streamedChunks(importKey)) {
        for (const r of rows) {
          batch.push(r);
          if (batch.length >= size) {
            yield batch;
            batch = [];
          }
        }
      }
      if (batch.length > 0) yield batch;
    },

    /**
     * An import's stored chunks in id order, as stored (not decoded): an annotation run hands the bytes to its
     * worker, which decodes them there, so the main thread makes no object per variant.
     */
    *storedChunksInIdOrder(importKey: number): Generator<{ header: ChunkHeader; data: Buffer }> {
      for (const h of headersInIdOrder.all(importKey) as ChunkHeader[]) yield { header: h, data: bytesOf(h) };
    },

    /** Every row of an import in id order. For tests and small imports: a whole genome is millions of objects. */
    allRows(importKey: number): StoredVariant[] {
      const out: StoredVariant[] = [];
      for (const h of headersInIdOrder.all(importKey) as ChunkHeader[]) out.push(...(cache.get(`${h.importKey}:${h.firstId}`) ?? decodeUncached(h)).rows());
      return out;
    },
  };
}
