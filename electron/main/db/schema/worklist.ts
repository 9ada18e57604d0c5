import { sqliteTable, text, integer, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { patients } from './patients.ts';

// The worklist's snapshot of each patient's latest candidate run (issue 17). Candidates are ranked on demand
// from the stored variants, far too slow to repeat for 10,000 patients on every worklist query, so each run's
// tier 1–2 candidates are kept here (replaced whole by the next run). Derived data, never audited or synced:
// whether one is still unclassified is read from diagnosis_classifications at query time.
export const worklistCandidates = sqliteTable(
  'worklist_candidates',
  {
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    /** `GRCh38:chr1-226982996-C-T`, as diagnosis_classifications.variant_id. */
    variantId: text('variant_id').notNull(),
    analysisId: text('analysis_id').notNull(),
    rank: integer('rank').notNull(),
    tier: integer('tier').notNull(),
    gene: text('gene').notNull(),
    hgvs: text('hgvs'),
    rankedAt: text('ranked_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.variantId] }), index('worklist_candidates_variant_idx').on(t.variantId)],
);
