// Main-side handle on annotate.worker.ts: start a job, send batches, collect results in order, finish or
// cancel. Worker errors come back as AppError (same code, message, details) via fromSerialized.
import { Worker } from 'node:worker_threads';
import { AppError, fromSerialized } from '../../../../shared/errors.ts';
import type { AnnotatedVariant, AnnotationSummary, PackVersion, VcfBorneAnnotation } from '../../../../shared/schemas/annotation.ts';
import type { PackedAnnotationChunk } from '../annotation-store/annotation-chunk.ts';
import type { VariantInput } from './annotator.ts';
import type { AnnotateRequest, AnnotateResponse, WorkerSources } from './worker-protocol.ts';

export const DEFAULT_WORKER_URL = new URL('../../workers/annotate.worker.ts', import.meta.url);

/**
 * Heap caps of an annotate worker. Its live set is one contig of transcript models (~25 MB for a
 * GRCh38-length chr1 of Ensembl models) and 1,024 transcripts' derived sequences; uncapped, V8 let the garbage
 * of a whole-genome run grow the process to 770–840 MB (docs/annotation-scale.md). With the live set that
 * small, caps of 128 and 256 MB measured the same (392–394 MB for the whole app process); 256 leaves room
 * for denser annotation (RefSeq's longer lines, more transcripts per contig). A worker that reaches it stops
 * with annotate/worker-failed and nothing is saved.
 * The young generation is 64 MB, not 16: a chunk's 2,048 annotated variants (a few MB of short-lived objects)
 * outlived the smaller nursery and were promoted, and collection took a quarter of the worker's time (CPU
 * profile of the genome bench). Genome bench, the app's bundle, back to back: 16 MB 160 CPU-s; 48 MB 83.0 s,
 * 432 MB; 64 MB 69.8 s, 459 MB; 96 MB 70.5 s, 500 MB; 160 MB 72.0 s, 555 MB (sources). Since variants are
 * packed as they are annotated (8 December) little survives a minor collection; 16 and 32 MB were measured
 * again and gave no clear gain in memory worth their speed (docs/annotation-scale.md, "Fifth round").
 */
export const ANNOTATE_WORKER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 64 };

type Progress = Extract<AnnotateResponse, { type: 'progress' }>;

/**
 * How long a worker asked to exit gets before it is terminated. It finishes the chunk in hand first (tens of
 * milliseconds), or the opening of its packs (a whole-genome ClinVar table's positions: about a second).
 */
const EXIT_GRACE_MS = 10_000;

interface Pending<T> {
  resolve: (v: T) => void;
  reject: (e: AppError) => void;
}

export class AnnotateWorkerClient {
  private readonly worker: Worker;
  private seq = 0;
  private batchNo = 0;
  private ready?: Pending<void>;
  private readonly batches = new Map<number, Pending<AnnotatedVariant[]> | Pending<PackedAnnotationChunk> | Pending<PackedAnnotationChunk | null>>();
  private finishing?: Pending<AnnotationSummary>;
  private readonly onProgress?: (p: Progress) => void;

  private readonly limits: typeof ANNOTATE_WORKER_LIMITS;
  /** Resolves with the thread's exit code: 0 when it ended by itself, 1 when it was terminated. */
  private readonly exited: Promise<number>;

  constructor(opts: { workerUrl?: URL | string; onProgress?: (p: Progress) => void; limits?: typeof ANNOTATE_WORKER_LIMITS } = {}) {
    this.limits = opts.limits ?? ANNOTATE_WORKER_LIMITS;
    this.worker = new Worker(opts.workerUrl ?? DEFAULT_WORKER_URL, { resourceLimits: this.limits });
    this.onProgress = opts.onProgress;
    this.worker.on('message', (m: AnnotateResponse) => this.receive(m));
    this.exited = new Promise((resolve) => this.worker.once('exit', (code: number) => resolve(code)));
    // Whatever was still awaited can no longer be answered (after an 'error' this finds nothing left).
    void this.exited.then(() => this.failAll(new AppError('annotate/worker-failed', 'The annotation thread ended before it answered; nothing was saved.', {})));
    this.worker.on('error', (err: Error & { code?: string }) =>
      this.failAll(
        new AppError(
          'annotate/worker-failed',
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `Annotation needed more than the ${this.limits.maxOldGenerationSizeMb} MB its thread is allowed and stopped; nothing was saved.`
            : `The annotation thread stopped unexpectedly (${err.message}); nothing was saved.`,
          { reason: err.code ?? err.message },
        ),
      ),
    );
  }

