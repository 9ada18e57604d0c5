// Streams a reference VCF (ClinVar, gnomAD sites) into one SQLite table inside a pack, in bounded memory:
// rows go in batches, one write transaction each, and the file is deleted if anything fails, so a pack never
// holds a half-written table. Plain SQLite, not SQLCipher: packs hold only public reference data.
import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../../shared/errors.ts';
import { readVcf } from './vcf-lines.ts';
import type { VcfHeader, VcfRecord } from './vcf-lines.ts';

// Rows per write transaction: small enough that one batch keeps the event loop under ~50 ms on a loaded laptop.
const BATCH = 2_000;

export interface VcfTableSpec {
  /** What the file should be, for errors: "a ClinVar VCF", "a gnomAD sites VCF". */
  expected: string;
  /** What is being written, for the disk-full error: "the ClinVar table". */
  table: string;
  /** CREATE TABLE statements (a `meta (key, value)` table is created as well). */
  schema: string;
  /** INSERT statement of one row. */
  insert: string;
  signal?: AbortSignal;
  onProgress?: (p: { bytes: number; totalBytes: number }) => void;
  onHeader?: (header: VcfHeader) => void;
  /** Adds the record's rows with `push`. Throwing refuses the file (the table is deleted). */
  onRecord(record: VcfRecord, push: (row: unknown[]) => void): void;
}

/** Writes the table and its `meta` pairs (given the number of rows written); returns the header and that number. */
export async function streamVcfIntoTable(
  vcf: string,
  out: string,
  spec: VcfTableSpec,
  meta: (rows: number) => Record<string, string>,
): Promise<{ header: VcfHeader; rows: number }> {
  const totalBytes = fs.statSync(vcf).size;
  const db = new Database(out);
  let header: VcfHeader | undefined;
  let rows = 0;
  let lastLine = 0;
  let bytesRead = () => 0;
  try {
    // Rebuilt from the VCF if anything fails, so no journal is needed while it is written.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT; ${spec.schema}`);
    const insert = db.prepare(spec.insert);
    const write = db.transaction((batch: unknown[][]) => {
      for (const r of batch) insert.run(r);
    });
    let batch: unknown[][] = [];
    const flush = () => {
      write(batch);
      batch = [];
      spec.onProgress?.({ bytes: bytesRead(), totalBytes });
    };
    const push = (row: unknown[]) => {
      batch.push(row);
      rows++;
    };
    await readVcf(vcf, {
      signal: spec.signal,
      bytesRead: (read) => (bytesRead = read),
      onHeader: (h) => {
        header = h;
        spec.onHeader?.(h);
      },
      onRecord: (r) => {
        lastLine = r.line;
        spec.onRecord(r, push);
        if (batch.length >= BATCH) flush();
      },
    });
    if (spec.signal?.aborted) throw new AppError('packs/cancelled', 'The pack installation was cancelled; the previous pack is still in use.', {});
    if (!header) throw new AppError('packs/corrupt', `${path.basename(vcf)} has no #CHROM header line (read ${lastLine} lines): expected ${spec.expected}.`, { file: vcf, line: lastLine });
    flush();
    const insertMeta = db.prepare('INSERT INTO meta VALUES (?, ?)');
    for (const [key, value] of Object.entries(meta(rows))) insertMeta.run(key, value);
    db.close();
    return { header, rows };
  } catch (err) {
    if (db.open) db.close();
    fs.rmSync(out, { force: true });
    const code = (err as { code?: string })?.code;
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
      throw new AppError('packs/disk-full', `The disk is full: ${spec.table} of ${path.basename(vcf)} could not be written (stopped near line ${lastLine}). The previous pack is still in use.`, {
        file: vcf,
        line: lastLine,
      });
    }
    throw err;
  }
}
