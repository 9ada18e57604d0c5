// Error codes of medicines and the medication review (issue 16).
export const MEDICINES_ERROR_CODES = [
  // A medication id that is not this patient's.
  'medicines/not-found',
  // A start date that is not a real date, or lies in the future.
  'medicines/bad-date',
  // Stopping a medicine that is already stopped.
  'medicines/already-stopped',
  // A medicine added with a catalogue name and the SNOMED CT code of another catalogue drug.
  'medicines/code-mismatch',
  // The bundled phenoconversion rules or drug codes (resources/medicines) are missing or malformed.
  'medicines/data-invalid',
] as const;
