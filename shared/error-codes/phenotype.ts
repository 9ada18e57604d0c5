// Error codes of phenotype-driven diagnosis (issue 13): the HPO ontology, ranking, the patient's stored
// phenotype and GA4GH Phenopackets.
export const PHENOTYPE_ERROR_CODES = [
  // An HPO id that is malformed or not in the installed release (details.id names it).
  'phenotype/unknown-term',
  // The HPO bundle (resources/hpo or an installed HPO pack) is missing, incomplete or fails its checksum.
  'phenotype/data-missing',
  'phenotype/data-corrupt',
  // Ranking asked for with no observed term.
  'phenotype/no-terms',
  // A VCF to prioritise with no consequence source (no CSQ/ANN field and no installed pack for its build).
  'phenotype/no-consequences',
  // The same term both observed and excluded, or listed twice, in one phenotype.
  'phenotype/conflicting-terms',
  // Someone else changed this patient's phenotype since it was read (optimistic version check).
  'phenotype/stale',
  // A phenopacket file that is not JSON, not a GA4GH Phenopacket v2, or not readable.
  'phenotype/phenopacket-invalid',
  // A phenopacket with no phenotypicFeatures: it cannot fill a phenotype.
  'phenotype/phenopacket-no-features',
  // The chosen export path is not a .json file in an existing folder, or could not be written.
  'phenotype/export-path-invalid',
  // A ranking stopped by Cancel before it finished; nothing of it is shown.
  'phenotype/cancelled',
  // The phenotype worker thread stopped (out of its memory cap, or crashed); the next ranking starts a new one.
  'phenotype/worker-failed',
] as const;
