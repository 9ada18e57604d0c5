// Issue 4 §4: a process importing a real file (NA12878 Platinum Genomes GRCh38 chr21, 65,370 records, in
// batches of 1,500) is SIGKILLed at random moments. After reopening the store and removing incomplete
// imports, the import is either absent or complete and identical to a clean import, never partial; and
// importing again then succeeds.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/main/db/connection.ts';
import type { Store } from '../../../electron/main/db/connection.ts';
import { createImportService, removeIncompleteImports } from '../../../electron/main/services/vcf/import-service.ts';
import { createStoredVariants } from '../../../electron/main/services/vcf/stored-variants.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { onLines } from '../../helpers/child-lines.ts';
import { VCF_DATA, addPatient } from './vcf-test-helpers.ts';

const FILE = path.join(VCF_DATA, 'platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz');
const CHILD = path.join(REPO_ROOT, 'test/integration/vcf/kill-import-child.ts');
const KEY = 'kill-key';
/** Data records in FILE. */
const RECORDS = 65_370;
const { dir, cleanup } = makeTempDir('genodesk-vcf-kill-');
const DB = path.join(dir, 'kill.db');
let reference: string;
/** How long a clean import of FILE takes here (ms). */
let importMs = 1000;

/** Everything an import stored, independent of ids and keys. */
function digest(store: Store, importId: string): string {
  const k = store.sqlite.prepare('SELECT key FROM imports WHERE id = ?').pluck().get(importId) as number;
  const imp = store.sqlite.prepare('SELECT records, alleles, variants, reference_blocks, het, hom_alt, hom_ref, no_call, transitions, transversions, sha256, sample, build FROM imports WHERE id = ?').get(importId);
  const rows = createStoredVariants(store)
    .allRows(k)
    .map((r) => [r.chrom, r.pos, r.ref, r.alt, r.ids, r.qual, r.filter, r.gt, r.zygosity, r.ps, r.gq, r.dp, r.ad_ref, r.ad_alt, r.info, r.original]);
  const blocks = store.sqlite.prepare('SELECT chrom, start_pos, end_pos, ref, alt, gt, gq, dp, line FROM reference_blocks WHERE import_key = ? ORDER BY id').raw().all(k);
  const contigs = store.sqlite.prepare('SELECT code, name, chrom, length FROM import_contigs WHERE import_key = ? ORDER BY code').raw().all(k);
  return JSON.stringify({ imp, rows, blocks, contigs });
}

/** When to kill: `delayMs` after the child says it is starting the import, or as soon as it reports `records` stored. */
type KillPoint = { delayMs: number } | { records: number };

/** Runs the child and SIGKILLs it at `point`. */
function runAndKill(patientId: string, point: KillPoint): Promise<{ killed: boolean; records: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, DB, KEY, patientId, FILE], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let records = 0;
    child.stderr.on('data', (d) => (stderr += d));
    onLines(child.stdout, (line) => {
      if (line === 'ready' && 'delayMs' in point) setTimeout(() => child.kill('SIGKILL'), point.delayMs);
      if (line.startsWith('progress ')) {
        records = Number(line.slice(9));
        if ('records' in point && records >= point.records) child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ killed: signal === 'SIGKILL', records });
      else reject(new Error(`import child failed (${code}): ${stderr}`));
    });
  });
}

beforeAll(async () => {
  // The reference: a clean import of the same file in a store of its own.
  const refStore = openStore({ file: path.join(dir, 'reference.db'), key: KEY });
  const t0 = performance.now();
  const imp = await createImportService({ store: refStore, actor: 'kill-test', batchRows: 1500 }).importVcf({ file: FILE, patientId: addPatient(refStore) });
  importMs = performance.now() - t0;
  reference = digest(refStore, imp.id);
  refStore.close();
}, 120_000);
afterAll(cleanup);

describe('kill test: VCF import', () => {
  it('after SIGKILL at random points the import is absent or complete and correct, and importing again succeeds', async () => {
    // At once, then random moments through the import (hashing, header, batches, the final commit), then
    // at random numbers of records stored (a child's start-up can outlast the whole read of this file, so
    // moments alone may all fall before the first batch or after the last; progress comes every ~100 ms,
    // so the thresholds are low enough to be passed before the end), and one run left to finish.
    const points: KillPoint[] = [
      { delayMs: 0 },
      ...[0.1, 0.3, 0.5, 0.7, 0.9, 1.1].map((f) => ({ delayMs: Math.round(importMs * f * (0.75 + Math.random() / 2)) })),
      ...[0.02, 0.25].map((f) => ({ records: Math.round(RECORDS * f * (0.75 + Math.random() / 2)) })),
      { delayMs: Math.round(importMs * 20) },
    ];
    const outcomes: string[] = [];
    for (const point of points) {
      const setup = openStore({ file: DB, key: KEY });
      const patientId = addPatient(setup);
      setup.close();

      const { killed, records } = await runAndKill(patientId, point);

      const store = openStore({ file: DB, key: KEY });
      try {
        await removeIncompleteImports(store);
        expect(store.sqlite.prepare("SELECT count(*) FROM imports WHERE status != 'complete'").pluck().get()).toBe(0);
        // Nothing belongs to an import that does not exist.
        for (const table of ['variant_chunks', 'variants', 'reference_blocks', 'import_contigs', 'variant_raw_annotations']) {
          expect(store.sqlite.prepare(`SELECT count(*) FROM ${table} WHERE import_key NOT IN (SELECT key FROM imports)`).pluck().get(), table).toBe(0);
        }
        expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
        const service = createImportService({ store, actor: 'kill-test' });
        const present = service.listImports({ patientId });
        expect(present.length).toBeLessThanOrEqual(1);
        if (present.length === 1) expect(digest(store, present[0].id)).toBe(reference);
        const at = 'delayMs' in point ? `+${point.delayMs} ms` : `≥ ${point.records} records`;
        outcomes.push(`${killed ? `killed at ${at} (${records} records stored)` : 'finished'}: ${present.length ? 'complete' : 'absent'}`);

        const again = await service.importVcf({ file: FILE, patientId });
        expect(again.status).toBe(present.length ? 'duplicate' : 'complete');
        expect(digest(store, again.id)).toBe(reference);
      } finally {
        store.close();
      }
    }
    console.log(`kill test outcomes (a clean import takes ${Math.round(importMs)} ms):\n  ${outcomes.join('\n  ')}`);
    // Kills landed mid-import (rows stored, import absent afterwards), and the last run finished.
    expect(outcomes.some((o) => /\(([1-9]\d*) records stored\): absent/.test(o))).toBe(true);
    expect(outcomes[outcomes.length - 1]).toBe('finished: complete');
  }, 300_000);
});
