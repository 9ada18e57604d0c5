// A store written by the previous GenoDesk (migrations up to 0006: one SQLite row per variant in `variants`)
// is opened by this one: migration 0007 adds variant_chunks, and start-up (createGenoDesk) packs the old
// rows into chunks, keeping their ids, so annotations that point at a variant id still find it. The rows
// read back must be exactly the rows the old version stored.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import { DEFAULT_MIGRATIONS_FOLDER, openStore } from '../../../electron/main/db/connection.ts';
import type { Store } from '../../../electron/main/db/connection.ts';
import { storeFile } from '../../../electron/main/data-dir.ts';
import { convertLegacyVariants } from '../../../electron/main/services/vcf/legacy-variants.ts';
import { createStoredVariants } from '../../../electron/main/services/vcf/stored-variants.ts';
import type { StoredVariant } from '../../../electron/main/services/vcf/stored-variants.ts';
import { AppError } from '../../../shared/errors.ts';
import { storeChecksum } from '../../helpers/store.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { VCF_DATA, addPatient } from './vcf-test-helpers.ts';

const KEY = 'legacy-key';
const { dir, cleanup } = makeTempDir('genodesk-legacy-variants-');
afterAll(cleanup);

/** The previous version's migrations: this build's, without 0007_variant_chunks and anything after it. */
function previousMigrations(): string {
  const out = path.join(dir, 'migrations-0006');
  if (fs.existsSync(out)) return out;
  fs.cpSync(DEFAULT_MIGRATIONS_FOLDER, out, { recursive: true });
  const journalFile = path.join(out, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { idx: number; tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === '0007_variant_chunks');
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return out;
}

function addImport(store: Store, patientId: string, key: number, status: 'complete' | 'importing'): void {
  store.sqlite
    .prepare(
      `INSERT INTO imports (id, key, patient_id, file, file_name, file_bytes, sha256, sample, build, build_source, vcf_version, status, header, actor, started_at)
       VALUES (?, ?, ?, '/data/old.vcf', 'old.vcf', 1, ?, 'S1', 'GRCh38', 'header', '4.2', ?, '', 'old-version', '2025-01-01T00:00:00Z')`,
    )
    .run(`import-${key}`, key, patientId, `sha-${key}`, status);
}

const REFS = ['A', 'ACGT', 'G', 'ACGTACGTACGTACGTACGT', 'T'];

/** A varied legacy row: every nullable column null in some rows, REALs with fractions, non-ASCII text. */
function legacyRow(id: number, importKey: number, chrom: number): StoredVariant {
  const i = id;
  return {
    id,
    import_key: importKey,
    chrom,
    // File order need not be position order.
    pos: 10_000 + ((i * 7919) % 50_000),
    ref: REFS[i % REFS.length],
    alt: i % 11 === 0 ? '<DEL>' : 'C',
    ids: i % 4 === 0 ? null : `rs${100_000 + i}`,
    qual: i % 5 === 0 ? null : i / 3,
    filter: i % 6 === 0 ? null : i % 6 === 1 ? 'LowQual;q10' : 'PASS',
    gt: i % 9 === 0 ? null : i % 2 ? '0/1' : '1|1',
    zygosity: i % 8,
    ps: i % 3 === 0 ? 1_000_000 + i : null,
    gq: i % 7 === 0 ? null : (i % 100) + 0.5,
    dp: i % 10 === 0 ? null : i % 300,
    ad_ref: i % 13 === 0 ? null : i % 40,
    ad_alt: i % 17 === 0 ? null : i % 41,
    info: i % 2 === 0 ? null : i % 3 === 0 ? `END=${20_000 + i};SVTYPE=DEL;NOTE=café🧬` : 'AF=0.5',
    original: i % 12 === 0 ? JSON.stringify({ line: i, pos: 9, ref: 'AC', alts: ['A', 'G'], gt: '1/2' }) : null,
  };
}

const COLUMNS = ['id', 'import_key', 'chrom', 'pos', 'ref', 'alt', 'ids', 'qual', 'filter', 'gt', 'zygosity', 'ps', 'gq', 'dp', 'ad_ref', 'ad_alt', 'info', 'original'] as const;

function insertLegacy(store: Store, rows: StoredVariant[]): void {
  const insert = store.sqlite.prepare(`INSERT INTO variants (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`);
  store.sqlite.transaction(() => {
    for (const r of rows) insert.run(r);
  })();
}

/** Rows with ids in [from, to], of one import and chromosome. */
function run(from: number, to: number, importKey: number, chrom: number): StoredVariant[] {
  return Array.from({ length: to - from + 1 }, (_, k) => legacyRow(from + k, importKey, chrom));
}

function chunkHeaders(store: Store, importKey: number): { firstId: number; count: number; chrom: number; minPos: number; maxPos: number; maxEnd: number }[] {
  return store.sqlite
    .prepare('SELECT first_id AS firstId, count, chrom, min_pos AS minPos, max_pos AS maxPos, max_end AS maxEnd FROM variant_chunks WHERE import_key = ? ORDER BY first_id')
    .all(importKey) as never;
}

// Import 1 (complete): 3,000 rows on chr1 (more than one chunk), chr2 with a gap in its ids (an import
// removed in between, say), then chrX. Import 2 was left 'importing' by a crash: converted too, so
// start-up removal finds it as it finds any other unfinished import.
const import1 = [...run(1, 3000, 1, 1), ...run(3001, 3100, 1, 2), ...run(3201, 3300, 1, 2), ...run(3301, 3310, 1, 23)];
const import2 = run(4000, 4100, 2, 21);
const ANNOTATED_ID = 3250;

describe('legacy variant rows', () => {
  it('a previous-version store opens with its rows packed, ids kept, every column as stored, and a second start changes nothing', async () => {
    const dataDir = path.join(dir, 'data');
    const old = openStore({ file: storeFile(dataDir), key: KEY, migrationsFolder: previousMigrations() });
    expect(old.sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'variant_chunks'").pluck().get()).toBe(0);
    const patientId = addPatient(old);
    addImport(old, patientId, 1, 'complete');
    addImport(old, patientId, 2, 'importing');
    insertLegacy(old, [...import1, ...import2]);
    old.sqlite.prepare("INSERT INTO variant_raw_annotations (import_key, variant_id, key, value) VALUES (1, ?, 'CSQ', 'C|missense_variant|MODERATE|GENE1')").run(ANNOTATED_ID);
    // What the old version stored, as it reads back (REALs as SQLite returns them).
    const before = old.sqlite.prepare(`SELECT ${COLUMNS.join(', ')} FROM variants ORDER BY id`).all() as StoredVariant[];
    old.close();
    expect(before).toEqual([...import1, ...import2]);

    const app = createGenoDesk({ dataDir, dbKey: KEY, actor: 'tester' });
    try {
      const { store } = app;
      const stored = createStoredVariants(store);
      expect(store.sqlite.prepare('SELECT count(*) FROM variants').pluck().get()).toBe(0);
      expect(stored.allRows(1)).toEqual(import1);
      expect(stored.allRows(2)).toEqual(import2);

      // Chunks: at most CHUNK_ROWS rows, one chromosome, consecutive ids (a gap starts a new chunk).
      expect(chunkHeaders(store, 1).map((h) => [h.firstId, h.count, h.chrom])).toEqual([
        [1, 2048, 1],
        [2049, 952, 1],
        [3001, 100, 2],
        [3201, 100, 2],
        [3301, 10, 23],
      ]);
      expect(chunkHeaders(store, 2).map((h) => [h.firstId, h.count, h.chrom])).toEqual([[4000, 101, 21]]);
      // Each chunk's bounds are those of its rows, so region reads find every row.
      for (const h of [...chunkHeaders(store, 1), ...chunkHeaders(store, 2)]) {
        const rows = [...import1, ...import2].filter((r) => r.id >= h.firstId && r.id < h.firstId + h.count);
        expect([h.minPos, h.maxPos, h.maxEnd]).toEqual([
          Math.min(...rows.map((r) => r.pos)),
          Math.max(...rows.map((r) => r.pos)),
          Math.max(...rows.map((r) => r.pos + r.ref.length - 1)),
        ]);
      }
      const inRegion = import1.filter((r) => r.chrom === 1 && r.pos >= 20_000 && r.pos <= 20_500).sort((a, b) => a.pos - b.pos || a.id - b.id);
      expect(inRegion.length).toBeGreaterThan(0);
      expect(stored.rowsWithPosIn(1, 1, 20_000, 20_500)).toEqual(inRegion);

      // The raw annotation still points at its variant.
      const annotation = store.sqlite.prepare('SELECT import_key AS importKey, variant_id AS variantId FROM variant_raw_annotations').get() as { importKey: number; variantId: number };
      expect(stored.rowById(annotation.importKey, annotation.variantId)).toEqual(import1.find((r) => r.id === ANNOTATED_ID));
      // No row in the id gap.
      expect(stored.rowById(1, 3150)).toBeUndefined();

      // A second start-up: nothing to convert, nothing changed.
      const checksum = storeChecksum(store);
      expect(convertLegacyVariants(store)).toEqual({ imports: 0, rows: 0 });
      expect(storeChecksum(store)).toBe(checksum);

      // A new import numbers its rows after the converted ones, and leaves them as they were.
      const fresh = await app.imports.importVcf({ file: path.join(VCF_DATA, 'htslib-tests/tabix/vcf_file.vcf'), patientId: addPatient(store), sample: 'A' });
      expect(fresh.status).toBe('complete');
      const freshKey = store.sqlite.prepare('SELECT key FROM imports WHERE id = ?').pluck().get(fresh.id) as number;
      const freshRows = stored.allRows(freshKey);
      expect(freshRows).toHaveLength(fresh.variants);
      expect(freshRows[0].id).toBeGreaterThan(4100);
      expect(stored.allRows(1)).toEqual(import1);
      expect(stored.allRows(2)).toEqual(import2);
    } finally {
      await app.close();
    }
  });

  it('one transaction per import: an import that cannot be converted is left exactly as it was, the others converted', () => {
    const store = openStore({ file: path.join(dir, 'partial.db'), key: KEY, migrationsFolder: previousMigrations() });
    const patientId = addPatient(store);
    addImport(store, patientId, 1, 'complete');
    addImport(store, patientId, 2, 'complete');
    insertLegacy(store, [...run(1, 50, 1, 1), ...run(51, 80, 2, 2)]);
    store.close();

    const reopened = openStore({ file: path.join(dir, 'partial.db'), key: KEY });
    try {
      // A packed chunk already holding id 70 (which could only come from a damaged store): import 2's ids
      // 51-80 cannot be kept, so converting it must fail as a whole.
      reopened.sqlite
        .prepare("INSERT INTO variant_chunks (first_id, import_key, chrom, count, min_pos, max_pos, max_end, data) VALUES (70, 9, 2, 5, 1, 1, 1, x'00')")
        .run();
      const legacyOf2 = () => reopened.sqlite.prepare('SELECT * FROM variants WHERE import_key = 2 ORDER BY id').all();
      const untouched = legacyOf2();
      let error: unknown;
      try {
        convertLegacyVariants(reopened);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('db/migration-failed');
      expect(reopened.sqlite.prepare('SELECT count(*) FROM variants WHERE import_key = 1').pluck().get()).toBe(0);
      expect(createStoredVariants(reopened).allRows(1)).toEqual(run(1, 50, 1, 1));
      expect(legacyOf2()).toEqual(untouched);
      expect(reopened.sqlite.prepare('SELECT count(*) FROM variant_chunks WHERE import_key = 2').pluck().get()).toBe(0);

      // Once the obstacle is gone, the next start converts what is left.
      reopened.sqlite.prepare('DELETE FROM variant_chunks WHERE import_key = 9').run();
      expect(convertLegacyVariants(reopened)).toEqual({ imports: 1, rows: 30 });
      expect(createStoredVariants(reopened).allRows(2)).toEqual(run(51, 80, 2, 2));
    } finally {
      reopened.close();
    }
  });
});
