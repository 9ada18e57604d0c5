// Phenotype-driven diagnosis channels (issue 13): HPO term search, the patient's stored phenotype, ranking
// by phenotype alone (with panel suggestions) or with the patient's import, and GA4GH phenopackets.
import { z } from 'zod';
import { HpoDataVersionSchema, PrioritiseResultSchema, RankProgressSchema, TermSearchResultSchema } from '../../schemas/phenotype.ts';
import { patientPhenotypeSchema, phenotypeRankOutputSchema, phenotypeSetInputSchema } from '../../schemas/patient-phenotype.ts';

const patientId = z.string().min(1).max(64);
const filePath = z.string().min(1).max(4096);
const limit = z.number().int().min(1).max(200).default(20);
/** The renderer names each ranking it starts, so its progress events and Cancel refer to it. */
const requestId = z.string().min(8).max(64);

const candidateSchema = z.object({
  gene: z.string().min(1).max(64),
  disease: z.object({ id: z.string().max(64), name: z.string().max(500) }).nullable().optional(),
  variants: z
    .array(
      z.object({
        chrom: z.string().max(64),
        pos: z.number().int().min(1),
        ref: z.string().max(1000),
        alt: z.string().max(1000),
        genotype: z.string().max(16),
        hgvsc: z.string().max(500).nullable().optional(),
      }),
    )
    .max(20),
});

export const phenotypeContract = {
  'phenotype:search-terms': {
    input: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(20) }),
    output: TermSearchResultSchema,
  },
  'phenotype:info': {
    input: z.object({}).strict(),
    output: z.object({ hpoVersion: z.string(), attribution: z.string(), dataVersion: HpoDataVersionSchema }),
  },
  'phenotype:get': { input: z.object({ patientId }), output: patientPhenotypeSchema },
  'phenotype:set': { input: phenotypeSetInputSchema, output: patientPhenotypeSchema },
  'phenotype:rank': { input: z.object({ patientId, limit, requestId: requestId.optional() }), output: phenotypeRankOutputSchema },
  'phenotype:prioritise': { input: z.object({ patientId, limit, requestId: requestId.optional() }), output: PrioritiseResultSchema },
  /** Stops a running rank or prioritise (the worker's job stops at its next checkpoint); it then rejects with phenotype/cancelled. */
  'phenotype:cancel': { input: z.object({ requestId }), output: z.object({ cancelled: z.boolean() }) },
  'phenotype:import-phenopacket': {
    input: z.object({ patientId, file: filePath, basedOnVersion: z.number().int().min(0).optional() }),
    output: z.object({ phenotype: patientPhenotypeSchema, imported: z.object({ observed: z.number().int(), excluded: z.number().int() }), warnings: z.array(z.string()) }),
  },
  'phenotype:export-phenopacket': {
    input: z.object({ patientId, file: filePath, candidates: z.array(candidateSchema).max(20).optional() }),
    output: z.object({ file: z.string() }),
  },
} as const;

export const phenotypeEvents = {
  'phenotype:progress': RankProgressSchema.extend({ requestId }),
} as const;
