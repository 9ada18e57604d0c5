// Ranking rules on the shipped PanelApp panels. Each case is a genotype the tiering definition (issue 8,
// docs/tiering.md) decides: the expected tier follows from the rule, the panel's rating and the gene's
// PanelApp mode of inheritance, not from running the code.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../helpers/paths.ts';
import { loadPanelPack } from '../../../electron/main/services/diagnosis/panel-pack.ts';
import { rankCandidates } from '../../../electron/main/services/diagnosis/rank-candidates.ts';
import type { CandidateVariantInput, Consequence, Panel } from '../../../shared/schemas/diagnosis.ts';
import { PASSING_HET_CALL } from './helpers/passing-call.ts';

const { library } = loadPanelPack(path.join(RESOURCES, 'panels'));
const rhabdo = library.get('1141'); // COQ8A biallelic, CPT2 both, DMD X-linked biallelic, LAMP2 X-linked monoallelic, MT-CO1 mitochondrial, CYP2C8 red/Unknown
const breast = library.get('635'); // BRCA2 monoallelic
const longQt = library.get('76'); // KCNE2 amber

let pos = 1000;
function v(gene: string, terms: string[], over: Partial<CandidateVariantInput> = {}, csq: Partial<Consequence> = {}): CandidateVariantInput {
  pos += 10;
  return {
    chrom: 'chr1',
    pos,
    ref: 'C',
    alt: 'T',
    ...PASSING_HET_CALL,
    consequences: [{ gene, transcript: `NM_TEST_${gene}.1`, terms, hgvsc: `c.${pos}C>T`, hgvsp: null, impact: null, ...csq }],
    clinvar: null,
    ...over,
  };
}
const rank = (variants: CandidateVariantInput[], panels: Panel[] = [rhabdo], extra: Parameters<typeof rankCandidates>[0] extends infer T ? Partial<T> : never = {}) =>
  rankCandidates({ variants, panels, ...extra });

