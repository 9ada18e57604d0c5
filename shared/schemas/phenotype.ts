// Schemas of phenotype-driven diagnosis (issue 13): HPO terms, term resolution and the `prioritise`
// result in the shape ../shared/docs/CLI.md fixes. HPO's licence asks for the release wherever its content
// is shown, so every result carries `dataVersions`.
import { z } from 'zod';

/** HP:0001250 — seven digits, as HPO writes them. */
export const HPO_ID_PATTERN = /^HP:\d{7}$/;
export const HpoIdSchema = z.string().regex(HPO_ID_PATTERN, 'an HPO id such as HP:0001250');

export const HpoTermInfoSchema = z.object({
  id: HpoIdSchema,
  label: z.string(),
  synonyms: z.array(z.string()),
  definition: z.string().nullable(),
});
export type HpoTermInfo = z.infer<typeof HpoTermInfoSchema>;

/** `current` as given; `alternative` an alt_id of the term; `obsolete` replaced (replaced_by or a single consider). */
export const TermResolutionStatusSchema = z.enum(['current', 'alternative', 'obsolete']);

export const TermResolutionSchema = z.object({
  /** The id as given. */
  input: z.string(),
  term: HpoTermInfoSchema,
  status: TermResolutionStatusSchema,
  /** Said to the user whenever status is not `current` (e.g. "HP:0000505 is obsolete in HPO 2026-02-16; replaced by …"). */
  warning: z.string().nullable(),
});
export type TermResolution = z.infer<typeof TermResolutionSchema>;

export const TermSearchResultSchema = z.object({
  hpoVersion: z.string(),
  terms: z.array(HpoTermInfoSchema),
});
export type TermSearchResult = z.infer<typeof TermSearchResultSchema>;

/** Where the HPO content came from: release, files and the attribution HPO's licence requires. */
export const HpoDataVersionSchema = z.object({
  /** `hp/releases/2026-02-16` → "2026-02-16". */
  version: z.string(),
  /** bundled (resources/hpo) or an installed HPO pack. */
  source: z.enum(['bundled', 'pack']),
  ontology: z.string(),
  annotations: z.string(),
  /** Disease names come from another release (phenotype.hpoa 2025-05-06): said, never mixed silently. */
  diseaseNames: z.string().nullable(),
  attribution: z.string(),
});
export type HpoDataVersion = z.infer<typeof HpoDataVersionSchema>;

export const DataVersionsSchema = z
  .object({
    hpo: HpoDataVersionSchema,
    method: z.string(),
  })
  .catchall(z.unknown());
export type DataVersions = z.infer<typeof DataVersionsSchema>;

export const InheritanceSchema = z.enum(['autosomal-dominant', 'autosomal-recessive', 'x-linked-dominant', 'x-linked-recessive', 'x-linked', 'mitochondrial', 'y-linked', 'other']);
export type Inheritance = z.infer<typeof InheritanceSchema>;

export const DiseaseRefSchema = z.object({
  id: z.string(),
  name: z.string(),
  inheritance: z.array(InheritanceSchema),
});

export const MatchedTermSchema = z.object({
  /** The patient's term… */
  patient: HpoIdSchema,
  patientLabel: z.string(),
  /** …the disease's annotated term it matched best, and their most informative common ancestor. */
  disease: HpoIdSchema.nullable(),
  diseaseLabel: z.string().nullable(),
  commonAncestor: HpoIdSchema.nullable(),
  /** Information content (nats) of the common ancestor: 0 means no specific match. */
  score: z.number(),
});
export type MatchedTerm = z.infer<typeof MatchedTermSchema>;

/** An excluded term (looked for, absent) the disease is annotated with: evidence against it. */
export const ExcludedConflictSchema = z.object({
  patient: HpoIdSchema,
  patientLabel: z.string(),
  disease: HpoIdSchema,
  diseaseLabel: z.string(),
  penalty: z.number(),
});

/** de_novo … from a PED (families engineer); "unknown" without one. */
export const SegregationSchema = z.enum(['de_novo', 'maternal', 'paternal', 'both_parents', 'unknown']);

