// Annotation of a patient's stored imports (issue 7): runs, the variant browser's annotated rows and the
// variant detail panel, as they cross IPC and the CLI (`genodesk annotate --patient`). Field names are a
// public contract: add fields freely, never rename or drop one.
import { z } from 'zod';
import { annotatedVariantSchema, annotationErrorSchema, impactSchema, packVersionSchema } from './annotation.ts';
import { GENOME_BUILDS, VARIANT_SORT_KEYS, variantQuerySchema, variantRowSchema } from './vcf.ts';

/** Who produced a stored consequence: GenoDesk's own annotator, or a tool whose output was in the VCF. */
export const ANNOTATION_SOURCES = ['GenoDesk', 'VEP', 'snpEff'] as const;
export type AnnotationSource = (typeof ANNOTATION_SOURCES)[number];

/**
 * ClinVar significance folded to the classes a clinician filters on (same rule as the diagnosis ranking:
 * the first, germline assertion of CLNSIG decides).
 */
export const CLINVAR_CLASSES = [
  'pathogenic',
  'likely-pathogenic',
  'pathogenic-likely-pathogenic',
  'uncertain-significance',
  'likely-benign',
  'benign',
  'benign-likely-benign',
  'conflicting',
  'other',
] as const;
export type ClinvarClassName = (typeof CLINVAR_CLASSES)[number];

export const vcfToolSchema = z.object({ tool: z.enum(['VEP', 'snpEff']), version: z.string().nullable(), field: z.string() });

export const annotationRunSchema = z.object({
  id: z.string(),
  importId: z.string(),
  patientId: z.string(),
  build: z.enum(GENOME_BUILDS),
  /** The pack versions that made this annotation (transcripts, ClinVar), with each main file's SHA-256. */
  packs: z.array(packVersionSchema),
  /** Tool annotations found in the VCF (VEP CSQ, snpEff ANN/EFF) with the version the header gives. */
  vcfTools: z.array(vcfToolSchema),
  /** Stored variant rows read. */
  variants: z.number().int().nonnegative(),
  /** Rows annotated (checked against the reference; those refused are in referenceMismatches). */
  annotated: z.number().int().nonnegative(),
  /** Rows within a transcript of the pack (not only up/downstream). */
  inTranscripts: z.number().int().nonnegative(),
  /** Rows whose REF the pack's FASTA contradicts: counted and not annotated (annotate/reference-mismatch). */
  referenceMismatches: z.number().int().nonnegative(),
  clinvarMatches: z.number().int().nonnegative(),
  warnings: z.array(annotationErrorSchema),
  actor: z.string(),
  startedAt: z.string(),
  completedAt: z.string(),
});
export type AnnotationRun = z.infer<typeof annotationRunSchema>;

export const annotateRequestSchema = z.object({
  patientId: z.string().min(1).max(64),
  /** One import; by default every complete import of the patient. */
  importId: z.string().min(1).max(64).optional(),
  /** Annotate again even when the current annotation was made with the packs in use now. */
  rerun: z.boolean().optional(),
});
export type AnnotateRequest = z.infer<typeof annotateRequestSchema>;

export const annotateResultSchema = z.object({
  runs: z.array(annotationRunSchema),
  /** Imports whose annotation was already made with the packs in use (nothing was run for them). */
  upToDate: z.array(z.string()),
});
export type AnnotateResult = z.infer<typeof annotateResultSchema>;

