// Messages between the import service (main thread, the single DB writer) and the parse workers.
// A discriminated union; every message carries the sender's sequence number so either side can tell a
// stale or out-of-order message from the current one.
//
//   main -> worker: start -> (header) -> continue -> ack per batch … | cancel at any time
//   worker -> main: progress* (hashing) -> header -> batch* -> done | error
//
// `header` and `continue` split the start so the main thread can decide (sample, build, duplicate) before
// a single row is produced; `ack` is flow control: the worker keeps at most a few batches unacknowledged,
// so a fast parser cannot fill memory while the writer catches up.
//
// Several workers can parse one file. Worker 0 hashes it, sends `header`, inflates it once and cuts it into
// stripes of whole data lines, which it parses itself or hands to the other workers over their own ports
// (PeerStripe). Batches and line errors carry their stripe, and the main thread writes stripes in file
// order, so rows, ids and the first error reported are the same whatever the number of workers.
import type { ParseBatch } from './batch.ts';
import type { ParseStats } from './record-parser.ts';
import type { MessagePort } from 'node:worker_threads';
import type { StripePlan, VcfContainer } from './vcf-file.ts';
import type { HeaderInfo } from './vcf-header.ts';

export interface StartMessage {
  type: 'start';
  seq: number;
  file: string;
  /** Rows per batch: each becomes one write transaction on the main thread. */
  batchRows: number;
  /** Batches the worker may have unacknowledged. */
  maxInFlight: number;
  /** Which worker this is, of how many, and the stripe size. Worker 0 hashes, reports the header and reads. */
  stripes: StripePlan;
  /** Worker 0: a port to each other worker, to hand them stripes. */
  peers?: MessagePort[];
  /** Other workers: the port worker 0 hands them stripes through. */
  peer?: MessagePort;
}

/** Worker 0 to another worker: a stripe of whole lines to parse (bytes transferred), or the end of the file. */
export type PeerStripe = { type: 'stripe'; stripe: number; data: Uint8Array; firstLine: number; bytes: number } | { type: 'end' };

/** Another worker to worker 0: it has parsed a stripe and sent its batches (flow control). */
export interface PeerReply {
  type: 'taken';
  stripe: number;
}

export interface ContinueMessage {
  type: 'continue';
  seq: number;
  /** Index of the patient's sample among the header's samples; null for a sites-only file. */
  sampleIndex: number | null;
}

export interface AckMessage {
  type: 'ack';
  seq: number;
  /** The seq of the batch that was committed. */
  batchSeq: number;
}

export interface CancelMessage {
  type: 'cancel';
  seq: number;
}

export type ToWorker = StartMessage | ContinueMessage | AckMessage | CancelMessage;

export interface HeaderMessage {
  type: 'header';
  seq: number;
  header: HeaderInfo;
  sha256: string;
  container: VcfContainer;
  totalBytes: number;
}

export interface ProgressMessage {
  type: 'progress';
  seq: number;
  /** Only hashing: once records flow, the main thread reports progress from the batches it commits. */
  phase: 'hashing';
  bytes: number;
  totalBytes: number;
  records: number;
}

export interface BatchMessage {
  type: 'batch';
  seq: number;
  batch: ParseBatch;
  stripe: number;
  /** The stripe's last batch (a stripe with no records still sends one, empty). */
  last: boolean;
}

export interface DoneMessage {
  type: 'done';
  seq: number;
  stats: ParseStats;
  /**
   * Timings inside the worker (ms, wall clock): reading + inflating + splitting lines, and parsing them;
   * `cpu` is the CPU time the worker's thread used over the whole job (user + system).
   */
  timings: { read: number; parse: number; hash: number; cpu: number };
}

export interface SerializedWorkerError {
  name: string;
  message: string;
  code: string;
  details: Record<string, unknown>;
}

export interface ErrorMessage {
  type: 'error';
  seq: number;
  error: SerializedWorkerError;
  /** The stripe the error belongs to (a bad line, a damaged stretch of file); absent: fatal at once. */
  stripe?: number;
}

export type FromWorker = HeaderMessage | ProgressMessage | BatchMessage | DoneMessage | ErrorMessage;

/** A message before the sender stamps its sequence number on it. */
export type Unsequenced<T> = T extends unknown ? Omit<T, 'seq'> : never;
