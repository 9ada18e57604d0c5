// The pharmacogenomics result: what `genodesk pgx` prints, what the Pharmacogenomics tab shows, what the
// PDF report is drawn from and what the store keeps. CLI.md fixes the names of the top-level fields and
// of gene/recommendation fields it lists; everything else here is additive.
import { z } from 'zod';

export const PGX_GENE_SOURCES = ['vcf', 'outside-call'] as const;
export const PGX_GUIDELINE_SOURCES = ['CPIC', 'DPWG'] as const;
export const PGX_WARNING_SEVERITIES = ['info', 'warning'] as const;
/** 'not-interpretable': an outside call names an allele no bundled data knows; that gene only is left out. */
export const PGX_CALL_STATUSES = ['called', 'ambiguous', 'variant-list', 'not-called', 'no-data', 'not-interpretable'] as const;

const dataComponentSchema = z.object({
  version: z.string(),
  commit: z.string(),
  commitDate: z.string(),
});

/** Which reference data produced the result: stored with every result so it can be reproduced. */
export const pgxDataVersionsSchema = z.object({
  bundle: z.string(),
  genomeBuild: z.literal('GRCh38'),
  source: z.string(),
  definitions: dataComponentSchema,
  phenotypes: dataComponentSchema,
  cyp2d6Phenotypes: dataComponentSchema,
  /** Added with the G6PD/RYR1 maps; absent in results stored before them. */
  cyp2d6DpwgPhenotypes: dataComponentSchema.optional(),
  g6pdPhenotypes: dataComponentSchema.optional(),
  ryr1Phenotypes: dataComponentSchema.optional(),
  guidelines: dataComponentSchema,
});
export type PgxDataVersions = z.infer<typeof pgxDataVersionsSchema>;

export const pgxWarningSchema = z.object({
  code: z.string(),
  severity: z.enum(PGX_WARNING_SEVERITIES),
  message: z.string(),
});
export type PgxWarning = z.infer<typeof pgxWarningSchema>;

export const pgxPositionSchema = z.object({
  chrom: z.string(),
  pos: z.number().int(),
  rsid: z.string().nullable(),
});
export type PgxPosition = z.infer<typeof pgxPositionSchema>;

export const pgxVariantCallSchema = pgxPositionSchema.extend({
  /** Alleles as used for matching, in definition (VCF) spelling, e.g. "C/T", "CAT|CATAT". */
  call: z.string(),
  /** 'record' = a VCF record at the position; 'reference-block' = inside a gVCF reference block. */
  evidence: z.enum(['record', 'reference-block']),
  phased: z.boolean(),
  phaseSet: z.string().nullable(),
});

export const pgxAlleleDetailSchema = z.object({
  name: z.string(),
  function: z.string().nullable(),
  activityValue: z.string().nullable(),
});

export const pgxDiplotypeDetailSchema = z.object({
  name: z.string(),
  allele1: pgxAlleleDetailSchema,
  allele2: pgxAlleleDetailSchema.nullable(),
  /** Matcher score (sum of defined positions); null for outside calls. */
  score: z.number().int().nullable(),
  phenotypes: z.array(z.string()),
  activityScore: z.string().nullable(),
  /** Keys used to look up CPIC / DPWG recommendations for this diplotype. */
  lookupKeys: z.object({ CPIC: z.array(z.string()), DPWG: z.array(z.string()) }),
});
export type PgxDiplotypeDetail = z.infer<typeof pgxDiplotypeDetailSchema>;

export const pgxGeneResultSchema = z.object({
  gene: z.string(),
  source: z.enum(PGX_GENE_SOURCES),
  callStatus: z.enum(PGX_CALL_STATUSES),
  /** Diplotype names exactly as PharmCAT writes them, best first. */
  diplotypes: z.array(z.string()),
  /** Lowest-function genes on unphased data (DPYD, RYR1): the variants found, as PharmCAT lists them. */
  haplotypes: z.array(z.string()),
  phenotypes: z.array(z.string()),
  activityScore: z.string().nullable(),
  missingPositions: z.array(pgxPositionSchema),
  referenceBlockPositions: z.array(pgxPositionSchema),
  positionsWithUndocumentedVariations: z.array(pgxPositionSchema),
  uncallableAlleles: z.array(z.string()),
  phased: z.boolean(),
  effectivelyPhased: z.boolean(),
  variants: z.array(pgxVariantCallSchema),
  diplotypeDetails: z.array(pgxDiplotypeDetailSchema),
  /** When unphased NAT2 data gives several calls, PharmCAT picks one by frequency; the others are kept here. */
  alternativeDiplotypes: z.array(z.string()),
  warnings: z.array(pgxWarningSchema),
});
export type PgxGeneResult = z.infer<typeof pgxGeneResultSchema>;

export const pgxRecommendationSchema = z.object({
  drug: z.string(),
  genes: z.array(z.string()),
  source: z.enum(PGX_GUIDELINE_SOURCES),
  guideline: z.string(),
  guidelineUrl: z.string(),
  classification: z.string().nullable(),
  recommendation: z.string(),
  implications: z.array(z.string()),
  population: z.string().nullable(),
  /** The gene results this recommendation was matched on, e.g. {"CYP2C19": "Normal Metabolizer"}. */
  lookupKey: z.record(z.string(), z.string()),
  /** Which called diplotypes led here (several when the call is ambiguous). */
  diplotypes: z.record(z.string(), z.array(z.string())),
  warnings: z.array(pgxWarningSchema),
});
export type PgxRecommendation = z.infer<typeof pgxRecommendationSchema>;

