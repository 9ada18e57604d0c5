// Error codes of annotation packs and the annotator (issue 7).
export const ANNOTATE_ERROR_CODES = [
  'packs/file-not-found',
  'packs/corrupt',
  'packs/build-mismatch',
  'packs/unsupported-kind',
  'packs/not-found',
  // No build could be read from the files (no ##reference, contig lengths or #!genome-build): say which.
  'packs/build-unknown',
  'packs/cancelled',
  // The same pack id is being installed by another request right now.
  'packs/install-in-progress',
  // The disk filled up while a pack's index was written; the previous pack is still in use.
  'packs/disk-full',
  // The install's indexing thread stopped unexpectedly (e.g. it reached its memory cap); nothing was switched in.
  'packs/worker-failed',
  'annotate/reference-mismatch',
  'annotate/no-packs',
  'annotate/build-mismatch',
  'annotate/cancelled',
  // The same import is being annotated by another request right now.
  'annotate/in-progress',
  'annotate/variant-not-found',
  // An earlier (superseded) annotation run was asked for by an id this import does not have.
  'annotate/run-not-found',
  // Only a run a newer one replaced can be deleted; the current one is what every reader uses.
  'annotate/run-is-current',
  // The annotation run was saved, then writing its variants out failed (CLI `annotate --patient`).
  'annotate/print-failed',
  // The annotation thread stopped (e.g. it reached its memory cap); the run was not saved, the previous one stays.
  'annotate/worker-failed',
  // The variant browser's population-frequency filter needs an installed gnomAD frequency pack for the build.
  'annotate/no-frequency-pack',
  // More variants pass the other filters than the population-frequency filter looks up in one request.
  'annotate/frequency-filter-too-broad',
] as const;
