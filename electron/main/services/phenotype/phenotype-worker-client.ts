// The main thread's side of phenotype.worker.ts: one long-lived worker that keeps the HPO release loaded,
// jobs run one at a time in the order asked, each a promise with progress and an AbortSignal.
//
// Why a worker: parsing the release holds a thread for 2–5 s and a ranking over a whole genome's candidate
// variants for seconds more; on the main thread that froze the window and every IPC call behind it.
import { Worker } from 'node:worker_threads';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError, fromSerialized } from '../../../../shared/errors.ts';
import type { CandidateVariantInput } from '../../../../shared/schemas/diagnosis.ts';
import type { PrioritiseResult, RankProgress } from '../../../../shared/schemas/phenotype.ts';
import type { HpoReleaseRef } from './hpo-release.ts';
import { CANCEL_SLOT, rankCancelled } from './worker-protocol.ts';
import type { FromPhenotypeWorker, RankQuery, ToPhenotypeWorker } from './worker-protocol.ts';

/** Tests and the harness run the TypeScript source under Node 24; the desktop app passes its bundle's path. */
export const DEFAULT_PHENOTYPE_WORKER_URL = new URL('../../workers/phenotype.worker.ts', import.meta.url);

/**
 * Heap caps of the worker. Its live set is the release (~100 MB: ontology, closure, profiles, postings)
 * plus one job's evidence, at most three hits per gene (gene-evidence.ts); the messages of variants in
 * flight come on top until collected (used heap peaked at 445 MB with 400,000 candidates, bench:phenotype-lag
 * and docs/phenotype.md). A worker that reaches the cap stops with phenotype/worker-failed; the next job
 * starts a new one.
 */
export const PHENOTYPE_WORKER_LIMITS = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 32 };

/**
 * Variants per message. Cloning a message holds the main thread (~3 µs a variant), so a whole genome goes
 * in pieces of a few tens of milliseconds with the event loop served in between.
 */
export const VARIANTS_PER_MESSAGE = 4096;

/** Hands variants to `send` a batch at a time (awaiting each), then returns the sources and notes of what it read. */
export type VariantFeed = (send: (batch: CandidateVariantInput[]) => Promise<void>) => Promise<{ sources?: Record<string, unknown>; notes?: string[] }>;

export interface RankJobOptions {
  signal?: AbortSignal;
  onProgress?: (p: RankProgress) => void;
}

interface Running {
  seq: number;
  onProgress?: (p: RankProgress) => void;
  settle: (m: FromPhenotypeWorker | AppError) => void;
}

export class PhenotypeWorkerClient {
  private readonly workerUrl: URL | string;
  private readonly limits: typeof PHENOTYPE_WORKER_LIMITS;
  private worker: Worker | null = null;
  private readonly cancel = new Int32Array(new SharedArrayBuffer(4));
  private seq = 0;
  private running: Running | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(opts: { workerUrl?: URL | string; limits?: typeof PHENOTYPE_WORKER_LIMITS } = {}) {
    this.workerUrl = opts.workerUrl ?? DEFAULT_PHENOTYPE_WORKER_URL;
    this.limits = opts.limits ?? PHENOTYPE_WORKER_LIMITS;
  }

  /** Loads the release in the worker (writing its snapshot when there is none yet). */
  async load(release: HpoReleaseRef): Promise<void> {
    await this.enqueue((seq, send) => send({ type: 'load', seq, release }), {});
  }