export const pgxUnmatchedGuidelineSchema = z.object({
  drug: z.string(),
  genes: z.array(z.string()),
  source: z.enum(PGX_GUIDELINE_SOURCES),
  guideline: z.string(),
  reason: z.string(),
});
export type PgxUnmatchedGuideline = z.infer<typeof pgxUnmatchedGuidelineSchema>;

export const pgxMatchOptionsSchema = z.object({
  /** PharmCAT default: only the top-scoring diplotypes (ties all listed). */
  topCandidateOnly: z.boolean().default(true),
  findCombinations: z.boolean().default(false),
  withExemptions: z.boolean().default(true),
  /** PharmCAT calls CYP2D6 from VCF only in research mode; outside calls are the supported route. */
  callCyp2d6: z.boolean().default(false),
});
export type PgxMatchOptions = z.infer<typeof pgxMatchOptionsSchema>;

export const pgxResultSchema = z.object({
  dataVersions: pgxDataVersionsSchema,
  sample: z.string().nullable(),
  build: z.string(),
  options: pgxMatchOptionsSchema,
  genes: z.array(pgxGeneResultSchema),
  recommendations: z.array(pgxRecommendationSchema),
  unmatchedGuidelines: z.array(pgxUnmatchedGuidelineSchema),
  warnings: z.array(pgxWarningSchema),
});
export type PgxResult = z.infer<typeof pgxResultSchema>;

/** One parsed line of PharmCAT's outside-call TSV. */
export const pgxOutsideCallSchema = z.object({
  gene: z.string(),
  diplotype: z.string().nullable(),
  phenotype: z.string().nullable(),
  activityScore: z.string().nullable(),
  line: z.number().int(),
});
export type PgxOutsideCall = z.infer<typeof pgxOutsideCallSchema>;

// --- stored results, outside calls and the IPC/CLI shapes around them (issue 5 wiring) ---------------------

/** Where the genotypes behind a result came from: a patient's stored import or a file read directly. */
export const pgxGenotypeSourceSchema = z.object({
  kind: z.enum(['import', 'file']),
  /** The import read (store route); null for `pgx --vcf`. */
  importId: z.string().nullable(),
  file: z.string(),
  fileName: z.string(),
  sample: z.string().nullable(),
  importedAt: z.string().nullable(),
  /** Outside-call files whose calls replaced what the VCF gives for their genes. */
  /** id and importedAt are null for a file given straight to `pgx --vcf --outside-call`. */
  outsideCallFiles: z.array(z.object({ id: z.string().nullable(), fileName: z.string(), importedAt: z.string().nullable(), genes: z.array(z.string()) })),
});
export type PgxGenotypeSourceInfo = z.infer<typeof pgxGenotypeSourceSchema>;

/** A result as the store route returns it: the engine's result plus where its genotypes came from. */
export const pgxStoredRunSchema = pgxResultSchema.extend({ genotypeSource: pgxGenotypeSourceSchema });
export type PgxStoredRun = z.infer<typeof pgxStoredRunSchema>;

/** One outside call as kept for a patient: the TSV line plus the file it came from. */
export const pgxStoredOutsideCallSchema = pgxOutsideCallSchema.extend({
  fileId: z.string(),
  fileName: z.string(),
  importedAt: z.string(),
  actor: z.string(),
});
export type PgxStoredOutsideCall = z.infer<typeof pgxStoredOutsideCallSchema>;

export const pgxOutsideCallFileSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  file: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  importedAt: z.string(),
  actor: z.string(),
  calls: z.array(pgxOutsideCallSchema),
  /** Genes whose outside call names an allele no bundled data knows: kept, but not interpretable. */
  notInterpretable: z.array(z.string()).optional(),
});
export type PgxOutsideCallFile = z.infer<typeof pgxOutsideCallFileSchema>;

export const PGX_RESULT_KINDS = ['result', 'report'] as const;

/** A saved result without its (large) result JSON: what lists and the CLI's `report` show. */
export const pgxSavedResultSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  kind: z.enum(PGX_RESULT_KINDS),
  importId: z.string(),
  options: pgxMatchOptionsSchema,
  dataVersions: pgxDataVersionsSchema,
  /** The PDF written for a report; null for a saved result without one. */
  file: z.string().nullable(),
  pdfSha256: z.string().nullable(),
  createdAt: z.string(),
  actor: z.string(),
});
export type PgxSavedResult = z.infer<typeof pgxSavedResultSchema>;

/** PharmCAT's match options as callers give them: any subset, PharmCAT's defaults for the rest. */
export const pgxMatchOptionsInputSchema = z
  .object({
    topCandidateOnly: z.boolean(),
    findCombinations: z.boolean(),
    withExemptions: z.boolean(),
    callCyp2d6: z.boolean(),
  })
  .partial()
  .strict();
export type PgxMatchOptionsInput = z.infer<typeof pgxMatchOptionsInputSchema>;
