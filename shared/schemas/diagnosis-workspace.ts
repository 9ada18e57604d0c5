// What the diagnosis workspace stores and sends over IPC (issue 8): installed panels, the referral, the
// additional-findings consent, saved analyses, the lab's own versioned classifications and issued reports.
// The engine's shapes (candidates, criteria, report content) are in ./diagnosis.ts; these wrap them with
// who, when and which version. Field names are a public contract: add fields, never rename or drop one.
import { z } from 'zod';
import { packVersionSchema } from './annotation.ts';
import {
  AcmgClassSchema,
  AppliedCriterionSchema,
  CandidateSchema,
  DiagnosticReportContentSchema,
  PanelConfidenceSchema,
  PanelSourceKindSchema,
  PanelSummarySchema,
  RankingFiltersSchema,
  RankingSummarySchema,
  ReportOutcomeSchema,
  ScoredCriterionSchema,
  SecondaryFindingsResultSchema,
  StrengthSchema,
  CriterionCodeSchema,
  MoiCategorySchema,
} from './diagnosis.ts';

const id = z.string().min(1).max(64);
const GENOME_BUILD = z.enum(['GRCh37', 'GRCh38']);

// ---------------------------------------------------------------------------------------------------
// Panels

export const InstalledPanelSchema = PanelSummarySchema.extend({
  /** shipped: the demo pack in resources/panels (tests only); installed: a lab's own PanelApp export. */
  origin: z.enum(['shipped', 'installed']),
  sourceKind: PanelSourceKindSchema,
  diseaseGroup: z.string().nullable(),
  versionCreated: z.string().nullable(),
  genes: z.number().int(),
  greenGenes: z.number().int(),
  fileName: z.string().nullable(),
  installedAt: z.string().nullable(),
  installedBy: z.string().nullable(),
  /** Licence or use caveat to show beside the panel (the shipped pack: demo and tests only). */
  caveat: z.string().nullable(),
});
export type InstalledPanel = z.infer<typeof InstalledPanelSchema>;

export const PanelGeneRowSchema = z.object({
  symbol: z.string(),
  confidence: PanelConfidenceSchema,
  moiCategory: MoiCategorySchema,
  moi: z.string(),
});

export const panelsListOutputSchema = z.object({
  panels: z.array(InstalledPanelSchema),
  sfList: z.object({ version: z.string(), genes: z.number().int() }).nullable(),
});

export const panelsInstallInputSchema = z.object({
  file: z.string().min(1).max(4096),
  /** The flat TSV export carries no versions: the version label to record (e.g. "3.12"). */
  version: z.string().min(1).max(32).regex(/^[0-9A-Za-z._-]+$/).optional(),
});
export const panelsInstallOutputSchema = z.object({
  installed: z.array(InstalledPanelSchema),
  alreadyInstalled: z.array(InstalledPanelSchema),
});

export const panelGenesInputSchema = z.object({ id: z.string().min(1).max(32), version: z.string().min(1).max(32).optional() });
export const panelGenesOutputSchema = z.object({ panel: InstalledPanelSchema, genes: z.array(PanelGeneRowSchema) });

// ---------------------------------------------------------------------------------------------------
// Referral and consent

export const HpoTermSchema = z.object({
  id: z.string().regex(/^HP:\d{7}$/, 'HPO term ids look like HP:0003201'),
  label: z.string().max(200),
});

