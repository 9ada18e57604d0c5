// Orderings and codes whose truth is external: IUPAC nucleotide codes (NC-IUB 1984), and PharmCAT's
// published output order (ties in expected_matcher_calls.tsv and the test resources' .match.json files).
import { describe, expect, it } from 'vitest';
import { definitionAlleleAccepts, isWobble } from '../../../electron/main/services/pgx/iupac.ts';
import { haplotypeNameCompare, isCombinationName } from '../../../electron/main/services/pgx/haplotype-name-order.ts';

describe('IUPAC codes', () => {
  it('R = A/G, Y = C/T, M = A/C, N = any base; plain bases match themselves only', () => {
    expect(['A', 'G'].every((b) => definitionAlleleAccepts('R', b))).toBe(true);
    expect(definitionAlleleAccepts('R', 'C')).toBe(false);
    expect(definitionAlleleAccepts('Y', 'T')).toBe(true);
    expect(definitionAlleleAccepts('M', 'C')).toBe(true);
    expect(['A', 'C', 'G', 'T'].every((b) => definitionAlleleAccepts('N', b))).toBe(true);
    expect(definitionAlleleAccepts('A', 'G')).toBe(false);
    expect(isWobble('R') && !isWobble('A')).toBe(true);
  });
  it('a one-letter code never matches an indel allele; indel alleles must match exactly', () => {
    expect(definitionAlleleAccepts('C', 'CAT')).toBe(false);
    expect(definitionAlleleAccepts('CATAT', 'CATAT')).toBe(true);
    expect(definitionAlleleAccepts('CATAT', 'CAT')).toBe(false);
  });
});

describe('allele-name order', () => {
  const sorted = (names: string[]) => [...names].sort(haplotypeNameCompare);
  it('orders numbers as numbers (*2 before *10) and suffixes after the plain number (*3 before *3A)', () => {
    expect(sorted(['*10', '*2', '*3A', '*3', '*1'])).toEqual(['*1', '*2', '*3', '*3A', '*10']);
  });
  it('puts "Reference" first and orders DPYD HGVS names by position (PharmCAT DPYD lists)', () => {
    expect(sorted(['c.1898delC (*3)', 'Reference', 'c.295_298delTCAT (*7)'])).toEqual(['Reference', 'c.295_298delTCAT (*7)', 'c.1898delC (*3)']);
  });
  it('puts combinations after single alleles ("[*6 + *14]" syntax from docs/NamedAlleleMatcher-101)', () => {
    expect(isCombinationName('[*6 + *14]')).toBe(true);
    expect(isCombinationName('*80+*28')).toBe(false);
    expect(sorted(['[*6 + *14]', '*13'])).toEqual(['*13', '[*6 + *14]']);
  });
});
