// VCFs for the annotation tests, made from real files: Ensembl VEP's chr21 test input (its variants lie in the
// demo transcript pack's genes) with two real ClinVar 2021-10-25 chr21 records added (variation 433140,
// Pathogenic; 713837, Likely benign), so one import exercises consequences and ClinVar matching together.
import fs from 'node:fs';
import path from 'node:path';
import { RESOURCES, SHARED_DATA } from './paths.ts';

export const VEP_TEST_VCF = path.join(SHARED_DATA, 'vcf/ensembl-vep/input/test.vcf');
export const NA12878_GRCH38 = path.join(SHARED_DATA, 'vcf/platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz');
export const NA12878_GRCH37 = path.join(SHARED_DATA, 'vcf/platinum-genomes-NA12878/PG_NA12878_chr21.vcf.gz');
/** VEP v110-annotated records (INFO CSQ; ##VEP header with the GRCh38 cache), on chr1: outside the demo pack. */
export const VEP_CSQ_VCF = path.join(SHARED_DATA, 'annotation-truth/vep-csq-vcf/split-vep.select-tr-expr.vcf');
export const DEMO_TRANSCRIPTS = path.join(RESOURCES, 'packs/grch38-chr21-ensembl84-demo');
export const DEMO_CLINVAR = path.join(RESOURCES, 'packs/clinvar-20211025-grch38-testset');

/** ClinVar 2021-10-25 records on chr21 (from the shipped test-set pack), written as genotyped calls. */
export const CLINVAR_CHR21_RECORDS = [
  ['21', '6116503', '433140', 'C', 'T'],
  ['21', '10541121', '713837', 'G', 'T'],
];

export function makeVepTestWithClinvar(dir: string): string {
  const lines = fs.readFileSync(VEP_TEST_VCF, 'utf8').split('\n').filter(Boolean);
  const header = lines.filter((l) => l.startsWith('#'));
  const body = lines.filter((l) => !l.startsWith('#'));
  const added = CLINVAR_CHR21_RECORDS.map((r) => [...r, '.', 'PASS', '.', 'GT', '0|1'].join('\t'));
  const file = path.join(dir, 'vep-test-with-clinvar.vcf');
  // The ClinVar positions (6.1 and 10.5 Mb) come before every test.vcf record (25 Mb onwards): order is kept.
  fs.writeFileSync(file, [...header, ...added, ...body].join('\n') + '\n');
  return file;
}