  /**
   * `variants`: a list, or a feed that hands them over a batch at a time (a stored import read page by page,
   * so the main thread never holds a genome's candidates) and then says what the query's sources and notes lack.
   */
  prioritise(release: HpoReleaseRef, query: RankQuery, variants: CandidateVariantInput[] | VariantFeed | undefined, job: RankJobOptions = {}): Promise<PrioritiseResult> {
    return this.enqueue(async (seq, send) => {
      const sendAll = async (list: CandidateVariantInput[], progress: boolean): Promise<void> => {
        for (let i = 0; i < list.length; i += VARIANTS_PER_MESSAGE) {
          if (job.signal?.aborted) return;
          if (progress) job.onProgress?.({ phase: 'sending', done: i, total: list.length });
          send({ type: 'variants', seq, variants: list.slice(i, i + VARIANTS_PER_MESSAGE) });
          await nextTurn();
        }
      };
      let q = query;
      if (typeof variants === 'function') {
        const more = await variants((batch) => sendAll(batch, false));
        q = { ...query, sources: { ...query.sources, ...more.sources }, notes: [...(query.notes ?? []), ...(more.notes ?? [])] };
      } else if (variants) await sendAll(variants, true);
      if (job.signal?.aborted) return;
      send({ type: 'rank', seq, release, query: q, withVariants: variants !== undefined });
    }, job).then((m) => (m as Extract<FromPhenotypeWorker, { type: 'done' }>).result);
  }

  async terminate(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }

  /**
   * Runs one job after those before it. The caller's promise rejects at once on abort; the next job waits
   * until the worker has really stopped this one (at its next checkpoint), so jobs never overlap.
   */
  private enqueue(start: (seq: number, send: (m: ToPhenotypeWorker) => void) => Promise<void> | void, job: RankJobOptions): Promise<FromPhenotypeWorker> {
    const { signal, onProgress } = job;
    const result = new Promise<FromPhenotypeWorker>((resolve, reject) => {
      const run = () =>
        new Promise<void>((finished) => {
          if (signal?.aborted) {
            reject(rankCancelled());
            finished();
            return;
          }
          const seq = ++this.seq;
          const onAbort = () => {
            Atomics.store(this.cancel, CANCEL_SLOT, seq);
            reject(rankCancelled({ seq }));
          };
          signal?.addEventListener('abort', onAbort, { once: true });
          this.running = {
            seq,
            onProgress: (p) => !signal?.aborted && onProgress?.(p),
            settle: (m) => {
              signal?.removeEventListener('abort', onAbort);
              this.running = null;
              this.worker?.unref();
              if (m instanceof AppError) reject(m);
              else if (m.type === 'error') reject(fromSerialized(m.error));
              else resolve(m);
              finished();
            },
          };
          const worker = this.ensureWorker();
          worker.ref();
          Promise.resolve(start(seq, (m) => worker.postMessage(m))).then(
            () => {
              // Stopped before the job was sent whole: the worker has nothing to answer.
              if (signal?.aborted) this.running?.settle(rankCancelled({ seq }));
            },
            (err: unknown) => this.running?.settle(err instanceof AppError ? err : new AppError('phenotype/worker-failed', `The ranking could not be started: ${String(err)}`, {})),
          );
        });
      this.queue = this.queue.then(run);
    });
    return result;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerUrl, { workerData: { cancel: this.cancel.buffer }, resourceLimits: this.limits });
    worker.on('message', (m: FromPhenotypeWorker) => {
      if (m.seq !== this.running?.seq) return;
      if (m.type === 'progress') this.running.onProgress?.(m.progress);
      else this.running.settle(m);
    });
    const failed = (reason: string, message: string) => {
      if (this.worker === worker) this.worker = null;
      this.running?.settle(new AppError('phenotype/worker-failed', message, { reason }));
    };
    worker.on('error', (err: Error & { code?: string }) =>
      failed(
        err.code ?? err.message,
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `The ranking needed more than the ${this.limits.maxOldGenerationSizeMb} MB its thread is allowed and stopped.`
          : `The ranking thread stopped unexpectedly (${err.message}).`,
      ),
    );
    worker.on('exit', (code) => failed(`exit ${code}`, `The ranking thread stopped unexpectedly (exit ${code}).`));
    // Only a running job keeps the process alive: an idle worker does not hold a test or a CLI run open.
    this.worker = worker;
    return worker;
  }
}
