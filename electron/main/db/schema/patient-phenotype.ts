import { sqliteTable, text, integer, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { patients } from './patients.ts';

// A patient's phenotype (issue 13): one header row per patient carrying the version an edit must be based on,
// and one row per HPO term ever recorded. A removed term keeps its row with removed_at set, so sync can tell
// the central server that an earlier Observation was entered in error. Written only through the mutator
// (services/phenotype/patient-phenotype/), with its audit and outbox rows.
export const patientPhenotypes = sqliteTable('patient_phenotypes', {
  patientId: text('patient_id')
    .primaryKey()
    .references(() => patients.id),
  version: integer('version').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

export const patientPhenotypeTerms = sqliteTable(
  'patient_phenotype_terms',
  {
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    /** HP:0001250 as recorded (never rewritten when HPO obsoletes it: the replacement is shown beside it). */
    termId: text('term_id').notNull(),
    label: text('label').notNull(),
    /** 1 = looked for and absent. */
    excluded: integer('excluded').notNull(),
    /** `2026-02-16`; null for terms carried over from referrals made before releases were tracked. */
    hpoRelease: text('hpo_release'),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
    removedAt: text('removed_at'),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.termId] }), index('patient_phenotype_terms_patient_idx').on(t.patientId, t.removedAt)],
);