  private send(m: AnnotateRequest): void {
    this.worker.postMessage(m);
  }

  private failAll(e: AppError): void {
    this.ready?.reject(e);
    this.ready = undefined;
    for (const p of this.batches.values()) p.reject(e);
    this.batches.clear();
    this.finishing?.reject(e);
    this.finishing = undefined;
  }

  private receive(m: AnnotateResponse): void {
    if (m.seq !== this.seq) return; // a reply to a job that was cancelled or replaced
    switch (m.type) {
      case 'progress':
        this.onProgress?.(m);
        if (m.phase === 'ready') {
          this.ready?.resolve();
          this.ready = undefined;
        }
        return;
      case 'batch': {
        const p = this.batches.get(m.batch) as Pending<AnnotatedVariant[]> | undefined;
        this.batches.delete(m.batch);
        p?.resolve(m.results);
        return;
      }
      case 'packed': {
        const p = this.batches.get(m.batch) as Pending<PackedAnnotationChunk | null> | undefined;
        this.batches.delete(m.batch);
        p?.resolve(m.chunk);
        return;
      }
      case 'done':
        this.finishing?.resolve(m.summary);
        this.finishing = undefined;
        return;
      case 'error':
        this.failAll(fromSerialized(m.error));
        return;
    }
  }

  /** Opens the packs in the worker; resolves when it is ready to annotate. */
  start(sources: WorkerSources): Promise<void> {
    this.seq++;
    this.batchNo = 0;
    const done = new Promise<void>((resolve, reject) => (this.ready = { resolve, reject }));
    this.send({ type: 'start', seq: this.seq, sources });
    return done;
  }

  annotate(variants: VariantInput[]): Promise<AnnotatedVariant[]> {
    const batch = this.batchNo++;
    const done = new Promise<AnnotatedVariant[]>((resolve, reject) => this.batches.set(batch, { resolve, reject }));
    this.send({ type: 'batch', seq: this.seq, batch, variants });
    return done;
  }

  /** Annotates one import chunk's variants and packs them for the store (annotation-chunk.ts), in the worker. */
  annotatePacked(
    variants: VariantInput[],
    chunk: { firstId: number; ids: number[]; borne?: (VcfBorneAnnotation[] | undefined)[]; transcriptsPack?: PackVersion },
  ): Promise<PackedAnnotationChunk> {
    const batch = this.batchNo++;
    const done = new Promise<PackedAnnotationChunk>((resolve, reject) => this.batches.set(batch, { resolve, reject }));
    this.send({ type: 'pack', seq: this.seq, batch, variants, ...chunk });
    return done;
  }

  /**
   * One stored variant chunk (its bytes as stored), decoded, annotated and packed in the worker; null when it
   * held no variant to annotate. The bytes are copied into a buffer of their own and transferred.
   */
  annotateStoredChunk(data: Uint8Array, chunk: { firstId: number; chrom: string; transcriptsPack?: PackVersion }): Promise<PackedAnnotationChunk | null> {
    const batch = this.batchNo++;
    const done = new Promise<PackedAnnotationChunk | null>((resolve, reject) => this.batches.set(batch, { resolve, reject }));
    const own = new Uint8Array(data).buffer;
    this.worker.postMessage({ type: 'packStored', seq: this.seq, batch, data: own, ...chunk } satisfies AnnotateRequest, [own]);
    return done;
  }

  finish(): Promise<AnnotationSummary> {
    const done = new Promise<AnnotationSummary>((resolve, reject) => (this.finishing = { resolve, reject }));
    this.send({ type: 'done', seq: this.seq });
    return done;
  }

  /** Abandons the current job; pending promises reject with a cancellation error. */
  cancel(): void {
    this.send({ type: 'cancel', seq: this.seq });
    this.failAll(new AppError('annotate/cancelled', 'Annotation was cancelled; nothing from this run was kept.', { seq: this.seq }));
    this.seq++;
  }

  /**
   * Stops the thread: it abandons the current job, closes its packs and ends by itself. Terminating it
   * outright could stop it inside a native SQLite call and leave its database handles to the thread's
   * teardown; better-sqlite3 13.0.1 aborted the whole process that way (WiseLibs/better-sqlite3#1507; 13.0.3,
   * which we use, builds with the fix), and CI once lost a test process to a SIGSEGV while two of these
   * workers ran. Terminated only if it has not ended after EXIT_GRACE_MS.
   */
  async terminate(): Promise<number> {
    this.cancel();
    this.send({ type: 'exit' });
    const timer = setTimeout(() => void this.worker.terminate(), EXIT_GRACE_MS);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
