// `npm run bench:phenotype-lag [-- --runs N] [--steps 'rank 400k,stored genome']`: how long the app's main thread is held while phenotype work
// runs, with the ranking in the calling thread (as every ranking ran before the phenotype worker, and as the
// CLI still runs it) and in the phenotype worker (the app). Each step runs in a process of its own so a
// first load is really a first load. Figures: the main thread's event-loop delay (p99 and max, ms, of a 1 ms
// timer's lateness) over the step, the step's wall time, and the process's peak RSS.
//   first load      HPO release with no snapshot yet (then term search ready): parse in this thread or the worker's
//   snapshot load   the same with the snapshot an earlier process wrote (the app's usual start)
//   rank phenotype  phenotype-only ranking, release already loaded (RUNS rankings)
//   rank 400k       ranking with 400,000 candidate variants (MAX_PATIENT_VARIANTS) handed in
//   stored genome   `phenotype:prioritise` for a stored import of ~394,000 carried variants (NA12878 chr21's
//                   real calls repeated on chr1–5): reading and annotating the rows stays on the main thread
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createGenoDesk } from '../../electron/main/composition.ts';
import { DEFAULT_RESOURCES_DIR } from '../../electron/main/resources-dir.ts';
import { hpoRelease, findReleaseFiles } from '../../electron/main/services/phenotype/hpo-release.ts';
import { createPhenotypeService } from '../../electron/main/services/phenotype/phenotype-service.ts';
import { PhenotypeWorkerClient } from '../../electron/main/services/phenotype/phenotype-worker-client.ts';
import { MAX_PATIENT_VARIANTS } from '../../electron/main/services/phenotype/variants/patient-variants.ts';
import { genomeCandidates } from '../helpers/genome-candidates.ts';
import { COQ8A_STOP, plantIntoNa12878 } from '../helpers/planted-vcf.ts';

const STEPS = ['first load', 'snapshot load', 'rank phenotype', 'rank 400k', 'stored genome'] as const;
type Step = (typeof STEPS)[number];
type Mode = 'in-thread' | 'worker';
const QUERY = { observed: ['HP:0001251', 'HP:0001250', 'HP:0003546', 'HP:0001272'], excluded: ['HP:0000252'], limit: 20 };

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, step: { type: 'string' }, steps: { type: 'string' }, mode: { type: 'string' }, dir: { type: 'string' } } });

/**
 * The main thread's delay over `work` and its wall time: a 1 ms interval timer notes how late each tick came
 * (monitorEventLoopDelay missed a block that starts with the work itself: it reported 1.2 ms over a 4 s parse).
 */
async function measure(work: () => Promise<unknown>): Promise<{ p99Ms: number; maxMs: number; wallMs: number }> {
  const late: number[] = [];
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    late.push(Math.max(0, now - last - 1));
    last = now;
  };
  const timer = setInterval(tick, 1);
  await new Promise((r) => setTimeout(r, 20));
  late.length = 0;
  const t = performance.now();
  await work();
  const wallMs = performance.now() - t;
  // A block that ended the work is noted by the next tick.
  await new Promise((r) => setTimeout(r, 5));
  clearInterval(timer);
  late.sort((a, b) => a - b);
  return { p99Ms: late[Math.min(late.length - 1, Math.floor(late.length * 0.99))] ?? 0, maxMs: late.at(-1) ?? 0, wallMs };
}

async function child(step: Step, mode: Mode, dir: string): Promise<void> {
  const dataDir = path.join(dir, 'data');
  const worker = mode === 'worker' ? new PhenotypeWorkerClient() : undefined;
  const runs = Number(values.runs);
  let figures;
  if (step === 'stored genome') {
    const app = createGenoDesk({ dataDir, dbKey: 'bench', actor: 'bench', phenotypeInWorker: mode === 'worker' });
    try {
      const patient = app.patients.create({ nhsNumber: '9434765919', familyName: 'Bench', givenName: 'Genome', birthDate: '1988-02-14', sex: 'female' });
      const vcf = plantIntoNa12878(dir, 'genome', [{ row: COQ8A_STOP(), gt: '1|1' }], ['chr1', 'chr2', 'chr3', 'chr4', 'chr5']);
      await app.imports.importVcf({ file: vcf, patientId: patient.id });
      await app.phenotype.ready();
      figures = await measure(() => app.phenotype.prioritise({ ...QUERY, patientId: patient.id }));
    } finally {
      await app.close();
    }
  } else {
    const service = createPhenotypeService({ resourcesDir: DEFAULT_RESOURCES_DIR, dataDir, worker });
    const search = () => service.searchTerms('seiz');
    if (step === 'first load' || step === 'snapshot load') {
      figures = await measure(async () => {
        await service.ready();
        search();
      });
    } else {
      await service.ready();
      const variants = step === 'rank 400k' ? genomeCandidates([...hpoRelease({ files: findReleaseFiles(path.join(DEFAULT_RESOURCES_DIR, 'hpo')), source: 'bundled', cacheDir: path.join(dataDir, 'cache') }).annotations.genes.keys()], MAX_PATIENT_VARIANTS) : undefined;
      // Warm: the first ranking of a process builds lazy tables of its own.
      await service.prioritise({ ...QUERY, variants });
      figures = await measure(async () => {
        for (let i = 0; i < (variants ? 1 : runs); i++) await service.prioritise({ ...QUERY, variants });
      });
    }
  }
  await worker?.terminate();
  // The process's peak resident memory (main thread, worker and the candidates the bench itself made).
  process.stdout.write(`${JSON.stringify({ ...figures, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

function parent(): void {
  const self = new URL(import.meta.url).pathname;
  const rows: string[] = [];
  const fmt = (n: number) => n.toFixed(1).padStart(8);
  console.log(`${'step'.padEnd(16)}${'mode'.padEnd(11)}${'p99 ms'.padStart(8)}${'max ms'.padStart(8)}${'wall ms'.padStart(9)}${'peak RSS MB'.padStart(12)}`);
  const only = values.steps ? values.steps.split(',') : null;
  for (const step of STEPS.filter((s) => !only || only.includes(s))) {
    for (const mode of ['in-thread', 'worker'] as const) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-bench-phenolag-'));
      try {
        // Every step but the first load starts from the snapshot an earlier process left.
        if (step !== 'first load') execFileSync(process.execPath, [self, '--step', 'snapshot load', '--mode', 'in-thread', '--dir', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
        const out = execFileSync(process.execPath, [self, '--step', step, '--mode', mode, '--dir', dir, '--runs', values.runs], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
        const f = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { p99Ms: number; maxMs: number; wallMs: number; peakRssMb: number };
        const row = `${step.padEnd(16)}${mode.padEnd(11)}${fmt(f.p99Ms)}${fmt(f.maxMs)}${fmt(f.wallMs).padStart(9)}${f.peakRssMb.toFixed(0).padStart(12)}`;
        rows.push(row);
        console.log(row);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  console.log(`(${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; rank phenotype = ${values.runs} rankings)`);
}

if (values.step) await child(values.step as Step, (values.mode ?? 'in-thread') as Mode, values.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-bench-phenolag-')));
else parent();
