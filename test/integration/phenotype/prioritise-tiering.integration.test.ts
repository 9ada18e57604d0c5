// Where panel tiering (services/diagnosis/rank-candidates.ts) and phenotype prioritisation both apply they
// must agree: on the shipped rhabdomyolysis panel (COQ8A biallelic, green) and the bundled HPO release, the
// tier-1 genotype is the top candidate of a patient with COQ8A's phenotype, and a genotype the tiering calls
// incompatible with the gene's inheritance is the one prioritisation says does not fit.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../helpers/paths.ts';
import { loadPanelPack } from '../../../electron/main/services/diagnosis/panel-pack.ts';
import { rankCandidates } from '../../../electron/main/services/diagnosis/rank-candidates.ts';
import { createPhenotypeService } from '../../../electron/main/services/phenotype/phenotype-service.ts';
import type { CandidateVariantInput } from '../../../shared/schemas/diagnosis.ts';

const rhabdo = loadPanelPack(path.join(RESOURCES, 'panels')).library.get('1141');
const phenotype = createPhenotypeService({ resourcesDir: RESOURCES });
// Terms HPO 2026-02-16 annotates to COQ8A's disease (OMIM:612016, coenzyme Q10 deficiency, primary, 4).
const COQ8A_PHENOTYPE = ['HP:0001272', 'HP:0001250', 'HP:0003701', 'HP:0007256'];

function v(gene: string, pos: number, terms: string[], zygosity: 'heterozygous' | 'homozygous'): CandidateVariantInput {
  return {
    chrom: 'chr1',
    pos,
    ref: 'C',
    alt: 'T',
    genotype: zygosity === 'homozygous' ? '1/1' : '0/1',
    zygosity,
    phased: false,
    filter: 'PASS',
    gq: 99,
    dp: 40,
    consequences: [{ gene, transcript: `NM_TEST_${gene}.1`, terms, hgvsc: null, hgvsp: null, impact: null }],
    clinvar: null,
  };
}

describe('phenotype prioritisation and panel tiering agree', () => {
  it('the tier-1 candidate is first; a single heterozygous hit in a recessive gene fits neither', async () => {
    const variants = [v('COQ8A', 1000, ['stop_gained'], 'homozygous'), v('CPT2', 2000, ['missense_variant'], 'heterozygous'), v('BRCA2', 3000, ['synonymous_variant'], 'heterozygous')];
    const tiers = rankCandidates({ variants, panels: [rhabdo] });
    const tier1 = tiers.candidates.filter((c) => c.tier === 1).map((c) => c.gene);
    expect(tier1).toEqual(['COQ8A']);
    const ranked = await phenotype.prioritise({ observed: COQ8A_PHENOTYPE, variants, limit: 5 });
    expect(ranked.genes[0]).toMatchObject({ gene: 'COQ8A', inheritanceFit: 'recessive: homozygous' });

    const single = [v('COQ8A', 1000, ['frameshift_variant'], 'heterozygous')];
    expect(rankCandidates({ variants: single, panels: [rhabdo] }).candidates[0]).toMatchObject({ gene: 'COQ8A', moiCompatibility: 'incompatible' });
    const r = await phenotype.prioritise({ observed: COQ8A_PHENOTYPE, variants: single, limit: 5 });
    expect(r.genes[0].inheritanceFit).toBe('recessive: only one heterozygous variant');
    expect(r.genes[0].variantScore).toBeLessThan(ranked.genes[0].variantScore!);
  });
});
