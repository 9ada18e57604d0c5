// Saved analyses and issued reports. An analysis is what was run (import, panels at their versions,
// filters, annotation packs); identical runs share one row through a fingerprint, so adjusting a filter
// back and forth does not pile up rows, yet every classification and report can cite exactly what it saw.
// An issued report keeps its content verbatim: a later re-analysis never changes what was issued.
import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../../../../shared/errors.ts';
import type { PackVersion } from '../../../../shared/schemas/annotation.ts';
import type { DiagnosticReportContent, PanelSummary, RankingFilters } from '../../../../shared/schemas/diagnosis.ts';
import type { Analysis } from '../../../../shared/schemas/diagnosis-workspace.ts';
import type { Store } from '../../db/connection.ts';
import { inTransaction } from '../../db/transaction.ts';
import { writeAudit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import { writeOutbox } from '../outbox.ts';

export const REPORT_ENTITY = 'diagnostic-report';

interface AnalysisRow {
  id: string;
  patient_id: string;
  import_id: string;
  build: 'GRCh37' | 'GRCh38';
  panels: string;
  filters: string;
  packs: string;
  annotation_origin: 'stored' | 'on-the-fly';
  created_at: string;
  created_by: string;
}

function toAnalysis(r: AnalysisRow): Analysis {
  return {
    id: r.id,
    patientId: r.patient_id,
    importId: r.import_id,
    build: r.build,
    panels: JSON.parse(r.panels) as PanelSummary[],
    filters: JSON.parse(r.filters) as RankingFilters,
    packs: JSON.parse(r.packs) as PackVersion[],
    annotationOrigin: r.annotation_origin,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

export type AnalysisDraft = Omit<Analysis, 'id' | 'createdAt' | 'createdBy'>;

export type AnalysisStore = ReturnType<typeof createAnalysisStore>;

export function createAnalysisStore({ store, actor, clock, onCommitted = () => {} }: { store: Store; actor: string; clock: Clock; onCommitted?: () => void }) {
  const { sqlite } = store;
  const byFingerprint = sqlite.prepare('SELECT * FROM diagnosis_analyses WHERE fingerprint = ?');
  const byId = sqlite.prepare('SELECT * FROM diagnosis_analyses WHERE id = ?');
  const insertAnalysis = sqlite.prepare(
    `INSERT INTO diagnosis_analyses (id, patient_id, import_id, build, panels, filters, packs, annotation_origin, fingerprint, created_at, created_by)
     VALUES (@id, @patientId, @importId, @build, @panels, @filters, @packs, @annotationOrigin, @fingerprint, @createdAt, @createdBy)`,
  );
  const insertReport = sqlite.prepare(
    `INSERT INTO diagnosis_reports (id, patient_id, analysis_id, outcome, content, pdf_sha256, issued_at, issued_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const reportById = sqlite.prepare('SELECT patient_id, content FROM diagnosis_reports WHERE id = ?');
  const reportCount = sqlite.prepare("SELECT count(*) FROM diagnosis_reports WHERE issued_at LIKE ? || '%'").pluck();

  return {
    get(id: string): Analysis | null {
      const row = byId.get(id) as AnalysisRow | undefined;
      return row ? toAnalysis(row) : null;
    },

    /** The saved analysis for exactly this run, creating it (with its audit row) the first time. */
    record(draft: AnalysisDraft): Analysis {
      const canonical = {
        patientId: draft.patientId,
        importId: draft.importId,
        build: draft.build,
        panels: draft.panels.map((p) => `${p.id}@${p.version}`),
        filters: draft.filters,
        packs: draft.packs.map((p) => `${p.kind}:${p.id}@${p.version}:${p.sha256 ?? ''}`),
        annotationOrigin: draft.annotationOrigin,
      };
      const fingerprint = createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
      const existing = byFingerprint.get(fingerprint) as AnalysisRow | undefined;
      if (existing) return toAnalysis(existing);
      const at = clock.now().toISOString();
      return inTransaction(sqlite, () => {
        const again = byFingerprint.get(fingerprint) as AnalysisRow | undefined;
        if (again) return toAnalysis(again);
        const id = randomUUID();
        insertAnalysis.run({
          id,
          patientId: draft.patientId,
          importId: draft.importId,
          build: draft.build,
          panels: JSON.stringify(draft.panels),
          filters: JSON.stringify(draft.filters),
          packs: JSON.stringify(draft.packs),
          annotationOrigin: draft.annotationOrigin,
          fingerprint,
          createdAt: at,
          createdBy: actor,
        });
        writeAudit(sqlite, {
          at,
          actor,
          entityType: 'analysis',
          entityId: id,
          action: 'run',
          changes: { patientId: draft.patientId, importId: draft.importId, panels: canonical.panels, filters: draft.filters, packs: canonical.packs },
        });
        return toAnalysis(byId.get(id) as AnalysisRow);
      });
    },

    /** A readable, unique report number: GD-<date>-<n>. */
    nextReportId(at: Date): string {
      const day = at.toISOString().slice(0, 10);
      const n = (reportCount.get(day) as number) + 1;
      return `GD-${day.replace(/-/g, '')}-${String(n).padStart(4, '0')}-${randomUUID().slice(0, 4)}`;
    },

    /**
     * Stores an issued report with its audit and sync-outbox rows (entity_type 'diagnostic-report', the FHIR
     * genomic-report built from this content is what sync sends).
     */
    issueReport(content: DiagnosticReportContent, analysisId: string, pdfSha256: string): void {
      inTransaction(sqlite, () => {
        insertReport.run(content.reportId, content.patient.id, analysisId, content.result.outcome, JSON.stringify(content), pdfSha256, content.issuedAt, actor);
        writeAudit(sqlite, {
          at: content.issuedAt,
          actor,
          entityType: REPORT_ENTITY,
          entityId: content.reportId,
          action: 'issue',
          changes: { patientId: content.patient.id, analysisId, outcome: content.result.outcome, variants: content.variants.map((v) => v.key), pdfSha256 },
        });
        writeOutbox(sqlite, { entityType: REPORT_ENTITY, entityId: content.reportId, op: 'create', entityVersion: 1, createdAt: content.issuedAt });
      });
      onCommitted();
    },

    /** An issued report's content, for the sync push (FHIR resources are rebuilt from it). */
    getReport(reportId: string): DiagnosticReportContent {
      const row = reportById.get(reportId) as { patient_id: string; content: string } | undefined;
      if (!row) throw new AppError('diagnosis/report-not-found', `No diagnostic report ${reportId} was issued in this store.`, { reportId });
      return JSON.parse(row.content) as DiagnosticReportContent;
    },
  };
}
