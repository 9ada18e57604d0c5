// What to tell a person for each pgx error code: the Record type makes a missing code a typecheck failure.
import type { PGX_ERROR_CODES } from '../../../../shared/error-codes/pgx.ts';

export const pgxMessages: Record<(typeof PGX_ERROR_CODES)[number], string> = {
  'pgx/unsupported-build': 'Pharmacogenomic calling needs a GRCh38 file. This file is on another build.',
  'pgx/unknown-gene': 'That gene is not one GenoDesk can call.',
  'pgx/unknown-allele': 'That allele name is not known for this gene.',
  'pgx/no-pgx-positions': 'The file covers none of the pharmacogenomic positions, so no call can be made.',
  'pgx/outside-call-malformed': 'The outside-call file is not in the expected format. The details say which line.',
  'pgx/no-import': 'This patient has no imported sequencing file to call from.',
  'pgx/data-missing': 'The pharmacogenomics reference data is missing. Reinstall GenoDesk.',
  'pgx/data-corrupt': 'The pharmacogenomics reference data is damaged. Reinstall GenoDesk.',
  'pgx/too-many-combinations': 'Too many possible allele arrangements to search for combinations. Turn off combination search or use phased data.',
  'pgx/no-genotypes': 'The chosen sequencing file has no genotypes (it lists sites only). Import the patient’s own sample file.',
  'pgx/report-path-invalid': 'Give a file name ending in .pdf, in a folder that exists.',
  'pgx/report-not-written': 'The report could not be written there. Choose another folder you can write to.',
  'pgx/result-not-found': 'That saved pharmacogenomics result no longer exists. Refresh the page.',
};
