// Diagnosis: interpretation stages, tier 1–2 candidates without a lab classification, and consent to
// additional (secondary) findings. Candidates come from the snapshot of each patient's latest candidate run
// (worklist_candidates, see candidate-snapshot.ts); "unclassified" means no version of a lab classification
// exists for the variant (diagnosis_classifications, keyed by variant, not by patient).
import type { WorklistProvider } from './providers.ts';
import { plural } from './providers.ts';

const UNCLASSIFIED_TIER_1_2 = `FROM worklist_candidates w
  WHERE w.tier <= 2 AND NOT EXISTS (SELECT 1 FROM diagnosis_classifications c WHERE c.variant_id = w.variant_id)`;

export const diagnosisProvider: WorklistProvider = {
  domain: 'diagnosis',
  stages: [
    // An analysis (a candidate run) has been done: consent to additional findings is the next decision.
    { stage: 'awaiting-consent', sql: 'SELECT DISTINCT patient_id FROM diagnosis_analyses' },
    { stage: 'report-draft', sql: 'SELECT DISTINCT a.patient_id FROM diagnosis_analyses a WHERE EXISTS (SELECT 1 FROM diagnosis_consents c WHERE c.patient_id = a.patient_id)' },
    { stage: 'report-issued', sql: 'SELECT DISTINCT patient_id FROM diagnosis_reports' },
  ],
  needs: [
    {
      kind: 'unclassified-candidates',
      title: 'Unclassified tier 1–2 candidates',
      tab: 'diagnosis',
      label: (n) => plural(n, 'unclassified tier 1–2 candidate', 'unclassified tier 1–2 candidates'),
      sql: `SELECT w.patient_id, count(*) AS n ${UNCLASSIFIED_TIER_1_2} GROUP BY w.patient_id`,
    },
  ],
  sections: [
    {
      key: 'candidates',
      title: 'Top candidates',
      tab: 'diagnosis',
      empty: 'No candidate list yet: record the referral and list candidates on the Diagnosis tab.',
      items: (sqlite, patientId) => {
        const rows = sqlite
          .prepare(
            `SELECT w.variant_id, w.tier, w.gene, w.hgvs, w.ranked_at,
               (SELECT c.acmg_class FROM diagnosis_classifications c WHERE c.variant_id = w.variant_id ORDER BY c.version DESC LIMIT 1) AS acmg_class
             FROM worklist_candidates w WHERE w.patient_id = ? ORDER BY w.rank LIMIT 5`,
          )
          .all(patientId) as { variant_id: string; tier: number; gene: string; hgvs: string | null; ranked_at: string; acmg_class: string | null }[];
        return rows.map((r) => ({
          text: `Tier ${r.tier}: ${r.gene} ${r.hgvs ?? r.variant_id.split(':').slice(1).join(':')}`,
          detail: r.acmg_class ? `Classified by the lab: ${r.acmg_class}` : 'Not yet classified by the lab',
          action: r.acmg_class === null && r.tier <= 2,
        }));
      },
    },
    {
      key: 'consent',
      title: 'Additional (secondary) findings consent',
      tab: 'diagnosis',
      empty: 'No consent decision recorded.',
      items: (sqlite, patientId) => {
        const row = sqlite
          .prepare('SELECT additional_findings, recorded_at, recorded_by FROM diagnosis_consents WHERE patient_id = ? ORDER BY id DESC LIMIT 1')
          .get(patientId) as { additional_findings: number; recorded_at: string; recorded_by: string } | undefined;
        if (!row) return [];
        return [
          {
            text: row.additional_findings ? 'Consented to additional findings (ACMG SF v3.2)' : 'Declined additional findings',
            detail: `Recorded ${row.recorded_at.slice(0, 10)} by ${row.recorded_by}`,
            action: false,
          },
        ];
      },
    },
    {
      key: 'reports',
      title: 'Diagnostic reports',
      tab: 'diagnosis',
      empty: 'No diagnostic report issued.',
      items: (sqlite, patientId) =>
        (
          sqlite.prepare('SELECT outcome, issued_at, issued_by FROM diagnosis_reports WHERE patient_id = ? ORDER BY issued_at DESC').all(patientId) as {
            outcome: string;
            issued_at: string;
            issued_by: string;
          }[]
        ).map((r) => ({ text: `Issued ${r.issued_at.slice(0, 10)}: ${r.outcome}`, detail: `By ${r.issued_by}`, action: false })),
    },
  ],
};
