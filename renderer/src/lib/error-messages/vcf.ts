// What to tell a person for each vcf error code: the Record type makes a missing code a typecheck failure.
import type { VCF_ERROR_CODES } from '../../../../shared/error-codes/vcf.ts';

export const vcfMessages: Record<(typeof VCF_ERROR_CODES)[number], string> = {
  'vcf/file-not-found': 'The file could not be found. Check it still exists and try again.',
  'vcf/unsupported-format': 'This file type cannot be imported. Convert it to VCF (.vcf or .vcf.gz) first.',
  'vcf/bad-header': 'The VCF header is not valid, so nothing was imported. Ask the lab for a corrected file.',
  'vcf/line-malformed': 'A line of the VCF is malformed, so nothing was imported. The details say which line.',
  'vcf/corrupt-compression': 'The compressed file is damaged or incomplete, so nothing was imported. Copy the file again from the lab.',
  'vcf/read-failed': 'The file could not be read. Check it is still there and that you may read it.',
  'vcf/unsupported-build': 'The genome build could not be recognised. Choose GRCh37 or GRCh38 and import again.',
  'vcf/sample-required': 'This file holds several samples. Choose which sample is this patient.',
  'vcf/sample-not-found': 'That sample is not in the file. Choose one of the samples listed.',
  'vcf/empty': 'The file holds no variants, so nothing was imported.',
  'vcf/cancelled': 'The import was cancelled. Nothing was kept.',
  'vcf/import-in-progress': 'This file is already being imported for this patient. Wait for it to finish.',
  'vcf/import-not-found': 'That import could not be found.',
  'vcf/worker-failed': 'The import stopped unexpectedly. Nothing was kept; try again.',
  'vcf/invalid-region': 'Enter the region as chromosome:start-end, for example chr21:25000000-26000000.',
  'vcf/unknown-gene': 'That gene symbol is not in GenoDesk’s gene table. Check the spelling (HGNC symbol).',
};
