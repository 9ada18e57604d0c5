// CYP2D6 outside calls as reference laboratories write them (PharmVar notation: *2x2, *1xN, *36+*10, hybrids,
// *36x2+*10 on one chromosome), phenotyped by CPIC's activity score with every gene copy counted, against the
// bundled CPIC 2024-08-27 and DPWG 2025-10-03 maps. Expected scores are sums of the maps' own activity values.
import { describe, expect, it } from 'vitest';
import { defaultPgxData } from '../../../electron/main/services/pgx/pgx-data.ts';
import { parseOutsideCalls } from '../../../electron/main/services/pgx/outside-calls.ts';
import { runPgx } from '../../../electron/main/services/pgx/pgx-engine.ts';
import { chromosomeActivity, lookupScore, parseGeneCopies } from '../../../electron/main/services/pgx/cyp2d6-structural.ts';

const data = defaultPgxData();
const cpic = data.phenotype('CYP2D6', 'CPIC')!;

function call(text: string) {
  const r = runPgx({ source: null, outsideCalls: parseOutsideCalls(text, data) });
  return { result: r, cyp2d6: r.genes.find((g) => g.gene === 'CYP2D6')! };
}

function av(name: string): number {
  return Number(cpic.activityValues[name]);
}

describe('CYP2D6 notation', () => {
  it('reads gene units and copy numbers', () => {
    expect(parseGeneCopies('*36x2+*10')).toEqual([{ allele: '*36', copies: 2 }, { allele: '*10', copies: 1 }]);
    expect(parseGeneCopies('*1xN')).toEqual([{ allele: '*1', copies: 'N' }]);
    expect(parseGeneCopies('*1x≥3')).toEqual([{ allele: '*1', copies: '≥3' }]);
    expect(parseGeneCopies('*2 x2')).toBeNull();
  });

  it('normalises what labs print: gene prefix per unit, suballeles, X/× for x, spaces round "+", >=, legacy *4N', () => {
    const names = (d: string) => parseOutsideCalls(`CYP2D6\t${d}\n`, data)[0].alleles;
    expect(names('CYP2D6*36+CYP2D6*10/CYP2D6*4.024')).toEqual(['*36+*10', '*4']);
    expect(names('*2X2/*1')).toEqual(['*2x2', '*1']);
    expect(names('*36 + *10/*1')).toEqual(['*36+*10', '*1']);
    expect(names('*1x5/*1')).toEqual(['*1x≥3', '*1']); // CPIC bins ≥3 copies of *1 (Outside-Call-Format.md)
    expect(names('*41x3/*1')).toEqual(['*41x3', '*1']); // …but lists *41x3 itself
    expect(names('*1x>=3/*4')).toEqual(['*1x≥3', '*4']);
    expect(names('*4N+*4/*1')).toEqual(['*4+*4', '*1']);
    expect(names('[*6 + *8]/*1')).toEqual(['[*6 + *8]', '*1']); // PharmCAT combination syntax stays as it is
  });
});

