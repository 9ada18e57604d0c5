// Error codes of annotation packs and the annotator (issue 7).
export const ANNOTATE_ERROR_CODES = [
  'packs/file-not-found',
  'packs/corrupt',
  'packs/build-mismatch',
  'packs/unsupported-kind',
  'packs/not-found',
  'annotate/reference-mismatch',
  'annotate/no-packs',
  'annotate/build-mismatch',
  'annotate/cancelled',
] as const;
