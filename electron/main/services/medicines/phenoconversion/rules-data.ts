// The phenoconversion rules are data (resources/medicines/phenoconversion.json, with sources and version);
// this file reads and checks them, so a malformed bundle fails with medicines/data-invalid, not later.
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../../../shared/errors.ts';
import { readDataFile } from '../data-file.ts';

export const PERPETRATOR_EFFECTS = ['strong-inhibitor', 'moderate-inhibitor', 'strong-inducer', 'moderate-inducer'] as const;
export type PerpetratorEffect = (typeof PERPETRATOR_EFFECTS)[number];

const sourceSchema = z.object({ short: z.string(), title: z.string(), url: z.string().url(), version: z.string() });

const activityScoreMethod = z.object({
  kind: z.literal('activity-score'),
  factors: z.object({ 'strong-inhibitor': z.number().min(0).max(1), 'moderate-inhibitor': z.number().min(0).max(1) }),
  combine: z.literal('strongest'),
  phenotypeBands: z.array(z.object({ max: z.number().nullable(), phenotype: z.string() })).min(1),
  sources: z.array(z.string()).min(1),
});

const phenotypeClassMethod = z.object({
  kind: z.literal('phenotype-class'),
  classes: z.array(z.string()).min(2),
  /** Activity-score lookup keys per class, for guidelines keyed on scores (CPIC CYP2C9). */
  activityScores: z.record(z.string(), z.array(z.string()).min(1)).optional(),
  shifts: z.record(z.enum(PERPETRATOR_EFFECTS), z.union([z.literal('to-poor'), z.number().int()])),
  sources: z.array(z.string()).min(1),
});

const rulesSchema = z.object({
  name: z.string(),
  version: z.string(),
  sources: z.record(z.string(), sourceSchema),
  methods: z.record(z.string(), z.discriminatedUnion('kind', [activityScoreMethod, phenotypeClassMethod])),
  perpetrators: z.array(z.object({ drug: z.string(), genes: z.array(z.string()).min(1), effect: z.enum(PERPETRATOR_EFFECTS), source: z.string() })),
  synonyms: z.record(z.string(), z.string()),
});

export type PhenoconversionRules = z.infer<typeof rulesSchema>;
export type ActivityScoreMethod = z.infer<typeof activityScoreMethod>;
export type PhenotypeClassMethod = z.infer<typeof phenotypeClassMethod>;
export type Perpetrator = PhenoconversionRules['perpetrators'][number];

export function loadPhenoconversionRules(dir: string): PhenoconversionRules {
  const file = path.join(dir, 'phenoconversion.json');
  const rules = readDataFile(file, rulesSchema, 'phenoconversion rules');
  // Every perpetrator names a source and a gene that has a method: a rule without either could not be shown.
  for (const [i, p] of rules.perpetrators.entries()) {
    if (!rules.sources[p.source]) throw new AppError('medicines/data-invalid', `${file}: perpetrators[${i}] (${p.drug}) cites unknown source "${p.source}".`, { file, index: i });
    for (const g of p.genes) if (!rules.methods[g]) throw new AppError('medicines/data-invalid', `${file}: perpetrators[${i}] (${p.drug}) names ${g}, which has no method.`, { file, index: i });
  }
  for (const [gene, m] of Object.entries(rules.methods)) {
    for (const s of m.sources) if (!rules.sources[s]) throw new AppError('medicines/data-invalid', `${file}: method for ${gene} cites unknown source "${s}".`, { file, gene });
  }
  return rules;
}
