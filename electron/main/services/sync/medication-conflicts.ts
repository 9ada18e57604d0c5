// A medicine changed here and on the central server since the last version both agreed on (a stop here, a
// dose change there): both versions shown side by side, and the person's choice written through the mutator
// (medicine row, audit entry and, when the result differs from the server's copy, an outbox entry 'resolve'
// in one transaction). The server's version becomes the base, so the resolution is sent with If-Match on it
// and a further central edit meanwhile is caught as a new conflict instead of being overwritten.
import { AppError } from '../../../../shared/errors.ts';
import type { ConflictChoice, MedicationConflict, SyncedMedication, SyncedMedicationField } from '../../../../shared/schemas/sync.ts';
import { SYNCED_MEDICATION_FIELDS } from '../../../../shared/schemas/sync.ts';
import { medicationsStore, type MedicationRow } from '../medicines/store/medications-store.ts';
import { createMutator } from '../mutator.ts';
import { changesBetween, chooseFields, conflictHeader, differing, fieldRows, openConflictOrThrow, patientName } from './conflict-fields.ts';
import { sameMedication } from './medication-resource.ts';
import { baseOf, fieldsOf, MEDICATION, remoteFor, remoteOf } from './medication-sync-state.ts';
import type { SyncContext } from './sync-context.ts';
import type { ConflictRow } from './sync-store.ts';

const LABELS: Record<SyncedMedicationField, string> = {
  drug: 'Medicine',
  code: 'Code',
  dose: 'Dose',
  started: 'Started',
  status: 'Status',
  stopped: 'Stopped on',
};

const show = (field: SyncedMedicationField, value: unknown): string => {
  if (field === 'status') return value === 'stopped' ? 'Stopped' : 'Active (being taken)';
  return value === null || value === undefined || value === '' ? 'not recorded' : String(value);
};

export function presentMedicationConflict(ctx: SyncContext, c: ConflictRow<SyncedMedication>): MedicationConflict {
  // "Mine" is the medicine as it is here now (it may have changed again since the conflict appeared).
  const row = medicationsStore(ctx.store.sqlite).get(c.entityId);
  const mine = c.status === 'open' && row ? fieldsOf(row) : c.local;
  return {
    ...conflictHeader(c),
    entityType: 'medication',
    label: `Medicine: ${mine.drug}${mine.dose ? ` ${mine.dose}` : ''}`,
    patientId: row?.patientId ?? null,
    patientName: patientName(ctx, row?.patientId ?? null),
    mine,
    theirs: c.remote,
    base: c.base,
    differingFields: differing(SYNCED_MEDICATION_FIELDS, mine, c.remote),
    fields: fieldRows(SYNCED_MEDICATION_FIELDS, LABELS, mine, c.remote, show),
    perFieldAllowed: true,
  };
}

export function resolveMedicationConflict(ctx: SyncContext, id: number, choice: ConflictChoice): MedicationConflict {
  const mutate = createMutator({ store: ctx.store, actor: ctx.actor, clock: ctx.clock });
  const store = medicationsStore(ctx.store.sqlite);
  let patientId: string | null = null;
  mutate(({ at, record }) => {
    const c = openConflictOrThrow<SyncedMedication>(ctx, id);
    const row = store.get(c.entityId);
    if (!row) throw new AppError('medicines/not-found', 'The medicine of this conflict is no longer on the list.', { id: c.entityId });
    const mine = fieldsOf(row);
    const { resolved, label } = chooseFields<SyncedMedicationField, SyncedMedication>(choice, SYNCED_MEDICATION_FIELDS, mine, c.remote);
    if (resolved.status === 'active' && resolved.stopped !== null) {
      throw new AppError('sync/invalid-choice', 'An active medicine has no stop date: take the status and the stop date from the same version.', { status: resolved.status, stopped: resolved.stopped });
    }
    let version = row.version;
    if (!sameMedication(resolved, mine)) {
      version = row.version + 1;
      // A different drug name is matched to the catalogue again when the medicine is read (as for pulled ones).
      const drugChanged = resolved.drug !== row.drug;
      const next: MedicationRow = { ...row, ...resolved, ...(drugChanged ? { drugKey: null, ingredients: '[]' } : {}), version, updatedAt: at };
      store.update(next);
      patientId = row.patientId;
    }
    const agreed = sameMedication(resolved, c.remote);
    const type = c.remoteResource.resourceType;
    ctx.sync.putRemote(remoteFor(c.entityId, type, c.remoteResource, c.remote, agreed ? version : null, remoteOf(ctx, c.entityId, type)), at);
    // What must reach the server: the resolution, unless the statement we send already says it. A conflict
    // with a MedicationRequest is answered on GenoDesk's own MedicationStatement, when there is one.
    const ours = ctx.sync.getRemote(MEDICATION, c.entityId);
    const serverHolds = type !== 'MedicationStatement' && ours?.resourceType === 'MedicationStatement' ? baseOf(ours) : c.remote;
    const send = !sameMedication(resolved, serverHolds);
    // Changes held by the conflict are replaced by the resolution (written below when it must be sent).
    ctx.sync.supersede(MEDICATION, c.entityId);
    record({
      entityType: MEDICATION,
      entityId: c.entityId,
      action: 'sync-resolve',
      changes: { conflictId: c.id, choice: label, serverVersion: c.remoteVersionId, ...changesBetween(SYNCED_MEDICATION_FIELDS, mine, resolved) },
      ...(send ? { outbox: { op: 'resolve' as const, entityVersion: version } } : {}),
    });
    ctx.sync.markConflictResolved(c.id, label, resolved, at, ctx.actor);
  });
  if (patientId) ctx.onMedicinesChanged?.([patientId]);
  return presentMedicationConflict(ctx, ctx.sync.getConflict<SyncedMedication>(id)!);
}
