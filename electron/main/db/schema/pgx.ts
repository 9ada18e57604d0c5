import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { patients } from './patients.ts';
import { imports } from './imports.ts';

// One row per outside-call file (PharmCAT's outside-call TSV: a CYP2D6 call from a lab or Aldy/StellarPGx,
// HLA typing) imported for a patient. Files are never overwritten: a later file's call for a gene replaces
// an earlier one's in new results, and the earlier file stays as the record of what was known when.
export const pgxOutsideCallFiles = sqliteTable(
  'pgx_outside_call_files',
  {
    id: text('id').primaryKey(),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    file: text('file').notNull(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    actor: text('actor').notNull(),
    importedAt: text('imported_at').notNull(),
  },
  (t) => [index('pgx_outside_call_files_patient_idx').on(t.patientId, t.importedAt)],
);

// The validated lines of each file, one gene per line, as written (normalisation happens when a result
// is computed, against the reference data of that moment).
export const pgxOutsideCalls = sqliteTable(
  'pgx_outside_calls',
  {
    id: integer('id').primaryKey(),
    fileId: text('file_id')
      .notNull()
      .references(() => pgxOutsideCallFiles.id),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    gene: text('gene').notNull(),
    diplotype: text('diplotype'),
    phenotype: text('phenotype'),
    activityScore: text('activity_score'),
    /** Line in the file, for messages that point back at it. */
    line: integer('line').notNull(),
  },
  (t) => [index('pgx_outside_calls_patient_gene_idx').on(t.patientId, t.gene)],
);

// Saved PGx results. Each keeps the whole result JSON and, in their own columns, the reference data
// versions, the match options and the import it was computed from, so it can be reproduced or its
// data version questioned later without re-running anything. A 'report' is one issued to the clinician
// (its PDF path and checksum kept): it is immutable and is sent to central services (outbox 'pgx-report').
export const pgxResults = sqliteTable(
  'pgx_results',
  {
    id: text('id').primaryKey(),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    kind: text('kind').notNull(),
    importId: text('import_id')
      .notNull()
      .references(() => imports.id),
    /** JSON array of the outside-call file ids whose calls were used. */
    outsideCallFileIds: text('outside_call_file_ids').notNull(),
    options: text('options').notNull(),
    dataVersions: text('data_versions').notNull(),
    /** The reference bundle version, also inside data_versions, as a column to find results of an old bundle. */
    dataBundle: text('data_bundle').notNull(),
    result: text('result').notNull(),
    pdfFile: text('pdf_file'),
    pdfSha256: text('pdf_sha256'),
    actor: text('actor').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('pgx_results_patient_idx').on(t.patientId, t.createdAt)],
);