describe('CYP2D6 activity score, each copy counted (CPIC, Caudle et al. 2020)', () => {
  const cases: { d: string; score: string; phenotype: string }[] = [
    // duplications the map lists whole: its own values
    { d: '*2x2/*4', score: '2.0', phenotype: 'Normal Metabolizer' },
    { d: '*36x2/*10', score: '0.25', phenotype: 'Intermediate Metabolizer' },
    { d: '*1x3/*1', score: '≥4.0', phenotype: 'Ultrarapid Metabolizer' },
    // tandems and hybrids: summed unit by unit
    { d: '*36+*10/*10', score: String(av('*36') + av('*10') + av('*10')), phenotype: 'Intermediate Metabolizer' },
    { d: '*68+*4/*4', score: '0.0', phenotype: 'Poor Metabolizer' },
    { d: '*13+*2/*1', score: (av('*13') + av('*2') + av('*1')).toFixed(1), phenotype: 'Normal Metabolizer' },
    { d: '*36x2+*10/*1', score: String(2 * av('*36') + av('*10') + av('*1')), phenotype: 'Normal Metabolizer' },
    { d: '*36x2+*10/*36+*10', score: '0.5', phenotype: 'Intermediate Metabolizer' },
    // a copy number the map does not list: value × copies
    { d: '*10x4/*4', score: (4 * av('*10')).toFixed(1), phenotype: 'Intermediate Metabolizer' },
    // xN: at least two copies; decided when every such count gives one phenotype
    { d: '*1xN/*1', score: '≥3.0', phenotype: 'Ultrarapid Metabolizer' },
    { d: '*4xN/*4', score: '0.0', phenotype: 'Poor Metabolizer' },
  ];
  for (const c of cases) {
    it(`${c.d} -> ${c.score} ${c.phenotype}`, () => {
      const { cyp2d6, result } = call(`CYP2D6\t${c.d}\n`);
      expect(cyp2d6).toMatchObject({ callStatus: 'called', activityScore: c.score, phenotypes: [c.phenotype] });
      // the score is the key the CPIC recommendations are looked up with
      const codeine = result.recommendations.find((r) => r.drug === 'codeine' && r.source === 'CPIC');
      expect(codeine?.lookupKey.CYP2D6).toBe(c.score);
    });
  }

  it('the score -> phenotype step follows the bundled map (CPIC 2024-08: 1.0 is Intermediate)', () => {
    expect(lookupScore(cpic, { value: 1, atLeast: false })).toMatchObject({ phenotype: 'Intermediate Metabolizer', key: '1.0' });
    expect(lookupScore(cpic, { value: 1.25, atLeast: false })).toMatchObject({ phenotype: 'Normal Metabolizer', key: '1.25' });
    // 3.5 exactly is not a row; it lies between UM rows and satisfies "≥3.5"
    expect(lookupScore(cpic, { value: 3.5, atLeast: false })).toMatchObject({ phenotype: 'Ultrarapid Metabolizer', key: '≥3.5' });
    expect(chromosomeActivity(cpic, '*999+*1')).toBeNull();
  });

  it('*1xN/*4 could be 2.0 (Normal) or ≥3.0 (Ultrarapid): Indeterminate with the reason, never the likelier guess', () => {
    const { cyp2d6 } = call('CYP2D6\t*1xN/*4\n');
    expect(cyp2d6).toMatchObject({ callStatus: 'called', phenotypes: ['Indeterminate'], activityScore: null });
    expect(cyp2d6.diplotypeDetails[0].lookupKeys.CPIC).toEqual(['n/a']);
    expect(cyp2d6.warnings.find((w) => w.code === 'cyp2d6-copy-number-indeterminate')?.message).toMatch(/≥2\.0 spans Normal Metabolizer and Ultrarapid Metabolizer/);
  });

  it('DPWG keys use the DPWG map\'s own values (*41 is 0.5 there, so *41x3/*4 is 1.5 for DPWG, 0.75 for CPIC)', () => {
    const { cyp2d6 } = call('CYP2D6\t*41x3/*4\n');
    expect(cyp2d6.activityScore).toBe('0.75');
    expect(cyp2d6.diplotypeDetails[0].lookupKeys.DPWG).toEqual(['1.5']);
  });
});

describe('an unknown allele marks that gene only', () => {
  it('a mixed file: CYP2D6 with an unknown allele is not interpretable, the other genes are used', () => {
    const { result, cyp2d6 } = call('CYP2D6\t*36x2+*999/*10\nCYP2C19\t*2/*2\nHLA-B\t\t*57:01 positive\n');
    expect(cyp2d6).toMatchObject({ source: 'outside-call', callStatus: 'not-interpretable', phenotypes: [], activityScore: null, diplotypeDetails: [] });
    expect(cyp2d6.warnings.find((w) => w.code === 'outside-allele-unknown')?.message).toMatch(/Line 1: "\*999" is not a CYP2D6 allele .*not interpretable/);
    expect(result.genes.find((g) => g.gene === 'CYP2C19')).toMatchObject({ callStatus: 'called', phenotypes: ['Poor Metabolizer'] });
    expect(result.genes.find((g) => g.gene === 'HLA-B')?.phenotypes).toEqual(['*57:01 positive']);
    expect(result.recommendations.some((r) => r.drug === 'clopidogrel' && r.lookupKey.CYP2C19 === 'Poor Metabolizer')).toBe(true);
    expect(result.recommendations.filter((r) => r.lookupKey.CYP2D6 && r.lookupKey.CYP2D6 !== 'No Result')).toEqual([]);
  });

  it('with an activity score on the line, the score is used and the unknown diplotype only warned about (as PharmCAT relies on it)', () => {
    const { cyp2d6 } = call('CYP2D6\t*1/*999\t\t1.0\n');
    expect(cyp2d6).toMatchObject({ callStatus: 'called', activityScore: '1.0', phenotypes: ['Intermediate Metabolizer'] });
    expect(cyp2d6.warnings.some((w) => w.code === 'outside-allele-unknown' && /activity score given on the line is used/.test(w.message))).toBe(true);
  });
});
