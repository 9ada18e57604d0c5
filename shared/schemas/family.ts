// A family: a proband and relatives who are registered patients, with sex and affected status, and the
// per-variant segregation a trio analysis gives (issue 14). CLI.md fixes `family` as
// {id, proband, members: [{patient, relation, sex, affected}]}; the other fields are additions.
import { z } from 'zod';
import { SEXES } from './patient.ts';

export type Sex = (typeof SEXES)[number];
export const RELATIONS = ['proband', 'mother', 'father', 'sibling', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];
export const AFFECTED = ['affected', 'unaffected', 'unknown'] as const;
export type Affected = (typeof AFFECTED)[number];

export const familyMemberSchema = z.object({
  patient: z.string(),
  relation: z.enum(RELATIONS),
  sex: z.enum(SEXES),
  affected: z.enum(AFFECTED),
  /** Patient ids of this member's parents when they are in the family (for the pedigree drawing). */
  father: z.string().nullable(),
  mother: z.string().nullable(),
  /** The VCF sample name this member was matched by (from a PED), if any. */
  sample: z.string().nullable(),
  /** "Family, Given" for display. */
  name: z.string(),
  nhsNumber: z.string(),
});
export type FamilyMember = z.infer<typeof familyMemberSchema>;

export const familySchema = z.object({
  id: z.string(),
  proband: z.string(),
  /** The PED family id when the family came from a PED file. */
  pedFamilyId: z.string().nullable(),
  /**
   * The clinical genetics service's pedigree number, when one was entered: synced with NHS England's pedigree
   * number system. Absent from families read before it was added.
   */
  pedigreeNumber: z.string().nullable().optional(),
  version: z.number().int(),
  members: z.array(familyMemberSchema),
  updatedAt: z.string(),
});
export type Family = z.infer<typeof familySchema>;

/**
 * A clinical genetics pedigree number as services assign them (letters, digits and - / . _ space; NHS England fixes no
 * format: the number is locally assigned). Empty clears a recorded one.
 */
export const pedigreeNumberSchema = z
  .string()
  .trim()
  .max(40)
  .regex(/^$|^[A-Za-z0-9][A-Za-z0-9 ./_-]*$/, 'A pedigree number is letters and digits, with - / . _ or spaces between them.');

/** What the family editor and `family set` send: the proband and relatives by patient id. */
export const familyDraftSchema = z.object({
  proband: z.string().max(64),
  mother: z.string().max(64).optional(),
  father: z.string().max(64).optional(),
  siblings: z.array(z.string().max(64)).max(50).optional(),
  /** Patient ids of affected members; everyone else is recorded unaffected (CLI.md's `--affected`). */
  affected: z.array(z.string().max(64)).max(60).optional(),
  /** The family version the editor was showing, when editing one. */
  version: z.number().int().optional(),
  /** The clinical genetics pedigree number; omitted keeps the recorded one, empty clears it. */
  pedigreeNumber: pedigreeNumberSchema.optional(),
});
export type FamilyDraft = z.infer<typeof familyDraftSchema>;

export const SEGREGATIONS = ['de_novo', 'maternal', 'paternal', 'both_parents', 'unknown'] as const;
export type Segregation = (typeof SEGREGATIONS)[number];

/** Modes of inheritance a family can support or rule out for one variant. */
export const MODES = ['de_novo_dominant', 'inherited_dominant', 'recessive_homozygous', 'compound_heterozygous', 'x_linked'] as const;
export type Mode = (typeof MODES)[number];

export const segregationResultSchema = z.object({
  segregation: z.enum(SEGREGATIONS),
  /** Modes this variant's genotypes in the family allow. Empty: the family rules it out (down-ranked). */
  compatibleModes: z.array(z.enum(MODES)),
  excludedModes: z.array(z.object({ mode: z.enum(MODES), reason: z.string() })),
  /** Each finding in words: which parent, which relative, which quality check. */
  reasons: z.array(z.string()),
  /** For a de novo call: whether parental depth and genotype quality rule out inheritance. */
  deNovoConfidence: z.enum(['high', 'low']).nullable(),
  /** For a compound heterozygous candidate: the other variant and whether the pair is in trans. */
  compoundHet: z
    .object({ partner: z.string(), phase: z.enum(['trans', 'cis', 'unknown']), by: z.enum(['parents', 'read-backed', 'none']) })
    .nullable(),
});
export type SegregationResult = z.infer<typeof segregationResultSchema>;

export const familyQcSchema = z.object({
  sites: z.number().int(),
  mendelianErrors: z.number().int(),
  mendelianErrorRate: z.number().nullable(),
  sexChecks: z.array(
    z.object({
      sample: z.string(),
      recordedSex: z.enum(SEXES),
      xSites: z.number().int(),
      xHeterozygosity: z.number().nullable(),
      inferredSex: z.enum(['male', 'female', 'unknown']),
      ok: z.boolean(),
    }),
  ),
  relatedness: z.array(
    z.object({
      a: z.string(),
      b: z.string(),
      expected: z.enum(['parent-child', 'siblings', 'unrelated']),
      sites: z.number().int(),
      kinship: z.number().nullable(),
      ibs0Rate: z.number().nullable(),
      ok: z.boolean(),
    }),
  ),
  warnings: z.array(z.string()),
});
export type FamilyQc = z.infer<typeof familyQcSchema>;
