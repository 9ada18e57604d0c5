// The main thread's side of the parse workers: starts them, turns their messages into promises and
// callbacks, puts their batches back in file order, acknowledges each batch once it is committed, and
// rebuilds errors that cross the thread boundary.
import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
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
  /** Parse workers (≥ 1): worker 0 reads and parses, the others parse stripes of STRIPE_LINES lines it hands them. */
  workers?: number;
  /** Data lines per stripe (tests make it small to cross many stripe boundaries). */
  stripeLines?: number;
  onProgress?: (progress: ProgressMessage) => void;
}

/** A stripe: large enough that handing stripes round is rare, small enough to keep workers level. */
export const STRIPE_LINES = 2048;

export interface ParseJob {
  /** Resolves when the header is read and the file hashed; nothing has been parsed beyond it yet. */
  header: Promise<HeaderMessage>;
  /**
   * Parses the records for the chosen sample; `onBatch` must commit the batch before returning. Batches
   * arrive in file order, tagged with the worker that parsed them (contig codes are per worker).
   */
  run(sampleIndex: number | null, onBatch: (batch: ParseBatch, worker: number) => void): Promise<DoneMessage>;
  /** Stops the workers at once. Safe to call more than once and after completion. */
  stop(): Promise<void>;
}

/** Young-generation megabytes shared by a job's parse workers (see startParseJob). */
const YOUNG_GENERATION_BUDGET_MB = 64;

