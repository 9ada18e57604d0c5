// GT parsing and writing. VCF 4.4's explicit first-allele phase is checked against htslib's own expected
// output for its test file (htslib test/vcf44_1.vcf -> vcf44_1.expected, in shared data).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyRecoded, formatGenotype, genotypeIndexes, isPhased, parseGenotype, recodeForAlt, ZYG } from '../../../electron/main/services/vcf/genotype.ts';
import type { Genotype } from '../../../electron/main/services/vcf/genotype.ts';
import { SHARED_DATA } from '../../helpers/paths.ts';

const HTSLIB = path.join(SHARED_DATA, 'vcf/htslib-tests');

function gtColumns(file: string): string[][] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t').slice(9));
}

function parse(s: string): Genotype {
  const g = parseGenotype(s, 0, s.length);
  if (typeof g === 'string') throw new Error(`${s}: ${g}`);
  return g;
}

describe('parseGenotype / formatGenotype', () => {
  it('writes every GT of htslib vcf44_1.vcf exactly as htslib writes it back (vcf44_1.expected)', () => {
    const input = gtColumns(path.join(HTSLIB, 'vcf44_1.vcf'));
    const expected = gtColumns(path.join(HTSLIB, 'vcf44_1.expected'));
    expect(input.length).toBe(expected.length);
    expect(input.length).toBeGreaterThan(20);
    for (const [i, row] of input.entries()) {
      for (const [k, gt] of row.entries()) expect(formatGenotype(parse(gt)), `record ${i + 1}, sample ${k + 1}: ${gt}`).toBe(expected[i][k]);
    }
  });

  it('reads allele indexes, missing alleles, separators and ploidy', () => {
    expect(parse('0/1')).toEqual({ alleles: [0, 1], separators: ['/'], prefix: '' });
    expect(parse('1|0')).toEqual({ alleles: [1, 0], separators: ['|'], prefix: '' });
    expect(parse('./.').alleles).toEqual([null, null]);
    expect(parse('0|0|12').alleles).toEqual([0, 0, 12]);
    expect(parse('1').alleles).toEqual([1]);
  });

  it('names what it expected for text that is not a genotype', () => {
    for (const bad of ['0\\1', '0/x', 'A/T', '0/', '', '0//1']) {
      const g = parseGenotype(bad, 0, bad.length);
      expect(typeof g, bad).toBe('string');
    }
  });

  it('keeps allele indexes beyond the ALT list, as htslib reads them (htslib test-vcf-hdr-in.vcf: GT 0/1 with ALT ".")', () => {
    const line = fs.readFileSync(path.join(HTSLIB, 'test-vcf-hdr-in.vcf'), 'utf8').split('\n').find((l) => /\t\.\t35\t/.test(l)) as string;
    const f = line.split('\t');
    expect(f[4]).toBe('.');
    const gt = f[9].split(':')[0];
    expect(parse(gt).alleles).toEqual([0, 1]);
  });
});

describe('recoding for one ALT of a split record, and zygosity', () => {
  it('turns the chosen ALT into 1, other ALTs into 0, keeps missing and separators', () => {
    const g = parse('1/2');
    expect(recodeForAlt(g, 1)).toEqual([1, 0]);
    expect(recodeForAlt(g, 2)).toEqual([0, 1]);
    expect(recodeForAlt(g, 3)).toEqual([0, 0]);
    expect(recodeForAlt(parse('.|2'), 2)).toEqual([null, 1]);
  });

  it('classifies as bcftools stats counts per sample (ploidy 1 is hemizygous; any missing allele is missing)', () => {
    expect(classifyRecoded([0, 0])).toBe(ZYG.homRef);
    expect(classifyRecoded([0, 1])).toBe(ZYG.het);
    expect(classifyRecoded([1, 1])).toBe(ZYG.homAlt);
    expect(classifyRecoded([0, 0, 1])).toBe(ZYG.het);
    expect(classifyRecoded([0])).toBe(ZYG.hemiRef);
    expect(classifyRecoded([1])).toBe(ZYG.hemiAlt);
    expect(classifyRecoded([null, 1])).toBe(ZYG.halfCall);
    expect(classifyRecoded([null, null])).toBe(ZYG.noCall);
    expect(classifyRecoded([null])).toBe(ZYG.noCall);
  });

  it('reads phase: every separator "|" and ploidy ≥ 2, and an explicit "/" first allele is unphased', () => {
    expect(isPhased(parse('0|1'))).toBe(true);
    expect(isPhased(parse('0/1'))).toBe(false);
    expect(isPhased(parse('/0|1'))).toBe(false);
    expect(isPhased(parse('1'))).toBe(false);
    expect(genotypeIndexes('1|2')).toEqual({ alleles: [1, 2], phased: true });
    expect(genotypeIndexes(null)).toBeNull();
  });
});
