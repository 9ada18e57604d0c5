// Ranking on a small ontology and annotation table written here: the disease whose profile holds the
// patient's terms ranks first, excluded terms count against a disease that shows them, ties share the best
// rank, and with variants the genotype must fit the disease's inheritance.
import { describe, expect, it } from 'vitest';
import { parseObo } from '../../../electron/main/services/phenotype/ontology/parse-obo.ts';
import { HpoOntology } from '../../../electron/main/services/phenotype/ontology/hpo-ontology.ts';
import { buildTermSearchIndex } from '../../../electron/main/services/phenotype/ontology/term-search.ts';
import { parseGenesToPhenotype } from '../../../electron/main/services/phenotype/annotations/genes-to-phenotype.ts';
import { buildAnnotationIndex } from '../../../electron/main/services/phenotype/ranking/information-content.ts';
import { PhenotypeScorer } from '../../../electron/main/services/phenotype/ranking/phenotype-scorer.ts';
import type { HpoRelease } from '../../../electron/main/services/phenotype/hpo-release.ts';
import { pooledGenePhenotype, prioritise } from '../../../electron/main/services/phenotype/prioritise.ts';
import type { CandidateVariantInput } from '../../../shared/schemas/diagnosis.ts';
import { AppError } from '../../../shared/errors.ts';
import { SMALL_OBO } from './helpers/small-hpo.ts';

const G2P = [
  'ncbi_gene_id\tgene_symbol\thpo_id\thpo_name\tfrequency\tdisease_id',
  '1\tEPI1\tHP:0002197\tGeneralized-onset seizure\t9/10\tOMIM:100001',
  '1\tEPI1\tHP:0000006\tAutosomal dominant inheritance\t-\tOMIM:100001',
  '2\tEPI2\tHP:0001250\tSeizure\tHP:0040283\tOMIM:100002',
  '2\tEPI2\tHP:0000957\tCafé-au-lait spot\tHP:0040281\tOMIM:100002',
  '2\tEPI2\tHP:0000007\tAutosomal recessive inheritance\t-\tOMIM:100002',
  '3\tSKIN1\tHP:0000957\tCafé-au-lait spot\t-\tOMIM:100003',
  '4\tSKIN2\tHP:0000957\tCafé-au-lait spot\t-\tOMIM:100004',
].join('\n');

function release(g2p = G2P): HpoRelease {
  const ontology = new HpoOntology(parseObo(SMALL_OBO));
  const annotations = parseGenesToPhenotype(g2p, ontology, new Map([['OMIM:100001', 'Epilepsy one']]));
  const index = buildAnnotationIndex(ontology, annotations.diseases);
  return {
    ontology,
    annotations,
    index,
    searchIndex: buildTermSearchIndex(ontology),
    scorer: new PhenotypeScorer(ontology, annotations.diseases, index),
    dataVersion: { version: ontology.version, source: 'bundled', ontology: 'test', annotations: 'test', diseaseNames: null, attribution: 'HPO' },
  };
}
const data = release();

function variant(gene: string, terms: string[], zygosity: CandidateVariantInput['zygosity'], pos: number): CandidateVariantInput {
  return { chrom: '1', pos, ref: 'A', alt: 'G', genotype: zygosity === 'homozygous' ? '1/1' : '0/1', zygosity, phased: false, filter: 'PASS', gq: 60, dp: 30, consequences: [{ gene, transcript: 'T1', terms, hgvsc: null, hgvsp: null, impact: null }], clinvar: null };
}

