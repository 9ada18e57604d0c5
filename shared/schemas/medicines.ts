// Medicines and the medication review: what `genodesk medications …` prints, what the Medicines tab
// shows and the PGx PDF's first page draws. CLI.md fixes the listed field names; the rest is additive.
import { z } from 'zod';
import { pgxDataVersionsSchema } from './pgx.ts';

export const MEDICATION_STATUSES = ['active', 'stopped'] as const;
export const MEDICATION_ORIGINS = ['local', 'fhir'] as const;
/** Most urgent first: the review is sorted in this order. */
export const REVIEW_ACTIONS = ['avoid', 'adjust', 'monitor', 'no-result', 'no-guideline', 'standard'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const medicationSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  drug: z.string(),
  /** System and code ("http://snomed.info/sct|…") when given or known; null otherwise. */
  code: z.string().nullable(),
  ingredients: z.array(z.string()),
  dose: z.string().nullable(),
  started: isoDate.nullable(),
  stopped: isoDate.nullable(),
  status: z.enum(MEDICATION_STATUSES),
  /** False when the name matched nothing in the catalogue: kept as free text, "not checked". */
  checked: z.boolean(),
  origin: z.enum(MEDICATION_ORIGINS),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Medication = z.infer<typeof medicationSchema>;

export const medicationDraftSchema = z
  .object({
    drug: z.string().trim().min(1).max(200),
    code: z.string().trim().min(1).max(200).optional(),
    dose: z.string().trim().min(1).max(200).optional(),
    started: z.string().trim().optional(),
  })
  .strict();
export type MedicationDraft = z.infer<typeof medicationDraftSchema>;

/** One catalogue entry: a drug GenoDesk can check, and why it knows it. */
export const drugEntrySchema = z.object({
  name: z.string(),
  /** Where the name comes from: a bundled guideline (CPIC/DPWG) or the phenoconversion table. */
  sources: z.array(z.string()),
  /** PharmGKB accession from the guideline files, when the drug has a guideline. */
  pharmgkbId: z.string().nullable(),
  genes: z.array(z.string()),
  /** Genes whose phenotype this drug changes (inhibitor/inducer), as "CYP2D6 strong-inhibitor". */
  perpetratorOf: z.array(z.string()),
  /**
   * SNOMED CT substance concept as "http://snomed.info/sct|<SCTID>" when a bundled published value set gives one
   * (resources/medicines/drug-codes.json); null when none does.
   */
  code: z.string().nullable(),
  /** The concept's name as the source writes it, e.g. "Codeine (substance)". */
  codeDisplay: z.string().nullable(),
});
export type DrugEntry = z.infer<typeof drugEntrySchema>;

export const phenoconversionSchema = z.object({
  gene: z.string(),
  /** Genotype-predicted phenotype (with activity score where the gene has one). */
  from: z.string(),
  /** The phenotype used for this drug's lookup. */
  to: z.string(),
  because: z.array(z.string()),
  /** e.g. "strong CYP2D6 inhibitor: activity score × 0 (Cicali et al. 2021)". */
  rule: z.string(),
  sources: z.array(z.object({ id: z.string(), title: z.string(), url: z.string() })),
});
export type Phenoconversion = z.infer<typeof phenoconversionSchema>;

export const reviewRecommendationSchema = z.object({
  source: z.enum(['CPIC', 'DPWG']),
  guideline: z.string(),
  guidelineUrl: z.string(),
  population: z.string().nullable(),
  classification: z.string().nullable(),
  action: z.enum(REVIEW_ACTIONS),
  /** Which rule gave the action, for the audit of the method (docs/medicines.md). */
  actionRule: z.string(),
  recommendation: z.string(),
  alternative: z.string().nullable(),
  lookupKey: z.record(z.string(), z.string()),
});
export type ReviewRecommendation = z.infer<typeof reviewRecommendationSchema>;

export const reviewItemSchema = z.object({
  drug: z.string(),
  medicationId: z.string().nullable(),
  current: z.boolean(),
  checked: z.boolean(),
  genes: z.array(z.string()),
  phenotypes: z.record(z.string(), z.string()),
  phenoconversion: z.array(phenoconversionSchema),
  action: z.enum(REVIEW_ACTIONS),
  classification: z.string().nullable(),
  guideline: z.string().nullable(),
  recommendation: z.string().nullable(),
  alternative: z.string().nullable(),
  /** Why the action is no-result / no-guideline, or what else a prescriber should know. */
  reason: z.string().nullable(),
  /** Every matched recommendation (CPIC and DPWG, each population), most urgent first. */
  recommendations: z.array(reviewRecommendationSchema),
  /** For a drug being considered: current medicines whose phenotype it would change. */
  wouldPhenoconvert: z.array(z.string()),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

export const medicationReviewSchema = z.object({
  dataVersions: z.object({
    pgx: pgxDataVersionsSchema.nullable(),
    phenoconversion: z.string(),
    actionRules: z.string(),
  }),
  /** "result" when a PGx result was available, else why not (e.g. "pgx/no-import"). */
  pgxStatus: z.string(),
  items: z.array(reviewItemSchema),
});
export type MedicationReview = z.infer<typeof medicationReviewSchema>;
