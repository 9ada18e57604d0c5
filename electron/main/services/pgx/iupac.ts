// IUPAC nucleotide codes as used in allele definition tables: a single-letter code such as "R" at a
// position means the named allele is defined by either A or G there (CPIC/PharmVar "wobble").
const CODES: Record<string, string> = {
  A: 'A', C: 'C', G: 'G', T: 'T', U: 'T',
  R: 'AG', Y: 'CT', S: 'GC', W: 'AT', K: 'GT', M: 'AC',
  B: 'CGT', D: 'AGT', H: 'ACT', V: 'ACG', N: 'ACGT',
};

export function isWobble(allele: string): boolean {
  return allele.length === 1 && allele !== 'A' && allele !== 'C' && allele !== 'G' && allele !== 'T' && allele in CODES;
}

/**
 * Does a definition allele accept a sample allele? Single letters are IUPAC codes (a one-base sample
 * allele only); longer alleles (indels, repeats) must match exactly.
 */
export function definitionAlleleAccepts(definitionAllele: string, sampleAllele: string): boolean {
  if (definitionAllele.length === 1) {
    if (sampleAllele.length !== 1) return false;
    const bases = CODES[definitionAllele];
    return bases !== undefined ? bases.includes(sampleAllele) : definitionAllele === sampleAllele;
  }
  return definitionAllele === sampleAllele;
}
