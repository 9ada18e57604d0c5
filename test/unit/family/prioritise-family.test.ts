import { describe, expect, it } from 'vitest';
import { applySegregationToRanking, FAMILY_RULED_OUT_SHARE, siteKey } from '../../../electron/main/services/family/prioritise-family.ts';
import type { SegregationResult } from '../../../shared/schemas/family.ts';

// The phenotype ranking uses the family (issue 14): a gene whose every family-typed variant contradicts its
// diseases' inheritance drops below the genes the family does not contradict, with the reason, and ranks are
// given again with ties sharing the best rank.
function ranking() {
  const variant = (pos: number) => ({ chrom: 'chr1', pos, ref: 'A', alt: 'G', segregation: 'unknown', why: [] as string[] });
  return {
    genes: [
      { gene: 'RECESSIVE1', rank: 1, score: 0.9, diseases: [{ inheritance: ['Autosomal recessive inheritance'] }], variants: [variant(100)] },
      { gene: 'DOMINANT1', rank: 2, score: 0.6, diseases: [{ inheritance: ['Autosomal dominant inheritance'] }], variants: [variant(200)] },
      { gene: 'UNTYPED', rank: 3, score: 0.6, diseases: [{ inheritance: ['Autosomal recessive inheritance'] }], variants: [variant(300)] },
    ],
  };
}
const result = (over: Partial<SegregationResult>): SegregationResult => ({
  segregation: 'maternal',
  compatibleModes: [],
  excludedModes: [],
  reasons: [],
  deNovoConfidence: null,
  compoundHet: null,
  ...over,
});

describe('the family in the phenotype ranking', () => {
  it('down-ranks a gene the family rules out, says why, and ranks again with ties sharing the best rank', () => {
    const r = ranking();
    const seg = new Map([
      // A single heterozygous variant inherited from an unaffected mother cannot explain a recessive disease.
      [siteKey({ chrom: 'chr1', pos: 100, ref: 'A', alt: 'G' }), result({ compatibleModes: ['inherited_dominant'], excludedModes: [{ mode: 'recessive_homozygous', reason: 'one copy, from the unaffected mother' }] })],
      [siteKey({ chrom: 'chr1', pos: 200, ref: 'A', alt: 'G' }), result({ segregation: 'de_novo', compatibleModes: ['de_novo_dominant'], deNovoConfidence: 'high' })],
    ]);
    applySegregationToRanking(r, seg);
    expect(r.genes.map((g) => [g.gene, g.rank])).toEqual([['DOMINANT1', 1], ['UNTYPED', 1], ['RECESSIVE1', 3]]);
    const down = r.genes[2] as (typeof r.genes)[number] & { familyRuledOut?: string };
    expect(down.score).toBeCloseTo(0.9 * FAMILY_RULED_OUT_SHARE);
    expect(down.familyRuledOut).toMatch(/rules out the inheritance/);
    expect(down.variants[0].why.join(' ')).toMatch(/one copy, from the unaffected mother/);
    expect(r.genes[0].variants[0].segregation).toBe('de_novo');
    // A gene without family genotypes keeps its score: no information is not evidence against it.
    expect(r.genes[1].score).toBe(0.6);
  });

  it('keeps the order when the family contradicts nothing', () => {
    const r = ranking();
    applySegregationToRanking(r, new Map([[siteKey({ chrom: 'chr1', pos: 100, ref: 'A', alt: 'G' }), result({ segregation: 'both_parents', compatibleModes: ['recessive_homozygous'] })]]));
    expect(r.genes.map((g) => [g.gene, g.rank])).toEqual([['RECESSIVE1', 1], ['DOMINANT1', 2], ['UNTYPED', 2]]);
  });
});
