// Medicines (outbox 'medication') as MedicationStatement: a conditional create on GenoDesk's identifier the
// first time, then updates with If-Match. When the server's copy changed meanwhile (412, or a create that
// found someone else's edit) and differs from ours, a conflict with both versions is stored and nothing is
// sent until a person chooses (conflicts.ts): a stop here against a dose change there is shown, not merged.
import { AppError } from '../../../../shared/errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { medicationsStore, type MedicationRow } from '../medicines/store/medications-store.ts';
import type { EntityPusher, EntityResult } from './entity-pusher.ts';
import { emptyRemote, nowIso } from './entity-pusher.ts';
import type { FhirResource } from './fhir-client.ts';
import { GENODESK_MEDICATION_SYSTEM } from './fhir-systems.ts';
import { medicationFromFhir, medicationToFhir, sameMedication } from './medication-resource.ts';
import { baseOf, fieldsOf, MEDICATION, remoteFor } from './medication-sync-state.ts';
import { storeConflict } from './push-patient.ts';
import type { SyncContext } from './sync-context.ts';
import { withRetry } from './sync-context.ts';
import type { OutboxRow } from './sync-store.ts';
import { assertValidResource } from './validate-resource.ts';

export const medicationPusher: EntityPusher = {
  entityType: MEDICATION,
  waitsForPatient: true,
  push: (ctx, id, rows) => pushMedication(ctx, id, rows),
};

async function pushMedication(ctx: SyncContext, id: string, rows: OutboxRow[]): Promise<EntityResult> {
  const rowIds = rows.map((r) => r.id);
  if (ctx.sync.openConflict(MEDICATION, id)) {
    // A person must choose first; sending now would overwrite one side silently.
    inTransaction(ctx.store.sqlite, () => ctx.sync.holdForConflict(MEDICATION, id));
    return { pushed: 0, deferred: true };
  }
  const store = medicationsStore(ctx.store.sqlite);
  const stored = store.get(id);
  if (!stored) throw new AppError('medicines/not-found', 'A medicine waiting to be sent is no longer in the store; it was kept in the queue.', { id });
  const row: MedicationRow = stored;
  const patientRemote = ctx.sync.getRemote('patient', row.patientId);
  if (!patientRemote?.serverId) return { pushed: 0, deferred: true }; // its patient goes first
  const patientReference = `Patient/${patientRemote.serverId}`;
  const found = ctx.sync.getRemote(MEDICATION, id);
  // A medicine pulled as a MedicationRequest is answered with GenoDesk's own MedicationStatement.
  const remote = found && found.resourceType === 'MedicationStatement' ? found : emptyRemote(MEDICATION, id, 'MedicationStatement');
  const identifier = remote.resource ? undefined : id;

  const fields = fieldsOf(row);
  if (remote.serverId && sameMedication(baseOf(remote), fields)) {
    const done = remote;
    const version = row.version;
    return { pushed: inTransaction(ctx.store.sqlite, () => (ctx.sync.putRemote({ ...done, syncedVersion: version }, nowIso(ctx)), ctx.sync.markSent(rowIds, nowIso(ctx)))) };
  }
  const body = medicationToFhir(identifier ?? id, patientReference, fields);
  // A pulled statement keeps its own identifiers; ours is added beside them.
  if (remote.resource) body.identifier = mergeIdentifiers(remote.resource, id);
  let server: FhirResource;
  if (!remote.serverId) {
    assertValidResource(body, `medication ${id}`);
    const answer = await withRetry(ctx, () =>
      ctx.client.request('POST', 'MedicationStatement', {
        body,
        headers: { 'if-none-exist': `identifier=${encodeURIComponent(GENODESK_MEDICATION_SYSTEM)}|${encodeURIComponent(id)}` },
        expect: 'MedicationStatement',
      }),
    );
    server = answer.resource!;
    if (answer.status === 201) return confirm(ctx, id, server, fields, row.version, rowIds);
  } else {
    const serverId = remote.serverId;
    body.id = serverId;
    assertValidResource(body, `medication ${id}`);
    const answer = await withRetry(ctx, () =>
      ctx.client.request('PUT', `MedicationStatement/${encodeURIComponent(serverId)}`, {
        body,
        headers: remote.versionId ? { 'if-match': `W/"${remote.versionId}"` } : {},
        allow: [412],
        expect: 'MedicationStatement',
      }),
    );
    if (answer.status !== 412) return confirm(ctx, id, answer.resource!, fields, row.version, rowIds);
    server = (await withRetry(ctx, () => ctx.client.request('GET', `MedicationStatement/${encodeURIComponent(serverId)}`, { expect: 'MedicationStatement' }))).resource!;
  }
  const theirs = medicationFromFhir(server)?.fields;
  if (!theirs) throw new AppError('sync/remote-invalid', 'The central copy of this medicine names no drug; it was left as it is.', { id, serverId: server.id });
  if (sameMedication(theirs, fields)) return confirm(ctx, id, server, fields, row.version, rowIds);
  // Both sides changed it since the last version we saw: both kept for a person to choose.
  storeConflict(ctx, 'update-rejected', remote, fields, server, theirs, baseOf(remote));
  return { pushed: 0, conflict: true };
}

function mergeIdentifiers(resource: FhirResource, id: string): { system?: string; value?: string }[] {
  const existing = ((resource as { identifier?: { system?: string; value?: string }[] }).identifier ?? []).filter((i) => i.system !== GENODESK_MEDICATION_SYSTEM);
  return [...existing, { system: GENODESK_MEDICATION_SYSTEM, value: id }];
}

function confirm(ctx: SyncContext, id: string, server: FhirResource, fields: ReturnType<typeof fieldsOf>, version: number, rowIds: number[]): EntityResult {
  const at = nowIso(ctx);
  const pushed = inTransaction(ctx.store.sqlite, () => {
    ctx.sync.putRemote(remoteFor(id, 'MedicationStatement', server, fields, version), at);
    const store = medicationsStore(ctx.store.sqlite);
    if (server.id && !store.get(id)?.fhirId) store.setFhirId(id, `MedicationStatement/${server.id}`);
    return ctx.sync.markSent(rowIds, at);
  });
  return { pushed };
}
