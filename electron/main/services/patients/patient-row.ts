// The patients table as SQLite returns it, and the statements that write it: one definition for the
// patients service and the sync engine's local writes, so both keep the same columns and search folds.
import type { Patient, Sex } from '../../../../shared/schemas/patient.ts';

export interface PatientRow {
  id: string;
  nhs_number: string;
  family_name: string;
  given_name: string;
  birth_date: string;
  sex: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export const PATIENT_COLUMNS = 'id, nhs_number, family_name, given_name, birth_date, sex, version, created_at, updated_at';

/** Named parameters: the patient fields with their folds, plus @id and @at (the change's ISO time). */
export const INSERT_PATIENT_SQL = `INSERT INTO patients (id, nhs_number, family_name, given_name, family_fold, given_fold, birth_date, sex, version, created_at, updated_at)
     VALUES (@id, @nhsNumber, @familyName, @givenName, @familyFold, @givenFold, @birthDate, @sex, 1, @at, @at)`;

/** As INSERT_PATIENT_SQL, plus @version: changes nothing when someone else wrote the row in between. */
export const UPDATE_PATIENT_SQL = `UPDATE patients SET nhs_number = @nhsNumber, family_name = @familyName, given_name = @givenName, family_fold = @familyFold,
       given_fold = @givenFold, birth_date = @birthDate, sex = @sex, version = version + 1, updated_at = @at
     WHERE id = @id AND version = @version`;

export function toPatient(r: PatientRow): Patient {
  return {
    id: r.id,
    nhsNumber: r.nhs_number,
    familyName: r.family_name,
    givenName: r.given_name,
    birthDate: r.birth_date,
    sex: r.sex as Sex,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
