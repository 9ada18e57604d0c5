// PharmCAT's full worked example (shared/data/pgx/pharmcat/examples): the VCF plus its outside-call file
// must give every gene's diplotypes in .match.json, the phenotypes in .phenotype.json and every CPIC/DPWG
// recommendation in .report.json. Where the bundled data cannot reproduce PharmCAT 3.1 (G6PD and RYR1
// phenotype tables not obtainable; drugs added to the guidelines after 2024-03) the case must say why.
import { describe, expect, it } from 'vitest';
import { pgxResultSchema } from '../../../shared/schemas/pgx.ts';
import {
  exampleDiplotypeCases,
  examplePhenotypeCases,
  exampleRecommendationCases,
  runExample,
} from './pharmcat-agreement.ts';

describe('PharmCAT example: diplotypes (.match.json)', async () => {
  const cases = await exampleDiplotypeCases();
  it('covers the 19 genes PharmCAT called from the VCF', () => {
    expect(cases).toHaveLength(19);
  });
  for (const c of cases) {
    it(`${c.gene}: ${c.expected}`, () => {
      expect(c.actual).toBe(c.expected);
    });
  }
});

describe('PharmCAT example: phenotypes (.phenotype.json)', async () => {
  const cases = await examplePhenotypeCases();
  for (const c of cases) {
    it(`${c.gene}: ${c.expected || '(none)'}`, () => {
      if (c.knownDifference) {
        // no phenotype rather than a guess, and the result says so
        expect(c.actual).toBe('');
        return;
      }
      expect(c.actual).toBe(c.expected);
    });
  }
  it('G6PD and RYR1 get their phenotypes from the older maps, and say the maps are older than the definitions', async () => {
    const r = await runExample();
    const g6pd = r.genes.find((x) => x.gene === 'G6PD');
    const ryr1 = r.genes.find((x) => x.gene === 'RYR1');
    expect(g6pd?.phenotypes).toEqual(['Normal']);
    expect(ryr1?.phenotypes).toEqual(['Uncertain Susceptibility']);
    // RYR1's 2023-12 map gives a function to 49 of the 339 variants defined in 2025-11: said, per gene
    expect(ryr1?.warnings.find((w) => w.code === 'definitions-newer-than-phenotypes')?.message).toMatch(/^290 RYR1 allele definitions .* newer than the phenotype data \(2023-12-05-00-25, 2023-12-19\)/);
    expect(g6pd?.warnings.find((w) => w.code === 'definitions-newer-than-phenotypes')).toBeUndefined();
    for (const gene of ['G6PD', 'RYR1']) expect(r.genes.find((x) => x.gene === gene)?.warnings.map((w) => w.code)).not.toContain('no-phenotype-data');
  });
});

describe('PharmCAT example: recommendations (.report.json)', async () => {
  const cases = await exampleRecommendationCases();
  it('compares every CPIC and DPWG guideline annotation of the report', () => {
    expect(cases.filter((c) => c.group.endsWith('CPIC'))).toHaveLength(88);
    expect(cases.filter((c) => c.group.endsWith('DPWG'))).toHaveLength(65);
  });
  for (const c of cases) {
    it(`${c.id}: ${c.expected}`, () => {
      if (c.knownDifference) {
        expect(c.actual).toBe('(none)');
        return;
      }
      expect(c.actual).toBe(c.expected);
    });
  }
  it('withholds, with a reason, every recommendation it cannot reproduce', async () => {
    const r = await runExample();
    for (const c of cases.filter((x) => x.knownDifference && !x.knownDifference.startsWith('drug/guideline not in'))) {
      const drug = c.id.split('-')[1];
      expect(r.unmatchedGuidelines.some((u) => u.drug === drug), drug).toBe(true);
    }
  });
});

describe('PharmCAT example: result shape', () => {
  it('is a valid pgx result with data versions and outside calls marked as such', async () => {
    const r = await runExample();
    expect(() => pgxResultSchema.parse(r)).not.toThrow();
    expect(r.dataVersions.definitions.version).toBe('2025-11-05-00-25');
    expect(r.dataVersions.guidelines.version).toBe('2024-03-25-16-13');
    expect(r.genes.filter((g) => g.source === 'outside-call').map((g) => g.gene)).toEqual(['CYP2D6', 'HLA-B', 'MT-RNR1']);
    // CPIC codeine for CYP2D6 *1/*3 (activity score 1.0) as in the report
    const codeine = r.recommendations.find((x) => x.drug === 'codeine' && x.source === 'CPIC');
    expect(codeine?.lookupKey).toEqual({ CYP2D6: '1.0' });
    expect(codeine?.classification).toBe('Moderate');
  });
});
