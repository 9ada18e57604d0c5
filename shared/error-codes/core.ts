// Error codes owned by the foundation: the store, the IPC boundary and the patient register.
export const DB_ERROR_CODES = [
  'db/key-invalid',
  'db/key-required',
  'db/newer-than-app',
  'db/migration-failed',
  'db/busy',
] as const;

export const IPC_ERROR_CODES = [
  'ipc/unknown-channel',
  'ipc/invalid-input',
  'ipc/invalid-output',
  'ipc/untrusted-sender',
  'ipc/internal',
] as const;

export const PATIENT_ERROR_CODES = [
  'patients/invalid-nhs-number',
  'patients/duplicate-nhs-number',
  'patients/invalid-name',
  'patients/invalid-birth-date',
  'patients/birth-date-in-future',
  'patients/invalid-sex',
  'patients/not-found',
  'patients/stale-version',
] as const;

export const CLI_ERROR_CODES = ['cli/usage', 'cli/unknown-command', 'cli/unknown-option', 'cli/missing-argument'] as const;
