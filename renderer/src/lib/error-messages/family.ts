// What to tell a person for each family error code: the Record type makes a missing code a typecheck failure.
import type { FAMILY_ERROR_CODES } from '../../../../shared/error-codes/family.ts';

export const familyMessages: Record<(typeof FAMILY_ERROR_CODES)[number], string> = {
  'family/ped-malformed': 'The PED file is not in the expected six-column format. Correct the line named and import it again.',
  'family/ped-unknown-sample': 'A person in the PED file is not a registered patient. Register them, or map the sample to a patient, and import again.',
  'family/ped-loop': 'The PED file makes someone their own ancestor. Correct the parents named and import again.',
  'family/sex-contradicts-role': 'A father is recorded as female or a mother as male. Correct the sex or the parent and try again.',
  'family/ped-several-families': 'The PED file holds more than one family. Import one family at a time.',
  'family/duplicate-member': 'The same person appears twice in this family. Remove the repeat and try again.',
  'family/sample-missing-from-vcf': 'A family member has no genotypes in this VCF. Choose the right sample or file.',
  'family/invalid': 'This family cannot be saved as entered. Check the people and their relations.',
  'family/not-found': 'No family is recorded for this patient yet.',
  'family/stale-version': 'Someone else changed this family since you opened it. Reload it and make your change again.',
};
