// Error codes of FHIR sync (issue 6).
export const SYNC_ERROR_CODES = [
  'sync/offline',
  'sync/conflict',
  'sync/server-error',
  'sync/rate-limited',
  'sync/timeout',
  'sync/bad-response',
  'sync/not-configured',
  'fhir/unauthorized',
  'fhir/invalid-resource',
  'fhir/operation-outcome',
] as const;
