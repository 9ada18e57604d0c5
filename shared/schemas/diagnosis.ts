// Schemas of the diagnosis workspace (issue 8): panels, candidate variants and their tiers, ACMG/ACGS
// classification, secondary findings and the diagnostic report content. Data crossing IPC or read from
// files is parsed with these; TypeScript types come from z.infer so they are never written twice.
import { z } from 'zod';
import { segregationResultSchema } from './family.ts';

// ---------------------------------------------------------------------------------------------------
// Panels (Genomics England PanelApp)

/** PanelApp's gene rating: 3 (or 4 in some exports) green, 2 amber, 1 red, 0 not rated / removed. */
export const PanelConfidenceSchema = z.enum(['green', 'amber', 'red', 'not-rated']);

/** The five classes GenoDesk reasons with; `detail` keeps PanelApp's finer distinction. */
export const MoiCategorySchema = z.enum(['monoallelic', 'biallelic', 'x-linked', 'mitochondrial', 'unknown']);

export const MoiDetailSchema = z.enum([
  'monoallelic',
  'monoallelic-not-imprinted',
  'monoallelic-imprinting-unknown',
  'monoallelic-paternally-imprinted',
  'monoallelic-maternally-imprinted',
  'monoallelic-and-biallelic',
  'monoallelic-and-biallelic-more-severe',
  'biallelic',
  'x-linked',
  'x-linked-biallelic',
  'x-linked-monoallelic',
  'mitochondrial',
  'other',
  'unknown',
]);

export const ModeOfInheritanceSchema = z.object({
  category: MoiCategorySchema,
  detail: MoiDetailSchema,
  /** PanelApp's own words (API string or TSV abbreviation), shown to the user unchanged. */
  source: z.string(),
});

export const GeneRegionSchema = z.object({
  chrom: z.string(),
  start: z.number().int().positive(),
  end: z.number().int().positive(),
  /** Where the coordinates come from, e.g. "PanelApp gene_data GRCh38 Ensembl 90". */
  source: z.string(),
});

export const PanelGeneSchema = z.object({
  symbol: z.string().min(1),
  hgncId: z.string().nullable(),
  confidence: PanelConfidenceSchema,
  confidenceLevel: z.number().int().min(0).max(4),
  moi: ModeOfInheritanceSchema,
  grch37: GeneRegionSchema.nullable(),
  grch38: GeneRegionSchema.nullable(),
  phenotypes: z.array(z.string()),
  evidence: z.array(z.string()),
});

export const PanelSourceKindSchema = z.enum(['panelapp-api-v1', 'panelapp-flat-tsv']);

export const PanelSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  version: z.string().min(1),
  versionCreated: z.string().nullable(),
  diseaseGroup: z.string().nullable(),
  sourceKind: PanelSourceKindSchema,
  genes: z.array(PanelGeneSchema),
  /** PanelApp STR and region entries: not analysed by small-variant tiering, so the report says so. */
  strCount: z.number().int().min(0),
  regionCount: z.number().int().min(0),
  warnings: z.array(z.string()),
});

/** What an analysis stores: the panel and the exact version used. */
export const PanelRefSchema = z.object({
  id: z.string().min(1),
  version: z.string().min(1).optional(),
});

export const PanelSummarySchema = z.object({ id: z.string(), name: z.string(), version: z.string() });

// ---------------------------------------------------------------------------------------------------
// Variants as the ranking reads them (from the store: VCF import + annotation)

export const ZygositySchema = z.enum(['heterozygous', 'homozygous', 'hemizygous', 'reference', 'unknown']);

export const ImpactSchema = z.enum(['HIGH', 'MODERATE', 'LOW', 'MODIFIER']);

export const ConsequenceSchema = z.object({
  gene: z.string().min(1),
  transcript: z.string().nullable(),
  /** Sequence Ontology terms as VEP names them (stop_gained, missense_variant…). Empty = not known. */
  terms: z.array(z.string()),
  hgvsc: z.string().nullable(),
  hgvsp: z.string().nullable(),
  impact: ImpactSchema.nullable(),
  mane: z.boolean().optional(),
  canonical: z.boolean().optional(),
  /** Who said so: "genodesk-annotator", "vep-csq", "clinvar-molecular-consequence", "panel-gene-region"… */
  source: z.string().optional(),
});

