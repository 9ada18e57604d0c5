import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { patients } from './patients.ts';

// A patient's medicines, current and stopped. A stopped medicine is kept (with its stop date) because a
// review must be reproducible and phenoconversion is undone, not forgotten, when an inhibitor stops.
export const medications = sqliteTable(
  'medications',
  {
    id: text('id').primaryKey(),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    /** The name as shown: the catalogue's name when recognised, else the text as entered. */
    drug: text('drug').notNull(),
    /** Catalogue key (lower-case generic name) when recognised; null for free text ("not checked"). */
    drugKey: text('drug_key'),
    /** A code given by the user or the central server (system|code), or the catalogue's when it has one. */
    code: text('code'),
    /** Active ingredients (JSON array of catalogue keys), for combination products. */
    ingredients: text('ingredients').notNull(),
    dose: text('dose'),
    started: text('started'),
    stopped: text('stopped'),
    status: text('status').notNull(),
    /** 'local' when entered here, 'fhir' when pulled from the central server. */
    origin: text('origin').notNull(),
    /** Resource id on the central server once pushed or when pulled. */
    fhirId: text('fhir_id'),
    version: integer('version').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('medications_patient_idx').on(t.patientId, t.status), uniqueIndex('medications_fhir_id_uq').on(t.fhirId)],
);