export function startParseJob(options: ParseJobOptions): ParseJob {
  const count = Math.max(1, options.workers ?? 1);
  const stripeLines = options.stripeLines ?? STRIPE_LINES;
  // A worker's memory is bounded by design (a stripe, a few batches); its young generation is what its
  // resident size mostly is, and also what its garbage collection costs: every record leaves a few
  // hundred bytes of short-lived strings, and each scavenge has a fixed cost. The workers share one
  // budget, so the total stays put whatever the core count (measured on the 5 M-record benchmark:
  // 2 workers of 32 MB, peak 275-290 MB and 10% faster than 8 MB; 4 of 16 MB, 354 MB). The old-
  // generation cap turns a pathological file into an error instead of exhausting the machine.
  const youngMb = Math.max(8, Math.min(32, Math.floor(YOUNG_GENERATION_BUDGET_MB / count)));
  const workers = Array.from(
    { length: count },
    () => new Worker(options.workerUrl ?? DEFAULT_PARSE_WORKER_URL, { resourceLimits: { maxYoungGenerationSizeMb: youngMb, maxOldGenerationSizeMb: 512 } }),
  );
  const seqs = workers.map(() => 0);
  let finished = false;
  let failure: AppError | null = null;
  let onBatch: ((batch: ParseBatch, worker: number) => void) | null = null;

  const send = (w: number, message: Unsequenced<ToWorker>, transfer: MessagePort[] = []) => {
    if (!finished) workers[w].postMessage({ ...message, seq: ++seqs[w] } as ToWorker, transfer);
  };
  // Worker 0 reads the file and hands stripes to the others, each over a port of its own.
  const channels = workers.slice(1).map(() => new MessageChannel());
  const terminateAll = () => Promise.all(workers.map((w) => w.terminate())).then(() => undefined);

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
    void terminateAll();
  };

  // Batches are written in stripe order: stripe s comes from worker s % count. What arrives early waits
  // here (unacknowledged, so its worker pauses at maxInFlight). An error tagged with a stripe is
  // reported when the writer reaches that stripe, so the first error in file order wins.
  const queued = new Map<number, { message: BatchMessage; worker: number }[]>();
  const stripeErrors = new Map<number, AppError>();
  const doneMessages: (DoneMessage | null)[] = workers.map(() => null);
  let nextStripe = 0;
  let draining = false;

  const finishIfDone = () => {
    if (finished || doneMessages.some((d) => d === null)) return;
    if (queued.size > 0 || stripeErrors.size > 0) {
      fail(new AppError('vcf/worker-failed', 'The import stopped: the VCF readers finished with parts of the file not stored.', { file: options.file }));
      return;
    }
    finished = true;
    resolveDone(combineDone(doneMessages as DoneMessage[]));
    void terminateAll();
  };

  // Node delivers every message already waiting on a port in one turn of the event loop, so writing
  // batches straight from the handler would run several write transactions back to back and stall
  // the app; one batch is written per turn instead.
  const drain = () => {
    draining = false;
    if (finished) return;
    const err = stripeErrors.get(nextStripe);
    const list = queued.get(nextStripe);
    if (!list || list.length === 0) {
      if (err) fail(err);
      else finishIfDone();
      return;
    }
    const { message, worker } = list.shift() as { message: BatchMessage; worker: number };
    try {
      if (!onBatch) throw new Error('batch before continue');
      onBatch(message.batch, worker);
    } catch (e) {
      fail(e instanceof AppError ? e : new AppError('vcf/worker-failed', `Storing a batch failed: ${(e as Error).message}`, {}));
      return;
    }
    send(worker, { type: 'ack', batchSeq: message.seq });
    if (list.length === 0) queued.delete(nextStripe);
    if (message.last) nextStripe += 1;
    schedule();
  };
  const schedule = () => {
    if (draining || finished) return;
    const list = queued.get(nextStripe);
    if ((list && list.length > 0) || stripeErrors.has(nextStripe) || doneMessages.every((d) => d !== null)) {
      draining = true;
      setImmediate(drain);
    }
  };

  workers.forEach((worker, w) => {
    worker.on('message', (message: FromWorker) => {
      if (finished) return;
      switch (message.type) {
        case 'progress':
          if (w === 0) options.onProgress?.(message);
          return;
        case 'header':
          if (w === 0) resolveHeader(message);
          return;
        case 'batch': {
          let list = queued.get(message.stripe);
          if (!list) queued.set(message.stripe, (list = []));
          list.push({ message, worker: w });
          schedule();
          return;
        }
        case 'done':
          doneMessages[w] = message;
          schedule();
          return;
        case 'error': {
          const err = fromSerialized(message.error);
          if (message.stripe === undefined) fail(err);
          else {
            if (!stripeErrors.has(message.stripe)) stripeErrors.set(message.stripe, err);
            schedule();
          }
          return;
        }
      }
    });
    worker.on('error', (err) => fail(new AppError('vcf/worker-failed', `The VCF reader stopped unexpectedly: ${err.message}`, { file: options.file })));
    worker.on('exit', (code) => {
      if (!finished) fail(new AppError('vcf/worker-failed', `The VCF reader exited unexpectedly (code ${code}).`, { file: options.file }));
    });
    const ports = w === 0 ? { peers: channels.map((c) => c.port1) } : { peer: channels[w - 1].port2 };
    send(
      w,
      { type: 'start', file: options.file, batchRows: options.batchRows, maxInFlight: options.maxInFlight, stripes: { index: w, of: count, lines: stripeLines }, ...ports },
      w === 0 ? ports.peers : [ports.peer as MessagePort],
    );
  });

  return {
    header,
    run(sampleIndex, handler) {
      if (failure) return Promise.reject(failure);
      onBatch = handler;
      for (let w = 0; w < count; w++) send(w, { type: 'continue', sampleIndex });
      return done;
    },
    async stop() {
      if (!finished) {
        for (let w = 0; w < count; w++) send(w, { type: 'cancel' });
        finished = true;
        const err = new AppError('vcf/cancelled', 'The import was cancelled.', { file: options.file });
        rejectHeader(err);
        rejectDone(err);
      }
      await terminateAll();
    },
  };
}

/** One `done` for the whole file: counts added up, timings added up across workers. */
function combineDone(all: DoneMessage[]): DoneMessage {
  const [first, ...rest] = all;
  const stats = { ...first.stats, zygosity: [...first.stats.zygosity] };
  const timings = { ...first.timings };
  for (const d of rest) {
    const s = d.stats;
    stats.records += s.records;
    stats.alleles += s.alleles;
    stats.variants += s.variants;
    stats.blocks += s.blocks;
    s.zygosity.forEach((n, i) => (stats.zygosity[i] += n));
    stats.transitions += s.transitions;
    stats.transversions += s.transversions;
    stats.maxRefLength = Math.max(stats.maxRefLength, s.maxRefLength);
    stats.maxBlockLength = Math.max(stats.maxBlockLength, s.maxBlockLength);
    timings.read += d.timings.read;
    timings.parse += d.timings.parse;
    timings.cpu += d.timings.cpu;
  }
  return { ...first, stats, timings };
}
