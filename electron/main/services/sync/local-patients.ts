// Writes the sync engine makes to the local register: patients pulled from the server and conflict
// resolutions. Same columns and folding as the patients service; no outbox row is written here, because a
// change that came FROM the server must not be sent back to it (a resolution adds its own outbox row).
import type { Patient } from '../../../../shared/schemas/patient.ts';
import type { SyncedPatient } from '../../../../shared/schemas/sync.ts';
import { foldForSearch } from '../../../../shared/text-fold.ts';
import type { SqliteDatabase } from '../../db/connection.ts';
import { INSERT_PATIENT_SQL, PATIENT_COLUMNS, toPatient, UPDATE_PATIENT_SQL } from '../patients/patient-row.ts';
import type { PatientRow } from '../patients/patient-row.ts';

export function createLocalPatients(sqlite: SqliteDatabase) {
  const byId = sqlite.prepare(`SELECT ${PATIENT_COLUMNS} FROM patients WHERE id = ?`);
  const idByNhs = sqlite.prepare('SELECT id FROM patients WHERE nhs_number = ?');
  const insert = sqlite.prepare(INSERT_PATIENT_SQL);
  const update = sqlite.prepare(UPDATE_PATIENT_SQL);
  const folds = (f: SyncedPatient) => ({ ...f, familyFold: foldForSearch(f.familyName), givenFold: foldForSearch(f.givenName) });

  return {
    get(id: string): Patient | undefined {
      const r = byId.get(id) as PatientRow | undefined;
      return r ? toPatient(r) : undefined;
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
