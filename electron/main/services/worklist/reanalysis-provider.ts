// Reanalysis (genome-scale packs): a newer ClinVar or population release changed the evidence for a stored variant
// of the patient. A change needs a person until the case is looked at again: changes detected after the patient's
// latest candidate run (diagnosis_analyses) are counted; a later candidate run clears them.
import type { WorklistProvider } from './providers.ts';
import { plural } from './providers.ts';
import { CHANGE_CURRENT } from '../reanalysis/current-findings.ts';

// Panel findings a re-screen replaced (the import annotated after the comparison) are not counted twice.
const UNREVIEWED = `FROM reanalysis_changes c LEFT JOIN reanalysis_runs r ON r.id = c.run_id
  WHERE ${CHANGE_CURRENT('c', 'r')} AND c.detected_at > COALESCE((SELECT max(a.created_at) FROM diagnosis_analyses a WHERE a.patient_id = c.patient_id), '')`;

export const reanalysisProvider: WorklistProvider = {
  domain: 'reanalysis',
  requires: ['reanalysis_changes', 'reanalysis_runs', 'reanalysis_panel_genes'],
  needs: [
    {
      kind: 'reanalysis-changes',
      title: 'Reanalysis changes',
      tab: 'diagnosis',
      label: (n) => plural(n, 'change from reanalysis', 'changes from reanalysis'),
      sql: `SELECT c.patient_id, count(*) AS n ${UNREVIEWED} GROUP BY c.patient_id`,
    },
  ],
  sections: [
    {
      key: 'reanalysis',
      title: 'Reanalysis changes',
      tab: 'diagnosis',
      empty: 'No newer reference release has changed the evidence for this patient’s variants.',
      items: (sqlite, patientId) =>
        (
          sqlite
            .prepare(
              `SELECT c.kind, c.chrom, c.pos, c.ref, c.alt, c.detected_at,
                 c.detected_at > COALESCE((SELECT max(a.created_at) FROM diagnosis_analyses a WHERE a.patient_id = c.patient_id), '') AS unreviewed
               FROM reanalysis_changes c LEFT JOIN reanalysis_runs r ON r.id = c.run_id WHERE c.patient_id = ? AND ${CHANGE_CURRENT('c', 'r')} ORDER BY c.id DESC LIMIT 5`,
            )
            .all(patientId) as { kind: string; chrom: string; pos: number; ref: string; alt: string; detected_at: string; unreviewed: number }[]
        ).map((r) => ({
          text: `${r.chrom}:${r.pos} ${r.ref}>${r.alt}: ${r.kind}`,
          detail: `Detected ${r.detected_at.slice(0, 10)}${r.unreviewed ? ', after the latest candidate run' : ''}`,
          action: r.unreviewed === 1,
        })),
    },
  ],
};
