import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';
import { imports } from './imports.ts';
import { patients } from './patients.ts';

// One comparison of a newly active reference pack with the one it replaced (same kind and build): which
// evidence changed between the two releases, then which stored patients carry an affected variant. Keyed
// on both packs' checksums, so the same pair is never compared twice; a run cut short is redone.
export const reanalysisRuns = sqliteTable(
  'reanalysis_runs',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    build: text('build').notNull(),
    fromPackId: text('from_pack_id').notNull(),
    fromVersion: text('from_version').notNull(),
    fromSha256: text('from_sha256').notNull(),
    toPackId: text('to_pack_id').notNull(),
    toVersion: text('to_version').notNull(),
    toSha256: text('to_sha256').notNull(),
    /** Alleles whose evidence differs between the two releases (before any patient is looked at). */
    changedAlleles: integer('changed_alleles').notNull(),
    patientChanges: integer('patient_changes').notNull(),
    finishedAt: text('finished_at').notNull(),
  },
  (t) => [uniqueIndex('reanalysis_runs_pair_uq').on(t.kind, t.build, t.fromSha256, t.toSha256)],
);

// What changed for a stored variant of a patient: ClinVar class, or the variant became common. Rows are
// only added: an earlier finding stays readable beside a later one.
export const reanalysisChanges = sqliteTable(
  'reanalysis_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: text('run_id')
      .notNull()
      .references(() => reanalysisRuns.id),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    importId: text('import_id')
      .notNull()
      .references(() => imports.id),
    chrom: text('chrom').notNull(),
    pos: integer('pos').notNull(),
    ref: text('ref').notNull(),
    alt: text('alt').notNull(),
    kind: text('kind').notNull(),
    /** JSON: the evidence in the earlier release (null: absent from it). */
    before: text('before'),
    after: text('after'),
    detectedAt: text('detected_at').notNull(),
  },
  (t) => [index('reanalysis_changes_patient_idx').on(t.patientId, t.id)],
);

// Every PanelApp panel release GenoDesk has seen (from a panel pack or a PanelApp export installed in the
// workspace), kept whole: an updated panel pack replaces its files under the same pack id, so without this
// there would be no earlier release left to compare when a panel's genes or ratings change.
export const reanalysisPanelReleases = sqliteTable(
  'reanalysis_panel_releases',
  {
    panelId: text('panel_id').notNull(),
    version: text('version').notNull(),
    name: text('name').notNull(),
    /** The pack it came from, or "workspace" for a PanelApp export installed on the diagnosis screen. */
    source: text('source').notNull(),
    /** SHA-256 of the panel's genes as compared (symbol, rating, inheritance), to key a comparison. */
    sha256: text('sha256').notNull(),
    /** The parsed Panel (shared/schemas/diagnosis.ts PanelSchema) as JSON. */
    panelJson: text('panel_json').notNull(),
    recordedAt: text('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.panelId, t.version] })],
);
