// Messages between phenotype-worker-client.ts and phenotype.worker.ts. Every message carries its job's
// sequence id; the worker runs one job at a time, in the order sent. Cancel is not a message the worker
// could read mid-ranking (the ranking is synchronous): the client writes the job's seq into a shared
// Int32Array the ranking's checkpoints read (CANCEL_SLOT), and the worker answers phenotype/cancelled.
import { AppError } from '../../../../shared/errors.ts';
import type { SerializedError } from '../../../../shared/errors.ts';
import type { CandidateVariantInput } from '../../../../shared/schemas/diagnosis.ts';
import type { PrioritiseResult, RankProgress } from '../../../../shared/schemas/phenotype.ts';
import type { HpoReleaseRef } from './hpo-release.ts';
import type { PrioritiseOptions } from './prioritise.ts';

/** Index in the shared Int32Array: the seq of the job to stop (and any earlier one still running). */
export const CANCEL_SLOT = 0;

/** What a cancelled ranking rejects with, wherever it was stopped (store, hand-over or worker). */
export const rankCancelled = (details: Record<string, unknown> = {}) => new AppError('phenotype/cancelled', 'The ranking was cancelled; nothing from it is shown.', details);

/** What a ranking needs besides the release and the variants (which travel in chunks before it). */
export type RankQuery = Omit<PrioritiseOptions, 'variants' | 'checkpoint'>;

export type ToPhenotypeWorker =
  /** Parse the release (or read its snapshot, writing one if there is none) and keep it. */
  | { type: 'load'; seq: number; release: HpoReleaseRef }
  /** Part of the next `rank` job's candidate variants. */
  | { type: 'variants'; seq: number; variants: CandidateVariantInput[] }
  /** Rank; `withVariants` says whether the variants sent before it (possibly none) are the candidates. */
  | { type: 'rank'; seq: number; release: HpoReleaseRef; query: RankQuery; withVariants: boolean };

export type FromPhenotypeWorker =
  | { type: 'progress'; seq: number; progress: RankProgress }
  | { type: 'loaded'; seq: number }
  | { type: 'done'; seq: number; result: PrioritiseResult }
  | { type: 'error'; seq: number; error: SerializedError };
