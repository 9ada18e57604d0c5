// Writes the sync engine makes to the local register: patients pulled from the server and conflict
// resolutions. Same columns and folding as the patients service; no outbox row is written here, because a
// change that came FROM the server must not be sent back to it (a resolution adds its own outbox row).
import type { Patient, Sex } from '../../../../shared/schemas/patient.ts';
import type { SyncedPatient } from '../../../../shared/schemas/sync.ts';
import { foldForSearch } from '../../../../shared/text-fold.ts';
import type { SqliteDatabase } from '../../db/connection.ts';

interface PatientRow {
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

export function createLocalPatients(sqlite: SqliteDatabase) {
  const byId = sqlite.prepare('SELECT id, nhs_number, family_name, given_name, birth_date, sex, version, created_at, updated_at FROM patients WHERE id = ?');
  const idByNhs = sqlite.prepare('SELECT id FROM patients WHERE nhs_number = ?');
  const insert = sqlite.prepare(
    `INSERT INTO patients (id, nhs_number, family_name, given_name, family_fold, given_fold, birth_date, sex, version, created_at, updated_at)
     VALUES (@id, @nhsNumber, @familyName, @givenName, @familyFold, @givenFold, @birthDate, @sex, 1, @at, @at)`,
  );
  const update = sqlite.prepare(
    `UPDATE patients SET nhs_number = @nhsNumber, family_name = @familyName, given_name = @givenName, family_fold = @familyFold,
       given_fold = @givenFold, birth_date = @birthDate, sex = @sex, version = version + 1, updated_at = @at
     WHERE id = @id AND version = @version`,
  );
  const folds = (f: SyncedPatient) => ({ ...f, familyFold: foldForSearch(f.familyName), givenFold: foldForSearch(f.givenName) });

  return {
    get(id: string): Patient | undefined {
      const r = byId.get(id) as PatientRow | undefined;
      if (!r) return undefined;
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
    },
    idWithNhsNumber(nhsNumber: string): string | undefined {
      return (idByNhs.get(nhsNumber) as { id: string } | undefined)?.id;
    },
    insert(id: string, fields: SyncedPatient, at: string): void {
      insert.run({ id, ...folds(fields), at });
    },
    /** Applies fields on top of `version`; returns the new version. Throws if someone wrote in between. */
    update(id: string, version: number, fields: SyncedPatient, at: string): number {
      const changed = update.run({ id, version, ...folds(fields), at }).changes;
      if (changed !== 1) throw new Error(`patient ${id} changed during sync (expected version ${version})`);
      return version + 1;
    },
  };
}

export type LocalPatients = ReturnType<typeof createLocalPatients>;
