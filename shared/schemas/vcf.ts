// Shapes of the VCF import and the variant browser as they cross IPC and the CLI (CLI.md: `import`,
// `imports list`, `variants`). Field names here are a public contract: add fields, never rename or drop.
import { z } from 'zod';

import { GENOME_BUILDS, VARIANT_PAGE_MAX } from '../vcf-constants.ts';

export { GENOME_BUILDS, VARIANT_PAGE_MAX } from '../vcf-constants.ts';
export type { GenomeBuild } from '../vcf-constants.ts';

/**
 * A stored row's genotype class, after multi-allelic splitting (so alleles are 0, 1 or missing).
 * The stored code is the index in this list. Classes follow `bcftools stats` per-sample counts (PSC)
 * so the two can be compared: ploidy 1 is hemizygous (PSC nHapRef/nHapAlt), any missing allele is
 * missing (PSC nMissing, split here into no-call and half-call), `none` = the file has no genotypes.
 */
export const ZYGOSITIES = ['hom-ref', 'het', 'hom-alt', 'hemi-ref', 'hemi-alt', 'half-call', 'no-call', 'none'] as const;
export type Zygosity = (typeof ZYGOSITIES)[number];

export const importRequestSchema = z.object({
  file: z.string().min(1).max(4096),
  patientId: z.string().min(1).max(64),
  /** Which sample column is this patient; required when the file has more than one. */
  sample: z.string().min(1).max(1000).optional(),
  /** Overrides build detection (the header is unclear, contradictory, or names another build). */
  build: z.enum(GENOME_BUILDS).optional(),
});
export type ImportRequest = z.infer<typeof importRequestSchema>;

export const importStatusSchema = z.enum(['complete', 'duplicate']);

/** Genotype counts over the stored variant rows (one per ALT allele, as `bcftools norm -m-any` gives). */
export const importStatsSchema = z.object({
  het: z.number().int(),
  homAlt: z.number().int(),
  homRef: z.number().int(),
  hemiRef: z.number().int(),
  hemiAlt: z.number().int(),
  /** Every allele missing (`./.`). */
  noCall: z.number().int(),
  /** Some alleles missing (`./1`). */
  halfCall: z.number().int(),
  /** No genotype: a sites-only file, or a record whose FORMAT has no GT. */
  notGenotyped: z.number().int(),
  /** SNVs the sample carries (het or hom-alt), as bcftools stats counts them per sample. */
  transitions: z.number().int(),
  transversions: z.number().int(),
  /** transitions / transversions; null when there are no transversions. */
  tiTv: z.number().nullable(),
});
export type ImportStats = z.infer<typeof importStatsSchema>;

export const importSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  /** The path the file was imported from. */
  file: z.string(),
  fileName: z.string(),
  fileBytes: z.number().int(),
  /** SHA-256 of the file's bytes as stored on disk (compressed if it is compressed). */
  sha256: z.string(),
  /** The sample column imported; null for a sites-only file. */
  sample: z.string().nullable(),
  build: z.enum(GENOME_BUILDS),
  /** 'header' when detected from ##reference/##contig, 'user' when given with --build or in the UI. */
  buildSource: z.enum(['header', 'user']),
  vcfVersion: z.string().nullable(),
  /** Data lines read. */
  records: z.number().int(),
  /** Rows after splitting multi-allelic ALTs (what `bcftools norm -m-any` would give). */
  alleles: z.number().int(),
  /** Rows stored as variants (alleles minus reference-only rows: ALT `.`, `<*>`, `<NON_REF>`). */
  variants: z.number().int(),
  /** gVCF reference blocks and ALT `.` sites stored as "called reference" intervals. */
  referenceBlocks: z.number().int(),
  status: importStatusSchema,
  ...importStatsSchema.shape,
  startedAt: z.string(),
  importedAt: z.string(),
});
export type ImportRecord = z.infer<typeof importSchema>;

export const importResultSchema = z.object({ import: importSchema });

export const listImportsInputSchema = z.object({ patientId: z.string().min(1).max(64).optional() });
export const listImportsOutputSchema = z.object({ imports: z.array(importSchema) });

export const listSamplesInputSchema = z.object({ file: z.string().min(1).max(4096) });
export const listSamplesOutputSchema = z.object({ file: z.string(), samples: z.array(z.string()) });

