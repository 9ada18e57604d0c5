// Finished PGx reports (outbox 'pgx-report'): the Genomics Reporting IG resources of pgx-report-resources.ts,
// sent once their patient is on the server, as conditional-create transactions. Reports are immutable once
// finished, so a report the server confirmed is never sent again.
import { AppError } from '../../../../shared/errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { sendConditionalEntries } from './conditional-transaction.ts';
import type { EntityPusher } from './entity-pusher.ts';
import { emptyRemote, nowIso } from './entity-pusher.ts';
import { buildPgxReportBundle } from './pgx-report-resources.ts';
import { currentMedicationStatements } from './medication-statements.ts';
import { assertValidResource } from './validate-resource.ts';

export const pgxReportPusher: EntityPusher = {
  entityType: 'pgx-report',
  waitsForPatient: true,
  async push(ctx, reportId, rows) {
    const rowIds = rows.map((r) => r.id);
    if (ctx.sync.getRemote('pgx-report', reportId)?.serverId) {
      return { pushed: inTransaction(ctx.store.sqlite, () => ctx.sync.markSent(rowIds, nowIso(ctx))) };
    }
    const report = ctx.reports?.getReport(reportId);
    if (!report) {
      throw new AppError('sync/report-unavailable', 'A finished report waiting to be sent could not be read; it was kept and will be tried again.', { reportId });
    }
    const patientRemote = ctx.sync.getRemote('patient', report.patientId);
    if (!patientRemote?.serverId) return { pushed: 0, deferred: true }; // its patient goes first
    const built = buildPgxReportBundle({
      reportId,
      patientReference: `Patient/${patientRemote.serverId}`,
      result: report.result,
      issued: report.issuedAt,
      medicationStatements: currentMedicationStatements(ctx.store.sqlite, report.patientId),
    });
    for (const entry of built.entries) assertValidResource(entry.resource, `report ${reportId}`);

    const sent = await sendConditionalEntries(ctx, built.entries, 'DiagnosticReport', `report ${reportId}`);
    const at = nowIso(ctx);
    const pushed = inTransaction(ctx.store.sqlite, () => {
      ctx.sync.putRemote({ ...emptyRemote('pgx-report', reportId, 'DiagnosticReport'), serverId: sent.primary?.id ?? null, versionId: sent.primary?.versionId ?? null }, at);
      return ctx.sync.markSent(rowIds, at);
    });
    return { pushed };
  },
};
