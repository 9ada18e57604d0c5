// Phenotype ranking off the main thread (issue 13): keeps the HPO release loaded (from the same snapshot
// cache as the main thread) and runs `prioritise`, phenotype only or with the candidate variants the main
// thread read from the store and sent in chunks. No store access (STYLE §4). Protocol:
// services/phenotype/worker-protocol.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../../../shared/errors.ts';
import type { RankProgress } from '../../../shared/schemas/phenotype.ts';
import { hpoRelease } from '../services/phenotype/hpo-release.ts';
import { prioritise } from '../services/phenotype/prioritise.ts';
import { GeneEvidence } from '../services/phenotype/variants/gene-evidence.ts';
import { CANCEL_SLOT, rankCancelled } from '../services/phenotype/worker-protocol.ts';
import type { FromPhenotypeWorker, ToPhenotypeWorker } from '../services/phenotype/worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('phenotype.worker.ts must run in a worker thread');
const cancelFlag = new Int32Array((workerData as { cancel: SharedArrayBuffer }).cancel);
const post = (m: FromPhenotypeWorker) => port.postMessage(m);
// The main thread passes each message on to the screen, so they stay few.
const PROGRESS_EVERY_MS = 100;

// The next job's variant evidence, gathered gene by gene as the chunks arrive (only what the inheritance fit
// can use is kept: a whole genome's candidates are never all held here at once).
let variants: { seq: number; evidence: GeneEvidence } = { seq: 0, evidence: new GeneEvidence() };
// Jobs run one after another, so every job up to the flagged one has either ended or been cancelled.
const cancelled = (seq: number) => Atomics.load(cancelFlag, CANCEL_SLOT) >= seq;

function progress(seq: number): (p: RankProgress) => void {
  let last = 0;
  let phase: RankProgress['phase'] | null = null;
  return (p) => {
    const now = Date.now();
    // A new phase is always said: the screen names what is running, however quickly it goes.
    if (p.phase === phase && now - last < PROGRESS_EVERY_MS && p.done < p.total) return;
    last = now;
    phase = p.phase;
    post({ type: 'progress', seq, progress: p });
  };
}

port.on('message', (m: ToPhenotypeWorker) => {
  if (m.type === 'variants') {
    if (variants.seq !== m.seq) variants = { seq: m.seq, evidence: new GeneEvidence() };
    if (!cancelled(m.seq)) for (const v of m.variants) variants.evidence.add(v);
    return;
  }
  // Evidence of an earlier job that never asked to rank (cancelled while its import was being read) is dropped.
  if (variants.seq !== m.seq) variants = { seq: 0, evidence: new GeneEvidence() };
  try {
    if (cancelled(m.seq)) throw rankCancelled({ seq: m.seq });
    const report = progress(m.seq);
    report({ phase: 'loading', done: 0, total: 1 });
    const data = hpoRelease(m.release);
    if (m.type === 'load') {
      post({ type: 'loaded', seq: m.seq });
      return;
    }
    const candidates = m.withVariants ? (variants.seq === m.seq ? variants.evidence : new GeneEvidence()) : undefined;
    const result = prioritise(data, {
      ...m.query,
      variants: candidates,
      checkpoint: (done, total) => {
        if (cancelled(m.seq)) throw rankCancelled({ seq: m.seq });
        report({ phase: 'ranking', done, total });
      },
    });
    post({ type: 'done', seq: m.seq, result });
  } catch (err) {
    post({ type: 'error', seq: m.seq, error: serializeError(err) });
  } finally {
    // The evidence is the job's only sizeable state: dropped as soon as it ends, however it ends.
    if (variants.seq === m.seq) variants = { seq: 0, evidence: new GeneEvidence() };
  }
});
