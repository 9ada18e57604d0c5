// Pull: MedicationStatement and MedicationRequest changed on the server since their cursors, for patients
// registered here (subject = a patient this install has synced). Each page is applied in one transaction
// with its cursor move, as pull-phase.ts does for patients. A medicine GenoDesk pushed comes back onto its
// own row; others become rows of origin "fhir". When the local row changed since the last sync too (an unsent
// stop, say) and the two differ, a conflict with both versions is stored for a person to resolve and the
// local row is left as it is: a stop on one side against an edit on the other is never decided silently.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../../shared/errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { createMutator } from '../mutator.ts';
import { medicationsStore, type MedicationRow } from '../medicines/store/medications-store.ts';
import type { FhirResource } from './fhir-client.ts';
import { medicationFromFhir, sameMedication } from './medication-resource.ts';
import type { PulledMedication } from './medication-resource.ts';
import { applyToLocal, baseOf, fieldsOf, MEDICATION, remoteFor, remoteOf } from './medication-sync-state.ts';
import { emptyRemote } from './entity-pusher.ts';
import { storeConflict } from './push-patient.ts';
import type { SyncContext } from './sync-context.ts';
import { withRetry } from './sync-context.ts';

export const MEDICATION_RESOURCE_TYPES = ['MedicationStatement', 'MedicationRequest'] as const;

export interface MedicationPullOutcome {
  pulled: number;
  /** Conflicts stored or refreshed. */
  conflicts: number;
  rejected: AppError[];
}

export async function runMedicationPull(ctx: SyncContext): Promise<MedicationPullOutcome> {
  const outcome: MedicationPullOutcome = { pulled: 0, conflicts: 0, rejected: [] };
  const changed = new Set<string>();
  const localPatient = ctx.store.sqlite.prepare("SELECT entity_id AS id FROM sync_remote WHERE entity_type = 'patient' AND server_id = ?").pluck();
  for (const type of MEDICATION_RESOURCE_TYPES) {
    const key = `pull.${type}._lastUpdated`;
    let cursor = ctx.sync.getState(key);
    for (;;) {
      const params = new URLSearchParams({ _sort: '_lastUpdated', _count: String(ctx.pageSize) });
      if (cursor) params.set('_lastUpdated', `ge${cursor}`);
      const answer = await withRetry(ctx, () => ctx.client.request('GET', `${type}?${params.toString()}`, { expect: 'Bundle' }));
      const page = ((answer.resource?.entry as { resource?: FhirResource }[] | undefined) ?? []).map((e) => e.resource).filter((r): r is FhirResource => !!r && r.resourceType === type);
      if (page.length === 0) break;
      const last = page[page.length - 1].meta?.lastUpdated ?? cursor ?? '';
      const n = inTransaction(ctx.store.sqlite, () => {
        let applied = 0;
        let conflicts = 0;
        for (const resource of page) {
          const parsed = medicationFromFhir(resource);
          const subject = parsed?.subject?.replace(/^.*Patient\//, '');
          const patientId = subject ? (localPatient.get(subject) as string | undefined) : undefined;
          if (!parsed || !patientId) continue; // not a patient of this install, or no drug named
          try {
            const r = applyPulled(ctx, type, resource, parsed, patientId);
            if (r === 'applied') {
              applied++;
              changed.add(patientId);
            }
            if (r === 'conflict') conflicts++;
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            outcome.rejected.push(err);
          }
        }
        ctx.sync.setState(key, last, ctx.clock.now().toISOString());
        return { applied, conflicts };
      });
      outcome.pulled += n.applied;
      outcome.conflicts += n.conflicts;
      // A page ending where it began (every entry at the cursor's instant) or a short page: done.
      if (page.length < ctx.pageSize || last === cursor) break;
      cursor = last;
    }
  }
  // After the pages committed: the alerts are derived state and a failure to recompute them loses nothing.
  if (changed.size > 0) ctx.onMedicinesChanged?.([...changed]);
  return outcome;
}

/** Runs inside the page transaction. */
function applyPulled(ctx: SyncContext, type: string, resource: FhirResource, pulled: PulledMedication, patientId: string): 'applied' | 'known' | 'conflict' {
  const store = medicationsStore(ctx.store.sqlite);
  const fhirId = `${type}/${resource.id}`;
  const own = pulled.localId ? store.get(pulled.localId) : undefined;
  const row: MedicationRow | undefined = own && own.patientId === patientId ? own : store.getByFhirId(fhirId);
  if (!row) {
    insertPulled(ctx, type, resource, pulled, patientId, fhirId);
    return 'applied';
  }
  const remote = remoteOf(ctx, row.id, type);
  if (remote?.versionId && remote.versionId === resource.meta?.versionId) return 'known'; // our own push, or a repeated page
  const open = ctx.sync.openConflict(MEDICATION, row.id);
  if (open) {
    // Still waiting for a person: show them the newest central version.
    ctx.sync.refreshConflictRemote(open.id, pulled.fields, resource, resource.meta?.versionId ?? '', resource.meta?.lastUpdated ?? null);
    return 'conflict';
  }
  const mine = fieldsOf(row);
  const at = ctx.clock.now().toISOString();
  if (sameMedication(mine, pulled.fields)) {
    ctx.sync.putRemote(remoteFor(row.id, type, resource, pulled.fields, row.version, remote), at);
    ctx.sync.markSentUpTo(MEDICATION, row.id, row.version, at);
    return 'known';
  }
  const localChanged = remote ? remote.syncedVersion !== row.version : false;
  if (!localChanged) {
    const next = applyToLocal(ctx, row, pulled.fields, 'sync-pull-update');
    ctx.sync.putRemote(remoteFor(row.id, type, resource, pulled.fields, next.version, remote), at);
    return 'applied';
  }
  // Changed on both sides since the last sync: both versions are kept for a person to choose; the local row
  // stays as it is and its outbox rows wait (conflicts.ts resolves it through the mutator).
  // The conflict is the medicine's, whichever resource brought the central change.
  storeConflict(ctx, 'remote-change', { ...(remote ?? emptyRemote(MEDICATION, row.id, type)), entityType: MEDICATION }, mine, resource, pulled.fields, baseOf(remote));
  return 'conflict';
}

function insertPulled(ctx: SyncContext, type: string, resource: FhirResource, pulled: PulledMedication, patientId: string, fhirId: string): void {
  const mutate = createMutator({ store: ctx.store, actor: ctx.pullActor, clock: ctx.clock });
  // A medicine another GenoDesk install pushed keeps its id here too, as patients do.
  const id = pulled.localId && !medicationsStore(ctx.store.sqlite).get(pulled.localId) ? pulled.localId : randomUUID();
  mutate(({ at, record }) => {
    // The drug is matched to the catalogue when the review reads it (the name as the server wrote it is kept).
    medicationsStore(ctx.store.sqlite).insert({
      id,
      patientId,
      ...pulled.fields,
      drugKey: null,
      ingredients: '[]',
      origin: 'fhir',
      fhirId,
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    record({ entityType: MEDICATION, entityId: id, action: 'sync-pull-create', changes: { patientId, ...pulled.fields, source: fhirId, serverVersion: resource.meta?.versionId ?? null } });
    ctx.sync.putRemote(remoteFor(id, type, resource, pulled.fields, 1), at);
  });
}