describe('tiers', () => {
  it('tier 1: truncating, homozygous, in a green biallelic gene', () => {
    const r = rank([v('COQ8A', ['stop_gained'], { genotype: '1/1', zygosity: 'homozygous' })]);
    expect(r.candidates[0]).toMatchObject({ tier: 1, gene: 'COQ8A', moiCompatibility: 'compatible', consequenceClass: 'protein-truncating' });
  });

  it.each(['stop_gained', 'frameshift_variant', 'splice_donor_variant', 'splice_acceptor_variant', 'start_lost'])('tier 1 consequence: %s', (term) => {
    expect(rank([v('BRCA2', [term])], [breast]).candidates[0].tier).toBe(1);
  });

  it('tier 2: missense heterozygous in a green monoallelic gene; tier 1 needs truncation', () => {
    const r = rank([v('BRCA2', ['missense_variant'])], [breast]);
    expect(r.candidates[0]).toMatchObject({ tier: 2, moiCompatibility: 'compatible' });
  });

  it('a single heterozygous truncating variant in a biallelic gene does not fit: tier 3, with the reason', () => {
    const r = rank([v('COQ8A', ['frameshift_variant'])]);
    expect(r.candidates[0]).toMatchObject({ tier: 3, moiCompatibility: 'incompatible' });
    expect(r.candidates[0].reasons.find((x) => x.kind === 'inheritance')!.text).toMatch(/Single heterozygous variant in a gene with biallelic/);
  });

  it('two heterozygous variants in a biallelic gene: trans fits, cis does not, unphased is a possible compound heterozygote', () => {
    const a = { phased: true, ps: 5000 };
    const trans = rank([v('COQ8A', ['stop_gained'], { ...a, genotype: '0|1' }), v('COQ8A', ['missense_variant'], { ...a, genotype: '1|0' })]);
    expect(trans.candidates.map((c) => [c.tier, c.moiCompatibility, c.compoundPartners[0].phase])).toEqual([
      [1, 'compatible', 'trans'],
      [2, 'compatible', 'trans'],
    ]);
    expect(trans.candidates[0].reasons.find((x) => x.kind === 'inheritance')!.text).toMatch(/in trans/);

    const cis = rank([v('COQ8A', ['stop_gained'], { ...a, genotype: '0|1' }), v('COQ8A', ['missense_variant'], { ...a, genotype: '0|1' })]);
    expect(cis.candidates.map((c) => [c.tier, c.moiCompatibility])).toEqual([
      [3, 'incompatible'],
      [3, 'incompatible'],
    ]);

    const otherSet = rank([v('COQ8A', ['stop_gained'], { ...a, genotype: '0|1' }), v('COQ8A', ['missense_variant'], { phased: true, ps: 9, genotype: '1|0' })]);
    expect(otherSet.candidates[0]).toMatchObject({ tier: 1, moiCompatibility: 'possible-compound-heterozygous' });
    expect(otherSet.candidates[0].reasons.find((x) => x.kind === 'inheritance')!.text).toMatch(/phase not known/);

    // Phased genotypes without PS share one phase set (VCF 4.2).
    const noPs = rank([v('COQ8A', ['stop_gained'], { phased: true, genotype: '1|0' }), v('COQ8A', ['stop_gained'], { phased: true, genotype: '0|1' })]);
    expect(noPs.candidates.every((c) => c.tier === 1 && c.compoundPartners[0].phase === 'trans')).toBe(true);
  });

  it('a synonymous second variant is not a second hit', () => {
    const r = rank([v('COQ8A', ['stop_gained']), v('COQ8A', ['synonymous_variant'])]);
    expect(r.candidates.find((c) => c.terms[0] === 'stop_gained')).toMatchObject({ tier: 3, compoundPartners: [] });
  });

  it('X-linked genes use the recorded sex', () => {
    const male = rank([v('DMD', ['stop_gained'], { chrom: 'chrX', genotype: '1', zygosity: 'hemizygous' })], [rhabdo], { sex: 'male' });
    expect(male.candidates[0]).toMatchObject({ tier: 1, moiCompatibility: 'compatible' });
    const femaleBiallelic = rank([v('DMD', ['stop_gained'], { chrom: 'chrX' })], [rhabdo], { sex: 'female' });
    expect(femaleBiallelic.candidates[0]).toMatchObject({ tier: 3, moiCompatibility: 'incompatible' });
    const femaleMonoallelic = rank([v('LAMP2', ['stop_gained'], { chrom: 'chrX' })], [rhabdo], { sex: 'female' });
    expect(femaleMonoallelic.candidates[0]).toMatchObject({ tier: 1, moiCompatibility: 'compatible' });
    const unknownSex = rank([v('DMD', ['stop_gained'], { chrom: 'chrX' })]);
    expect(unknownSex.candidates[0]).toMatchObject({ tier: 2, moiCompatibility: 'unknown' });
    expect(unknownSex.candidates[0].reasons.find((x) => x.kind === 'inheritance')!.text).toMatch(/sex is not recorded/);
  });

  it('mitochondrial genes fit any non-reference call', () => {
    const r = rank([v('MT-CO1', ['stop_gained'], { chrom: 'chrM', genotype: '1', zygosity: 'hemizygous' })]);
    expect(r.candidates[0]).toMatchObject({ tier: 1, moiCompatibility: 'compatible' });
  });

  it('amber, red and off-panel genes are tier 3; non-coding variants off the panels are not candidates', () => {
    expect(rank([v('KCNE2', ['stop_gained'])], [longQt]).candidates[0]).toMatchObject({ tier: 3 });
    expect(rank([v('CYP2C8', ['stop_gained'])]).candidates[0]).toMatchObject({ tier: 3 });
    const off = rank([v('TTN', ['missense_variant']), v('TTN', ['intron_variant'])]);
    expect(off.candidates).toHaveLength(1);
    expect(off.candidates[0].reasons[0].text).toMatch(/outside the applied panels/);
    expect(off.summary.notRelevant).toBe(1);
    expect(rank([v('TTN', ['intron_variant'])], [rhabdo], { filters: { tier3Scope: 'all' } }).candidates).toHaveLength(1);
  });

  it('ClinVar pathogenic ranks first within a tier', () => {
    const plain = v('CPT2', ['stop_gained']);
    const known = v('CPT2', ['stop_gained'], { clinvar: { significance: 'Pathogenic', stars: 2, condition: 'CPT II deficiency' } });
    const r = rank([plain, known]);
    expect(r.candidates.map((c) => [c.rank, c.tier, c.pos])).toEqual([
      [1, 1, known.pos],
      [2, 1, plain.pos],
    ]);
  });

  it('a variant with no annotation is placed in a panel gene by PanelApp coordinates, tier 3 at most', () => {
    const coq = rhabdo.genes.find((g) => g.symbol === 'COQ8A')!.grch38!;
    const r = rank([{ ...v('COQ8A', []), chrom: coq.chrom, pos: coq.start + 100, consequences: [] }]);
    expect(r.candidates[0]).toMatchObject({ tier: 3, gene: 'COQ8A', consequenceClass: 'unknown' });
    expect(r.candidates[0].reasons.find((x) => x.kind === 'consequence')!.text).toMatch(/Consequence not known.*COQ8A gene region/);
    expect(rank([{ ...v('COQ8A', []), chrom: coq.chrom, pos: coq.start + 100, consequences: [] }], [rhabdo], { geneRegionFallback: false }).summary.withoutGene).toBe(1);
  });
});

