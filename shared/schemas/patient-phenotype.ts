// A patient's phenotype as GenoDesk stores it: HPO terms seen (observed) and looked for but absent (excluded),
// each kept as an HPO id with the label and HPO release it was recorded against. HPO's licence asks that the
// release be shown wherever its content is, so every term carries the release it came from.
import { z } from 'zod';
import { HpoIdSchema, PrioritiseResultSchema } from './phenotype.ts';

export { HPO_ID_PATTERN } from './phenotype.ts';

/** One term as the picker sends it: the id (the label comes from the installed release). */
export const phenotypeTermInputSchema = z.object({
  /** Checked by the store, not here, so a malformed id is refused as `phenotype/unknown-term` naming it. */
  id: z.string().trim().min(1).max(40),
  /** Looked for and absent (Phenopacket `excluded: true`, FHIR value Absent). */
  excluded: z.boolean().default(false),
});
export type PhenotypeTermInput = z.input<typeof phenotypeTermInputSchema>;

/**
 * How a stored term stands in the HPO release installed now: `current`; `obsolete` (retired, with the
 * replacement HPO names when it names one); `alternative` (an alt_id merged into another term); `unknown`
 * (not in the installed release at all, e.g. recorded against a newer one).
 */
export const termStatusSchema = z.enum(['current', 'obsolete', 'alternative', 'unknown']);
export type TermStatus = z.infer<typeof termStatusSchema>;

export const storedPhenotypeTermSchema = z.object({
  id: HpoIdSchema,
  /** The label as recorded (so a report never changes wording when HPO does). */
  label: z.string(),
  excluded: z.boolean(),
  /** HPO release the term was recorded against; null for terms kept from before releases were tracked. */
  hpoRelease: z.string().nullable(),
  recordedAt: z.string(),
  recordedBy: z.string(),
  status: termStatusSchema,
  /** The installed release's term to use instead, for obsolete and alternative ids. */
  replacedBy: z.object({ id: z.string(), label: z.string() }).nullable(),
  definition: z.string().nullable(),
});
export type StoredPhenotypeTerm = z.infer<typeof storedPhenotypeTermSchema>;

export const patientPhenotypeSchema = z.object({
  patientId: z.string(),
  /** 0 when nothing was ever recorded; the version a save must be based on. */
  version: z.number().int().min(0),
  terms: z.array(storedPhenotypeTermSchema),
  /** The HPO release installed now (what search, ranking and new terms use). */
  installedHpoRelease: z.string(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type PatientPhenotype = z.infer<typeof patientPhenotypeSchema>;

export const phenotypeSetInputSchema = z.object({
  patientId: z.string().min(1).max(64),
  terms: z.array(phenotypeTermInputSchema).max(500),
  /** The version the form was based on; refused (`phenotype/stale`) if someone saved a newer one. */
  basedOnVersion: z.number().int().min(0).optional(),
});
export type PhenotypeSetInput = z.input<typeof phenotypeSetInputSchema>;

/** A term as sync and reports read it: removed ones too (removedAt set), so sync can withdraw them. */
export interface RecordedPhenotypeTerm {
  id: string;
  label: string;
  excluded: boolean;
  hpoRelease: string | null;
  recordedAt: string;
  recordedBy: string;
  removedAt: string | null;
}

/** An installed PanelApp panel scored by how well it covers the phenotype's top-ranked genes. */
export const panelSuggestionSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  /** Top genes on the panel at green (diagnostic-grade) confidence, best ranked first. */
  greenGenes: z.array(z.string()),
  /** Top genes on the panel only at amber or red confidence. */
  otherGenes: z.array(z.string()),
  /** Share of the top genes' phenotype score the panel's green genes hold (0–1). */
  coverage: z.number(),
  panelSize: z.number().int(),
});
export type PanelSuggestion = z.infer<typeof panelSuggestionSchema>;

/** "Which diseases and genes fit?" before any sequencing: the phenotype-only ranking and the panels that cover it. */
export const phenotypeRankOutputSchema = z.object({
  result: PrioritiseResultSchema,
  panels: z.array(panelSuggestionSchema),
  /** How many of the top genes the panel suggestions weigh. */
  topGenes: z.number().int(),
});
export type PhenotypeRankOutput = z.infer<typeof phenotypeRankOutputSchema>;
