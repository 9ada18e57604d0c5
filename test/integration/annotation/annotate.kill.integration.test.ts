// Issue 15: a process re-annotating a stored import (packed chunks written 32 to a transaction) is SIGKILLed
// at random moments and while chunks are being stored. After the next start (removeStaleRuns), the import's
// current annotation is either the previous run or the complete new one, never a mixture: it reads back
// exactly as before, the previous run is kept (superseded) when the new one completed, and no chunk of the
// killed run is left.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import type { AnnotatedVariant } from '../../../shared/schemas/annotation.ts';
import { NA12878_GRCH38 } from '../../helpers/annotation-vcfs.ts';
import { onLines } from '../../helpers/child-lines.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const CHILD = path.join(REPO_ROOT, 'test/integration/annotation/kill-annotate-child.ts');
const { dir, cleanup } = makeTempDir('genodesk-annotate-kill-');
const dataDir = path.join(dir, 'data');
let patientId = '';
let importId = '';
let firstRunId = '';
let annotateMs = 2000;
let expected: AnnotatedVariant[] = [];

type KillPoint = { delayMs: number } | { storedAtLeast: number };

function runAndKill(point: KillPoint): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, patientId], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    onLines(child.stdout, (line) => {
      if (line === 'ready' && 'delayMs' in point) setTimeout(() => child.kill('SIGKILL'), point.delayMs);
      const [word, phase, done] = line.split(' ');
      if (word === 'progress' && phase === 'annotating' && 'storedAtLeast' in point && Number(done) >= point.storedAtLeast) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ killed: signal === 'SIGKILL' });
      else reject(new Error(`annotate child failed (${code}): ${stderr}`));
    });
  });
}

function open() {
  return createGenoDesk({ dataDir, dbKey: 'kill', actor: 'kill-test', cleanUpAtStart: true });
}

function storedOf(app: ReturnType<typeof open>, runId?: string): AnnotatedVariant[] {
  const out: AnnotatedVariant[] = [];
  for (const s of app.annotation.storedAnnotations(importId, runId)) if (s.annotated) out.push(s.annotated);
  return out;
}

beforeAll(async () => {
  const app = createGenoDesk({ dataDir, dbKey: 'kill', actor: 'kill-test' });
  await app.packs.install({ builtInId: 'grch38-chr21-ensembl84-demo' });
  await app.packs.install({ builtInId: 'clinvar-20211025-grch38-testset' });
  patientId = app.patients.create({ nhsNumber: '9434765919', familyName: 'Kill', givenName: 'Test', birthDate: '1970-01-01' }).id;
  importId = (await app.imports.importVcf({ file: NA12878_GRCH38, patientId })).id;
  const t = performance.now();
  firstRunId = (await app.annotation.annotate({ patientId })).runs[0].id;
  annotateMs = performance.now() - t;
  expected = storedOf(app);
  await app.close();
}, 180_000);
afterAll(cleanup);

describe('an annotation run killed at any moment', () => {
  // 65,370 records are ~33 packed chunks committed 8 at a time: a kill after 40,000 leaves committed chunks
  // of the unfinished run behind.
  const points: KillPoint[] = [{ storedAtLeast: 2048 }, { storedAtLeast: 40_000 }, { delayMs: -1 }, { delayMs: -1 }];
  it.each(points.map((p, i) => [i, p] as const))('kill %i leaves the previous annotation or the whole new one, and nothing half-written', async (_i, p) => {
    const point = 'delayMs' in p ? { delayMs: Math.floor(200 + Math.random() * annotateMs) } : p;
    const app0 = open();
    const before = app0.annotation.status(patientId).imports[0].run?.id;
    await app0.close();
    const { killed } = await runAndKill(point);
    // What the kill left, before any clean-up: the killed run's committed chunks, if it got that far.
    const raw = createGenoDesk({ dataDir, dbKey: 'kill', actor: 'kill-test' });
    const left = raw.store.sqlite
      .prepare("SELECT count(*) FROM annotation_chunks c JOIN annotation_runs r ON r.key = c.run_key WHERE r.status = 'running'")
      .pluck()
      .get() as number;
    await raw.close();
    if (killed) console.log(`killed at ${JSON.stringify(point)}, leaving ${left} chunks of the unfinished run`);
    if (killed && 'storedAtLeast' in point && point.storedAtLeast > 20_000) expect(left).toBeGreaterThan(0);
    const app = open(); // start-up clean-up runs here
    try {
      const { sqlite } = app.store;
      const runs = app.annotation.runsOf(importId);
      const current = runs.find((r) => r.current);
      // Either nothing of the killed run is visible, or all of it is (its commit landed before the kill).
      if (!killed || current?.id !== before) expect(current?.variants).toBe(expected.length);
      expect(runs.filter((r) => r.current)).toHaveLength(1);
      // Current annotation: exactly what the first run stored (the same packs), whichever run it is.
      expect(storedOf(app)).toEqual(expected);
      // The very first run is still readable, superseded or current.
      expect(storedOf(app, firstRunId)).toEqual(expected);
      await app.annotation.removeStaleRuns();
      expect(sqlite.prepare("SELECT count(*) FROM annotation_runs WHERE status = 'running'").pluck().get()).toBe(0);
      const keys = sqlite.prepare("SELECT key FROM annotation_runs WHERE status IN ('complete', 'superseded')").pluck().all() as number[];
      expect(sqlite.prepare(`SELECT count(*) FROM annotation_chunks WHERE run_key NOT IN (${keys.join(',')})`).pluck().get()).toBe(0);
      expect(sqlite.prepare("SELECT count(*) FROM annotation_runs WHERE import_id = ? AND status = 'complete'").pluck().get(importId)).toBe(1);
    } finally {
      await app.close();
    }
  }, 120_000);
});
