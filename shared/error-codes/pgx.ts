// Error codes of pharmacogenomics (issue 5).
export const PGX_ERROR_CODES = [
  'pgx/unsupported-build',
  'pgx/unknown-gene',
  'pgx/unknown-allele',
  'pgx/no-pgx-positions',
  'pgx/outside-call-malformed',
  'pgx/no-import',
] as const;
