// Error codes of the diagnosis workspace (issue 8).
export const DIAGNOSIS_ERROR_CODES = [
  'diagnosis/unknown-panel',
  'diagnosis/unknown-panel-version',
  'diagnosis/conflicting-criteria',
  'diagnosis/invalid-criterion',
  'diagnosis/consent-required',
  // A PanelApp export (API JSON or flat TSV) that does not have the shape PanelApp publishes.
  'diagnosis/panel-malformed',
  // A shipped or installed panel pack whose file is missing or whose checksum differs from its manifest.
  'diagnosis/panel-pack-corrupt',
  // The ACMG secondary-findings list file is not the expected gene/category/note table.
  'diagnosis/sf-list-malformed',
  // Report content that cannot be issued (no patient, a variant without a classification…).
  'diagnosis/report-invalid',
  // FHIR resources built from a report that fail validation against FHIR R4 or the Genomics Reporting IG checks.
  'diagnosis/fhir-invalid',
  // The same panel id and version installed again with different genes: PanelApp versions never change.
  'diagnosis/panel-version-conflict',
  // Candidates asked for before a referral names a panel (and none given with the request).
  'diagnosis/referral-required',
  // The patient has no complete VCF import to analyse.
  'diagnosis/no-import',
  // A classification without what a saved one needs (a comment saying why).
  'diagnosis/classification-incomplete',
  // Someone saved a newer classification of this variant since the one the user was looking at.
  'diagnosis/classification-stale',
  // Someone saved the referral since the form was opened.
  'diagnosis/referral-stale',
  // A report id that does not exist (or belongs to another patient).
  'diagnosis/report-not-found',
] as const;
