// Error codes of medicines and the medication review (issue 16).
export const MEDICINES_ERROR_CODES = [
  // A medication id that is not this patient's.
  'medicines/not-found',
  // A start date that is not a real date, or lies in the future.
  'medicines/bad-date',
  // Stopping a medicine that is already stopped.
  'medicines/already-stopped',
  // The bundled phenoconversion rules (resources/medicines) are missing or malformed.
  'medicines/data-invalid',
] as const;
