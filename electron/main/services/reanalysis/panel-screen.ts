// Which of a patient's variants in a gene that entered, left or changed rating on a panel are worth a clinical
// scientist's second look. A whole genome carries hundreds to thousands of intronic and common variants per gene;
// listing them all buries the few that matter. The rules are the diagnosis workspace's own (rank-candidates.ts,
// quality-filter.ts), applied in the same order, so a variant left out here is one the workspace's tiers 1–2
// would not show either:
//   1. call quality (FILTER PASS, minimum GQ and DP when recorded);
//   2. carried (not a reference genotype);
//   3. population frequency within Genomics England's threshold for the gene's mode of inheritance
//      (0.001 monoallelic, 0.01 biallelic/X-linked, the permissive one when unknown); no frequency: kept;
//   4. protein-truncating or protein-altering in this gene (the consequence classes of tiers 1–2, after
//      Genomics England's tiering: docs/tiering.md), or ClinVar pathogenic/likely pathogenic whatever the
//      consequence. A consequence that could not be determined is kept: it is not assumed harmless, as a
//      missing frequency is not assumed rare.
import type { CandidateVariantInput, ModeOfInheritance, RankingFilters } from '../../../../shared/schemas/diagnosis.ts';
import { RankingFiltersSchema } from '../../../../shared/schemas/diagnosis.ts';
import { isClinvarPathogenicOrLikely } from '../diagnosis/clinvar-significance.ts';
import { consequenceClass } from '../diagnosis/consequence-terms.ts';
import { assessQuality } from '../diagnosis/quality-filter.ts';
import { frequencyThreshold, maxFrequency, pickPerGene } from '../diagnosis/rank-candidates.ts';

/** Why a variant in the gene is not listed, in the order the rules are applied. */
export const LEFT_OUT_REASONS = ['quality', 'notCarried', 'common', 'lowImpact'] as const;
export type LeftOutReason = (typeof LEFT_OUT_REASONS)[number];
export type LeftOutCounts = Record<LeftOutReason, number>;

/** The workspace's default candidate filters (Genomics England thresholds), for a case never analysed with filters of its own. */
export const PANEL_SCREEN_FILTERS: RankingFilters = RankingFiltersSchema.parse({});

export const noneLeftOut = (): LeftOutCounts => ({ quality: 0, notCarried: 0, common: 0, lowImpact: 0 });

/** null: list the variant; otherwise why it is left out. */
export function panelScreen(v: CandidateVariantInput, gene: string, moi: ModeOfInheritance | null, filters: RankingFilters = PANEL_SCREEN_FILTERS): LeftOutReason | null {
  if (!assessQuality(v, filters).pass) return 'quality';
  if (v.zygosity === 'reference') return 'notCarried';
  const af = maxFrequency(v);
  const max = frequencyThreshold(moi, filters).max;
  if (af && max !== null && af.af > max) return 'common';
  if (isClinvarPathogenicOrLikely(v.clinvar)) return null;
  const csq = pickPerGene(v.consequences).get(gene);
  const cls = csq ? consequenceClass(csq.terms) : 'unknown';
  return cls === 'protein-truncating' || cls === 'protein-altering' || cls === 'unknown' ? null : 'lowImpact';
}
