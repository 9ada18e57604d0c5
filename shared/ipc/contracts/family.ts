// Families (issue 14): the patient's recorded family, edits, PED import and the family analysis (QC and
// segregation of every stored site). zod-validated in both directions like every other channel.
import { z } from 'zod';
import { familyDraftSchema, familyQcSchema, familySchema, pedigreeNumberSchema, SEGREGATIONS, segregationResultSchema } from '../../schemas/family.ts';

const patientId = z.string().min(1).max(128);

export const familyAnalysisSchema = z.object({
  qc: familyQcSchema,
  counts: z.record(z.enum(SEGREGATIONS), z.number().int()),
  /** De novo calls that passed every quality check (at most 50 shown). */
  deNovo: z.array(z.object({ key: z.string(), result: segregationResultSchema })),
  lowConfidenceDeNovo: z.number().int(),
  sites: z.number().int(),
  /** Members with no usable import (patient ids). */
  missing: z.array(z.string()),
});
export type FamilyAnalysis = z.infer<typeof familyAnalysisSchema>;

export const familyContract = {
  /** The family the patient is proband of (or belongs to); null when none is recorded. */
  'family:get': {
    input: z.object({ patientId }).strict(),
    output: z.object({ family: familySchema.nullable() }),
  },
  /** Records the proband's mother, father and siblings (registered patients) and who is affected. */
  'family:set': {
    input: z.object({ draft: familyDraftSchema }).strict(),
    output: z.object({ family: familySchema }),
  },
  /** Imports a PED file's one family; rows matched to patients by NHS number, id or imported sample name. */
  'family:import-ped': {
    input: z
      .object({
        file: z.string().trim().min(1).max(4096),
        map: z.record(z.string().max(200), z.string().max(128)).optional(),
        proband: z.string().max(128).optional(),
        pedigreeNumber: pedigreeNumberSchema.optional(),
      })
      .strict(),
    output: z.object({ family: familySchema }),
  },
  /** QC and segregation over every stored site of the members' imports (seconds for a genome; yields to the event loop). */
  'family:analyse': {
    input: z.object({ patientId }).strict(),
    output: z.object({ analysis: familyAnalysisSchema.nullable() }),
  },
} as const;
