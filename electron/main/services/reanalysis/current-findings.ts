// Which stored panel findings are current. A panel comparison made while an import had no annotation listed
// its variants unscreened; once the import is annotated (and again when its annotation, frequency pack or
// filters change) a re-screen stores new rows beside those (never replacing them). Readers — the Reanalysis screen, the CLI, the worklist — list a panel run's rows for an
// import only while no later run of the same two releases has rows for it. SQL fragments only (no imports), so
// the worklist can use them without loading the reanalysis service.

/** reanalysis_runs.kind of a re-screen of earlier panel findings after the import was annotated. */
export const RESCREEN_KIND = 'panel-rescreen';

/**
 * Whether the panel rows of run `run` (an alias of reanalysis_runs) for the import `rows.importId` of patient
 * `rows.patientId` (SQL expressions) are the current ones. The patient narrows the look-up to that patient's
 * rows (reanalysis_panel_genes is indexed by patient).
 */
export const PANEL_ROWS_CURRENT = (run: string, rows: { importId: string; patientId: string }): string =>
  `NOT EXISTS (SELECT 1 FROM reanalysis_panel_genes lg JOIN reanalysis_runs later ON later.id = lg.run_id
     WHERE lg.patient_id = ${rows.patientId} AND lg.import_id = ${rows.importId}
       AND later.kind IN ('panel', '${RESCREEN_KIND}') AND later.from_sha256 = ${run}.from_sha256 AND later.to_sha256 = ${run}.to_sha256
       AND later.rowid > ${run}.rowid)`;

/** Whether a reanalysis_changes row `change` of run `run` is current (every ClinVar and gnomAD finding is). */
export const CHANGE_CURRENT = (change: string, run: string): string =>
  `(${change}.kind <> 'panel' OR ${PANEL_ROWS_CURRENT(run, { importId: `${change}.import_id`, patientId: `${change}.patient_id` })})`;