export const PrioritisedVariantSchema = z.object({
  chrom: z.string(),
  pos: z.number().int(),
  ref: z.string(),
  alt: z.string(),
  genotype: z.enum(['het', 'hom', 'hemi', 'unknown']),
  consequence: z.string().nullable(),
  hgvsc: z.string().nullable(),
  hgvsp: z.string().nullable(),
  clinvar: z.string().nullable(),
  frequency: z.number().nullable(),
  quality: z.number().nullable(),
  segregation: SegregationSchema,
  /** 0–1 pathogenicity evidence of this variant alone (consequence, ClinVar, frequency, quality). */
  score: z.number(),
  why: z.array(z.string()),
});
export type PrioritisedVariant = z.infer<typeof PrioritisedVariantSchema>;

export const PrioritisedGeneSchema = z.object({
  gene: z.string(),
  rank: z.number().int().min(1),
  score: z.number(),
  phenotypeScore: z.number(),
  /** null when no variants were given (phenotype-only ranking). */
  variantScore: z.number().nullable(),
  /** The gene's diseases, best-fitting first, each with its own phenotype fit (0–1, relative to the best disease for these terms). */
  diseases: z.array(DiseaseRefSchema.extend({ phenotypeScore: z.number() })),
  /**
   * The gene's best-fitting disease (its terms explain the match). The gene's phenotypeScore pools all its
   * diseases (docs/phenotype.md), so a gene with two fitting entries for one condition scores above either.
   */
  bestDisease: z.string().nullable(),
  matchedTerms: z.array(MatchedTermSchema),
  excludedConflicts: z.array(ExcludedConflictSchema),
  /** How the genotype fits the best disease's inheritance (e.g. "AR: two hits"), when variants were given. */
  inheritanceFit: z.string().nullable(),
  variants: z.array(PrioritisedVariantSchema),
});
export type PrioritisedGene = z.infer<typeof PrioritisedGeneSchema>;

export const RankedDiseaseSchema = z.object({
  id: z.string(),
  name: z.string(),
  rank: z.number().int().min(1),
  score: z.number(),
  genes: z.array(z.string()),
  inheritance: z.array(InheritanceSchema),
  matchedTerms: z.array(MatchedTermSchema),
});
export type RankedDisease = z.infer<typeof RankedDiseaseSchema>;

export const PrioritiseResultSchema = z.object({
  dataVersions: DataVersionsSchema,
  /** The terms used, after resolution (obsolete/alternative ids replaced, each with its warning). */
  observed: z.array(TermResolutionSchema),
  excluded: z.array(TermResolutionSchema),
  warnings: z.array(z.string()),
  /** phenotype: no variants given; variants: genes with candidate variants, ranked by the combined score. */
  mode: z.enum(['phenotype', 'variants']),
  genes: z.array(PrioritisedGeneSchema),
  diseases: z.array(RankedDiseaseSchema),
  /** How many genes/variants were scored before `limit` cut the lists. */
  totals: z.object({ genes: z.number().int(), diseases: z.number().int(), variants: z.number().int() }),
});
export type PrioritiseResult = z.infer<typeof PrioritiseResultSchema>;

/**
 * How far a ranking got. `variants`: the patient's carried variants read from the store (main thread);
 * `loading`: the HPO release opened in the phenotype worker (seconds the first time); `sending`: the
 * variants handed to the worker; `ranking`: observed terms scored plus variants weighed, of their sum.
 */
export const RankProgressSchema = z.object({
  phase: z.enum(['variants', 'loading', 'sending', 'ranking']),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
});
export type RankProgress = z.infer<typeof RankProgressSchema>;

export const PrioritiseInputSchema = z.object({
  observed: z.array(z.string()).min(1),
  excluded: z.array(z.string()).default([]),
  patientId: z.string().optional(),
  limit: z.number().int().min(1).max(20000).default(20),
});
export type PrioritiseInput = z.input<typeof PrioritiseInputSchema>;
