// Messages between packs-service.ts and pack-content.worker.ts, which runs a pack's content check (the
// FASTA/GFF3 index, the ClinVar or gnomAD table) off the main thread.
import type { SerializedError } from '../../../../shared/errors.ts';
import type { GenomeBuild } from '../annotation/packs/genome-build.ts';
import type { ContentFacts } from './check-pack-content.ts';

export type ContentCheckJob =
  | { kind: 'transcripts'; files: { gff3: string; fasta: string }; declared?: GenomeBuild; packDir: string }
  | { kind: 'clinvar'; file: string; declared?: GenomeBuild; packDir: string }
  | { kind: 'frequency'; file: string; declared?: GenomeBuild; packDir: string };

/** Bytes read of `file` so far (one of the job's inputs). */
export interface ContentCheckProgress {
  file: string;
  bytes: number;
  totalBytes: number;
}

export type ToContentWorker = { type: 'start'; job: ContentCheckJob } | { type: 'cancel' };

export type FromContentWorker =
  | { type: 'progress'; progress: ContentCheckProgress }
  | { type: 'done'; facts: ContentFacts }
  | { type: 'error'; error: SerializedError };
