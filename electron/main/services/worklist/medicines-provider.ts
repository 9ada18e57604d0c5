// Medicines: medication alerts (avoid / adjust / monitor / no result yet, for current medicines) from the snapshot
// of each patient's latest medication review (worklist_medication_alerts, see medication-alerts-snapshot.ts).
import type { WorklistProvider } from './providers.ts';
import { plural } from './providers.ts';

const ACTION_TEXT: Record<string, string> = {
  avoid: 'Avoid',
  adjust: 'Adjust the dose',
  monitor: 'Monitor',
  'no-result': 'No pharmacogenomic result yet',
};

export const medicinesProvider: WorklistProvider = {
  domain: 'medicines',
  requires: ['worklist_medication_alerts'],
  needs: [
    {
      kind: 'medication-alerts',
      title: 'Medication alerts',
      tab: 'medicines',
      label: (n) => plural(n, 'medication alert', 'medication alerts'),
      sql: 'SELECT patient_id, count(*) AS n FROM worklist_medication_alerts GROUP BY patient_id',
    },
  ],
  sections: [
    {
      key: 'medication-alerts',
      title: 'Medication alerts',
      tab: 'medicines',
      empty: 'No medication alerts: no current medicine needs avoiding, a dose change or monitoring.',
      items: (sqlite, patientId) =>
        (
          sqlite
            .prepare('SELECT drug, action, phenotype, reviewed_at FROM worklist_medication_alerts WHERE patient_id = ? ORDER BY position')
            .all(patientId) as { drug: string; action: string; phenotype: string; reviewed_at: string }[]
        ).map((a) => ({
          text: `${a.drug}: ${ACTION_TEXT[a.action] ?? a.action}`,
          ...(a.phenotype ? { detail: `Phenotype used: ${a.phenotype}` } : {}),
          action: true,
        })),
    },
  ],
};
