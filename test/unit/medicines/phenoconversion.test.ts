// Phenoconversion rules from resources/medicines/phenoconversion.json applied to gene results: every rule
// in the data file, two inhibitors at once, inhibitor against inducer, and the bundle's own checks.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { activityKey, phenoconvert } from '../../../electron/main/services/medicines/phenoconversion/phenoconvert.ts';
import { loadPhenoconversionRules } from '../../../electron/main/services/medicines/phenoconversion/rules-data.ts';
import type { PgxGeneResult } from '../../../shared/schemas/pgx.ts';
import { RESOURCES } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const rules = loadPhenoconversionRules(path.join(RESOURCES, 'medicines'));

function gene(name: string, phenotype: string, activityScore: string | null = null, source: 'vcf' | 'outside-call' = 'vcf'): PgxGeneResult {
  const key = activityScore ?? phenotype;
  return {
    gene: name,
    source,
    callStatus: 'called',
    diplotypes: ['*1/*1'],
    haplotypes: [],
    phenotypes: [phenotype],
    activityScore,
    missingPositions: [],
    referenceBlockPositions: [],
    positionsWithUndocumentedVariations: [],
    uncallableAlleles: [],
    phased: false,
    effectivelyPhased: false,
    variants: [],
    diplotypeDetails: [
      {
        name: '*1/*1',
        allele1: { name: '*1', function: 'Normal function', activityValue: '1.0' },
        allele2: { name: '*1', function: 'Normal function', activityValue: '1.0' },
        score: null,
        phenotypes: [phenotype],
        activityScore,
        lookupKeys: { CPIC: [key], DPWG: [key] },
      },
    ],
    alternativeDiplotypes: [],
    warnings: [],
  };
}

const NM: Record<string, PgxGeneResult> = {
  CYP2D6: gene('CYP2D6', 'Normal Metabolizer', '2.0'),
  CYP2C19: gene('CYP2C19', 'Normal Metabolizer'),
  CYP2C9: gene('CYP2C9', 'Normal Metabolizer', '2.0'),
  CYP3A4: gene('CYP3A4', 'Normal Metabolizer'),
  CYP3A5: gene('CYP3A5', 'Intermediate Metabolizer'),
};

const drug = (key: string) => ({ key, name: key });

describe('every perpetrator rule in the data file', () => {
  // The expected phenotype per effect, from the methods' published definitions (see the data file's sources).
  const expected: Record<string, Record<string, string>> = {
    CYP2D6: { 'strong-inhibitor': 'Poor Metabolizer (activity score 0.0)', 'moderate-inhibitor': 'Intermediate Metabolizer (activity score 1.0)' },
    CYP2C19: { 'strong-inhibitor': 'Poor Metabolizer', 'moderate-inhibitor': 'Intermediate Metabolizer', 'strong-inducer': 'Rapid Metabolizer', 'moderate-inducer': 'Rapid Metabolizer' },
    CYP2C9: { 'strong-inhibitor': 'Poor Metabolizer (activity score 0.0)', 'moderate-inhibitor': 'Intermediate Metabolizer (activity score 1.5)' },
    CYP3A4: { 'strong-inhibitor': 'Poor Metabolizer', 'moderate-inhibitor': 'Intermediate Metabolizer' },
    CYP3A5: { 'strong-inhibitor': 'Poor Metabolizer', 'moderate-inhibitor': 'Poor Metabolizer', 'strong-inducer': 'Normal Metabolizer', 'moderate-inducer': 'Normal Metabolizer' },
  };
  for (const p of rules.perpetrators) {
    for (const g of p.genes) {
      it(`${p.drug}: ${p.effect} of ${g} (${p.source})`, () => {
        const out = phenoconvert([NM[g]], [drug(p.drug)], rules);
        const want = expected[g][p.effect];
        if (!want) {
          // An inducer of a normal metabolizer of a gene without a higher class: nothing to change.
          expect(out.conversions).toEqual([]);
          return;
        }
        expect(out.conversions).toHaveLength(1);
        expect(out.conversions[0]).toMatchObject({ gene: g, to: want, because: [p.drug] });
        expect(out.conversions[0].rule).toContain(rules.sources[p.source].short);
        expect(out.conversions[0].sources.map((s) => s.id)).toContain(p.source);
      });
    }
  }
});