describe('filters and reasons', () => {
  it('quality filters: FILTER, GQ and DP are adjustable; missing values are reported, not failed', () => {
    const failing = [v('BRCA2', ['stop_gained'], { filter: 'LowQual' }), v('BRCA2', ['stop_gained'], { gq: 12 }), v('BRCA2', ['stop_gained'], { dp: 4 })];
    const strict = rank(failing, [breast]);
    expect(strict.candidates).toHaveLength(0);
    expect(strict.summary.failedQualityBy).toEqual({ filter: 1, gq: 1, dp: 1 });
    const lax = rank(failing, [breast], { filters: { requirePass: false, minGq: 10, minDp: null } });
    expect(lax.candidates).toHaveLength(3);
    expect(lax.candidates.find((c) => c.pos === failing[0].pos)!.reasons.find((x) => x.kind === 'quality')!.text).toMatch(/LowQual: accepted because PASS is not required/);
    const missing = rank([v('BRCA2', ['stop_gained'], { gq: null, dp: null, filter: '.' })], [breast]);
    expect(missing.candidates[0].reasons.find((x) => x.kind === 'quality')!.text).toBe(
      'FILTER not set by the variant caller ("."). GQ not recorded in the VCF: minimum 20 not checked. DP not recorded in the VCF: minimum 10 not checked.',
    );
  });

  it("population frequency: Genomics England's thresholds by inheritance, adjustable; none available is said", () => {
    const freq = (af: number) => ({ populationFrequencies: [{ af, source: 'gnomAD_AF (VEP CSQ)' }] });
    const r = rank([v('BRCA2', ['stop_gained'], freq(0.002)), v('BRCA2', ['stop_gained'], freq(0.0005))], [breast]);
    expect(r.candidates).toHaveLength(1);
    expect(r.summary.tooCommon).toBe(1);
    expect(r.candidates[0].reasons.find((x) => x.kind === 'frequency')!.text).toMatch(/0\.0005 .* within the 0\.001 threshold for monoallelic/);
    expect(rank([v('COQ8A', ['stop_gained'], { ...freq(0.005), zygosity: 'homozygous' })]).candidates[0].tier).toBe(1);
    expect(rank([v('BRCA2', ['stop_gained'], freq(0.002))], [breast], { filters: { maxAfMonoallelic: 0.01 } }).candidates).toHaveLength(1);
    const none = rank([v('BRCA2', ['stop_gained'])], [breast]);
    expect(none.candidates[0].reasons.find((x) => x.kind === 'frequency')!.text).toMatch(/No population frequency available/);
  });

  it('every candidate explains its tier, consequence, panel, inheritance, ClinVar, frequency and quality', () => {
    const r = rank([v('COQ8A', ['stop_gained'], { zygosity: 'homozygous', clinvar: { significance: 'Pathogenic', stars: 2, condition: 'Coenzyme Q10 deficiency' } })]);
    expect(r.candidates[0].reasons.map((x) => x.kind)).toEqual(['tier', 'consequence', 'panel', 'inheritance', 'clinvar', 'frequency', 'quality']);
    expect(r.panels).toEqual([{ id: '1141', name: 'Acute rhabdomyolysis', version: '2.7' }]);
  });

  it('chooses the most severe consequence per gene, MANE Select on ties', () => {
    const x = v('BRCA2', ['missense_variant']);
    x.consequences.push(
      { gene: 'BRCA2', transcript: 'NM_B.1', terms: ['stop_gained'], hgvsc: 'c.1', hgvsp: null, impact: 'HIGH' },
      { gene: 'BRCA2', transcript: 'NM_MANE.1', terms: ['stop_gained'], hgvsc: 'c.2', hgvsp: null, impact: 'HIGH', mane: true },
    );
    expect(rank([x], [breast]).candidates[0]).toMatchObject({ transcript: 'NM_MANE.1', tier: 1 });
  });
});
