// Variant rows carry a small integer for the chromosome instead of its name: chr1..chr22, chrX, chrY, chrM
// are 1..25 in every import, so ordering by the code is karyotypic order (chr2 before chr10); other contigs
// (alts, decoys, unplaced, non-human) get FIRST_OTHER_CONTIG_CODE and up per import (import_contigs).

const STANDARD_CODES = new Map<string, number>([
  ...Array.from({ length: 22 }, (_, i) => [`chr${i + 1}`, i + 1] as [string, number]),
  ['chrX', 23],
  ['chrY', 24],
  ['chrM', 25],
]);

export const FIRST_OTHER_CONTIG_CODE = 100;

/** Code of a normalised chromosome name (normaliseChrom), or undefined for non-primary contigs. */
export function standardChromCode(chrom: string): number | undefined {
  return STANDARD_CODES.get(chrom);
}