export const ClinvarAssertionSchema = z.object({
  significance: z.string(),
  stars: z.number().int().min(0).max(4),
  condition: z.string().nullable(),
  variationId: z.string().nullable().optional(),
  reviewStatus: z.string().nullable().optional(),
});

export const PopulationFrequencySchema = z.object({
  /** Allele frequency, 0..1. */
  af: z.number().min(0).max(1),
  /** e.g. "gnomAD_AF (VEP CSQ)" or "gnomADg AF_nfe". */
  source: z.string(),
});

export const CandidateVariantInputSchema = z.object({
  chrom: z.string().min(1),
  pos: z.number().int().positive(),
  ref: z.string().min(1),
  alt: z.string().min(1),
  /** GT as written in the VCF after splitting ("0|1", "1/1"); null when the file has no genotypes. */
  genotype: z.string().nullable(),
  /** Allele index of this ALT in `genotype` (1 unless the GT was kept from a multi-allelic record). */
  altIndex: z.number().int().positive().optional(),
  zygosity: ZygositySchema,
  phased: z.boolean(),
  /** VCF FORMAT/PS; phased genotypes without PS share one phase set (VCF 4.2 §1.6.2). */
  ps: z.union([z.number().int(), z.string()]).nullable().optional(),
  /** FILTER column: "PASS", "." (not applied) or failing filter names separated by ";". */
  filter: z.string().nullable(),
  gq: z.number().nullable(),
  dp: z.number().nullable(),
  consequences: z.array(ConsequenceSchema),
  clinvar: ClinvarAssertionSchema.nullable(),
  populationFrequencies: z.array(PopulationFrequencySchema).optional(),
});

export const Tier3ScopeSchema = z.enum(['relevant', 'all']);

/** Adjustable filters. Defaults are GenoDesk's; the frequency thresholds are those Genomics England publishes. */
export const RankingFiltersSchema = z.object({
  requirePass: z.boolean().default(true),
  minGq: z.number().min(0).nullable().default(20),
  minDp: z.number().min(0).nullable().default(10),
  /** Genomics England rare-disease tiering: 0.001 for dominant (monoallelic) inheritance. */
  maxAfMonoallelic: z.number().min(0).max(1).nullable().default(0.001),
  /** Genomics England rare-disease tiering: 0.01 for recessive (biallelic) inheritance. */
  maxAfBiallelic: z.number().min(0).max(1).nullable().default(0.01),
  /** "relevant": tier 3 keeps panel genes, protein-altering variants and ClinVar P/LP; "all": every passing variant in a gene. */
  tier3Scope: Tier3ScopeSchema.default('relevant'),
});

export const PatientSexSchema = z.enum(['female', 'male', 'other', 'unknown']);

export const ReasonKindSchema = z.enum(['tier', 'consequence', 'panel', 'inheritance', 'phase', 'clinvar', 'quality', 'frequency', 'annotation']);
export const ReasonSchema = z.object({ kind: ReasonKindSchema, text: z.string() });

export const MoiCompatibilitySchema = z.enum(['compatible', 'possible-compound-heterozygous', 'incompatible', 'unknown']);
export const PhaseSchema = z.enum(['trans', 'cis', 'unknown']);

export const ConsequenceClassSchema = z.enum(['protein-truncating', 'protein-altering', 'other', 'unknown']);

export const CandidatePanelHitSchema = z.object({
  panelId: z.string(),
  panelName: z.string(),
  panelVersion: z.string(),
  confidence: PanelConfidenceSchema,
  moi: ModeOfInheritanceSchema,
});

export const CompoundPartnerSchema = z.object({ key: z.string(), phase: PhaseSchema });

