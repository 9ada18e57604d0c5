// Expected classes come from the thresholds published by Tavtigian et al. 2020 (≥10 P, 6..9 LP, 0..5 VUS,
// −1..−6 LB, ≤−7 B; supporting 1, moderate 2, strong 4, very strong 8) and the criteria from Richards et
// al. 2015 / ACGS 2020, not from GenoDesk's code.
import { describe, expect, it } from 'vitest';
import { ACMG_CRITERIA, criterionDefinition } from '../../../electron/main/services/diagnosis/acmg-criteria.ts';
import { classFromPoints, classifyOrThrow, classifyVariant } from '../../../electron/main/services/diagnosis/acmg-classifier.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { AcmgClass, AppliedCriterion } from '../../../shared/schemas/diagnosis.ts';

const c = (code: AppliedCriterion['code'], strength?: AppliedCriterion['strength']): AppliedCriterion => ({
  code,
  strength: strength ?? criterionDefinition(code)!.defaultStrength,
});

function classified(criteria: AppliedCriterion[]) {
  const r = classifyVariant(criteria);
  if (r.status !== 'classified') throw new Error(`expected a class, got ${r.explanation}`);
  return r;
}

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
}

describe('ACMG/AMP criteria as adapted by ACGS', () => {
  it('lists all 28 criteria with a default strength among their allowed strengths', () => {
    expect(ACMG_CRITERIA.map((x) => x.code)).toEqual([
      'PVS1', 'PS1', 'PS2', 'PS3', 'PS4', 'PM1', 'PM2', 'PM3', 'PM4', 'PM5', 'PM6', 'PP1', 'PP2', 'PP3', 'PP4', 'PP5',
      'BA1', 'BS1', 'BS2', 'BS3', 'BS4', 'BP1', 'BP2', 'BP3', 'BP4', 'BP5', 'BP6', 'BP7',
    ]);
    for (const d of ACMG_CRITERIA) expect(d.allowedStrengths, d.code).toContain(d.defaultStrength);
    const defaults = Object.fromEntries(ACMG_CRITERIA.map((d) => [d.code, d.defaultStrength]));
    // Richards 2015 defaults, except PM2 which ACGS 2020 / ClinGen SVI apply at supporting.
    expect(defaults).toMatchObject({ PVS1: 'very-strong', PS1: 'strong', PS4: 'strong', PM1: 'moderate', PM2: 'supporting', PM6: 'moderate', PP3: 'supporting', BA1: 'stand-alone', BS1: 'strong', BP7: 'supporting' });
    expect(ACMG_CRITERIA.filter((d) => !d.inUse).map((d) => d.code)).toEqual(['PP5', 'BP6']);
    expect(criterionDefinition('BA1')!.allowedStrengths).toEqual(['stand-alone']);
    expect(criterionDefinition('PP4')!.allowedStrengths).toContain('strong');
  });
});

