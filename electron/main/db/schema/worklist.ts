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

// The worklist's snapshot of each patient's medication alerts (issue 17): the medication review runs the PGx
// caller, far too slow to repeat for 10,000 patients on every worklist query, so the review's alerts for current
// medicines (avoid / adjust / monitor / no-result) are kept here, replaced whole whenever the patient's medicines
// change or a review is computed. Derived local state, never audited or synced.
export const worklistMedicationAlerts = sqliteTable(
  'worklist_medication_alerts',
  {
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    /** Position in the review (most urgent first). */
    position: integer('position').notNull(),
    drug: text('drug').notNull(),
    medicationId: text('medication_id'),
    /** avoid | adjust | monitor | no-result */
    action: text('action').notNull(),
    /** The phenotype(s) used for the lookup, as "CYP2D6: Poor Metabolizer", or why there is no result. */
    phenotype: text('phenotype').notNull(),
    reviewedAt: text('reviewed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.position] })],
);
