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
  // The chosen import has no genotypes (a sites-only file): nothing to call from.
  'pgx/no-genotypes',
  // A report path that is not a .pdf file in an existing folder, or that could not be written.
  'pgx/report-path-invalid',
  'pgx/report-not-written',
  // A saved result or report id that does not exist.
  'pgx/result-not-found',
] as const;
