// The family's verdict on a tiered candidate list: segregation added, modes the family rules out down-ranked
// with the reason. Genotypes here are small hand-made trios (the engine itself is tested on the real GIAB trio).
import { describe, expect, it } from 'vitest';
import { applyFamilyToCandidates } from '../../../electron/main/services/family/segregation/apply-to-candidates.ts';
import type { FamilyModel, FamilyVariant } from '../../../electron/main/services/family/segregation/family-genotypes.ts';
import { segregateVariants } from '../../../electron/main/services/family/segregation/segregate.ts';

const family: FamilyModel = {
  proband: 'kid',
  build: 'GRCh38',
  members: [
    { id: 'kid', father: 'dad', mother: 'mum', sex: 'female', affected: 'affected' },
    { id: 'mum', father: null, mother: null, sex: 'female', affected: 'unaffected' },
    { id: 'dad', father: null, mother: null, sex: 'male', affected: 'unaffected' },
    { id: 'sis', father: 'dad', mother: 'mum', sex: 'female', affected: 'unaffected' },
  ],
};
const call = (gt: string) => ({ gt, ps: null, gq: 99, dp: 40, adRef: gt === '0/0' ? 40 : 20, adAlt: gt === '0/0' ? 0 : 20 });
function site(pos: number, gene: string, kid: string, mum: string, dad: string, sis = '0/0'): FamilyVariant {
  return { key: `chr1:${pos}:A:G`, chrom: 'chr1', pos, ref: 'A', alt: 'G', gene, filter: 'PASS', calls: { kid: call(kid), mum: call(mum), dad: call(dad), sis: call(sis) } };
}

describe('family on ranked candidates', () => {
  const variants = [
    site(100, 'DOM1', '0/1', '0/1', '0/0'), // inherited from an unaffected mother: dominant ruled out
    site(200, 'DOM2', '0/1', '0/0', '0/0'), // de novo: dominant fits
    site(300, 'REC1', '1/1', '0/1', '0/1'), // homozygous, carrier parents, sister reference: recessive fits
    site(400, 'REC2', '1/1', '0/1', '0/1', '1/1'), // the unaffected sister is homozygous too: ruled out
  ];
  const results = segregateVariants(family, variants);
  const none: { kind: string; text: string }[] = [];
  const candidates = [
    { key: 'chr1:100:A:G', tier: 1 as const, rank: 1, moiCategories: ['monoallelic'], reasons: none },
    { key: 'chr1:400:A:G', tier: 1 as const, rank: 2, moiCategories: ['biallelic'], reasons: none },
    { key: 'chr1:200:A:G', tier: 2 as const, rank: 3, moiCategories: ['monoallelic'], reasons: none },
    { key: 'chr1:300:A:G', tier: 2 as const, rank: 4, moiCategories: ['biallelic'], reasons: none },
  ];

  it('keeps what the family allows in order and down-ranks what it rules out, saying why', () => {
    const out = applyFamilyToCandidates(candidates, results);
    expect(out.map((c) => [c.key, c.rank, c.tier, c.familyRuledOut, c.segregation?.segregation])).toEqual([
      ['chr1:200:A:G', 1, 2, false, 'de_novo'],
      ['chr1:300:A:G', 2, 2, false, 'both_parents'],
      ['chr1:100:A:G', 3, 3, true, 'maternal'],
      ['chr1:400:A:G', 4, 3, true, 'both_parents'],
    ]);
    const dom1 = out.find((c) => c.key === 'chr1:100:A:G')!;
    expect(dom1.reasons.map((r) => r.text).join(' ')).toContain('Down-ranked: the family does not fit the gene\'s monoallelic inheritance (unaffected mother mum carries it');
    const rec2 = out.find((c) => c.key === 'chr1:400:A:G')!;
    expect(rec2.reasons.map((r) => r.text).join(' ')).toContain('unaffected relative sis is homozygous too');
  });

  it('leaves a candidate without family data where it was', () => {
    const out = applyFamilyToCandidates([{ key: 'chr9:1:A:G', tier: 1 as const, rank: 1, moiCategories: ['monoallelic'], reasons: none }], results);
    expect(out[0]).toMatchObject({ rank: 1, tier: 1, segregation: null, familyRuledOut: false });
  });
});
