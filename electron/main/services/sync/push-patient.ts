// Patients: a conditional create on GenoDesk's identifier the first time, then updates carrying If-Match
// with the last version we saw. A lost answer is recognised on the retry (the server holds exactly what we
// sent); anything else the server holds that we did not send becomes a conflict for a person to resolve.
import { AppError } from '../../../../shared/errors.ts';
import type { SyncedPatient } from '../../../../shared/schemas/sync.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { EntityPusher, EntityResult } from './entity-pusher.ts';
import { emptyRemote, nowIso } from './entity-pusher.ts';
import type { FhirResource } from './fhir-client.ts';
import { GENODESK_PATIENT_SYSTEM } from './fhir-systems.ts';
import { patientFromFhir, patientToFhir, sameFields, syncedFields } from './patient-resource.ts';
import type { SyncContext } from './sync-context.ts';
import { withRetry } from './sync-context.ts';
import type { OutboxRow, RemoteRow } from './sync-store.ts';
import { assertValidResource } from './validate-resource.ts';

/** Adopt-then-update rounds for one record before giving up for this phase (each round is one 412/200). */
const MAX_ROUNDS = 4;

export const patientPusher: EntityPusher = {
  entityType: 'patient',
  push: (ctx, entityId, rows) => pushPatient(ctx, entityId, rows),
};

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
      ctx.sync.putRemote({ ...remote, syncedVersion: patient.version, unconfirmed: [] }, nowIso(ctx));
      return ctx.sync.markSent(rowIds, nowIso(ctx));
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
    inTransaction(ctx.store.sqlite, () => ctx.sync.putRemote(pending, nowIso(ctx)));
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
      inTransaction(ctx.store.sqlite, () => ctx.sync.putRemote(adopted, nowIso(ctx)));
      continue;
    }
    storeConflict(ctx, 'update-rejected', remote, fields, server, pulled.fields);
    return { pushed: 0, conflict: true };
  }
  throw new AppError('sync/conflict', 'The server kept changing this patient while GenoDesk was sending it; it will be tried again.', { id });
}

function confirm(ctx: SyncContext, remote: RemoteRow, server: FhirResource, fields: SyncedPatient, version: number, rowIds: number[]): EntityResult {
  const at = nowIso(ctx);
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

/**
 * Stores (or refreshes) the open conflict of one record and holds its outbox rows. `T` is the entity's
 * synced fields: a patient's, a medicine's or a relative's; `base` is the last version both sides agreed on.
 */
export function storeConflict<T = SyncedPatient>(
  ctx: SyncContext,
  kind: 'update-rejected' | 'remote-change',
  remote: RemoteRow,
  mine: T,
  server: FhirResource,
  theirs: T,
  base: T | null = remote.base as T | null,
  hold: { entityType: string; entityId: string } = remote,
): void {
  const at = nowIso(ctx);
  const write = () => {
    const open = ctx.sync.openConflict(remote.entityType, remote.entityId);
    if (open) {
      ctx.sync.refreshConflictRemote(open.id, theirs, server, server.meta!.versionId!, server.meta?.lastUpdated ?? null);
    } else {
      ctx.sync.insertConflict<T>({
        entityType: remote.entityType,
        entityId: remote.entityId,
        kind,
        detectedAt: at,
        local: mine,
        remote: theirs,
        remoteResource: server,
        remoteVersionId: server.meta!.versionId!,
        remoteLastUpdated: server.meta?.lastUpdated ?? null,
        base,
      });
    }
    if (!remote.serverId && server.id) ctx.sync.putRemote({ ...remote, serverId: server.id }, at);
    // A relative's conflict holds its family's outbox rows (the family is the outbox entity).
    ctx.sync.holdForConflict(hold.entityType, hold.entityId);
  };
  // Called both on its own (push) and inside the pull's page transaction.
  if (ctx.store.sqlite.inTransaction) write();
  else inTransaction(ctx.store.sqlite, write);
}
