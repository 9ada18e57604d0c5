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

/** Where a finding was made: the run, and the patient import it is about (fresh builders per table). */
const foundIn = () => ({
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
});

// What changed for a stored variant of a patient: ClinVar class, or the variant became common. Rows are
// only added: an earlier finding stays readable beside a later one.
export const reanalysisChanges = sqliteTable(
  'reanalysis_changes',
  {
    ...foundIn(),
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

// Per patient import and gene that changed on a panel: how many of its variants lay in the gene, how many were
// listed as findings (reanalysis_changes) and how many were left out by the diagnosis workspace's rules, by
// reason, so a shortened list never hides variants without saying how many and why.
export const reanalysisPanelGenes = sqliteTable(
  'reanalysis_panel_genes',
  {
    ...foundIn(),
    panelId: text('panel_id').notNull(),
    gene: text('gene').notNull(),
    inGene: integer('in_gene').notNull(),
    listed: integer('listed').notNull(),
    /** JSON {quality, notCarried, common, lowImpact}: variants left out, by the first rule each failed. */
    leftOut: text('left_out').notNull(),
    /** 0: the import had no annotation run, so every variant in the gene was listed unscreened. */
    screened: integer('screened').notNull(),
    /**
     * What a screen used: the import's annotation run id, the frequency pack and the case's filters
     * ("<run id>|<pack>|<sha256>|<filters>"), so a newer annotation, frequency pack or analysis re-screens. Null when unscreened, and for rows
     * screened before this was recorded (migration 0018).
     */
    screenedWith: text('screened_with'),
    detectedAt: text('detected_at').notNull(),
  },
  (t) => [index('reanalysis_panel_genes_patient_idx').on(t.patientId, t.id)],
);