export const CandidateSchema = z.object({
  key: z.string(),
  rank: z.number().int().positive(),
  tier: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  chrom: z.string(),
  pos: z.number().int(),
  ref: z.string(),
  alt: z.string(),
  genotype: z.string().nullable(),
  zygosity: ZygositySchema,
  gene: z.string(),
  transcript: z.string().nullable(),
  terms: z.array(z.string()),
  consequenceClass: ConsequenceClassSchema,
  hgvsc: z.string().nullable(),
  hgvsp: z.string().nullable(),
  impact: ImpactSchema.nullable(),
  consequenceSource: z.string().nullable(),
  panels: z.array(CandidatePanelHitSchema),
  moiCompatibility: MoiCompatibilitySchema,
  compoundPartners: z.array(CompoundPartnerSchema),
  clinvar: ClinvarAssertionSchema.nullable(),
  populationFrequency: PopulationFrequencySchema.nullable(),
  reasons: z.array(ReasonSchema),
  /** With a recorded family whose members have imports (issue 14): where the variant came from, and why. */
  segregation: segregationResultSchema.nullable().optional(),
  /** The family rules out every mode of inheritance the gene's panels allow: down-ranked (reason given). */
  familyRuledOut: z.boolean().optional(),
});

export const RankingSummarySchema = z.object({
  variantsIn: z.number().int(),
  notCarried: z.number().int(),
  failedQuality: z.number().int(),
  tooCommon: z.number().int(),
  withoutGene: z.number().int(),
  notRelevant: z.number().int(),
  tier1: z.number().int(),
  tier2: z.number().int(),
  tier3: z.number().int(),
  withPopulationFrequency: z.number().int(),
  failedQualityBy: z.object({ filter: z.number().int(), gq: z.number().int(), dp: z.number().int() }),
});

export const RankingResultSchema = z.object({
  panels: z.array(PanelSummarySchema),
  filters: RankingFiltersSchema,
  candidates: z.array(CandidateSchema),
  summary: RankingSummarySchema,
});

// ---------------------------------------------------------------------------------------------------
// ACMG/AMP criteria (as adapted by ACGS) and the points-based class (Tavtigian et al. 2020)

export const CRITERION_CODES = [
  'PVS1', 'PS1', 'PS2', 'PS3', 'PS4',
  'PM1', 'PM2', 'PM3', 'PM4', 'PM5', 'PM6',
  'PP1', 'PP2', 'PP3', 'PP4', 'PP5',
  'BA1', 'BS1', 'BS2', 'BS3', 'BS4',
  'BP1', 'BP2', 'BP3', 'BP4', 'BP5', 'BP6', 'BP7',
] as const;
export const CriterionCodeSchema = z.enum(CRITERION_CODES);

export const StrengthSchema = z.enum(['supporting', 'moderate', 'strong', 'very-strong', 'stand-alone']);

export const AppliedCriterionSchema = z.object({
  code: CriterionCodeSchema,
  strength: StrengthSchema,
  comment: z.string().optional(),
});

export const AcmgClassSchema = z.enum(['pathogenic', 'likely-pathogenic', 'uncertain-significance', 'likely-benign', 'benign']);

export const ScoredCriterionSchema = AppliedCriterionSchema.extend({ points: z.number().int() });

export const CriteriaConflictSchema = z.object({ criteria: z.array(CriterionCodeSchema), reason: z.string() });

export const ClassificationResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('classified'),
    acmgClass: AcmgClassSchema,
    points: z.number().int(),
    standAloneBenign: z.boolean(),
    criteria: z.array(ScoredCriterionSchema),
    explanation: z.string(),
  }),
  z.object({
    status: z.literal('conflict'),
    points: z.number().int(),
    criteria: z.array(ScoredCriterionSchema),
    conflicts: z.array(CriteriaConflictSchema),
    explanation: z.string(),
  }),
]);

// ---------------------------------------------------------------------------------------------------
// Secondary findings (ACMG SF v3.2)

export const SfRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('any-pathogenic') }),
  z.object({ kind: z.literal('biallelic-only') }),
  z.object({ kind: z.literal('specific-homozygous'), proteinChange: z.string() }),
  z.object({ kind: z.literal('unrecognised-note'), note: z.string() }),
]);

export const SfGeneSchema = z.object({
  gene: z.string(),
  category: z.string(),
  note: z.string().nullable(),
  rule: SfRuleSchema,
});

