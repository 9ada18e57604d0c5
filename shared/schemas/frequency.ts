// Population frequencies as the CLI (`annotate --patient`, CLI.md), the variant browser and reports show
// them: from the active gnomAD frequency pack of the import's build. Field names are a public contract.
import { z } from 'zod';

export const variantFrequencySchema = z.object({
  /** "gnomAD" (the pack's kind of source). */
  source: z.string(),
  /** The gnomAD release the pack was made from (v2, v3, v4, or the version the lab gave at install). */
  version: z.string(),
  packId: z.string(),
  /** Overall alternate allele frequency; null where gnomAD called no genotypes (AN = 0). */
  af: z.number().nullable(),
  /** Highest genetic-ancestry-group AF: AF_grpmax (v4) or AF_popmax (v2, v3). */
  grpmaxAf: z.number().nullable(),
  /** The group with that AF (gnomAD's label, e.g. "nfe"). */
  grpmax: z.string().nullable(),
  ac: z.number().int().nullable(),
  an: z.number().int().nullable(),
  homozygotes: z.number().int().nullable(),
});
export type VariantFrequency = z.infer<typeof variantFrequencySchema>;

/** seen: in the pack; not-seen: a pack is installed and the variant is absent; no-pack: none for the build. */
export const FREQUENCY_STATUSES = ['seen', 'not-seen', 'no-pack'] as const;
export type FrequencyStatus = (typeof FREQUENCY_STATUSES)[number];

export const variantFrequencyResultSchema = z.object({
  frequency: variantFrequencySchema.nullable(),
  frequencyStatus: z.enum(FREQUENCY_STATUSES),
  /** The pack looked in (so "not seen" can name the gnomAD version); null when none is installed. */
  frequencyPack: z.object({ id: z.string(), version: z.string() }).nullable(),
});
export type VariantFrequencyResult = z.infer<typeof variantFrequencyResultSchema>;

/** How a person reads the result: "not seen in gnomAD v4" when a pack is installed, never "not available". */
export function frequencyStatusText(result: VariantFrequencyResult): string {
  if (result.frequencyStatus === 'no-pack') return 'No population frequency pack installed';
  const version = result.frequency?.version ?? result.frequencyPack?.version ?? '';
  if (result.frequencyStatus === 'not-seen') return `Not seen in gnomAD ${version}`.trim();
  return `gnomAD ${version}`.trim();
}

/** An allele frequency as the screens show it: 3 significant figures, scientific below 1 in 10,000. */
export function formatAf(af: number | null | undefined): string {
  if (af === null || af === undefined) return '—';
  return af === 0 ? '0' : af < 0.0001 ? af.toExponential(2) : String(Number(af.toPrecision(3)));
}
