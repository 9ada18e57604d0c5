// The per-variant annotation JSON (issue 7 §6): what `genodesk annotate` prints, what the worker returns
// and what the store and the variant browser read. Field names are a public contract (CLI.md): add
// fields freely, never rename or drop one.
import { z } from 'zod';

export const IMPACTS = ['HIGH', 'MODERATE', 'LOW', 'MODIFIER'] as const;
export const impactSchema = z.enum(IMPACTS);

export const transcriptConsequenceSchema = z.object({
  gene: z.string(),
  geneId: z.string(),
  /** Transcript identifier as the pack names it (ENST… without version, NM_… with version). */
  transcript: z.string(),
  biotype: z.string(),
  strand: z.union([z.literal(1), z.literal(-1)]),
  /** Sequence Ontology terms, most severe first, as Ensembl VEP names them. */
  terms: z.array(z.string()).min(1),
  /** HGVS c./n. with its reference sequence, 3'-shifted (e.g. ENST00000423372.3:c.*1565C>T); null when not describable. */
  hgvsc: z.string().nullable(),
  /** Predicted HGVS p. in three-letter code with its protein reference (e.g. ENSP…:p.(Arg12Trp)); null outside the CDS. */
  hgvsp: z.string().nullable(),
  impact: impactSchema,
  maneSelect: z.boolean(),
  canonical: z.boolean(),
  exon: z.string().optional(),
  intron: z.string().optional(),
  /** Bases to the transcript for upstream/downstream variants. */
  distance: z.number().int().optional(),
  proteinPosition: z.number().int().optional(),
  aminoAcids: z.string().optional(),
});

export const clinvarSchema = z.object({
  variationId: z.string(),
  alleleId: z.string().optional(),
  significance: z.string(),
  reviewStatus: z.string(),
  stars: z.number().int().min(0).max(4),
  conditions: z.array(z.string()),
  conflicting: z.boolean(),
  conflictingClassifications: z.array(z.string()).optional(),
  gene: z.string().optional(),
  release: z.string().optional(),
});

export const vcfBorneTranscriptSchema = z.object({
  allele: z.string(),
  gene: z.string().optional(),
  geneId: z.string().optional(),
  transcript: z.string().optional(),
  biotype: z.string().optional(),
  terms: z.array(z.string()),
  impact: z.string().optional(),
  hgvsc: z.string().optional(),
  hgvsp: z.string().optional(),
  /** Every field of the entry, named as in the header's Format description. */
  fields: z.record(z.string(), z.string()),
});

export const vcfBorneAnnotationSchema = z.object({
  tool: z.enum(['VEP', 'snpEff']),
  version: z.string().nullable(),
  /** INFO key the annotation came from (CSQ, ANN, EFF). */
  field: z.string(),
  transcripts: z.array(vcfBorneTranscriptSchema),
});

export const annotationErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export const annotatedVariantSchema = z.object({
  chrom: z.string(),
  pos: z.number().int().positive(),
  ref: z.string(),
  alt: z.string(),
  consequences: z.array(transcriptConsequenceSchema),
  clinvar: clinvarSchema.nullable(),
  /** Most severe term over all transcripts; intergenic_variant when no transcript is within 5 kb; null when not annotated. */
  mostSevereConsequence: z.string().nullable(),
  /** Annotations already present in the VCF (VEP CSQ, snpEff ANN), shown as such. */
  vcfAnnotations: z.array(vcfBorneAnnotationSchema).optional(),
  /** Set when the variant was not annotated (annotate/reference-mismatch, …). */
  error: annotationErrorSchema.optional(),
});

export type TranscriptConsequence = z.infer<typeof transcriptConsequenceSchema>;
export type ClinVarAnnotation = z.infer<typeof clinvarSchema>;
export type VcfBorneAnnotation = z.infer<typeof vcfBorneAnnotationSchema>;
export type VcfBorneTranscript = z.infer<typeof vcfBorneTranscriptSchema>;
export type AnnotatedVariant = z.infer<typeof annotatedVariantSchema>;

export const PACK_KINDS = ['transcripts', 'clinvar', 'panel', 'frequency'] as const;

export const packFileSchema = z.object({
  /** gff3 | fasta | fasta-fai | fasta-gzi | clinvar-vcf | panel | frequency-vcf (+ indexes written at install) */
  role: z.string(),
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
});

/** `manifest.json` of an installed or shipped pack. */
export const packManifestSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string().min(1),
  kind: z.enum(PACK_KINDS),
  build: z.enum(['GRCh37', 'GRCh38']),
  name: z.string(),
  source: z.string(),
  version: z.string(),
  date: z.string(),
  licence: z.string(),
  files: z.array(packFileSchema).min(1),
  provenance: z.array(
    z.object({ file: z.string(), origin: z.string(), commit: z.string().optional(), derivation: z.string().optional() }),
  ),
  notes: z.string().optional(),
});

export type PackManifest = z.infer<typeof packManifestSchema>;

/** Which pack versions produced an annotation run. */
export const packVersionSchema = z.object({
  id: z.string(),
  kind: z.enum(PACK_KINDS),
  version: z.string(),
  sha256: z.string().optional(),
});
export type PackVersion = z.infer<typeof packVersionSchema>;

export const annotationSummarySchema = z.object({
  records: z.number().int().nonnegative(),
  alleles: z.number().int().nonnegative(),
  annotated: z.number().int().nonnegative(),
  inTranscripts: z.number().int().nonnegative(),
  referenceMismatches: z.number().int().nonnegative(),
  packs: z.array(packVersionSchema),
});
export type AnnotationSummary = z.infer<typeof annotationSummarySchema>;
