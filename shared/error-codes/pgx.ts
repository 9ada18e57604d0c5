// Error codes of pharmacogenomics (issue 5).
export const PGX_ERROR_CODES = [
  'pgx/unsupported-build',
  'pgx/unknown-gene',
  'pgx/unknown-allele',
  'pgx/no-pgx-positions',
  'pgx/outside-call-malformed',
  'pgx/no-import',
  // The reference bundle (resources/pgx) is absent, incomplete or fails its manifest checksum.
  'pgx/data-missing',
  'pgx/data-corrupt',
  // Research-mode combination search would enumerate more strand permutations than is safe.
  'pgx/too-many-combinations',
] as const;
