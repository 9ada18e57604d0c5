// Which of a patient's current medicines are on the central server, as MedicationStatement references by
// drug name: the PGx report's medication-recommendation Tasks point at them (Task.focus). A medicine not
// yet confirmed by the server is simply not referenced (the report never waits for it).
import type { SqliteDatabase } from '../../db/connection.ts';
import { MEDICATION } from './medication-sync-state.ts';

export function currentMedicationStatements(sqlite: SqliteDatabase, patientId: string): Map<string, string> {
  const rows = sqlite
    .prepare(
      `SELECT lower(coalesce(m.drug_key, m.drug)) AS drug, r.server_id AS serverId FROM medications m
       JOIN sync_remote r ON r.entity_type = ? AND r.entity_id = m.id AND r.resource_type = 'MedicationStatement' AND r.server_id IS NOT NULL
       WHERE m.patient_id = ? AND m.status = 'active' ORDER BY m.created_at`,
    )
    .all(MEDICATION, patientId) as { drug: string; serverId: string }[];
  return new Map(rows.map((r) => [r.drug, `MedicationStatement/${r.serverId}`]));
}
