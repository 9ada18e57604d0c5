// Imports: a case leaves "awaiting import" once a VCF import for the patient has completed.
import type { WorklistProvider } from './providers.ts';
import { plural } from './providers.ts';

export const importsProvider: WorklistProvider = {
  domain: 'imports',
  // Uses imports_patient_idx (patient_id, status): a covering index scan, not the variant tables.
  stages: [{ stage: 'awaiting-interpretation', sql: "SELECT DISTINCT patient_id FROM imports WHERE status = 'complete'" }],
  sections: [
    {
      key: 'sequencing',
      title: 'Sequencing',
      tab: 'sequencing',
      empty: 'No sequencing file imported yet.',
      items: (sqlite, patientId) => {
        const rows = sqlite
          .prepare("SELECT file_name, build, sample, variants, imported_at FROM imports WHERE patient_id = ? AND status = 'complete' ORDER BY imported_at DESC")
          .all(patientId) as { file_name: string; build: string; sample: string; variants: number; imported_at: string }[];
        return rows.map((r) => ({
          text: `${r.file_name} (${r.build})`,
          detail: `${plural(r.variants, 'variant', 'variants')}${r.sample ? `, sample ${r.sample}` : ''}, imported ${r.imported_at.slice(0, 10)}`,
          action: false,
        }));
      },
    },
  ],
};
