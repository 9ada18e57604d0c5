// Issued diagnostic reports (outbox 'diagnostic-report', written by the diagnosis workspace when a report is
// issued): sent after their patient is on the server, as conditional-create transactions of the Genomics
// Reporting IG resources (diagnostic-report-resources.ts). An issued report never changes, so once the
// server confirmed it, later rows for it are marked sent without another request.
import { AppError } from '../../../../shared/errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { sendConditionalEntries } from './conditional-transaction.ts';
import { diagnosticReportEntries } from './diagnostic-report-resources.ts';
import type { EntityPusher } from './entity-pusher.ts';
import { emptyRemote, nowIso } from './entity-pusher.ts';
import { assertValidResource } from './validate-resource.ts';

export const DIAGNOSTIC_REPORT_ENTITY = 'diagnostic-report';

export const diagnosticReportPusher: EntityPusher = {
  entityType: DIAGNOSTIC_REPORT_ENTITY,
  waitsForPatient: true,
  async push(ctx, reportId, rows) {
    const rowIds = rows.map((r) => r.id);
    if (ctx.sync.getRemote(DIAGNOSTIC_REPORT_ENTITY, reportId)?.serverId) {
      return { pushed: inTransaction(ctx.store.sqlite, () => ctx.sync.markSent(rowIds, nowIso(ctx))) };
    }
    const unavailable = (cause: string) =>
      new AppError('sync/report-unavailable', `Issued diagnostic report ${reportId} is waiting to be sent but could not be read here; it was kept and will be tried again.`, {
        reportId,
        cause,
      });
    let content;
    try {
      content = ctx.diagnosticReports?.getIssuedReport(reportId);
    } catch (err) {
      // A damaged stored report is this record's problem: it must not end the phase for every other row.
      throw unavailable(err instanceof AppError ? err.code : 'unreadable');
    }
    if (!content) throw unavailable(ctx.diagnosticReports ? 'not-found' : 'no-source');
    const patientRemote = ctx.sync.getRemote('patient', content.patient.id);
    if (!patientRemote?.serverId) return { pushed: 0, deferred: true }; // its patient goes first

    let entries;
    try {
      entries = diagnosticReportEntries(content, patientRemote.serverId);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw unavailable('unbuildable');
    }
    // What actually leaves (server-side patient, urn:uuid references, GenoDesk identifiers) is checked again.
    for (const entry of entries) assertValidResource(entry.resource, `diagnostic report ${reportId}`);

    const sent = await sendConditionalEntries(ctx, entries, 'DiagnosticReport', `diagnostic report ${reportId}`);
    const at = nowIso(ctx);
    const pushed = inTransaction(ctx.store.sqlite, () => {
      ctx.sync.putRemote(
        { ...emptyRemote(DIAGNOSTIC_REPORT_ENTITY, reportId, 'DiagnosticReport'), serverId: sent.primary?.id ?? null, versionId: sent.primary?.versionId ?? null },
        at,
      );
      return ctx.sync.markSent(rowIds, at);
    });
    return { pushed };
  },
};