export const LabClassificationSchema = z.object({
  key: z.string(),
  acmgClass: AcmgClassSchema,
  version: z.number().int().positive().optional(),
});

export const ConsentSchema = z.object({
  additionalFindings: z.boolean(),
  recordedAt: z.string().nullable().optional(),
  recordedBy: z.string().nullable().optional(),
});

export const SecondaryFindingSchema = z.object({
  gene: z.string(),
  category: z.string(),
  listVersion: z.string(),
  variants: z.array(z.object({
    key: z.string(),
    hgvsc: z.string().nullable(),
    hgvsp: z.string().nullable(),
    zygosity: ZygositySchema,
    basis: z.enum(['lab', 'clinvar']),
    /** The class behind the flag when it is a single class (ClinVar "Pathogenic/Likely pathogenic" is not). */
    acmgClass: AcmgClassSchema.nullable(),
    significance: z.string(),
  })),
  phase: PhaseSchema.nullable(),
  reasons: z.array(z.string()),
});

export const SecondaryFindingsResultSchema = z.object({
  listVersion: z.string(),
  flags: z.array(SecondaryFindingSchema),
  notFlagged: z.array(z.object({ key: z.string(), gene: z.string(), reason: z.string() })),
});

// ---------------------------------------------------------------------------------------------------
// Diagnostic report content (what the screen, the PDF and the FHIR resources all show)

export const ReportOutcomeSchema = z.enum(['positive', 'inconclusive', 'negative']);

export const ReportVariantSchema = z.object({
  key: z.string(),
  chrom: z.string(),
  pos: z.number().int().positive(),
  ref: z.string(),
  alt: z.string(),
  gene: z.string(),
  hgncId: z.string().nullable(),
  transcript: z.string().nullable(),
  hgvsc: z.string().nullable(),
  hgvsp: z.string().nullable(),
  terms: z.array(z.string()),
  zygosity: ZygositySchema,
  acmgClass: AcmgClassSchema,
  points: z.number().int(),
  criteria: z.array(AppliedCriterionSchema),
  classificationComment: z.string().nullable(),
  moi: ModeOfInheritanceSchema.nullable(),
  condition: z.string().nullable(),
  clinvarVariationId: z.string().nullable(),
  tier: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable(),
  phaseNote: z.string().nullable(),
  /** Where the variant came from in the recorded family ("de novo (high confidence)", …); issue 14. */
  segregation: z.string().nullable().optional(),
});

/**
 * A member of the recorded family as a report shows it (issue 14). `patient`, `father` and `mother` (patient ids)
 * let the report draw the pedigree; reports stored before they were added have only the relation, from which the
 * drawing takes the proband and siblings to be the children of the recorded mother and father.
 */
export const ReportFamilyMemberSchema = z.object({
  name: z.string(),
  relation: z.string(),
  sex: z.string(),
  affected: z.string(),
  patient: z.string().optional(),
  father: z.string().nullable().optional(),
  mother: z.string().nullable().optional(),
});
export type ReportFamilyMember = z.infer<typeof ReportFamilyMemberSchema>;

export const DiagnosticReportContentSchema = z.object({
  reportId: z.string().min(1),
  issuedAt: z.string(),
  laboratory: z.string(),
  authorisedBy: z.string().nullable(),
  patient: z.object({
    id: z.string(),
    nhsNumber: z.string().nullable(),
    name: z.string(),
    birthDate: z.string().nullable(),
    sex: PatientSexSchema,
  }),
  referral: z.object({
    clinicalIndication: z.string(),
    /** Observed HPO terms (the patient's phenotype when recorded, else the referral's own list). */
    hpoTerms: z.array(z.object({ id: z.string(), label: z.string() })),
    /** Terms looked for and absent; absent from reports issued before the phenotype store (issue 13). */
    excludedHpoTerms: z.array(z.object({ id: z.string(), label: z.string() })).optional(),
    /** The HPO release the terms are shown from (HPO's licence asks for it wherever its content is shown). */
    hpoRelease: z.string().nullable().optional(),
  }),
  build: z.enum(['GRCh37', 'GRCh38']),
  /** The recorded family (issue 14): each member's relation, sex and affected status; absent without one. */
  family: z.array(ReportFamilyMemberSchema).nullable().optional(),
  /**
   * The family's pedigree number from the clinical genetics service (NHS England Genomics FHIR IG system
   * https://fhir.nhs.uk/Id/genomics-pedigree-number), printed with the family; absent when none was recorded.
   */
  pedigreeNumber: z.string().nullable().optional(),
  result: z.object({ outcome: ReportOutcomeSchema, summary: z.string() }),
  variants: z.array(ReportVariantSchema),
  panels: z.array(PanelSummarySchema.extend({ source: z.string() })),
  secondaryFindings: z.discriminatedUnion('status', [
    z.object({ status: z.literal('not-consented') }),
    z.object({ status: z.literal('reported'), listVersion: z.string(), flags: z.array(SecondaryFindingSchema) }),
  ]),
  method: z.array(z.string()),
  limitations: z.array(z.string()),
});

