// Turns what a person typed into a clean patient record, or every field error at once (the NHS error
// summary pattern lists them all). Each error is a specific AppErrorCode the UI shows next to its field.
import { AppError } from '../../../../shared/errors.ts';
import type { AppErrorCode } from '../../../../shared/errors.ts';
import { normaliseNhsNumber, nhsNumberProblem } from '../../../../shared/nhs-number.ts';
import { SEXES } from '../../../../shared/sexes.ts';
import type { FieldError, PatientDraft, Sex } from '../../../../shared/schemas/patient.ts';

export interface CleanPatient {
  nhsNumber: string;
  familyName: string;
  givenName: string;
  birthDate: string;
  sex: Sex;
}

type FieldName = keyof CleanPatient;

function fieldError(field: FieldName, code: AppErrorCode, message: string): FieldError {
  return { field, code, message };
}

function cleanName(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ');
}

export function checkNhsNumber(input: string): FieldError | null {
  switch (nhsNumberProblem(input)) {
    case null:
      return null;
    case 'empty':
      return fieldError('nhsNumber', 'patients/invalid-nhs-number', 'Enter the NHS number');
    case 'not-ten-digits':
      return fieldError('nhsNumber', 'patients/invalid-nhs-number', 'NHS number must be 10 digits, like 943 476 5919');
    case 'check-digit':
      return fieldError('nhsNumber', 'patients/invalid-nhs-number', 'NHS number is not valid: check the digits (the last digit is a check digit)');
  }
}

function checkName(field: 'familyName' | 'givenName', value: string): FieldError | null {
  const label = field === 'familyName' ? 'family name' : 'given name';
  if (value.length === 0) return fieldError(field, 'patients/invalid-name', `Enter the patient's ${label}`);
  if (value.length > 100) return fieldError(field, 'patients/invalid-name', `The ${label} must be 100 characters or fewer`);
  if (/[\p{C}]/u.test(value)) return fieldError(field, 'patients/invalid-name', `The ${label} contains characters that cannot be stored`);
  return null;
}

/** ISO calendar date (YYYY-MM-DD) that really exists, not in the future, not before 1880. */
export function checkBirthDate(value: string, today: Date): FieldError | null {
  if (value.length === 0) return fieldError('birthDate', 'patients/invalid-birth-date', 'Enter the date of birth');
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return fieldError('birthDate', 'patients/invalid-birth-date', 'Date of birth must be a real date, like 1985-03-27');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return fieldError('birthDate', 'patients/invalid-birth-date', 'Date of birth must be a real date, like 1985-03-27');
  }
  if (y < 1880) return fieldError('birthDate', 'patients/invalid-birth-date', 'Date of birth must be after 1880');
  const todayIso = today.toISOString().slice(0, 10);
  if (value > todayIso) return fieldError('birthDate', 'patients/birth-date-in-future', 'Date of birth must be today or in the past');
  return null;
}

function checkSex(value: string): FieldError | null {
  return (SEXES as readonly string[]).includes(value)
    ? null
    : fieldError('sex', 'patients/invalid-sex', `Sex must be one of: ${SEXES.join(', ')}`);
}

export function throwIfFieldErrors(errors: FieldError[]): void {
  if (errors.length === 0) return;
  const first = errors[0];
  throw new AppError(first.code as AppErrorCode, first.message, { field: first.field, fieldErrors: errors });
}

/** Validates a whole draft (create) and returns the normalised record, or throws with every field error. */
export function cleanDraft(draft: PatientDraft, today: Date): CleanPatient {
  const clean: CleanPatient = {
    nhsNumber: normaliseNhsNumber(draft.nhsNumber),
    familyName: cleanName(draft.familyName),
    givenName: cleanName(draft.givenName),
    birthDate: draft.birthDate.trim(),
    sex: (draft.sex?.trim() || 'unknown') as Sex,
  };
  const errors = [
    checkNhsNumber(clean.nhsNumber),
    checkName('familyName', clean.familyName),
    checkName('givenName', clean.givenName),
    checkBirthDate(clean.birthDate, today),
    checkSex(clean.sex),
  ].filter((e): e is FieldError => e !== null);
  throwIfFieldErrors(errors);
  return clean;
}
