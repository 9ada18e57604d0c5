// Error codes of families: pedigrees, PED files and trio analysis (issue 14).
export const FAMILY_ERROR_CODES = [
  // A PED line that is not six whitespace-separated columns, or a column with a value PED does not allow.
  'family/ped-malformed',
  // A PED sample that matches no registered patient (by imported sample name, NHS number or --map).
  'family/ped-unknown-sample',
  // A person listed as their own parent, or a chain of parents that comes back to the same person.
  'family/ped-loop',
  // A father recorded as female or a mother as male.
  'family/sex-contradicts-role',
  // More than one family id in one PED file (import one family at a time).
  'family/ped-several-families',
  // The same person twice in one PED file or family.
  'family/duplicate-member',
  // The proband (or a parent) named for analysis has no genotype column in the VCF.
  'family/sample-missing-from-vcf',
  // A family change that cannot be saved as asked (proband also named as a parent, …).
  'family/invalid',
  // No family is recorded for this patient.
  'family/not-found',
  // Someone changed the family since it was opened.
  'family/stale-version',
] as const;
