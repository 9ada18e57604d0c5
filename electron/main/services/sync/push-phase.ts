// Push: send every pending outbox row to the server. A row is marked sent only in the transaction that
// records the server's confirmation; anything else (a crash, a lost answer, a refusal) leaves it pending.
// Creates are conditional on GenoDesk's identifier and updates carry If-Match with the last version we
// saw, so a retry after a lost answer never creates a second resource nor overwrites someone else's edit.
import { AppError } from '../../../../shared/errors.ts';
import type { SyncedPatient } from '../../../../shared/schemas/sync.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { FhirResource } from './fhir-client.ts';
import { GENODESK_PATIENT_SYSTEM } from './fhir-systems.ts';
import { patientFromFhir, patientToFhir, sameFields, syncedFields } from './patient-resource.ts';
import { chunkEntries, resolveReferences, transactionBundle, buildPgxReportBundle } from './pgx-report-resources.ts';
import type { SyncContext } from './sync-context.ts';
import { endsPhase, withRetry } from './sync-context.ts';
import type { OutboxRow, RemoteRow } from './sync-store.ts';
import { assertValidResource } from './validate-resource.ts';

export interface PushOutcome {
  /** Outbox rows the server confirmed in this phase. */
  pushed: number;
  /** Conflicts this phase stored. */
  conflicts: number;
  /** Rows skipped for now (a report whose patient is not on the server yet, a record held by a conflict). */
  deferred: number;
  /** Per-record failures; the rows stay pending with last_error set. */
  failed: AppError[];
}

const BATCH = 200;
/** Adopt-then-update rounds for one record before giving up for this phase (each round is one 412/200). */
const MAX_ROUNDS = 4;

export async function runPushPhase(ctx: SyncContext): Promise<PushOutcome> {
  const outcome: PushOutcome = { pushed: 0, conflicts: 0, deferred: 0, failed: [] };
  let fatal: unknown;
  const deferredReports: OutboxRow[][] = [];

  async function handle(group: OutboxRow[], lastChance: boolean): Promise<void> {
    try {
      const r = await pushEntity(ctx, group);
      outcome.pushed += r.pushed;
      outcome.conflicts += r.conflict ? 1 : 0;
      if (r.deferred && group[0].entityType === 'pgx-report' && !lastChance) deferredReports.push(group);
      else if (r.deferred) outcome.deferred++;
    } catch (err) {
      const appErr = err instanceof AppError ? err : new AppError('ipc/internal', 'An unexpected error stopped sync. Details are in the application log.');
      ctx.sync.recordAttemptError(
        group.map((r) => r.id),
        appErr.message,
      );
      if (endsPhase(err)) fatal ??= err;
      else outcome.failed.push(appErr);
    }
  }

  let afterId = 0;
  while (!fatal) {
    const rows = ctx.sync.pendingAfter(afterId, BATCH);
    if (rows.length === 0) break;
    afterId = rows[rows.length - 1].id;
    // Several edits of one record since the last push collapse into one request carrying its latest state.
    const groups = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const key = `${row.entityType}\u0000${row.entityId}`;
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    // Different records go out concurrently (latency, not the server, bounds a push over a WAN); the rows of
    // one record stay in one group, so its edits are never reordered. SQLite work stays synchronous per step.
    const queue = [...groups.values()];
    await Promise.all(
      Array.from({ length: Math.min(ctx.pushConcurrency, queue.length) }, async () => {
        while (queue.length && !fatal) await handle(queue.shift()!, false);
      }),
    );
  }
  // A report met before its patient was confirmed gets one more try once the patients have gone out.
  for (const group of deferredReports) {
    if (fatal) break;
    await handle(group, true);
  }
  if (fatal) throw fatal;
  return outcome;
}

interface EntityResult {
  pushed: number;
  conflict?: boolean;
  deferred?: boolean;
}

async function pushEntity(ctx: SyncContext, rows: OutboxRow[]): Promise<EntityResult> {
  const { entityType, entityId } = rows[0];
  if (entityType === 'patient') return pushPatient(ctx, entityId, rows);
  if (entityType === 'pgx-report') return pushReport(ctx, entityId, rows);
  throw new AppError('sync/bad-response', `GenoDesk does not know how to send a "${entityType}" change; it was kept.`, { entityType, entityId });
}

function now(ctx: SyncContext): string {
  return ctx.clock.now().toISOString();
}

