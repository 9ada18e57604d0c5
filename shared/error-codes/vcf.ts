// Error codes of the VCF import (issue 4).
export const VCF_ERROR_CODES = [
  'vcf/file-not-found',
  'vcf/unsupported-format',
  'vcf/bad-header',
  'vcf/line-malformed',
  'vcf/corrupt-compression',
  'vcf/read-failed',
  'vcf/unsupported-build',
  'vcf/sample-required',
  'vcf/sample-not-found',
  'vcf/empty',
  'vcf/cancelled',
  'vcf/import-in-progress',
  'vcf/import-not-found',
  'vcf/worker-failed',
  'vcf/invalid-region',
  'vcf/unknown-gene',
] as const;
