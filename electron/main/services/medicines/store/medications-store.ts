// Rows of the medications table and their mapping to the shared Medication shape.
import type { SqliteDatabase } from '../../../db/connection.ts';
import type { Medication } from '../../../../../shared/schemas/medicines.ts';

export interface MedicationRow {
  id: string;
  patientId: string;
  drug: string;
  drugKey: string | null;
  code: string | null;
  ingredients: string;
  dose: string | null;
  started: string | null;
  stopped: string | null;
  status: 'active' | 'stopped';
  origin: 'local' | 'fhir';
  fhirId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, patient_id AS patientId, drug, drug_key AS drugKey, code, ingredients, dose, started, stopped, status, origin,
  fhir_id AS fhirId, version, created_at AS createdAt, updated_at AS updatedAt`;

export function toMedication(row: MedicationRow): Medication {
  return {
    id: row.id,
    patientId: row.patientId,
    drug: row.drug,
    code: row.code,
    ingredients: JSON.parse(row.ingredients) as string[],
    dose: row.dose,
    started: row.started,
    stopped: row.stopped,
    status: row.status,
    checked: row.drugKey !== null,
    origin: row.origin,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function medicationsStore(sqlite: SqliteDatabase) {
  const byId = sqlite.prepare(`SELECT ${COLUMNS} FROM medications WHERE id = ?`);
  const byFhirId = sqlite.prepare(`SELECT ${COLUMNS} FROM medications WHERE fhir_id = ?`);
  // Current first, then stopped; newest start first within each (undated last).
  const byPatient = sqlite.prepare(`SELECT ${COLUMNS} FROM medications WHERE patient_id = ? ORDER BY status = 'stopped', started IS NULL, started DESC, created_at DESC`);
  const insert = sqlite.prepare(`INSERT INTO medications (id, patient_id, drug, drug_key, code, ingredients, dose, started, stopped, status, origin, fhir_id, version, created_at, updated_at)
    VALUES (@id, @patientId, @drug, @drugKey, @code, @ingredients, @dose, @started, @stopped, @status, @origin, @fhirId, @version, @createdAt, @updatedAt)`);
  const update = sqlite.prepare(`UPDATE medications SET drug = @drug, drug_key = @drugKey, code = @code, ingredients = @ingredients, dose = @dose, started = @started,
    stopped = @stopped, status = @status, fhir_id = @fhirId, version = @version, updated_at = @updatedAt WHERE id = @id`);
  const setFhirId = sqlite.prepare('UPDATE medications SET fhir_id = ? WHERE id = ?');
  return {
    get: (id: string) => byId.get(id) as MedicationRow | undefined,
    getByFhirId: (fhirId: string) => byFhirId.get(fhirId) as MedicationRow | undefined,
    list: (patientId: string) => byPatient.all(patientId) as MedicationRow[],
    insert: (row: MedicationRow) => insert.run(row),
    update: (row: MedicationRow) => update.run(row),
    /** Sync bookkeeping (the server's id after a push): not a clinical change, so not audited. */
    setFhirId: (id: string, fhirId: string) => setFhirId.run(fhirId, id),
  };
}