function emptyRemote(entityType: string, entityId: string, resourceType: string): RemoteRow {
  return {
    entityType,
    entityId,
    resourceType,
    serverId: null,
    versionId: null,
    lastUpdated: null,
    syncedVersion: null,
    base: null,
    resource: null,
    unconfirmed: [],
  };
}

async function pushPatient(ctx: SyncContext, id: string, rows: OutboxRow[]): Promise<EntityResult> {
  const rowIds = rows.map((r) => r.id);
  if (ctx.sync.openConflict('patient', id)) {
    // A person must choose first; sending now would be overwriting one side silently.
    inTransaction(ctx.store.sqlite, () => ctx.sync.holdForConflict('patient', id));
    return { pushed: 0, deferred: true };
  }
  const patient = ctx.patients.get(id);
  if (!patient) throw new AppError('patients/not-found', 'A change waiting to be sent names a patient that is no longer in the register; it was kept.', { id });
  const fields = syncedFields(patient);
  let remote = ctx.sync.getRemote('patient', id) ?? emptyRemote('patient', id, 'Patient');

  // Nothing to send: the server already holds exactly these fields.
  if (remote.serverId && sameFields(remote.base, fields)) {
    const pushed = inTransaction(ctx.store.sqlite, () => {
      ctx.sync.putRemote({ ...remote, syncedVersion: patient.version, unconfirmed: [] }, now(ctx));
      return ctx.sync.markSent(rowIds, now(ctx));
    });
    return { pushed };
  }

  const resource = patientToFhir(id, fields, remote.resource ?? undefined);
  assertValidResource(resource, `patient ${id}`);
  // Remember what is about to be sent, committed before the request: if the answer is lost, a later 200/412
  // showing exactly these fields is recognised as our own write, not someone else's.
  if (!remote.unconfirmed.some((u) => sameFields(u, fields))) {
    remote = { ...remote, unconfirmed: [...remote.unconfirmed, fields].slice(-5) };
    const pending = remote;
    inTransaction(ctx.store.sqlite, () => ctx.sync.putRemote(pending, now(ctx)));
  }

  for (let round = 0; round < MAX_ROUNDS; round++) {
    let server: FhirResource;
    if (!remote.serverId) {
      const answer = await withRetry(ctx, () =>
        ctx.client.request('POST', 'Patient', {
          body: resource,
          headers: { 'if-none-exist': `identifier=${encodeURIComponent(GENODESK_PATIENT_SYSTEM)}|${encodeURIComponent(id)}` },
          expect: 'Patient',
        }),
      );
      server = answer.resource!;
      if (answer.status === 201) return confirm(ctx, remote, server, fields, patient.version, rowIds);
    } else {
      const serverId = remote.serverId;
      const body = patientToFhir(id, fields, remote.resource ?? undefined);
      body.id = serverId;
      assertValidResource(body, `patient ${id}`);
      const answer = await withRetry(ctx, () =>
        ctx.client.request('PUT', `Patient/${encodeURIComponent(serverId)}`, {
          body,
          headers: remote.versionId ? { 'if-match': `W/"${remote.versionId}"` } : {},
          allow: [412],
          expect: 'Patient',
        }),
      );
      if (answer.status !== 412) return confirm(ctx, remote, answer.resource!, fields, patient.version, rowIds);
      server = (await withRetry(ctx, () => ctx.client.request('GET', `Patient/${encodeURIComponent(serverId)}`, { expect: 'Patient' }))).resource!;
    }
    const pulled = patientFromFhir(server, ctx.clock.now());
    if (sameFields(pulled.fields, fields)) return confirm(ctx, remote, server, fields, patient.version, rowIds);
    if (remote.unconfirmed.some((u) => sameFields(u, pulled.fields))) {
      // Our own earlier write whose answer was lost: take its version as the base and send the rest.
      remote = { ...remote, serverId: pulled.serverId, versionId: pulled.versionId, lastUpdated: pulled.lastUpdated, base: pulled.fields, resource: server, syncedVersion: null };
      const adopted = remote;
      inTransaction(ctx.store.sqlite, () => ctx.sync.putRemote(adopted, now(ctx)));
      continue;
    }
    storeConflict(ctx, 'update-rejected', remote, fields, server, pulled.fields);
    return { pushed: 0, conflict: true };
  }
  throw new AppError('sync/conflict', 'The server kept changing this patient while GenoDesk was sending it; it will be tried again.', { id });
}

