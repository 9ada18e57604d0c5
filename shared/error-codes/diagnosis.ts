// Error codes of the diagnosis workspace (issue 8).
export const DIAGNOSIS_ERROR_CODES = [
  'diagnosis/unknown-panel',
  'diagnosis/unknown-panel-version',
  'diagnosis/conflicting-criteria',
  'diagnosis/invalid-criterion',
  'diagnosis/consent-required',
] as const;
