import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { familyModelFromPed } from '../../../electron/main/services/family/ped/family-model.ts';
import { impliedProband, parsePed } from '../../../electron/main/services/family/ped/parse-ped.ts';
import { ASHK_PED } from '../../helpers/family-vcf.ts';

function refused(text: string): AppError {
  try {
    parsePed(text, 'f.ped');
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the PED to be refused');
}

describe('PED files', () => {
  it('reads the GIAB Ashkenazi trio PED: HG002 affected son of HG003 and HG004', () => {
    const ped = parsePed(fs.readFileSync(ASHK_PED, 'utf8'), 'ashk-trio.ped');
    expect(ped.family).toBe('ash');
    expect(ped.individuals.map((p) => [p.id, p.father, p.mother, p.sex, p.affected])).toEqual([
      ['HG002', 'HG003', 'HG004', 'male', 'affected'],
      ['HG003', null, null, 'male', 'unknown'],
      ['HG004', null, null, 'female', 'unknown'],
    ]);
    expect(impliedProband(ped)?.id).toBe('HG002');
  });

  it('skips comments and a header line, accepts tabs or spaces', () => {
    const ped = parsePed('#family id father mother sex phenotype\nF1 kid dad mum 2 2\nF1  dad 0 0 1 1\nF1\tmum\t0\t0\t2\t1\n');
    expect(ped.individuals.map((p) => p.line)).toEqual([2, 3, 4]);
  });

  it.each([
    ['a person as their own parent', 'F kid kid mum 1 2\nF mum 0 0 2 1\n', 'family/ped-loop', 1],
    ['a loop of ancestry', 'F a b 0 1 2\nF b c 0 1 1\nF c a 0 1 1\n', 'family/ped-loop', 1],
    ['a father recorded female', 'F kid dad mum 1 2\nF dad 0 0 2 1\nF mum 0 0 2 1\n', 'family/sex-contradicts-role', 2],
    ['a mother recorded male', 'F kid dad mum 1 2\nF dad 0 0 1 1\nF mum 0 0 1 1\n', 'family/sex-contradicts-role', 3],
    ['two families in one file', 'F kid dad mum 1 2\nF dad 0 0 1 1\nG mum 0 0 2 1\n', 'family/ped-several-families', 3],
    ['a repeated person', 'F kid 0 0 1 2\nF kid 0 0 1 2\n', 'family/duplicate-member', 2],
    ['five columns', 'F kid 0 0 1\n', 'family/ped-malformed', 1],
    ['a quantitative phenotype', 'F kid 0 0 1 3.7\n', 'family/ped-malformed', 1],
    ['a parent with no line', 'F kid dad 0 1 2\n', 'family/ped-malformed', 1],
  ])('refuses %s, naming the line', (_what, text, code, line) => {
    const err = refused(text);
    expect(err.code).toBe(code);
    expect(err.details.line).toBe(line);
    expect(err.message).toContain(`line ${line}`);
  });

  it('refuses a proband or parent missing from the VCF, naming the PED line', () => {
    const ped = parsePed(fs.readFileSync(ASHK_PED, 'utf8'), 'ashk-trio.ped');
    expect(familyModelFromPed(ped, 'GRCh37', { vcfSamples: ['HG002', 'HG003', 'HG004'] }).proband).toBe('HG002');
    try {
      familyModelFromPed(ped, 'GRCh37', { vcfSamples: ['HG002', 'HG003'], file: 'ashk-trio.ped' });
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).code).toBe('family/sample-missing-from-vcf');
      expect((err as AppError).details).toMatchObject({ line: 3, sample: 'HG004', role: 'mother' });
    }
  });
});
