// Error codes of FHIR sync (issue 6). Each one names what went wrong between GenoDesk and the central
// FHIR server precisely enough for the header, the CLI and the log to say what to do next.
export const SYNC_ERROR_CODES = [
  'sync/offline',
  'sync/connection-lost',
  'sync/conflict',
  'sync/conflict-not-found',
  'sync/conflict-already-resolved',
  'sync/invalid-choice',
  'sync/server-error',
  'sync/rate-limited',
  'sync/timeout',
  'sync/bad-response',
  'sync/not-configured',
  'sync/report-unavailable',
  // A patient's stored phenotype could not be read for sending (kept pending).
  'sync/phenotype-unavailable',
  'sync/classification-unavailable',
  'sync/unsupported-entity',
  'sync/remote-invalid',
  'fhir/unauthorized',
  'fhir/invalid-resource',
  'fhir/operation-outcome',
  'fhir/not-found',
] as const;