describe('points-based class (Tavtigian et al. 2020)', () => {
  const table: [number, AcmgClass][] = [
    [20, 'pathogenic'], [11, 'pathogenic'], [10, 'pathogenic'],
    [9, 'likely-pathogenic'], [7, 'likely-pathogenic'], [6, 'likely-pathogenic'],
    [5, 'uncertain-significance'], [1, 'uncertain-significance'], [0, 'uncertain-significance'],
    [-1, 'likely-benign'], [-4, 'likely-benign'], [-6, 'likely-benign'],
    [-7, 'benign'], [-8, 'benign'], [-15, 'benign'],
  ];
  it.each(table)('%i points is %s', (points, expected) => expect(classFromPoints(points)).toBe(expected));

  it('every boundary, with real criteria combinations', () => {
    // 10: pathogenic (PVS1 + PM2 raised to moderate)
    expect(classified([c('PVS1'), c('PM2', 'moderate')])).toMatchObject({ points: 10, acmgClass: 'pathogenic' });
    // 9: likely pathogenic (PVS1 + PM2_Supporting, the ACGS 2020 LP example)
    expect(classified([c('PVS1'), c('PM2')])).toMatchObject({ points: 9, acmgClass: 'likely-pathogenic' });
    // 6: likely pathogenic (PS3 + PM1)
    expect(classified([c('PS3'), c('PM1')])).toMatchObject({ points: 6, acmgClass: 'likely-pathogenic' });
    // 5: uncertain (PS3 + PP3)
    expect(classified([c('PS3'), c('PP3')])).toMatchObject({ points: 5, acmgClass: 'uncertain-significance' });
    // 0: uncertain (PM2_Supporting + BP4), and no criteria at all
    expect(classified([c('PM2'), c('BP4')])).toMatchObject({ points: 0, acmgClass: 'uncertain-significance' });
    expect(classified([])).toMatchObject({ points: 0, acmgClass: 'uncertain-significance' });
    // -1: likely benign (BP4)
    expect(classified([c('BP4')])).toMatchObject({ points: -1, acmgClass: 'likely-benign' });
    // -6: likely benign (BS1 + BP4 + BP7)
    expect(classified([c('BS1'), c('BP4'), c('BP7')])).toMatchObject({ points: -6, acmgClass: 'likely-benign' });
    // -7: benign (BS1 + BP4_Moderate + BP7)
    expect(classified([c('BS1'), c('BP4', 'moderate'), c('BP7')])).toMatchObject({ points: -7, acmgClass: 'benign' });
    // mixed evidence is summed: PVS1 (8) + BS1 (-4) = 4, uncertain
    expect(classified([c('PVS1'), c('BS1')])).toMatchObject({ points: 4, acmgClass: 'uncertain-significance' });
  });

  it('scores each strength as 1, 2, 4, 8 (negative for benign) and explains the sum', () => {
    const r = classified([c('PVS1', 'strong'), c('PM1', 'supporting'), c('PS1', 'moderate'), c('PP1', 'strong')]);
    expect(r.criteria.map((x) => x.points)).toEqual([4, 1, 2, 4]);
    expect(r.points).toBe(11);
    expect(r.explanation).toMatch(/^PVS1_Strong \(\+4\) \+ PM1_Supporting \(\+1\) \+ PS1_Moderate \(\+2\) \+ PP1_Strong \(\+4\) = 11 points: Pathogenic \(10 or more points, Tavtigian et al\. 2020\)/);
    expect(classified([c('PVS1'), c('PM2')]).explanation).toMatch(/^PVS1 \(\+8\) \+ PM2_Supporting \(\+1\) = 9 points: Likely pathogenic/);
  });

  it('BA1 is stand-alone benign whatever the other benign points', () => {
    expect(classified([c('BA1')])).toMatchObject({ acmgClass: 'benign', standAloneBenign: true, points: 0 });
    expect(classified([c('BA1'), c('BP4')])).toMatchObject({ acmgClass: 'benign', standAloneBenign: true });
  });
});

describe('contradicting criteria give an explicit conflict, never a class', () => {
  it('very strong pathogenic with stand-alone benign', () => {
    const r = classifyVariant([c('PVS1'), c('BA1')]);
    expect(r.status).toBe('conflict');
    expect('acmgClass' in r).toBe(false);
    if (r.status === 'conflict') {
      expect(r.conflicts[0].criteria).toEqual(['PVS1', 'BA1']);
      expect(r.explanation).toMatch(/^No class: the criteria conflict/);
    }
    const e = errorOf(() => classifyOrThrow([c('PVS1'), c('BA1')]));
    expect(e.code).toBe('diagnosis/conflicting-criteria');
    expect(e.details.conflicts).toHaveLength(1);
  });

  it.each([
    [['PS3', 'BS3']],
    [['PP1', 'BS4']],
    [['PP3', 'BP4']],
    [['PS2', 'PM6']],
    [['PM2', 'BS1']],
    [['PS1', 'PM5']],
    [['PVS1', 'PM4']],
    [['PM3', 'BP2']],
  ] as [AppliedCriterion['code'][]][])('%j', (codes) => {
    const r = classifyVariant(codes.map((x) => c(x)));
    expect(r.status).toBe('conflict');
    if (r.status === 'conflict') expect(r.conflicts.map((k) => k.criteria)).toContainEqual(codes);
  });

  it('supporting pathogenic evidence with BA1 still conflicts, listing all the pathogenic criteria', () => {
    const r = classifyVariant([c('PP3'), c('PP4'), c('BA1')]);
    expect(r.status === 'conflict' && r.conflicts[0].criteria).toEqual(['PP3', 'PP4', 'BA1']);
  });
});

describe('criteria no guideline allows are refused with diagnosis/invalid-criterion', () => {
  it.each([
    ['an unknown code', [{ code: 'PX9', strength: 'strong' }], /not an ACMG\/AMP criterion/],
    ['a strength outside the allowed set', [c('PM2', 'very-strong')], /PM2 cannot be applied at very-strong/],
    ['BA1 at strong', [{ code: 'BA1', strength: 'strong' }], /BA1 cannot be applied at strong/],
    ['the same criterion twice', [c('PVS1'), c('PVS1', 'strong')], /applied twice/],
    ['PP5, which ACGS 2020 says not to use', [c('PP5')], /PP5 is not used/],
    ['BP6, which ACGS 2020 says not to use', [c('BP6')], /BP6 is not used/],
  ])('%s', (_name, criteria, message) => {
    const e = errorOf(() => classifyVariant(criteria));
    expect(e.code).toBe('diagnosis/invalid-criterion');
    expect(e.message).toMatch(message);
  });
});