export const importProgressSchema = z.object({
  file: z.string(),
  /** hashing: checksumming the file to recognise a repeat; reading: parsing and storing; finishing: final commit. */
  phase: z.enum(['hashing', 'reading', 'finishing']),
  bytes: z.number(),
  totalBytes: z.number(),
  records: z.number().int(),
  recordsPerSecond: z.number(),
  /** Seconds left, estimated from the byte rate; null until there is a rate. */
  etaSeconds: z.number().nullable(),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

export const VARIANT_SORT_KEYS = ['position', 'quality', 'depth', 'genotypeQuality'] as const;
export type VariantSortKey = (typeof VARIANT_SORT_KEYS)[number];


export const variantQuerySchema = z.object({
  patientId: z.string().min(1).max(64),
  /** One import; by default every complete import of the patient. */
  importId: z.string().min(1).max(64).optional(),
  /** `chr7`, `7:117480025-117668665`, `chrX:1,000-2,000` (1-based, inclusive). */
  region: z.string().min(1).max(200).optional(),
  /** HGNC symbol from the bundled gene table (resources/genes). */
  gene: z.string().min(1).max(50).optional(),
  genotype: z.array(z.enum(ZYGOSITIES)).min(1).max(ZYGOSITIES.length).optional(),
  /** FILTER is exactly PASS (as `bcftools view -f PASS`; FILTER `.` is not PASS). */
  passOnly: z.boolean().optional(),
  sort: z
    .object({ key: z.enum(VARIANT_SORT_KEYS), direction: z.enum(['asc', 'desc']).default('asc') })
    .optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(VARIANT_PAGE_MAX).default(100),
});
export type VariantQuery = z.input<typeof variantQuerySchema>;

export const originalRecordSchema = z.object({
  pos: z.number().int(),
  ref: z.string(),
  alts: z.array(z.string()),
  /** GT as written in the file, before splitting. */
  gt: z.string().nullable(),
  line: z.number().int(),
});

export const variantRowSchema = z.object({
  /** Stable within the store: `<importId>:<row>`. */
  id: z.string(),
  importId: z.string(),
  chrom: z.string(),
  pos: z.number().int(),
  ref: z.string(),
  alt: z.string(),
  /** ID column (dbSNP rs numbers…); empty when `.`. */
  ids: z.array(z.string()),
  /** GT after splitting (`bcftools norm -m-any` recoding), null for a sites-only file. */
  genotype: z.string().nullable(),
  zygosity: z.enum(ZYGOSITIES),
  phased: z.boolean(),
  phaseSet: z.number().int().nullable(),
  /** FILTER as written: `PASS`, `q10;s50`, or null for `.`. */
  filter: z.string().nullable(),
  quality: z.number().nullable(),
  genotypeQuality: z.number().nullable(),
  depth: z.number().int().nullable(),
  /** AD for REF and this ALT. */
  alleleDepths: z.tuple([z.number().int().nullable(), z.number().int().nullable()]).nullable(),
  /** INFO fields kept (END, SVTYPE, SVLEN, CIPOS, CIEND, AF, AC, AN), per-allele values already split. */
  info: z.record(z.string(), z.string()),
  /** Gene symbols overlapping the variant (bundled gene table for the import's build). */
  genes: z.array(z.string()),
  /** The record as written in the file when this row was split or trimmed from it; null when identical. */
  original: originalRecordSchema.nullable(),
});
export type VariantRow = z.infer<typeof variantRowSchema>;

export const variantPageSchema = z.object({ variants: z.array(variantRowSchema), total: z.number().int() });
export type VariantPage = z.infer<typeof variantPageSchema>;

export const getImportInputSchema = z.object({ id: z.string().min(1).max(64) });

export const listGenesInputSchema = z.object({ build: z.enum(GENOME_BUILDS) });
export const listGenesOutputSchema = z.object({ build: z.enum(GENOME_BUILDS), genes: z.array(z.string()) });

/** The renderer's import request: an id it chose, so it can cancel and match progress events to it. */
export const startImportInputSchema = z.object({ requestId: z.string().min(1).max(64), request: importRequestSchema });
export const cancelImportInputSchema = z.object({ requestId: z.string().min(1).max(64) });
export const importProgressEventSchema = importProgressSchema.extend({ requestId: z.string() });
