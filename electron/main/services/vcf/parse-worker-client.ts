// The main thread's side of the parse worker: starts it, turns its messages into promises and callbacks,
// acknowledges each batch once it is committed, and rebuilds errors that cross the thread boundary.
import { Worker } from 'node:worker_threads';
import { AppError, fromSerialized } from '../../../../shared/errors.ts';
import type { ParseBatch } from './batch.ts';
import type { BatchMessage, DoneMessage, FromWorker, HeaderMessage, ProgressMessage, ToWorker, Unsequenced } from './worker-protocol.ts';

/**
 * Where the worker script is. Tests and the CLI run the TypeScript source under Node 24; the desktop
 * app passes the path electron-vite bundled it to.
 */
export const DEFAULT_PARSE_WORKER_URL = new URL('../../workers/vcf-parse.worker.ts', import.meta.url);

export interface ParseJobOptions {
  workerUrl?: URL | string;
  file: string;
  batchRows: number;
  maxInFlight: number;
  onProgress?: (progress: ProgressMessage) => void;
}

export interface ParseJob {
  /** Resolves when the header is read and the file hashed; nothing has been parsed beyond it yet. */
  header: Promise<HeaderMessage>;
  /** Parses the records for the chosen sample; `onBatch` must commit the batch before returning. */
  run(sampleIndex: number | null, onBatch: (batch: ParseBatch) => void): Promise<DoneMessage>;
  /** Stops the worker at once. Safe to call more than once and after completion. */
  stop(): Promise<void>;
}

export function startParseJob(options: ParseJobOptions): ParseJob {
  // The worker's memory is bounded by design (a read chunk and a few batches); a small young generation
  // keeps its resident size down (measured: ~30 MB less than the default on the NA12878 benchmark), and
  // the old-generation cap turns a pathological file into an error instead of exhausting the machine.
  const worker = new Worker(options.workerUrl ?? DEFAULT_PARSE_WORKER_URL, { resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 512 } });
  let seq = 0;
  let finished = false;
  let failure: AppError | null = null;
  let onBatch: ((batch: ParseBatch) => void) | null = null;

  const send = (message: Unsequenced<ToWorker>) => {
    if (!finished) worker.postMessage({ ...message, seq: ++seq } as ToWorker);
  };

  let resolveHeader!: (m: HeaderMessage) => void;
  let rejectHeader!: (e: AppError) => void;
  const header = new Promise<HeaderMessage>((resolve, reject) => {
    resolveHeader = resolve;
    rejectHeader = reject;
  });
  // A rejection nobody awaits yet (the caller is between steps) must not crash the process.
  header.catch(() => undefined);
  let resolveDone!: (m: DoneMessage) => void;
  let rejectDone!: (e: AppError) => void;
  const done = new Promise<DoneMessage>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  done.catch(() => undefined);

  const fail = (err: AppError) => {
    if (finished) return;
    failure = err;
    finished = true;
    rejectHeader(err);
    rejectDone(err);
    void worker.terminate();
  };

  // Node delivers every message already waiting on a port in one turn of the event loop, so writing
  // batches straight from the handler would run several write transactions back to back and stall
  // the app; batches queue here and are written one per turn instead.
  const queue: BatchMessage[] = [];
  const drain = () => {
    const message = queue[0];
    if (!message || finished) return;
    try {
      if (!onBatch) throw new Error('batch before continue');
      onBatch(message.batch);
    } catch (err) {
      fail(err instanceof AppError ? err : new AppError('vcf/worker-failed', `Storing a batch failed: ${(err as Error).message}`, {}));
      return;
    }
    queue.shift();
    send({ type: 'ack', batchSeq: message.seq });
    if (queue.length) setImmediate(drain);
    else if (pendingDone) {
      finished = true;
      resolveDone(pendingDone);
      void worker.terminate();
    }
  };
  let pendingDone: DoneMessage | null = null;

  worker.on('message', (message: FromWorker) => {
    if (finished) return;
    switch (message.type) {
      case 'progress':
        options.onProgress?.(message);
        return;
      case 'header':
        resolveHeader(message);
        return;
      case 'batch':
        queue.push(message);
        if (queue.length === 1) setImmediate(drain);
        return;
      case 'done':
        // The worker waits for every ack before `done`, so the queue is empty; kept safe regardless.
        if (queue.length) {
          pendingDone = message;
          return;
        }
        finished = true;
        resolveDone(message);
        void worker.terminate();
        return;
      case 'error':
        fail(fromSerialized(message.error));
        return;
    }
  });
  worker.on('error', (err) => fail(new AppError('vcf/worker-failed', `The VCF reader stopped unexpectedly: ${err.message}`, { file: options.file })));
  worker.on('exit', (code) => {
    if (!finished) fail(new AppError('vcf/worker-failed', `The VCF reader exited unexpectedly (code ${code}).`, { file: options.file }));
  });

  send({ type: 'start', file: options.file, batchRows: options.batchRows, maxInFlight: options.maxInFlight });

  return {
    header,
    run(sampleIndex, handler) {
      if (failure) return Promise.reject(failure);
      onBatch = handler;
      send({ type: 'continue', sampleIndex });
      return done;
    },
    async stop() {
      if (!finished) {
        send({ type: 'cancel' });
        finished = true;
        const err = new AppError('vcf/cancelled', 'The import was cancelled.', { file: options.file });
        rejectHeader(err);
        rejectDone(err);
      }
      await worker.terminate();
    },
  };
}
