// Messages between the import service (main thread, the single DB writer) and the parse worker.
// A discriminated union; every message carries the sender's sequence number so either side can tell a
// stale or out-of-order message from the current one.
//
//   main -> worker: start -> (header) -> continue -> ack per batch … | cancel at any time
//   worker -> main: progress* -> header -> (batch | progress)* -> done | error
//
// `header` and `continue` split the start so the main thread can decide (sample, build, duplicate) before
// a single row is produced; `ack` is flow control: the worker keeps at most a few batches unacknowledged,
// so a fast parser cannot fill memory while the writer catches up.
import type { ParseBatch } from './batch.ts';
import type { ParseStats } from './record-parser.ts';
import type { VcfContainer } from './vcf-file.ts';
import type { HeaderInfo } from './vcf-header.ts';

export interface StartMessage {
  type: 'start';
  seq: number;
  file: string;
  /** Rows per batch: each becomes one write transaction on the main thread. */
  batchRows: number;
  /** Batches the worker may have unacknowledged. */
  maxInFlight: number;
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
  phase: 'hashing' | 'reading';
  bytes: number;
  totalBytes: number;
  records: number;
}

export interface BatchMessage {
  type: 'batch';
  seq: number;
  batch: ParseBatch;
}

export interface DoneMessage {
  type: 'done';
  seq: number;
  stats: ParseStats;
  /** Timings inside the worker (ms): reading + inflating + splitting lines, and parsing them. */
  timings: { read: number; parse: number; hash: number };
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
}

export type FromWorker = HeaderMessage | ProgressMessage | BatchMessage | DoneMessage | ErrorMessage;

/** A message before the sender stamps its sequence number on it. */
export type Unsequenced<T> = T extends unknown ? Omit<T, 'seq'> : never;
