// Keeps, per patient, the medication alerts of the latest medication review (avoid / adjust / monitor /
// no-result for a current medicine), so the worklist can count them for every patient without running the PGx
// caller. Replaced whole on each record; the medicines service calls it inside the transaction of the medicine
// change (or right after computing a review). Derived local state: no audit entry, no outbox entry.
import type { MedicationReview, ReviewAction } from '../../../../shared/schemas/medicines.ts';
import type { SqliteDatabase } from '../../db/connection.ts';
import { inTransaction } from '../../db/transaction.ts';

/** The review actions that need a prescriber's attention, most urgent first. */
export const ALERT_ACTIONS: readonly ReviewAction[] = ['avoid', 'adjust', 'monitor', 'no-result'];

export function createMedicationAlertsSnapshot(sqlite: SqliteDatabase) {
  const clear = sqlite.prepare('DELETE FROM worklist_medication_alerts WHERE patient_id = ?');
  const insert = sqlite.prepare(
    `INSERT INTO worklist_medication_alerts (patient_id, position, drug, medication_id, action, phenotype, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    record(patientId: string, review: MedicationReview, at: string): void {
      const alerts = review.items
        .filter((i) => i.current && ALERT_ACTIONS.includes(i.action))
        .sort((a, b) => ALERT_ACTIONS.indexOf(a.action) - ALERT_ACTIONS.indexOf(b.action));
      inTransaction(sqlite, () => {
        clear.run(patientId);
        alerts.forEach((a, position) => insert.run(patientId, position, a.drug, a.medicationId, a.action, phenotypeUsed(a, review.pgxStatus), at));
      });
    },
  };
}

function phenotypeUsed(item: MedicationReview['items'][number], pgxStatus: string): string {
  const used = Object.entries(item.phenotypes).map(([gene, p]) => `${gene}: ${p}`);
  if (used.length > 0) return used.join('; ');
  if (item.action === 'no-result') return pgxStatus === 'result' ? (item.reason ?? 'No result for the genes this drug depends on') : 'No pharmacogenomic result yet';
  return item.reason ?? '';
}
