// The SQL side of an import: the 'importing' row, one transaction per parse batch, the final transaction
// that makes the import visible, and chunked removal of an import that did not finish. Statements are
// prepared once per store. Variant rows arrive packed (variant-chunk.ts): one INSERT per chunk. Reference
// blocks are rows; multi-row INSERTs cut their per-row cost of binding (measured: 16 rows per statement
// was ~30% faster than one).
import type { Store } from '../../db/connection.ts';
import { perStore } from '../../db/per-store.ts';
import { inTransaction } from '../../db/transaction.ts';
import { writeAudit } from '../audit.ts';
import type { ParseBatch } from './batch.ts';
import { NO_STRING, orNull } from './batch.ts';

const BLOCK_COLUMNS = 'import_key, chrom, start_pos, end_pos, ref, alt, gt, gq, dp, line';
const BLOCK_WIDTH = 10;
/** Rows per multi-row INSERT. */
const ROWS_PER_STATEMENT = 16;
/** Rows deleted per transaction when removing an import: small enough to keep the event loop responsive. */
export const DELETE_CHUNK = 10_000;
/** Variant chunks deleted per transaction (each holds up to CHUNK_ROWS rows, but is one B-tree entry plus overflow pages). */
export const DELETE_VARIANT_CHUNKS = 64;

export interface NewImportRow {
  id: string;
  key: number;
  patientId: string;
  file: string;
  fileName: string;
  fileBytes: number;
  sha256: string;
  sample: string;
  build: string;
  buildSource: string;
  vcfVersion: string | null;
  header: string;
  actor: string;
  startedAt: string;
}

export interface ImportTotals {
  records: number;
  alleles: number;
  variants: number;
  referenceBlocks: number;
  het: number;
  homAlt: number;
  homRef: number;
  hemiRef: number;
  hemiAlt: number;
  halfCall: number;
  noCall: number;
  notGenotyped: number;
  transitions: number;
  transversions: number;
  maxRefLength: number;
  maxBlockLength: number;
}

function placeholders(width: number, rows: number): string {
  const one = `(${new Array(width).fill('?').join(',')})`;
  return new Array(rows).fill(one).join(',');
}

/** One writer (prepared statements) per store. */
export const createImportWriter = perStore(buildWriter);
export type ImportWriter = ReturnType<typeof createImportWriter>;

