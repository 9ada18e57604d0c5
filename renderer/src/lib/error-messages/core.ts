// What to tell a person for each core error code: the Record type makes a missing code a typecheck failure.
import type { DB_ERROR_CODES, IPC_ERROR_CODES, PATIENT_ERROR_CODES, CLI_ERROR_CODES } from '../../../../shared/error-codes/core.ts';

export const coreMessages: Record<(typeof DB_ERROR_CODES)[number] | (typeof IPC_ERROR_CODES)[number] | (typeof PATIENT_ERROR_CODES)[number] | (typeof CLI_ERROR_CODES)[number], string> = {
  'db/key-invalid': 'The local store could not be unlocked. The key is wrong or the file is damaged; contact your local IT support.',
  'db/key-required': 'The local store is locked and needs its key.',
  'db/newer-than-app': 'This data was saved by a newer version of GenoDesk. Install the newer version to open it.',
  'db/migration-failed': 'The local store could not be upgraded. Nothing was changed; contact your local IT support.',
  'db/busy': 'The local store is busy. Try again in a moment.',
  'ipc/unknown-channel': 'GenoDesk received a request it does not know. Restart GenoDesk.',
  'ipc/invalid-input': 'GenoDesk could not read that request. Check what you entered and try again.',
  'ipc/invalid-output': 'GenoDesk produced an unexpected answer. Nothing was changed.',
  'ipc/untrusted-sender': 'A request was refused because it did not come from GenoDesk.',
  'ipc/internal': 'Something went wrong. Nothing was saved; try again, and if it happens again contact support.',
  'patients/invalid-nhs-number': 'Check the NHS number: it must be 10 digits with a valid check digit.',
  'patients/duplicate-nhs-number': 'A patient with this NHS number is already registered. Search for them instead.',
  'patients/invalid-name': 'Check the name.',
  'patients/invalid-birth-date': 'Enter the date of birth as a real date, like 1985-03-27.',
  'patients/birth-date-in-future': 'The date of birth must be today or in the past.',
  'patients/invalid-sex': 'Choose female, male, other or unknown.',
  'patients/not-found': 'This patient could not be found. They may have been removed; search again.',
  'patients/stale-version': 'This patient was changed since you opened them. Reload to see the latest details, then make your change again.',
  'cli/usage': 'The command was not used correctly.',
  'cli/unknown-command': 'Unknown command.',
  'cli/unknown-option': 'Unknown option.',
  'cli/missing-argument': 'A required argument is missing.',
};
