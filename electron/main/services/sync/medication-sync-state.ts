// Local state sync needs for medicines: the row as synced fields, a central change written through the mutator
// (audited, not queued: the server already holds it), and the remote bookkeeping row. The remote table's
// `base` is typed for patients; a medicine's fields are stored as-is.
import type { SyncedPatient } from '../../../../shared/schemas/sync.ts';
import { createMutator } from '../mutator.ts';
import { medicationsStore, type MedicationRow } from '../medicines/store/medications-store.ts';
import type { FhirResource } from './fhir-client.ts';
import type { SyncedMedication } from './medication-resource.ts';
import type { SyncContext } from './sync-context.ts';
import type { RemoteRow } from './sync-store.ts';

export const MEDICATION = 'medication';
/**
 * A medicine pulled as a MedicationRequest keeps that request's bookkeeping in its own sync_remote row: the
 * 'medication' row becomes GenoDesk's own MedicationStatement once one is sent, and the request's version
 * must not be forgotten then, or its next (unchanged) pull would look like a central change and undo a stop.
 */
export const MEDICATION_REQUEST = 'medication-request';

/** What sync last knew of the server resource of this type for a medicine (older stores kept a request under 'medication'). */
export function remoteOf(ctx: SyncContext, id: string, resourceType: string): RemoteRow | undefined {
  if (resourceType === 'MedicationRequest') {
    const legacy = ctx.sync.getRemote(MEDICATION, id);
    return ctx.sync.getRemote(MEDICATION_REQUEST, id) ?? (legacy?.resourceType === 'MedicationRequest' ? legacy : undefined);
  }
  return ctx.sync.getRemote(MEDICATION, id);
}

export function fieldsOf(row: MedicationRow): SyncedMedication {
  return { drug: row.drug, code: row.code, dose: row.dose, started: row.started, stopped: row.stopped, status: row.status };
}

export function baseOf(remote: RemoteRow | undefined): SyncedMedication | null {
  return (remote?.base as unknown as SyncedMedication | null) ?? null;
}

export function remoteFor(id: string, resourceType: string, server: FhirResource, fields: SyncedMedication, syncedVersion: number | null, previous?: RemoteRow): RemoteRow {
  return {
    entityType: resourceType === 'MedicationRequest' ? MEDICATION_REQUEST : MEDICATION,
    entityId: id,
    resourceType,
    serverId: server.id ?? previous?.serverId ?? null,
    versionId: server.meta?.versionId ?? null,
    lastUpdated: server.meta?.lastUpdated ?? null,
    syncedVersion,
    base: fields as unknown as SyncedPatient,
    resource: server,
    unconfirmed: [],
  };
}

/** Writes `fields` onto the local medicine as a change from the central server. */
export function applyToLocal(ctx: SyncContext, row: MedicationRow, fields: SyncedMedication, action: string): MedicationRow {
  const mutate = createMutator({ store: ctx.store, actor: ctx.pullActor, clock: ctx.clock });
  return mutate(({ at, record }) => {
    const next: MedicationRow = { ...row, ...fields, version: row.version + 1, updatedAt: at };
    medicationsStore(ctx.store.sqlite).update(next);
    const changes: Record<string, unknown> = {};
    for (const k of Object.keys(fields) as (keyof SyncedMedication)[]) if (fields[k] !== row[k]) changes[k] = [row[k], fields[k]];
    record({ entityType: MEDICATION, entityId: row.id, action, changes });
    return next;
  });
}
