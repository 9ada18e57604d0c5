// Test-only: the call fields of a heterozygous genotype that passes every default quality filter, for tests
// that vary only the allele, its consequences and its evidence.
import type { CandidateVariantInput } from '../../../../shared/schemas/diagnosis.ts';

export const PASSING_HET_CALL: Pick<CandidateVariantInput, 'genotype' | 'zygosity' | 'phased' | 'filter' | 'gq' | 'dp'> = {
  genotype: '0/1',
  zygosity: 'heterozygous',
  phased: false,
  filter: 'PASS',
  gq: 99,
  dp: 40,
};
