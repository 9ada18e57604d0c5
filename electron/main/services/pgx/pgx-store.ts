// Rows of the PGx tables (db/schema/pgx.ts): outside-call files and their calls, saved results and
// reports. Writers here run inside the caller's transaction; the service decides what goes together.
import { AppError } from '../../../../shared/errors.ts';
import type { PgxMatchOptions, PgxOutsideCall, PgxResult, PgxSavedResult, PgxStoredOutsideCall } from '../../../../shared/schemas/pgx.ts';
import type { SqliteDatabase } from '../../db/connection.ts';
import type { ReportSource, SyncableReport } from '../sync/sync-context.ts';

export interface OutsideCallFileRow {
  id: string;
  patientId: string;
  file: string;
  fileName: string;
  sha256: string;
  actor: string;
  importedAt: string;
}

export function insertOutsideCallFile(sqlite: SqliteDatabase, file: OutsideCallFileRow, calls: readonly PgxOutsideCall[]): void {
  sqlite
    .prepare('INSERT INTO pgx_outside_call_files (id, patient_id, file, file_name, sha256, actor, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(file.id, file.patientId, file.file, file.fileName, file.sha256, file.actor, file.importedAt);
  const insertCall = sqlite.prepare(
    'INSERT INTO pgx_outside_calls (file_id, patient_id, gene, diplotype, phenotype, activity_score, line) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const c of calls) insertCall.run(file.id, file.patientId, c.gene, c.diplotype, c.phenotype, c.activityScore, c.line);
}

/**
 * The patient's outside calls in force: per gene, the call from the most recently imported file that
 * has one (a later file replaces an earlier one gene by gene; earlier files stay on record).
 */
export function currentOutsideCalls(sqlite: SqliteDatabase, patientId: string): PgxStoredOutsideCall[] {
  const rows = sqlite
    .prepare(
      `SELECT c.gene, c.diplotype, c.phenotype, c.activity_score AS activityScore, c.line, f.id AS fileId, f.file_name AS fileName,
              f.imported_at AS importedAt, f.actor
       FROM pgx_outside_calls c JOIN pgx_outside_call_files f ON f.id = c.file_id
       WHERE c.patient_id = ?
       ORDER BY f.imported_at DESC, f.rowid DESC`,
    )
    .all(patientId) as PgxStoredOutsideCall[];
  const byGene = new Map<string, PgxStoredOutsideCall>();
  for (const r of rows) if (!byGene.has(r.gene)) byGene.set(r.gene, r);
  return [...byGene.values()].sort((a, b) => (a.gene < b.gene ? -1 : a.gene > b.gene ? 1 : 0));
}

export interface SavedResultRow {
  id: string;
  patientId: string;
  kind: 'result' | 'report';
  importId: string;
  outsideCallFileIds: string[];
  options: PgxMatchOptions;
  result: PgxResult;
  pdfFile: string | null;
  pdfSha256: string | null;
  actor: string;
  createdAt: string;
}

export function insertResult(sqlite: SqliteDatabase, row: SavedResultRow): void {
  sqlite
    .prepare(
      `INSERT INTO pgx_results (id, patient_id, kind, import_id, outside_call_file_ids, options, data_versions, data_bundle, result, pdf_file, pdf_sha256, actor, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      row.id,
      row.patientId,
      row.kind,
      row.importId,
      JSON.stringify(row.outsideCallFileIds),
      JSON.stringify(row.options),
      JSON.stringify(row.result.dataVersions),
      row.result.dataVersions.bundle,
      JSON.stringify(row.result),
      row.pdfFile,
      row.pdfSha256,
      row.actor,
      row.createdAt,
    );
}

interface ResultRow {
  id: string;
  patient_id: string;
  kind: string;
  import_id: string;
  options: string;
  data_versions: string;
  pdf_file: string | null;
  pdf_sha256: string | null;
  actor: string;
  created_at: string;
}

const SUMMARY_COLUMNS = 'id, patient_id, kind, import_id, options, data_versions, pdf_file, pdf_sha256, actor, created_at';

function toSummary(r: ResultRow): PgxSavedResult {
  return {
    id: r.id,
    patientId: r.patient_id,
    kind: r.kind as PgxSavedResult['kind'],
    importId: r.import_id,
    options: JSON.parse(r.options) as PgxMatchOptions,
    dataVersions: JSON.parse(r.data_versions) as PgxSavedResult['dataVersions'],
    file: r.pdf_file,
    pdfSha256: r.pdf_sha256,
    createdAt: r.created_at,
    actor: r.actor,
  };
}

export function listResults(sqlite: SqliteDatabase, patientId: string): PgxSavedResult[] {
  const rows = sqlite.prepare(`SELECT ${SUMMARY_COLUMNS} FROM pgx_results WHERE patient_id = ? ORDER BY created_at DESC, rowid DESC`).all(patientId) as ResultRow[];
  return rows.map(toSummary);
}

export function readResult(sqlite: SqliteDatabase, id: string): { summary: PgxSavedResult; result: PgxResult } {
  const row = sqlite.prepare(`SELECT ${SUMMARY_COLUMNS}, result FROM pgx_results WHERE id = ?`).get(id) as (ResultRow & { result: string }) | undefined;
  if (!row) throw new AppError('pgx/result-not-found', 'No saved pharmacogenomics result with this id exists.', { id });
  return { summary: toSummary(row), result: JSON.parse(row.result) as PgxResult };
}

/**
 * What the sync service reads to send a finished report (outbox entity_type 'pgx-report'). Only reports
 * are sendable: a saved result that was never issued stays local.
 */
export function createPgxReportSource(sqlite: SqliteDatabase): ReportSource {
  const byId = sqlite.prepare("SELECT patient_id, result, created_at FROM pgx_results WHERE id = ? AND kind = 'report'");
  return {
    getReport(reportId: string): SyncableReport | undefined {
      const row = byId.get(reportId) as { patient_id: string; result: string; created_at: string } | undefined;
      if (!row) return undefined;
      return { patientId: row.patient_id, result: JSON.parse(row.result) as SyncableReport['result'], issuedAt: row.created_at };
    },
  };
}
