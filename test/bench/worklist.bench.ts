// npm run bench:worklist — 10,000 patients with cases in every state (awaiting import … report issued), with
// unclassified candidates, changes waiting for sync, conflicts and medication alerts, plus a lab's history (100,000 outbox rows
// already sent, 50,000 lab classifications), then time the worklist queries a counsellor makes.
// Target: every query answers in ≤ 100 ms. Prints figures; not a pass/fail test.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../electron/main/db/connection.ts';
import { createWorklistService } from '../../electron/main/services/worklist/worklist-service.ts';
import type { WorklistQuery } from '../../shared/schemas/worklist.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { seedWorklistCases } from '../helpers/worklist-cases.ts';

const N = Number(process.env.BENCH_PATIENTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const { dir, cleanup } = makeTempDir('genodesk-bench-');
const store = openStore({ file: path.join(dir, 'bench.db'), key: 'bench' });
const t0 = performance.now();
const cases = seedWorklistCases(store, N);
const db = store.sqlite;
db.transaction(() => {
  const sent = db.prepare(`INSERT INTO sync_outbox (entity_type, entity_id, op, entity_version, created_at, status, sent_at) VALUES ('patient', ?, 'update', 1, '2026-01-01', 'sent', '2026-01-01')`);
  for (let i = 0; i < 100_000; i++) sent.run(cases[i % cases.length].id);
  const cls = db.prepare(
    `INSERT INTO diagnosis_classifications (id, variant_id, build, chrom, pos, ref, alt, version, acmg_class, points, criteria, explanation, comment, created_at, created_by)
     VALUES (?, ?, 'GRCh38', 'chr2', ?, 'A', 'G', 1, 'Benign', -8, '[]', '', '', '2026-01-01', 'bench')`,
  );
  for (let i = 0; i < 50_000; i++) cls.run(`hist-${i}`, `GRCh38:chr2-${i + 1}-A-G`, i + 1);
})();
db.pragma('optimize');
console.log(`seeded ${N.toLocaleString()} patients (every case state) + history in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const worklist = createWorklistService({ store });
const queries: [string, WorklistQuery][] = [
  ['start screen (most to do first, 50 rows)', {}],
  ['sorted by name', { sort: 'name' }],
  ['sorted by status, descending', { sort: 'status', direction: 'desc' }],
  ['status = report draft', { statuses: ['report-draft'] }],
  ['needs: unclassified tier 1–2', { needs: 'unclassified-candidates' }],
  ['needs: sync conflicts', { needs: 'sync-conflicts' }],
  ['needs: medication alerts', { needs: 'medication-alerts' }],
  ['needs anything', { needs: 'any' }],
  ['search "smi"', { search: 'smi' }],
  ['search + status, no match', { search: 'zzzz', statuses: ['awaiting-consent'] }],
  ['page 20 by name', { sort: 'name', offset: 1000, limit: 50 }],
];
/** A worklist query right after a write (the stage and action maps are rebuilt): the worst case. */
function coldQuery(): number {
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    db.prepare("UPDATE patients SET updated_at = updated_at WHERE id = ?").run(cases[r].id);
    const s = performance.now();
    worklist.list({});
    times.push(performance.now() - s);
  }
  return times.sort((a, b) => a - b)[2];
}
const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
console.log(`\nfirst query after a change (nothing cached): ${coldQuery().toFixed(1)} ms`);
console.log(`\nworklist query (${RUNS} runs each)                   min  median    p95     max   matches`);
for (const [label, q] of queries) {
  const times: number[] = [];
  let total = 0;
  for (let r = 0; r < RUNS; r++) {
    const s = performance.now();
    total = worklist.list(q).total;
    times.push(performance.now() - s);
  }
  console.log(`${label.padEnd(46)} ${Math.min(...times).toFixed(1).padStart(6)} ${pct(times, 50).toFixed(1).padStart(6)} ms ${pct(times, 95).toFixed(1).padStart(6)} ${Math.max(...times).toFixed(1).padStart(7)} ${String(total).padStart(8)}`);
}
const overviewTimes: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const s = performance.now();
  worklist.overview(cases[(r * 37) % cases.length].id);
  overviewTimes.push(performance.now() - s);
}
console.log(`${'case overview (one patient)'.padEnd(46)} ${Math.min(...overviewTimes).toFixed(1).padStart(6)} ${pct(overviewTimes, 50).toFixed(1).padStart(6)} ms ${pct(overviewTimes, 95).toFixed(1).padStart(6)} ${Math.max(...overviewTimes).toFixed(1).padStart(7)}`);
store.close();
cleanup();
