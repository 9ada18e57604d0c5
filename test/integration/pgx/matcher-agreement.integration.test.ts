// The NamedAlleleMatcher against PharmCAT's own truth: every case of expected_matcher_calls.tsv (exact,
// ordered list of diplotypes), the NAT2 truth table as PharmCAT's NamedAlleleMatcherNat2Test asserts it,
// and the test-resource VCFs whose expected call is known (file-name hints and *.match.json outputs).
import { describe, expect, it } from 'vitest';
import {
  matcherCaseRows,
  callFromVcf,
  nat2Cases,
  namedVcfCases,
  phenotypeMatchFileCases,
} from './pharmcat-agreement.ts';

describe('expected_matcher_calls.tsv (transcribed from PharmCAT NamedAlleleMatcher*Test.java)', () => {
  const rows = matcherCaseRows();
  it('has the 23 transcribed cases', () => {
    expect(rows).toHaveLength(23);
  });
  for (const row of rows) {
    it(`${row.caseId}: ${row.expected.join(' | ') || '(no call)'}`, async () => {
      expect(await callFromVcf(row.vcf, row.gene, row.options)).toEqual(row.expected);
    });
  }
});

describe('NAT2 truth table (test-resources/haplotype/NAT2/tests.tsv)', () => {
  const cases = nat2Cases();
  it('covers every row', () => {
    expect(cases.length).toBe(75);
  });
  for (const c of cases) {
    it(`${c.id}: ${c.expected}`, () => {
      expect(c.actual.split(' (picked from')[0]).toBe(c.expected.split(' (picked from')[0]);
    });
  }
});

describe('test-resource VCFs with a known call', () => {
  it('agrees with every file-name hint except the ones the current definitions make stale', async () => {
    const cases = await namedVcfCases();
    const unexplained = cases.filter((c) => !c.agreed && !c.knownDifference);
    expect(unexplained).toEqual([]);
    expect(cases.filter((c) => c.agreed).length).toBeGreaterThanOrEqual(24);
  });

  it('agrees with PharmCAT phenotype/*.match.json outputs except where the 2025 definitions changed', async () => {
    const cases = await phenotypeMatchFileCases();
    expect(cases.filter((c) => !c.agreed && !c.knownDifference)).toEqual([]);
    expect(cases.filter((c) => c.agreed).map((c) => c.id)).toEqual([
      'Cyp2C19s2s2.match.json',
      'NUDT15ref.match.json',
      'NUDT15s3.match.json',
      'UGT1A1s1s60s80phased.match.json',
      'UGT1A1s1s60s80unphased.match.json',
    ]);
  });
});