describe('CYP2D6 by activity score (Cicali et al. 2021)', () => {
  it('paroxetine makes a genotype Normal Metabolizer a Poor Metabolizer, keyed by activity score 0.0', () => {
    const out = phenoconvert([NM.CYP2D6], [drug('paroxetine')], rules);
    expect(out.conversions[0]).toMatchObject({ from: 'Normal Metabolizer (activity score 2.0)', to: 'Poor Metabolizer (activity score 0.0)', because: ['paroxetine'] });
    expect(out.genes[0].diplotypeDetails[0].lookupKeys).toEqual({ CPIC: ['0.0'], DPWG: ['0.0'] });
  });

  it('a moderate inhibitor halves the score: 1.25 → 0.625, looked up as 0.5 (rounded down to a guideline step), Intermediate', () => {
    const out = phenoconvert([gene('CYP2D6', 'Normal Metabolizer', '1.25')], [drug('duloxetine')], rules);
    expect(out.conversions[0].to).toBe('Intermediate Metabolizer (activity score 0.5)');
    expect(activityKey(0.625)).toBe('0.5');
    expect(activityKey(1)).toBe('1.0');
    expect(activityKey(0.75)).toBe('0.75');
  });

  it('two inhibitors at once: the strongest applies (duloxetine moderate + bupropion strong → × 0), both named', () => {
    const out = phenoconvert([NM.CYP2D6], [drug('duloxetine'), drug('bupropion')], rules);
    expect(out.conversions[0]).toMatchObject({ to: 'Poor Metabolizer (activity score 0.0)', because: ['duloxetine', 'bupropion'] });
    expect(out.conversions[0].rule).toContain('the strongest applies');
  });

  it('two moderate inhibitors are not multiplied together (× 0.5, not × 0.25)', () => {
    const out = phenoconvert([NM.CYP2D6], [drug('duloxetine'), drug('mirabegron')], rules);
    expect(out.conversions[0].to).toBe('Intermediate Metabolizer (activity score 1.0)');
  });

  it('an outside-call CYP2D6 ultrarapid (≥3.0) with a moderate inhibitor: 3.0 × 0.5 = 1.5, Normal', () => {
    const out = phenoconvert([gene('CYP2D6', 'Ultrarapid Metabolizer', '≥3.0', 'outside-call')], [drug('cinacalcet')], rules);
    expect(out.conversions[0]).toMatchObject({ from: 'Ultrarapid Metabolizer (activity score ≥3.0)', to: 'Normal Metabolizer (activity score 1.5)' });
  });

  it('a poor metabolizer stays poor: no conversion is reported', () => {
    expect(phenoconvert([gene('CYP2D6', 'Poor Metabolizer', '0.0')], [drug('paroxetine')], rules).conversions).toEqual([]);
  });

  it('a gene without a result is not converted, and genes no drug touches are returned as they were', () => {
    const uncalled = { ...NM.CYP2D6, diplotypeDetails: [], phenotypes: [], activityScore: null };
    const out = phenoconvert([uncalled, NM.CYP2C19], [drug('paroxetine')], rules);
    expect(out.conversions).toEqual([]);
    expect(out.genes[1]).toBe(NM.CYP2C19);
  });
});

describe('phenotype-class genes (Klomp et al. 2020)', () => {
  it('an inhibitor outweighs an inducer of the same enzyme (fluconazole + rifampin on CYP2C19 → Poor)', () => {
    const out = phenoconvert([NM.CYP2C19], [drug('rifampin'), drug('fluconazole')], rules);
    expect(out.conversions[0].to).toBe('Poor Metabolizer');
  });

  it('"Likely Intermediate Metabolizer" steps from its class; Indeterminate is left alone', () => {
    expect(phenoconvert([gene('CYP2C19', 'Likely Intermediate Metabolizer')], [drug('felbamate')], rules).conversions[0].to).toBe('Poor Metabolizer');
    expect(phenoconvert([gene('CYP2C19', 'Indeterminate')], [drug('fluconazole')], rules).conversions).toEqual([]);
  });
});

describe('the rules bundle', () => {
  it('is refused with medicines/data-invalid when a perpetrator cites a source that is not listed', () => {
    const tmp = makeTempDir('genodesk-pheno-');
    try {
      const bad = JSON.parse(fs.readFileSync(path.join(RESOURCES, 'medicines', 'phenoconversion.json'), 'utf8'));
      bad.perpetrators[0].source = 'nowhere';
      fs.writeFileSync(path.join(tmp.dir, 'phenoconversion.json'), JSON.stringify(bad));
      expect(() => loadPhenoconversionRules(tmp.dir)).toThrow(expect.objectContaining({ code: 'medicines/data-invalid', message: expect.stringContaining('unknown source "nowhere"') }));
    } finally {
      tmp.cleanup();
    }
  });
});