export const annotateProgressSchema = z.object({
  importId: z.string(),
  /** loading: opening the packs in the worker; annotating: batches; finishing: the switch-over commit. */
  phase: z.enum(['loading', 'annotating', 'finishing']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  referenceMismatches: z.number().int().nonnegative(),
  variantsPerSecond: z.number().nonnegative(),
});
export type AnnotateProgress = z.infer<typeof annotateProgressSchema>;

export const annotationStatusSchema = z.object({
  imports: z.array(
    z.object({
      importId: z.string(),
      fileName: z.string(),
      build: z.enum(GENOME_BUILDS),
      run: annotationRunSchema.nullable(),
      /** The current annotation was made with exactly the packs that would be used now. */
      upToDate: z.boolean(),
      /** The packs an annotation run would use now for this import's build (empty: none installed). */
      packs: z.array(packVersionSchema),
      /** Runs this import's current one replaced, newest first: kept, and readable by `runId`. */
      earlierRuns: z.array(annotationRunSchema),
    }),
  ),
});
export type AnnotationStatus = z.infer<typeof annotationStatusSchema>;

/** The browser's sort keys: the import's own, and the population frequency (the active gnomAD pack's figure). */
export const ANNOTATED_SORT_KEYS = [...VARIANT_SORT_KEYS, 'frequency'] as const;
export type AnnotatedSortKey = (typeof ANNOTATED_SORT_KEYS)[number];

export const annotatedVariantQuerySchema = variantQuerySchema.extend({
  /**
   * As the import's sort, or by population frequency (highest group AF, else AF; not seen = 0; without a figure
   * last either way), then position; by frequency only where at most the frequency filter's cap pass the filters.
   */
  sort: z.object({ key: z.enum(ANNOTATED_SORT_KEYS), direction: z.enum(['asc', 'desc']).default('asc') }).optional(),
  /** Sequence Ontology terms; a variant matches when any transcript (own or VCF-borne) has one of them. */
  consequence: z
    .array(z.string().regex(/^[A-Za-z0-9_]{1,60}$/))
    .min(1)
    .max(40)
    .optional(),
  /** Highest IMPACT over the variant's transcripts. */
  impact: z.array(impactSchema).min(1).max(4).optional(),
  clinvar: z.array(z.enum(CLINVAR_CLASSES)).min(1).max(CLINVAR_CLASSES.length).optional(),
  /** Gene symbol as the annotation names it (any transcript). */
  annotatedGene: z.string().min(1).max(50).optional(),
  /** Only variants with a transcript consequence, a ClinVar match or a refusal (not intergenic ones). */
  annotatedOnly: z.boolean().optional(),
  /** Read an earlier (superseded) run instead of the current one: only that run's import is listed. */
  runId: z.string().min(1).max(64).optional(),
  /**
   * Population frequency at most this in the active gnomAD pack: the highest genetic-ancestry group's AF
   * (grpmax/popmax) where given, else the overall AF. A variant the pack does not hold counts as 0 (not
   * seen); one it holds without an AF (no genotype called there) is kept, never hidden for want of a figure.
   */
  maxAf: z.number().min(0).max(1).optional(),
});
export type AnnotatedVariantQuery = z.input<typeof annotatedVariantQuerySchema>;

export const variantAnnotationSummarySchema = z.object({
  /** Source of the transcript shown: GenoDesk's annotator when it covers the variant, else the VCF's tool. */
  source: z.enum(ANNOTATION_SOURCES).nullable(),
  sourceVersion: z.string().nullable(),
  gene: z.string().nullable(),
  transcript: z.string().nullable(),
  maneSelect: z.boolean(),
  canonical: z.boolean(),
  /** The shown transcript's terms, most severe first. */
  terms: z.array(z.string()),
  /** Most severe term over every transcript and source. */
  mostSevere: z.string().nullable(),
  /** Highest impact over every transcript and source. */
  impact: impactSchema.nullable(),
  hgvsc: z.string().nullable(),
  hgvsp: z.string().nullable(),
  transcripts: z.number().int().nonnegative(),
  clinvar: z
    .object({
      variationId: z.string(),
      significance: z.string(),
      class: z.enum(CLINVAR_CLASSES),
      reviewStatus: z.string(),
      stars: z.number().int().min(0).max(4),
      conditions: z.array(z.string()),
      conflicting: z.boolean(),
    })
    .nullable(),
  /** Set when the variant was refused (annotate/reference-mismatch). */
  error: annotationErrorSchema.nullable(),
});
export type VariantAnnotationSummary = z.infer<typeof variantAnnotationSummarySchema>;

export const annotatedVariantRowSchema = variantRowSchema.extend({ annotation: variantAnnotationSummarySchema.nullable() });
export type AnnotatedVariantRow = z.infer<typeof annotatedVariantRowSchema>;

export const annotatedVariantPageSchema = z.object({
  variants: z.array(annotatedVariantRowSchema),
  total: z.number().int(),
  /** At least one import in scope has a current annotation (annotation columns are meaningful). */
  annotated: z.boolean(),
});
export type AnnotatedVariantPage = z.infer<typeof annotatedVariantPageSchema>;

export const variantDetailInputSchema = z.object({
  patientId: z.string().min(1).max(64),
  /** VariantRow.id: `<importId>:<row>`. */
  variantId: z.string().min(3).max(100),
  /** An earlier run of the variant's import to read instead of the current one. */
  runId: z.string().min(1).max(64).optional(),
});

/** A replaced run to delete (its import's current run cannot be). */
export const deleteRunInputSchema = z.object({
  patientId: z.string().min(1).max(64),
  runId: z.string().min(1).max(64),
});

export const variantDetailSchema = z.object({
  variant: variantRowSchema,
  run: annotationRunSchema.nullable(),
  /** Every transcript GenoDesk annotated, the VCF's own tool annotations, the ClinVar match. */
  annotation: annotatedVariantSchema.nullable(),
});
export type VariantDetail = z.infer<typeof variantDetailSchema>;