export const ReferralSchema = z.object({
  patientId: z.string(),
  clinicalIndication: z.string(),
  hpoTerms: z.array(HpoTermSchema),
  /** The panels chosen for this referral, each pinned to the version chosen. */
  panels: z.array(PanelSummarySchema),
  version: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type Referral = z.infer<typeof ReferralSchema>;

export const referralSaveInputSchema = z.object({
  patientId: id,
  clinicalIndication: z.string().max(2000),
  hpoTerms: z.array(HpoTermSchema).max(100).default([]),
  /** Without a version, the newest installed one is chosen and stored. */
  panels: z.array(z.object({ id: z.string().min(1).max(32), version: z.string().min(1).max(32).optional() })).max(20),
  /** The referral version the form was based on; refused if someone saved a newer one meanwhile. */
  basedOnVersion: z.number().int().positive().optional(),
});

export const ConsentRecordSchema = z.object({
  patientId: z.string(),
  additionalFindings: z.boolean(),
  note: z.string().nullable(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;

export const consentSaveInputSchema = z.object({
  patientId: id,
  additionalFindings: z.boolean(),
  /** e.g. "Consent form signed in clinic with Dr Smith, 20 Nov 2026". */
  note: z.string().max(1000).optional(),
});

export const referralGetOutputSchema = z.object({
  referral: ReferralSchema.nullable(),
  consent: ConsentRecordSchema.nullable(),
  consentHistory: z.array(ConsentRecordSchema),
});

// ---------------------------------------------------------------------------------------------------
// Analyses and candidates

export const AnalysisSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  importId: z.string(),
  build: GENOME_BUILD,
  panels: z.array(PanelSummarySchema),
  filters: RankingFiltersSchema,
  /** Annotation pack versions that produced the consequences and ClinVar assertions. */
  packs: z.array(packVersionSchema),
  annotationOrigin: z.enum(['stored', 'on-the-fly']),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Analysis = z.infer<typeof AnalysisSchema>;

export const VariantIdentitySchema = z.object({
  build: GENOME_BUILD,
  chrom: z.string().min(1).max(64),
  pos: z.number().int().positive().max(1e10),
  ref: z.string().min(1).max(10_000),
  alt: z.string().min(1).max(10_000),
});
export type VariantIdentity = z.infer<typeof VariantIdentitySchema>;

export const LabClassificationRecordSchema = z.object({
  id: z.string(),
  /** `GRCh38:chr1-226982996-C-T`: build plus the normalised allele, the same for every patient. */
  variantId: z.string(),
  key: z.string(),
  build: GENOME_BUILD,
  chrom: z.string(),
  pos: z.number().int(),
  ref: z.string(),
  alt: z.string(),
  version: z.number().int().positive(),
  acmgClass: AcmgClassSchema,
  points: z.number().int(),
  criteria: z.array(ScoredCriterionSchema),
  explanation: z.string(),
  comment: z.string(),
  gene: z.string().nullable(),
  transcript: z.string().nullable(),
  hgvsc: z.string().nullable(),
  hgvsp: z.string().nullable(),
  /** The patient whose case prompted it (the classification itself belongs to the variant). */
  patientId: z.string().nullable(),
  analysisId: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type LabClassificationRecord = z.infer<typeof LabClassificationRecordSchema>;

export const candidatesInputSchema = z.object({
  patientId: id,
  /** One import; by default the patient's newest complete import. */
  importId: id.optional(),
  /** By default the referral's panels at their pinned versions. */
  panels: z.array(z.object({ id: z.string().min(1).max(32), version: z.string().min(1).max(32).optional() })).min(1).max(20).optional(),
  filters: RankingFiltersSchema.partial().optional(),
});

export const CandidateWithLabSchema = CandidateSchema.extend({
  labClassification: LabClassificationRecordSchema.nullable(),
});

export const candidatesOutputSchema = z.object({
  analysis: AnalysisSchema,
  candidates: z.array(CandidateWithLabSchema),
  summary: RankingSummarySchema,
  /** What was searched: the panels' gene regions on the import's build. */
  scope: z.object({ genes: z.number().int(), genesWithoutCoordinates: z.array(z.string()), variantsRead: z.number().int() }),
  notes: z.array(z.string()),
});
export type CandidatesOutput = z.infer<typeof candidatesOutputSchema>;

// ---------------------------------------------------------------------------------------------------
// Classification

export const CriterionInfoSchema = z.object({
  code: CriterionCodeSchema,
  direction: z.enum(['pathogenic', 'benign']),
  defaultStrength: StrengthSchema,
  allowedStrengths: z.array(StrengthSchema),
  summary: z.string(),
  inUse: z.boolean(),
  guidance: z.string(),
});

export const criteriaListOutputSchema = z.object({
  criteria: z.array(CriterionInfoSchema),
  strengthPoints: z.record(z.string(), z.number().int()),
  classes: z.array(z.object({ acmgClass: AcmgClassSchema, label: z.string(), points: z.string() })),
  source: z.string(),
});

export const classifyPreviewInputSchema = z.object({ criteria: z.array(AppliedCriterionSchema.extend({ comment: z.string().max(2000).optional() })).max(40) });

export const classificationSaveInputSchema = z.object({
  variant: VariantIdentitySchema,
  criteria: z.array(AppliedCriterionSchema.extend({ comment: z.string().max(2000).optional() })).max(40),
  comment: z.string().max(5000),
  gene: z.string().max(64).optional(),
  transcript: z.string().max(128).optional(),
  hgvsc: z.string().max(1000).optional(),
  hgvsp: z.string().max(1000).optional(),
  patientId: id.optional(),
  analysisId: id.optional(),
  /** The version the user was looking at (absent when there was none): a newer one saved meanwhile is refused. */
  basedOnVersion: z.number().int().positive().optional(),
});

export const classificationHistoryInputSchema = z.object({ variant: VariantIdentitySchema });

export const classificationHistoryOutputSchema = z.object({
  variantId: z.string(),
  versions: z.array(LabClassificationRecordSchema),
  /** Patients of this store who carry the variant (complete imports of the same build). */
  carriers: z.number().int(),
});

// ---------------------------------------------------------------------------------------------------
// Secondary findings and report

export const secondaryFindingsInputSchema = z.object({
  patientId: id,
  importId: id.optional(),
  filters: RankingFiltersSchema.partial().optional(),
});

export const secondaryFindingsOutputSchema = z.object({
  consent: ConsentRecordSchema,
  result: SecondaryFindingsResultSchema,
  genesOnList: z.number().int(),
  genesNotSearched: z.array(z.string()),
  importId: z.string(),
  packs: z.array(packVersionSchema),
});

export const reportInputSchema = z.object({
  patientId: id,
  importId: id.optional(),
  filters: RankingFiltersSchema.partial().optional(),
  /** Variants to report; by default every candidate the lab classified P, LP or VUS. */
  variantKeys: z.array(z.string().min(1).max(20_000)).max(200).optional(),
  result: z.object({ outcome: ReportOutcomeSchema.optional(), summary: z.string().max(5000).optional() }).optional(),
  laboratory: z.string().max(200).optional(),
  authorisedBy: z.string().max(200).optional(),
});

export const reportPreviewOutputSchema = z.object({
  content: DiagnosticReportContentSchema,
  analysisId: z.string(),
});

export const reportPdfInputSchema = reportInputSchema.extend({ file: z.string().min(1).max(4096) });

export const reportPdfOutputSchema = z.object({
  reportId: z.string(),
  file: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  analysisId: z.string(),
  content: DiagnosticReportContentSchema,
  /** FHIR Genomics Reporting resources built and validated at issue (the sync sends them). */
  fhirResources: z.number().int(),
});
