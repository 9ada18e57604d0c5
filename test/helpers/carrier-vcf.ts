// A one-sample GRCh38 VCF carrying the given alleles (e.g. real ClinVar and gnomAD records' alleles), sorted by
// chromosome and position, PASS, QUAL 50: the patient of the reanalysis and frequency tests.
import fs from 'node:fs';

/** [chrom without "chr", pos, ref, alt] */
export type CarriedAllele = [string, string, string, string];

export function writeCarrierVcf(file: string, alleles: CarriedAllele[], genotype: (i: number) => string = () => '0/1'): string {
  const body = [...alleles]
    .sort((a, b) => a[0].localeCompare(b[0]) || Number(a[1]) - Number(b[1]))
    .map(([c, p, ref, alt], i) => [c, p, '.', ref, alt, '50', 'PASS', '.', 'GT', genotype(i)].join('\t'));
  const header = [
    '##fileformat=VCFv4.2',
    '##reference=GRCh38',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT', 'S1'].join('\t'),
  ];
  fs.writeFileSync(file, `${[...header, ...body].join('\n')}\n`);
  return file;
}
