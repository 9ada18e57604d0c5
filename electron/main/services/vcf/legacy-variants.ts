// Converts variant rows an older GenoDesk stored one per SQLite row (table `variants`, migrations 0002-0006)
// into packed chunks (variant_chunks, variant-chunk.ts), once, at start-up. A migration cannot do it: the
// packing is TypeScript, not SQL.
//
// Ids are kept: variant_raw_annotations.variant_id and variant_annotations.variant_id point at them, and a
// chunk's row id is first_id + index, so a chunk holds only consecutive ids (a gap starts a new chunk).
// Rows of an import are read in id order, which is file order, as the parser would have chunked them.
// Each import is converted in one transaction: a crash leaves every import either converted or untouched,
// and the next start converts what is left.
import type { Store } from '../../db/connection.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../../../shared/errors.ts';
import { StringTable } from './batch.ts';
import { CHUNK_ROWS, encodeChunk, newChunkInput } from './variant-chunk.ts';
import type { StoredVariant } from './variant-chunk.ts';

/** Legacy rows read per query; the connection cannot insert while a SELECT is still being iterated. */
const PAGE_ROWS = 4096;

export interface LegacyConversion {
  /** Imports whose rows were converted. */
  imports: number;
  /** Rows converted. */
  rows: number;
}

export function convertLegacyVariants(store: Store): LegacyConversion {
  const { sqlite } = store;
  const keys = sqlite.prepare('SELECT DISTINCT import_key FROM variants ORDER BY import_key').pluck().all() as number[];
  if (keys.length === 0) return { imports: 0, rows: 0 };

  const idRange = sqlite.prepare('SELECT min(id) AS first, max(id) AS last FROM variants WHERE import_key = ?');
  // `+import_key` keeps SQLite on the rowid: through the (import_key, chrom, pos) index every page sorted
  // the whole import again (measured on 1 M rows: 35k rows/s, against 300k rows/s by rowid). The id range
  // stops the last page of an import scanning the rows of the imports after it.
  const page = sqlite.prepare(
    `SELECT id, import_key, chrom, pos, ref, alt, ids, qual, filter, gt, zygosity, ps, gq, dp, ad_ref, ad_alt, info, original
     FROM variants WHERE +import_key = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?`,
  );
  const insertChunk = sqlite.prepare(
    'INSERT INTO variant_chunks (first_id, import_key, chrom, count, min_pos, max_pos, max_end, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // Last id of the chunk starting nearest at or before an id. Chunks never overlap one another, so a new
  // chunk [first, last] overlaps an existing one exactly when the one found for `last` ends at or after `first`.
  const endOfChunkAtOrBefore = sqlite.prepare('SELECT first_id + count - 1 FROM variant_chunks WHERE first_id <= ? ORDER BY first_id DESC LIMIT 1').pluck();
  const deleteRows = sqlite.prepare('DELETE FROM variants WHERE import_key = ?');

  let imports = 0;
  let rows = 0;
  for (const importKey of keys) {
    const converted = inTransaction(sqlite, () => {
      const chunk = newChunkInput(CHUNK_ROWS);
      const strings = new StringTable();
      let firstId = 0;
      let chrom = -1;
      let minPos = Infinity;
      let maxPos = -Infinity;
      let maxEnd = -Infinity;
      let n = 0;

      const cut = () => {
        if (chunk.count === 0) return;
        const lastId = firstId + chunk.count - 1;
        const end = endOfChunkAtOrBefore.get(lastId) as number | undefined;
        if (end !== undefined && end >= firstId) {
          throw new AppError(
            'db/migration-failed',
            `The store could not be upgraded: variant ids ${firstId}-${lastId} of import ${importKey} are already used by packed variants. Restore the store from a backup and tell the GenoDesk team.`,
            { file: store.file, importKey, firstId, lastId },
          );
        }
        chunk.strings = strings.take();
        insertChunk.run(firstId, importKey, chrom, chunk.count, minPos, maxPos, maxEnd, Buffer.from(encodeChunk(chunk)));
        chunk.count = 0;
        minPos = Infinity;
        maxPos = -Infinity;
        maxEnd = -Infinity;
      };

      // Read inside the transaction: a second process converting at the same time finds the rows gone.
      const range = idRange.get(importKey) as { first: number | null; last: number | null };
      if (range.first === null || range.last === null) return 0;
      let after = range.first - 1;
      for (;;) {
        const batch = page.all(importKey, after, range.last, PAGE_ROWS) as StoredVariant[];
        if (batch.length === 0) break;
        for (const r of batch) {
          if (chunk.count > 0 && (r.chrom !== chrom || chunk.count >= CHUNK_ROWS || r.id !== firstId + chunk.count)) cut();
          if (chunk.count === 0) {
            firstId = r.id;
            chrom = r.chrom;
          }
          const i = chunk.count++;
          const num = chunk.numbers;
          num.pos[i] = r.pos;
          num.qual[i] = r.qual ?? NaN;
          num.ps[i] = r.ps ?? NaN;
          num.gq[i] = r.gq ?? NaN;
          num.dp[i] = r.dp ?? NaN;
          num.adRef[i] = r.ad_ref ?? NaN;
          num.adAlt[i] = r.ad_alt ?? NaN;
          chunk.zygosity[i] = r.zygosity;
          const t = chunk.text;
          t.ref[i] = strings.code(r.ref);
          t.alt[i] = strings.code(r.alt);
          t.ids[i] = strings.code(r.ids);
          t.filter[i] = strings.code(r.filter);
          t.gt[i] = strings.code(r.gt);
          t.info[i] = strings.code(r.info);
          t.original[i] = strings.code(r.original);
          if (r.pos < minPos) minPos = r.pos;
          if (r.pos > maxPos) maxPos = r.pos;
          const end = r.pos + r.ref.length - 1;
          if (end > maxEnd) maxEnd = end;
          n += 1;
        }
        after = batch[batch.length - 1].id;
      }
      cut();
      deleteRows.run(importKey);
      return n;
    });
    if (converted > 0) {
      imports += 1;
      rows += converted;
    }
  }
  return { imports, rows };
}