describe('phenotype ranking', () => {
  it('reads inheritance and frequencies from genes_to_phenotype into disease profiles', () => {
    const epi2 = data.annotations.diseases.find((d) => d.id === 'OMIM:100002')!;
    expect(epi2.inheritance).toEqual(['autosomal-recessive']);
    expect([...epi2.frequencies].map((f) => Math.round(f * 1000) / 1000)).toEqual([0.17, 0.895]);
    expect(data.annotations.diseases.find((d) => d.id === 'OMIM:100001')!.name).toBe('Epilepsy one');
  });

  it('ranks the disease holding the exact term first and explains the match', () => {
    const r = prioritise(data, { observed: ['HP:0002197'], excluded: [], limit: 10 });
    expect(r.mode).toBe('phenotype');
    expect(r.genes[0]).toMatchObject({ gene: 'EPI1', rank: 1, bestDisease: 'OMIM:100001', variantScore: null });
    expect(r.genes[0].matchedTerms).toEqual([{ patient: 'HP:0002197', patientLabel: 'Generalized-onset seizure', disease: 'HP:0002197', diseaseLabel: 'Generalized-onset seizure', commonAncestor: 'HP:0002197', score: expect.any(Number) }]);
    // EPI2 only has the parent term: a partial match through Seizure, scored lower.
    const epi2 = r.genes.find((g) => g.gene === 'EPI2')!;
    expect(epi2.matchedTerms[0].commonAncestor).toBe('HP:0001250');
    expect(epi2.score).toBeLessThan(r.genes[0].score);
    expect(r.dataVersions.hpo.version).toBe('2026-02-16');
  });

  it('lets genes with identical fits share the best rank', () => {
    const r = prioritise(data, { observed: ['HP:0000957'], excluded: [], limit: 10 });
    const skin = r.genes.filter((g) => g.gene === 'SKIN1' || g.gene === 'SKIN2');
    expect(skin.map((g) => g.rank)).toEqual([skin[0].rank, skin[0].rank]);
  });

  it('counts an excluded term against a disease annotated with it, and says so', () => {
    const without = prioritise(data, { observed: ['HP:0001250'], excluded: [], limit: 10 });
    const withExcluded = prioritise(data, { observed: ['HP:0001250'], excluded: ['HP:0000957'], limit: 10 });
    // Scores are relative to the best disease (EPI2 stays first here: it lists Seizure itself), so the
    // penalty shows as a smaller lead over EPI1.
    const lead = (r: typeof without) => r.genes.find((g) => g.gene === 'EPI2')!.score - r.genes.find((g) => g.gene === 'EPI1')!.score;
    expect(lead(withExcluded)).toBeLessThan(lead(without));
    expect(withExcluded.genes.find((g) => g.gene === 'EPI2')!.excludedConflicts.map((c) => c.patient)).toEqual(['HP:0000957']);
  });

  it('refuses a term given as both observed and excluded, and an unknown term, naming them', () => {
    expect(() => prioritise(data, { observed: ['HP:0001250'], excluded: ['HP:0001250'], limit: 5 })).toThrow(AppError);
    expect(() => prioritise(data, { observed: ['HP:7777777'], excluded: [], limit: 5 })).toThrow(/HP:7777777/);
    expect(() => prioritise(data, { observed: [], excluded: [], limit: 5 })).toThrow(/at least one observed/);
  });

  it('with variants, needs two hits for a recessive disease and prefers a truncating variant', () => {
    const oneHet = prioritise(data, { observed: ['HP:0001250', 'HP:0000957'], excluded: [], limit: 10, variants: [variant('EPI2', ['stop_gained'], 'heterozygous', 10)] });
    expect(oneHet.genes[0].inheritanceFit).toBe('recessive: only one heterozygous variant');
    const twoHet = prioritise(data, {
      observed: ['HP:0001250', 'HP:0000957'],
      excluded: [],
      limit: 10,
      variants: [variant('EPI2', ['stop_gained'], 'heterozygous', 10), variant('EPI2', ['frameshift_variant'], 'heterozygous', 20)],
    });
    expect(twoHet.genes[0].inheritanceFit).toMatch(/^recessive: two heterozygous variants/);
    expect(twoHet.genes[0].variants).toHaveLength(2);
    expect(twoHet.genes[0].variantScore).toBeGreaterThan(oneHet.genes[0].variantScore!);
    expect(twoHet.genes[0].variants[0]).toMatchObject({ genotype: 'het', segregation: 'unknown', consequence: 'stop_gained' });

    const r = prioritise(data, { observed: ['HP:0000957'], excluded: [], limit: 10, variants: [variant('SKIN1', ['intron_variant'], 'heterozygous', 30), variant('SKIN2', ['stop_gained'], 'heterozygous', 40)] });
    expect(r.mode).toBe('variants');
    expect(r.genes.map((g) => g.gene)).toEqual(['SKIN2', 'SKIN1']);
  });

  it('pools a gene\'s diseases when asked: two fair fits of one gene outweigh a slightly better single one', () => {
    // Gene A has two diseases (OMIM's and Orphanet's entries for one condition, say) scoring 2 each; gene B one scoring 2.5.
    const genes = new Map([
      ['A', [0, 1]],
      ['B', [2]],
    ]);
    const raw = Float64Array.from([2, 2, 2.5]);
    const best = pooledGenePhenotype(genes, raw, undefined);
    expect(best.get('B')).toEqual({ top: 2, score: 1 });
    expect(best.get('A')!.score).toBeCloseTo(0.8, 10);
    // β = 1: A = 2 + ln 2 ≈ 2.69 > 2.5, so A now leads; B keeps its own 2.5, relative to A.
    const pooled = pooledGenePhenotype(genes, raw, 1);
    expect(pooled.get('A')).toEqual({ top: 0, score: 1 });
    expect(pooled.get('B')!.score).toBeCloseTo(2.5 / (2 + Math.log(2)), 10);
  });

  it('ranks a gene whose two disease entries both fit above a gene with one entry that fits as well', () => {
    // POOL1 has two entries listing Seizure and Café-au-lait spot (OMIM's and Orphanet's for one condition);
    // POOL2 one entry listing the same terms: equal per disease, so pooling alone separates them.
    const rows = ['OMIM:200001', 'ORPHA:200002'].flatMap((d) => [`5\tPOOL1\tHP:0001250\tSeizure\t-\t${d}`, `5\tPOOL1\tHP:0000957\tCafé-au-lait spot\t-\t${d}`]);
    const other = ['6\tPOOL2\tHP:0001250\tSeizure\t-\tOMIM:200003', '6\tPOOL2\tHP:0000957\tCafé-au-lait spot\t-\tOMIM:200003'];
    const r = prioritise(release([G2P, ...rows, ...other].join('\n')), { observed: ['HP:0001250', 'HP:0000957'], excluded: [], limit: 10 });
    const pool1 = r.genes.find((g) => g.gene === 'POOL1')!;
    const pool2 = r.genes.find((g) => g.gene === 'POOL2')!;
    expect(pool1.rank).toBe(1);
    expect(pool2.rank).toBeGreaterThan(pool1.rank);
    // Each disease keeps its own fit, and both of POOL1's are listed with it.
    expect(pool1.diseases.map((d) => d.phenotypeScore)).toEqual([pool2.diseases[0].phenotypeScore, pool2.diseases[0].phenotypeScore]);
    expect(pool1.phenotypeScore).toBe(1);
    expect(pool2.phenotypeScore).toBeLessThan(1);
  });
});
