// Message protocol between the main process and annotate.worker.ts. A discriminated union; every message
// carries the job's sequence id (`seq`) so replies are matched to requests and stale replies to a
// cancelled job are ignored. Errors cross as { name, message, code, details } and are rebuilt as AppError.
import type { AnnotatedVariant, AnnotationSummary, PackVersion, VcfBorneAnnotation } from '../../../../shared/schemas/annotation.ts';
import type { PackedAnnotationChunk } from '../annotation-store/annotation-chunk.ts';
import type { VariantInput } from './annotator.ts';

export interface WorkerSources {
  /** Installed pack folders (the app)… */
  packs?: { transcripts: string; clinvar?: string; /** The caller checks the files against the manifests itself (verifyAnnotationPacks). */ verifiedByCaller?: boolean };
  /** …or files (the CLI's one-off run). */
  files?: { gff3: string; fasta: string; clinvar?: string };
}

export type AnnotateRequest =
  | { type: 'start'; seq: number; sources: WorkerSources }
  | { type: 'batch'; seq: number; batch: number; variants: VariantInput[] }
  /**
   * The store's batch: one import chunk's variants, annotated and packed in the worker (annotation-chunk.ts)
   * so the main thread only inserts a row. `ids[i]` is variants[i]'s stored row id; `borne[i]` the VCF's own
   * tool annotations of that row (undefined when the record carried none).
   */
  | { type: 'pack'; seq: number; batch: number; variants: VariantInput[]; firstId: number; ids: number[]; borne?: (VcfBorneAnnotation[] | undefined)[]; transcriptsPack?: PackVersion }
  /**
   * The same for a stored chunk sent as stored (vcf/variant-chunk.ts bytes, transferred): the worker decodes
   * it and skips what has no allele to annotate (annotation-inputs.ts). `chrom` is the contig's name.
   */
  | { type: 'packStored'; seq: number; batch: number; data: ArrayBuffer; firstId: number; chrom: string; transcriptsPack?: PackVersion }
  /** No more batches: the worker answers with `done` and the run's summary. */
  | { type: 'done'; seq: number }
  | { type: 'cancel'; seq: number }
  /**
   * Close every source and let the thread end by itself. The client sends this instead of terminating the
   * thread, which could land inside a SQLite call (the ClinVar and frequency tables); see
   * AnnotateWorkerClient.terminate.
   */
  | { type: 'exit' };

export interface WireError {
  name: string;
  message: string;
  code: string;
  details: Record<string, unknown>;
}

export type AnnotateResponse =
  | { type: 'progress'; seq: number; phase: 'loading' | 'ready' | 'annotating'; annotated: number; referenceMismatches: number }
  | { type: 'batch'; seq: number; batch: number; results: AnnotatedVariant[] }
  /** null: the chunk held no variant to annotate. */
  | { type: 'packed'; seq: number; batch: number; chunk: PackedAnnotationChunk | null }
  | { type: 'done'; seq: number; summary: AnnotationSummary }
  | { type: 'error'; seq: number; error: WireError };