function confirm(ctx: SyncContext, remote: RemoteRow, server: FhirResource, fields: SyncedPatient, version: number, rowIds: number[]): EntityResult {
  const at = now(ctx);
  const pushed = inTransaction(ctx.store.sqlite, () => {
    ctx.sync.putRemote(
      {
        ...remote,
        serverId: server.id ?? remote.serverId,
        versionId: server.meta?.versionId ?? null,
        lastUpdated: server.meta?.lastUpdated ?? null,
        syncedVersion: version,
        base: fields,
        resource: server,
        unconfirmed: [],
      },
      at,
    );
    return ctx.sync.markSent(rowIds, at);
  });
  return { pushed };
}

export function storeConflict(
  ctx: SyncContext,
  kind: 'update-rejected' | 'remote-change',
  remote: RemoteRow,
  mine: SyncedPatient,
  server: FhirResource,
  theirs: SyncedPatient,
): void {
  const at = now(ctx);
  const write = () => {
    const open = ctx.sync.openConflict(remote.entityType, remote.entityId);
    if (open) {
      ctx.sync.refreshConflictRemote(open.id, theirs, server, server.meta!.versionId!, server.meta?.lastUpdated ?? null);
    } else {
      ctx.sync.insertConflict({
        entityType: remote.entityType,
        entityId: remote.entityId,
        kind,
        detectedAt: at,
        local: mine,
        remote: theirs,
        remoteResource: server,
        remoteVersionId: server.meta!.versionId!,
        remoteLastUpdated: server.meta?.lastUpdated ?? null,
        base: remote.base,
      });
    }
    if (!remote.serverId && server.id) ctx.sync.putRemote({ ...remote, serverId: server.id }, at);
    ctx.sync.holdForConflict(remote.entityType, remote.entityId);
  };
  // Called both on its own (push) and inside the pull's page transaction.
  if (ctx.store.sqlite.inTransaction) write();
  else inTransaction(ctx.store.sqlite, write);
}

async function pushReport(ctx: SyncContext, reportId: string, rows: OutboxRow[]): Promise<EntityResult> {
  const rowIds = rows.map((r) => r.id);
  const existing = ctx.sync.getRemote('pgx-report', reportId);
  if (existing?.serverId) {
    // Reports are immutable once finished: the server already holds this one.
    return { pushed: inTransaction(ctx.store.sqlite, () => ctx.sync.markSent(rowIds, now(ctx))) };
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
  });
  for (const entry of built.entries) assertValidResource(entry.resource, `report ${reportId}`);

  const known = new Map<string, string>();
  let reportServerRef: string | undefined;
  let reportVersion: string | undefined;
  for (const chunk of chunkEntries(built.entries, ctx.transactionChunkSize)) {
    const bundle = transactionBundle(resolveReferences(chunk, known));
    const answer = await withRetry(ctx, () => ctx.client.request('POST', '', { body: bundle, expect: 'Bundle' }));
    const entries = (answer.resource?.entry as { response?: { status?: string; location?: string; etag?: string } }[] | undefined) ?? [];
    if (answer.resource?.type !== 'transaction-response' || entries.length !== chunk.length) {
      throw new AppError('sync/bad-response', 'The FHIR server answered a transaction with something other than a matching transaction-response. Nothing was marked as sent.', {
        reportId,
        got: answer.resource?.type ?? null,
      });
    }
    entries.forEach((e, i) => {
      const status = Number.parseInt(e.response?.status ?? '', 10);
      const location = e.response?.location ?? '';
      const m = /^(?:.*\/)?([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/([^/]+))?$/.exec(location);
      if (!(status >= 200 && status < 300) || !m) {
        throw new AppError('sync/bad-response', `The FHIR server did not confirm part of report ${reportId}. Nothing was marked as sent.`, {
          reportId,
          status: e.response?.status ?? null,
        });
      }
      known.set(chunk[i].fullUrl, `${m[1]}/${m[2]}`);
      if (chunk[i].resource.resourceType === 'DiagnosticReport') {
        reportServerRef = m[2];
        reportVersion = m[3] ?? e.response?.etag;
      }
    });
  }
  const at = now(ctx);
  const pushed = inTransaction(ctx.store.sqlite, () => {
    ctx.sync.putRemote(
      { ...emptyRemote('pgx-report', reportId, 'DiagnosticReport'), serverId: reportServerRef ?? null, versionId: reportVersion ?? null },
      at,
    );
    return ctx.sync.markSent(rowIds, at);
  });
  return { pushed };
}
