// Reanalysis findings as the Reanalysis screen, the IPC contract and `genodesk reanalysis` show them
// (CLI.md). Field names are a public contract: add fields, never rename or drop one.
import { z } from 'zod';

export const REANALYSIS_KINDS = ['clinvar', 'frequency', 'panel'] as const;

const packRef = z.object({ id: z.string(), version: z.string() });

export const reanalysisChangeSchema = z.object({
  patientId: z.string(),
  /** "FAMILY, Given" and the NHS number, for the across-patients list. */
  patientName: z.string(),
  nhsNumber: z.string(),
  importId: z.string(),
  variant: z.object({ chrom: z.string(), pos: z.number().int(), ref: z.string(), alt: z.string() }),
  kind: z.enum(REANALYSIS_KINDS),
  /** ClinVar: {significance, stars}; frequency: {af, grpmaxAf[, grpmax]}; null: absent from that release. */
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  pack: packRef,
  previousPack: packRef,
  detectedAt: z.string(),
});
export type ReanalysisChange = z.infer<typeof reanalysisChangeSchema>;

/**
 * A PanelApp panel change, per patient import and changed gene: how many of the patient's variants lay in the gene,
 * how many are listed as changes, and how many the diagnosis workspace's rules left out, by the first rule each
 * failed (call quality, not carried, common for the gene's inheritance, not protein-altering and not ClinVar
 * pathogenic). `screened` false: the import had no annotation run, so every variant was listed.
 */
export const reanalysisPanelGeneSchema = z.object({
  patientId: z.string(),
  patientName: z.string(),
  nhsNumber: z.string(),
  importId: z.string(),
  panelId: z.string(),
  gene: z.string(),
  inGene: z.number().int(),
  listed: z.number().int(),
  leftOut: z.object({ quality: z.number().int(), notCarried: z.number().int(), common: z.number().int(), lowImpact: z.number().int() }),
  screened: z.boolean(),
  pack: packRef,
  previousPack: packRef,
  detectedAt: z.string(),
});
export type ReanalysisPanelGene = z.infer<typeof reanalysisPanelGeneSchema>;

export const reanalysisRunSchema = z.object({
  kind: z.enum(REANALYSIS_KINDS),
  build: z.string(),
  from: packRef,
  to: packRef,
  changedAlleles: z.number().int(),
  patientChanges: z.number().int(),
  compareSeconds: z.number(),
  importsSeconds: z.number(),
  imports: z.number().int(),
});

export const reanalysisListInputSchema = z.object({ patientId: z.string().min(1).max(64).optional() });
export const reanalysisListOutputSchema = z.object({
  changes: z.array(reanalysisChangeSchema),
  runs: z.array(reanalysisRunSchema),
  /** Added for panel changes: what each changed gene held besides the listed changes. */
  panelGenes: z.array(reanalysisPanelGeneSchema),
});
export type ReanalysisList = z.infer<typeof reanalysisListOutputSchema>;
