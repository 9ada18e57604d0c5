// Sync: open conflicts and changes not yet accepted by the central FHIR server, attributed to the patient
// they concern. Outbox rows name their entity, not the patient: patients are their own entity; PGx reports,
// issued diagnostic reports, lab classifications and medicines are traced to the patient through their own
// tables, and a family (or one relative's conflict, entity id "<family id>/<patient id>") to its proband.
import type { WorklistProvider } from './providers.ts';
import { plural } from './providers.ts';

/** Rows waiting in the outbox ('pending', or held back behind a conflict), one per patient they concern. */
const UNSYNCED = `
  WITH held AS MATERIALIZED (
    SELECT entity_type, entity_id, entity_version FROM sync_outbox WHERE status IN ('pending', 'conflict')
  )
  SELECT entity_id AS patient_id FROM held WHERE entity_type = 'patient'
  UNION ALL
  SELECT r.patient_id FROM held o JOIN pgx_results r ON r.id = o.entity_id WHERE o.entity_type = 'pgx-report'
  UNION ALL
  SELECT r.patient_id FROM held o JOIN diagnosis_reports r ON r.id = o.entity_id WHERE o.entity_type = 'diagnostic-report'
  UNION ALL
  SELECT c.patient_id FROM held o JOIN diagnosis_classifications c ON c.variant_id = o.entity_id AND c.version = o.entity_version
    WHERE o.entity_type = 'classification' AND c.patient_id IS NOT NULL
  UNION ALL
  SELECT m.patient_id FROM held o JOIN medications m ON m.id = o.entity_id WHERE o.entity_type = 'medication'
  UNION ALL
  SELECT f.proband_id FROM held o JOIN families f ON f.id = o.entity_id WHERE o.entity_type = 'family'`;

/** Open conflicts of every kind, one row per conflict, with the patient each belongs to. */
const OPEN_CONFLICTS = `
  SELECT c.entity_id AS patient_id FROM sync_conflicts c WHERE c.status = 'open' AND c.entity_type = 'patient'
  UNION ALL
  SELECT m.patient_id FROM sync_conflicts c JOIN medications m ON m.id = c.entity_id WHERE c.status = 'open' AND c.entity_type = 'medication'
  UNION ALL
  SELECT f.proband_id FROM sync_conflicts c JOIN families f ON f.id = substr(c.entity_id, 1, instr(c.entity_id, '/') - 1)
    WHERE c.status = 'open' AND c.entity_type = 'family-member'`;

const KIND_TEXT: Record<string, string> = {
  patient: 'Patient details',
  'pgx-report': 'Pharmacogenomics report',
  'diagnostic-report': 'Diagnostic report',
  classification: 'Lab classification',
  medication: 'Medicines',
  family: 'Family',
};

export const syncProvider: WorklistProvider = {
  domain: 'sync',
  needs: [
    {
      kind: 'sync-conflicts',
      title: 'Sync conflicts',
      tab: 'details',
      label: (n) => plural(n, 'sync conflict', 'sync conflicts'),
      sql: `SELECT patient_id, count(*) AS n FROM (${OPEN_CONFLICTS}) GROUP BY patient_id`,
    },
    {
      kind: 'not-synced',
      title: 'Changes not yet synced',
      tab: 'details',
      label: (n) => plural(n, 'change not yet synced', 'changes not yet synced'),
      sql: `SELECT patient_id, count(*) AS n FROM (${UNSYNCED}) GROUP BY patient_id`,
    },
  ],
  sections: [
    {
      key: 'sync',
      title: 'Not yet synced',
      tab: 'details',
      empty: 'Everything recorded for this patient has been accepted by the central service (or no server is set up).',
      items: (sqlite, patientId) => {
        const conflicts = (
          sqlite.prepare(`SELECT count(*) FROM (${OPEN_CONFLICTS}) WHERE patient_id = ?`).pluck().get(patientId) as number
        );
        const waiting = sqlite
          .prepare(
            `SELECT kind, count(*) AS n FROM (
               SELECT 'patient' AS kind, o.entity_id AS patient_id FROM sync_outbox o WHERE o.status IN ('pending', 'conflict') AND o.entity_type = 'patient' AND o.entity_id = @p
               UNION ALL SELECT 'pgx-report', r.patient_id FROM sync_outbox o JOIN pgx_results r ON r.id = o.entity_id
                 WHERE o.status IN ('pending', 'conflict') AND o.entity_type = 'pgx-report' AND r.patient_id = @p
               UNION ALL SELECT 'diagnostic-report', r.patient_id FROM sync_outbox o JOIN diagnosis_reports r ON r.id = o.entity_id
                 WHERE o.status IN ('pending', 'conflict') AND o.entity_type = 'diagnostic-report' AND r.patient_id = @p
               UNION ALL SELECT 'classification', c.patient_id FROM sync_outbox o JOIN diagnosis_classifications c ON c.variant_id = o.entity_id AND c.version = o.entity_version
                 WHERE o.status IN ('pending', 'conflict') AND o.entity_type = 'classification' AND c.patient_id = @p
               UNION ALL SELECT 'medication', m.patient_id FROM sync_outbox o JOIN medications m ON m.id = o.entity_id
                 WHERE o.status IN ('pending', 'conflict') AND o.entity_type = 'medication' AND m.patient_id = @p
               UNION ALL SELECT 'family', f.proband_id FROM sync_outbox o JOIN families f ON f.id = o.entity_id
                 WHERE o.status IN ('pending', 'conflict') AND o.entity_type = 'family' AND f.proband_id = @p
             ) GROUP BY kind ORDER BY kind`,
          )
          .all({ p: patientId }) as { kind: string; n: number }[];
        const items = waiting.map((w) => ({ text: `${KIND_TEXT[w.kind] ?? w.kind}: ${plural(w.n, 'change waiting', 'changes waiting')}`, action: false }));
        if (conflicts > 0) items.unshift({ text: plural(conflicts, 'conflict to resolve', 'conflicts to resolve'), action: true });
        return items;
      },
    },
  ],
};