export type PanelConfidence = z.infer<typeof PanelConfidenceSchema>;
export type MoiCategory = z.infer<typeof MoiCategorySchema>;
export type MoiDetail = z.infer<typeof MoiDetailSchema>;
export type ModeOfInheritance = z.infer<typeof ModeOfInheritanceSchema>;
export type GeneRegion = z.infer<typeof GeneRegionSchema>;
export type PanelGene = z.infer<typeof PanelGeneSchema>;
export type Panel = z.infer<typeof PanelSchema>;
export type PanelRef = z.infer<typeof PanelRefSchema>;
export type PanelSummary = z.infer<typeof PanelSummarySchema>;
export type Zygosity = z.infer<typeof ZygositySchema>;
export type Impact = z.infer<typeof ImpactSchema>;
export type Consequence = z.infer<typeof ConsequenceSchema>;
export type ClinvarAssertion = z.infer<typeof ClinvarAssertionSchema>;
export type PopulationFrequency = z.infer<typeof PopulationFrequencySchema>;
export type CandidateVariantInput = z.infer<typeof CandidateVariantInputSchema>;
export type RankingFilters = z.infer<typeof RankingFiltersSchema>;
export type RankingFiltersInput = z.input<typeof RankingFiltersSchema>;
export type PatientSex = z.infer<typeof PatientSexSchema>;
export type Reason = z.infer<typeof ReasonSchema>;
export type MoiCompatibility = z.infer<typeof MoiCompatibilitySchema>;
export type Phase = z.infer<typeof PhaseSchema>;
export type ConsequenceClass = z.infer<typeof ConsequenceClassSchema>;
export type CandidatePanelHit = z.infer<typeof CandidatePanelHitSchema>;
export type Candidate = z.infer<typeof CandidateSchema>;
export type RankingSummary = z.infer<typeof RankingSummarySchema>;
export type RankingResult = z.infer<typeof RankingResultSchema>;
export type CriterionCode = z.infer<typeof CriterionCodeSchema>;
export type Strength = z.infer<typeof StrengthSchema>;
export type AppliedCriterion = z.infer<typeof AppliedCriterionSchema>;
export type AcmgClass = z.infer<typeof AcmgClassSchema>;
export type ScoredCriterion = z.infer<typeof ScoredCriterionSchema>;
export type CriteriaConflict = z.infer<typeof CriteriaConflictSchema>;
export type ClassificationResult = z.infer<typeof ClassificationResultSchema>;
export type SfRule = z.infer<typeof SfRuleSchema>;
export type SfGene = z.infer<typeof SfGeneSchema>;
export type LabClassification = z.infer<typeof LabClassificationSchema>;
export type Consent = z.infer<typeof ConsentSchema>;
export type SecondaryFinding = z.infer<typeof SecondaryFindingSchema>;
export type SecondaryFindingsResult = z.infer<typeof SecondaryFindingsResultSchema>;
export type ReportOutcome = z.infer<typeof ReportOutcomeSchema>;
export type ReportVariant = z.infer<typeof ReportVariantSchema>;
export type DiagnosticReportContent = z.infer<typeof DiagnosticReportContentSchema>;
