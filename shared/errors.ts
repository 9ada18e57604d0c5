// One error type crosses every boundary (IPC, CLI, worker threads): a code a program can switch on,
// a sentence a person can act on, and details (file, line, field…) that make it specific.
// Codes live per domain in shared/error-codes/; each feature owns its own file.
import { CLI_ERROR_CODES, DB_ERROR_CODES, IPC_ERROR_CODES, PATIENT_ERROR_CODES } from './error-codes/core.ts';
import { VCF_ERROR_CODES } from './error-codes/vcf.ts';
import { PGX_ERROR_CODES } from './error-codes/pgx.ts';
import { SYNC_ERROR_CODES } from './error-codes/sync.ts';
import { ANNOTATE_ERROR_CODES } from './error-codes/annotate.ts';
import { DIAGNOSIS_ERROR_CODES } from './error-codes/diagnosis.ts';
import { FAMILY_ERROR_CODES } from './error-codes/family.ts';
import { PHENOTYPE_ERROR_CODES } from './error-codes/phenotype.ts';

export const APP_ERROR_CODES = [
  ...DB_ERROR_CODES,
  ...IPC_ERROR_CODES,
  ...PATIENT_ERROR_CODES,
  ...CLI_ERROR_CODES,
  ...VCF_ERROR_CODES,
  ...PGX_ERROR_CODES,
  ...SYNC_ERROR_CODES,
  ...ANNOTATE_ERROR_CODES,
  ...DIAGNOSIS_ERROR_CODES,
  ...FAMILY_ERROR_CODES,
  ...PHENOTYPE_ERROR_CODES,
] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export type ErrorDetails = Record<string, unknown>;

/** What crosses IPC, the CLI's stdout and worker boundaries: never a stack. */
export interface SerializedError {
  code: AppErrorCode;
  message: string;
  details: ErrorDetails;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details: ErrorDetails;

  constructor(code: AppErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message, details: this.details };
  }
}

const KNOWN_CODES: ReadonlySet<string> = new Set(APP_ERROR_CODES);

export function isAppErrorCode(value: unknown): value is AppErrorCode {
  return typeof value === 'string' && KNOWN_CODES.has(value);
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Rebuild an AppError on the far side of a thread or process boundary. */
export function fromSerialized(e: { code: string; message: string; details?: ErrorDetails }): AppError {
  const code = isAppErrorCode(e.code) ? e.code : 'ipc/internal';
  return new AppError(code, e.message, e.details ?? {});
}

/** Anything thrown becomes a SerializedError; unexpected errors keep no stack or internals. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof AppError) return err.toJSON();
  return {
    code: 'ipc/internal',
    message: 'An unexpected error occurred. The change was not saved; details are in the application log.',
    details: {},
  };
}
