// The family's verdict on ranked candidates (the panel tiering's, or any list with genes and modes of
// inheritance): each candidate gets its segregation, and one whose gene's mode of inheritance the family rules
// out is down-ranked below every candidate the family still allows — tier 1/2 become tier 3 — with the reason
// in its reasons, never silently removed. Pure: the diagnosis service and the phenotype ranking both call it.
import type { Mode, SegregationResult } from '../../../../../shared/schemas/family.ts';

/** Which family modes can explain a variant in a gene of this PanelApp mode-of-inheritance category. */
export const MODES_FOR_MOI: Record<string, readonly Mode[]> = {
  monoallelic: ['de_novo_dominant', 'inherited_dominant'],
  biallelic: ['recessive_homozygous', 'compound_heterozygous'],
  'x-linked': ['x_linked', 'de_novo_dominant'],
  mitochondrial: [],
  unknown: ['de_novo_dominant', 'inherited_dominant', 'recessive_homozygous', 'compound_heterozygous', 'x_linked'],
};

export interface FamilyCandidateIn {
  key: string;
  tier: 1 | 2 | 3;
  rank: number;
  /** PanelApp MOI categories of the gene on the applied panels (empty: unknown). */
  moiCategories: readonly string[];
  reasons: { kind: string; text: string }[];
}

const LABEL: Record<SegregationResult['segregation'], string> = {
  de_novo: 'de novo',
  maternal: 'inherited from the mother',
  paternal: 'inherited from the father',
  both_parents: 'carried by both parents',
  unknown: 'origin unknown',
};

export function describeSegregation(r: SegregationResult): string {
  const base = LABEL[r.segregation];
  return r.segregation === 'de_novo' && r.deNovoConfidence === 'low' ? `${base} (low confidence)` : base;
}

/**
 * Adds `segregation` and family reasons to each candidate (looked up by `keyOf`), demotes the ones the family
 * rules out, and renumbers ranks. Candidates without a result (no family data) keep their place.
 */
export function applyFamilyToCandidates<C extends FamilyCandidateIn>(
  candidates: readonly C[],
  results: ReadonlyMap<string, SegregationResult>,
  keyOf: (c: C) => string = (c) => c.key,
): (C & { segregation: SegregationResult | null; familyRuledOut: boolean })[] {
  const out = candidates.map((c) => {
    const r = results.get(keyOf(c)) ?? null;
    if (!r) return { ...c, segregation: null, familyRuledOut: false };
    const categories = c.moiCategories.length ? c.moiCategories : ['unknown'];
    const allowed = new Set(categories.flatMap((m) => MODES_FOR_MOI[m] ?? MODES_FOR_MOI.unknown));
    const fits = r.compatibleModes.filter((m) => allowed.has(m));
    const reasons = [...c.reasons, { kind: 'inheritance', text: `Family: ${describeSegregation(r)}. ${r.reasons.join('; ')}`.trim() }];
    const ruledOut = allowed.size > 0 && fits.length === 0;
    if (ruledOut) {
      const why = r.excludedModes.filter((e) => allowed.has(e.mode)).map((e) => e.reason);
      reasons.push({
        kind: 'inheritance',
        text: `Down-ranked: the family does not fit the gene's ${categories.join('/')} inheritance${why.length ? ` (${why.join('; ')})` : ` (the genotypes in the family allow only ${r.compatibleModes.join(', ').replaceAll('_', ' ') || 'no mode'})`}.`,
      });
    }
    return { ...c, tier: ruledOut ? 3 : c.tier, reasons, segregation: r, familyRuledOut: ruledOut };
  });
  // Stable: within the allowed and within the ruled-out, the tiering's own order stands.
  const sorted = [...out].sort((a, b) => Number(a.familyRuledOut) - Number(b.familyRuledOut) || (a.familyRuledOut ? 0 : a.tier - b.tier) || a.rank - b.rank);
  return sorted.map((c, i) => ({ ...c, rank: i + 1 }));
}