function buildWriter(store: Store) {
  const { sqlite } = store;
  const insertChunk = sqlite.prepare(
    'INSERT INTO variant_chunks (first_id, import_key, chrom, count, min_pos, max_pos, max_end, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertBlocksMany = sqlite.prepare(`INSERT INTO reference_blocks (${BLOCK_COLUMNS}) VALUES ${placeholders(BLOCK_WIDTH, ROWS_PER_STATEMENT)}`);
  const insertBlockOne = sqlite.prepare(`INSERT INTO reference_blocks (${BLOCK_COLUMNS}) VALUES ${placeholders(BLOCK_WIDTH, 1)}`);
  const insertAnnotation = sqlite.prepare('INSERT OR IGNORE INTO variant_raw_annotations (import_key, variant_id, key, value) VALUES (?, ?, ?, ?)');
  const insertContig = sqlite.prepare('INSERT OR IGNORE INTO import_contigs (import_key, code, name, chrom, length) VALUES (?, ?, ?, ?, ?)');
  const lastChunkEnd = sqlite.prepare('SELECT first_id + count - 1 FROM variant_chunks ORDER BY first_id DESC LIMIT 1').pluck();
  const maxLegacyId = sqlite.prepare('SELECT max(id) FROM variants').pluck();
  const nextKey = sqlite.prepare('SELECT coalesce(max(key), 0) + 1 AS k FROM imports').pluck();
  const insertImport = sqlite.prepare(
    `INSERT INTO imports (id, key, patient_id, file, file_name, file_bytes, sha256, sample, build, build_source, vcf_version, status, header, actor, started_at)
     VALUES (@id, @key, @patientId, @file, @fileName, @fileBytes, @sha256, @sample, @build, @buildSource, @vcfVersion, 'importing', @header, @actor, @startedAt)`,
  );
  const completeImport = sqlite.prepare(
    `UPDATE imports SET status = 'complete', records = @records, alleles = @alleles, variants = @variants, reference_blocks = @referenceBlocks,
       het = @het, hom_alt = @homAlt, hom_ref = @homRef, hemi_ref = @hemiRef, hemi_alt = @hemiAlt, half_call = @halfCall, no_call = @noCall,
       not_genotyped = @notGenotyped, transitions = @transitions, transversions = @transversions, max_ref_length = @maxRefLength,
       max_block_length = @maxBlockLength, imported_at = @importedAt
     WHERE id = @id AND status = 'importing'`,
  );
  const deleteChunks = sqlite.prepare('DELETE FROM variant_chunks WHERE first_id IN (SELECT first_id FROM variant_chunks WHERE import_key = ? LIMIT ?)');
  const deleteLegacyVariants = sqlite.prepare('DELETE FROM variants WHERE id IN (SELECT id FROM variants WHERE import_key = ? LIMIT ?)');
  const deleteBlocks = sqlite.prepare('DELETE FROM reference_blocks WHERE id IN (SELECT id FROM reference_blocks WHERE import_key = ? LIMIT ?)');
  const deleteAnnotations = sqlite.prepare(
    'DELETE FROM variant_raw_annotations WHERE rowid IN (SELECT rowid FROM variant_raw_annotations WHERE import_key = ? LIMIT ?)',
  );
  const deleteContigs = sqlite.prepare('DELETE FROM import_contigs WHERE import_key = ?');
  const deleteImportRow = sqlite.prepare("DELETE FROM imports WHERE key = ? AND status = 'importing'");

  const readSynchronous = sqlite.prepare('PRAGMA synchronous').pluck();
  // Index = the level (0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA), as PRAGMA synchronous reports it.
  const setSynchronous = ['OFF', 'NORMAL', 'FULL', 'EXTRA'].map((level) => sqlite.prepare(`PRAGMA synchronous = ${level}`));
  const bArgs = new Array(BLOCK_WIDTH * ROWS_PER_STATEMENT);

  function writeBatch(importKey: number, batch: ParseBatch): void {
    const b = batch.blocks;
    // A batch is provisional until the import's final transaction, so its commit need not reach the
    // disk: synchronous=NORMAL (WAL) skips the per-commit fsync, and the final commit, at the store's
    // own FULL, syncs the WAL and with it every batch before it. Power lost before then leaves an
    // incomplete import, which start-up removes. The setting is restored before anything else runs.
    // Prepared once: sqlite.pragma() compiles its statement on every call, which measured a third of
    // the main thread's time per batch once rows were packed.
    const synchronous = readSynchronous.get() as number;
    setSynchronous[1].run();
    try {
      writeRows(importKey, batch, b);
    } finally {
      setSynchronous[synchronous]?.run();
    }
  }

  function writeRows(importKey: number, batch: ParseBatch, b: ParseBatch['blocks']): void {
    inTransaction(sqlite, () => {
      for (const c of batch.contigs) insertContig.run(importKey, c.code, c.name, c.chrom, c.length);
      // Ids are assigned here (not by SQLite) so raw annotations can point at their row without a
      // round trip per row; the transaction holds the write lock, so the last id cannot move underneath.
      const firstId = Math.max((lastChunkEnd.get() as number | undefined) ?? 0, (maxLegacyId.get() as number | null) ?? 0) + 1;
      let row = 0;
      for (const c of batch.chunks) {
        insertChunk.run(firstId + row, importKey, c.chrom, c.count, c.minPos, c.maxPos, c.maxEnd, Buffer.from(c.data));
        row += c.count;
      }
      for (const a of batch.annotations) insertAnnotation.run(importKey, firstId + a.row, a.key, a.value);

      let j = 0;
      for (; j + ROWS_PER_STATEMENT <= b.count; j += ROWS_PER_STATEMENT) {
        for (let k = 0; k < ROWS_PER_STATEMENT; k++) fillBlock(bArgs, k * BLOCK_WIDTH, b, batch.strings, j + k, importKey);
        insertBlocksMany.run(bArgs);
      }
      const oneBlock = new Array(BLOCK_WIDTH);
      for (; j < b.count; j++) {
        fillBlock(oneBlock, 0, b, batch.strings, j, importKey);
        insertBlockOne.run(oneBlock);
      }
    });
  }

  return {
    /** Creates the invisible 'importing' row; returns its compact key. */
    begin(row: Omit<NewImportRow, 'key'>): number {
      return inTransaction(sqlite, () => {
        const key = nextKey.get() as number;
        insertImport.run({ ...row, key });
        return key;
      });
    },
    writeBatch,
    /** The import's last transaction: totals, status 'complete', audit row. Visible from here on. */
    complete(id: string, totals: ImportTotals, importedAt: string, audit: { actor: string; changes: Record<string, unknown> }): void {
      inTransaction(sqlite, () => {
        const r = completeImport.run({ id, ...totals, importedAt });
        if (r.changes !== 1) throw new Error(`import ${id} is no longer being imported`);
        writeAudit(sqlite, { at: importedAt, actor: audit.actor, entityType: 'import', entityId: id, action: 'import', changes: audit.changes });
      });
    },
    /**
     * Deletes up to DELETE_CHUNK rows of an unfinished import; returns false once nothing is left (the
     * import row itself is deleted last, so a crash mid-way leaves an 'importing' row to find again).
     */
    removeChunk(importKey: number): boolean {
      return inTransaction(sqlite, () => {
        let n = deleteAnnotations.run(importKey, DELETE_CHUNK).changes;
        if (n === 0) n = deleteChunks.run(importKey, DELETE_VARIANT_CHUNKS).changes;
        if (n === 0) n = deleteLegacyVariants.run(importKey, DELETE_CHUNK).changes;
        if (n === 0) n = deleteBlocks.run(importKey, DELETE_CHUNK).changes;
        if (n > 0) return true;
        deleteContigs.run(importKey);
        deleteImportRow.run(importKey);
        return false;
      });
    },
  };
}

function text(strings: string[], code: number): string | null {
  return code === NO_STRING ? null : strings[code];
}

function fillBlock(args: unknown[], o: number, b: ParseBatch['blocks'], strings: string[], j: number, importKey: number): void {
  args[o] = importKey;
  args[o + 1] = b.chrom[j];
  args[o + 2] = b.start[j];
  args[o + 3] = b.end[j];
  args[o + 4] = strings[b.ref[j]];
  args[o + 5] = text(strings, b.alt[j]);
  args[o + 6] = text(strings, b.gt[j]);
  args[o + 7] = orNull(b.gq[j]);
  args[o + 8] = orNull(b.dp[j]);
  args[o + 9] = b.line[j];
}
