import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';
import { patients } from './patients.ts';

// The diagnosis workspace (issue 8). Every change is written with its audit row (and, for classifications
// and issued reports, its sync-outbox row) in one transaction by services/diagnosis-workspace/.

// PanelApp exports a lab installed. The panel is kept whole (parsed JSON) so an analysis can be repeated
// exactly even after the file is gone; the shipped demo pack is read from resources/panels instead.
export const diagnosisPanels = sqliteTable(
  'diagnosis_panels',
  {
    panelId: text('panel_id').notNull(),
    version: text('version').notNull(),
    name: text('name').notNull(),
    sourceKind: text('source_kind').notNull(),
    fileName: text('file_name').notNull(),
    /** SHA-256 of the exported file as installed. */
    sha256: text('sha256').notNull(),
    /** The parsed Panel (shared/schemas/diagnosis.ts PanelSchema) as JSON. */
    panelJson: text('panel_json').notNull(),
    installedAt: text('installed_at').notNull(),
    installedBy: text('installed_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.panelId, t.version] })],
);

// One referral per patient: the clinical indication, optional HPO terms and the panels chosen, each pinned
// to a version. Edited in place with a version counter (edits of an older version are refused); the audit
// trail keeps every earlier state.
export const diagnosisReferrals = sqliteTable('diagnosis_referrals', {
  patientId: text('patient_id')
    .primaryKey()
    .references(() => patients.id),
  clinicalIndication: text('clinical_indication').notNull(),
  /** JSON [{id: "HP:0003201", label}]. */
  hpoTerms: text('hpo_terms').notNull(),
  /** JSON [{id, name, version}]. */
  panels: text('panels').notNull(),
  version: integer('version').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

// Consent to additional (secondary) findings: append-only, the newest row is in force. Who recorded it
// and when are part of each row, not only of the audit trail, because the report quotes them.
export const diagnosisConsents = sqliteTable(
  'diagnosis_consents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    additionalFindings: integer('additional_findings').notNull(),
    note: text('note'),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [index('diagnosis_consents_patient_idx').on(t.patientId, t.id)],
);

// An analysis as run: which import, which panels at which versions, which filters and which annotation
// packs. Identical runs share one row (fingerprint), so classifications and reports can cite it.
export const diagnosisAnalyses = sqliteTable(
  'diagnosis_analyses',
  {
    id: text('id').primaryKey(),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    importId: text('import_id').notNull(),
    build: text('build').notNull(),
    /** JSON [{id, name, version}]. */
    panels: text('panels').notNull(),
    /** JSON RankingFilters. */
    filters: text('filters').notNull(),
    /** JSON [{id, kind, version, sha256}]: the annotation packs used. */
    packs: text('packs').notNull(),
    annotationOrigin: text('annotation_origin').notNull(),
    fingerprint: text('fingerprint').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [uniqueIndex('diagnosis_analyses_fingerprint_uq').on(t.fingerprint), index('diagnosis_analyses_patient_idx').on(t.patientId)],
);

// The lab's own classifications, keyed by the normalised variant (build + chrom/pos/ref/alt as the import
// stores it), not by patient: the lab's knowledge shows wherever the variant appears. Never updated: a
// re-classification adds the next version and the earlier ones stay.
export const diagnosisClassifications = sqliteTable(
  'diagnosis_classifications',
  {
    id: text('id').primaryKey(),
    /** `GRCh38:chr1-226982996-C-T`. */
    variantId: text('variant_id').notNull(),
    build: text('build').notNull(),
    chrom: text('chrom').notNull(),
    pos: integer('pos').notNull(),
    ref: text('ref').notNull(),
    alt: text('alt').notNull(),
    version: integer('version').notNull(),
    acmgClass: text('acmg_class').notNull(),
    points: integer('points').notNull(),
    /** JSON [{code, strength, comment?, points}]. */
    criteria: text('criteria').notNull(),
    explanation: text('explanation').notNull(),
    comment: text('comment').notNull(),
    gene: text('gene'),
    transcript: text('transcript'),
    hgvsc: text('hgvsc'),
    hgvsp: text('hgvsp'),
    patientId: text('patient_id').references(() => patients.id),
    analysisId: text('analysis_id'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [uniqueIndex('diagnosis_classifications_version_uq').on(t.variantId, t.version)],
);

// Issued diagnostic reports: the content exactly as shown and printed (and from which the FHIR resources
// are built), so a later re-analysis never changes what was issued.
export const diagnosisReports = sqliteTable(
  'diagnosis_reports',
  {
    id: text('id').primaryKey(),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    analysisId: text('analysis_id').notNull(),
    outcome: text('outcome').notNull(),
    /** JSON DiagnosticReportContent. */
    content: text('content').notNull(),
    pdfSha256: text('pdf_sha256').notNull(),
    issuedAt: text('issued_at').notNull(),
    issuedBy: text('issued_by').notNull(),
  },
  (t) => [index('diagnosis_reports_patient_idx').on(t.patientId, t.issuedAt)],
);
