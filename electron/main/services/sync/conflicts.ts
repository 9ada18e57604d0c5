// Conflicts as a counsellor sees them (both versions side by side) and their resolution. Resolving is a
// local change like any other: the record's row, audit row and, when the result differs from the server's
// version, an outbox row (op 'resolve') in one transaction, so the choice reaches the server too. Patients
// are resolved here; medicines and relatives in their own modules, all presented in the same shape.
import { AppError } from '../../../../shared/errors.ts';
import type { ConflictChoice, PatientConflict, SyncConflict, SyncedPatient, SyncedPatientField } from '../../../../shared/schemas/sync.ts';
import { SYNCED_PATIENT_FIELDS } from '../../../../shared/schemas/sync.ts';
import { chooseFields, conflictHeader, fieldRows, openConflictOrThrow, patientName, remoteAfterResolution } from './conflict-fields.ts';
import { FAMILY_MEMBER_ENTITY, presentFamilyMemberConflict, resolveFamilyMemberConflict } from './family-conflicts.ts';
import { presentMedicationConflict, resolveMedicationConflict } from './medication-conflicts.ts';
import { MEDICATION } from './medication-sync-state.ts';
import { inTransaction } from '../../db/transaction.ts';
import { writeAudit } from '../audit.ts';
import { writeOutbox } from '../outbox.ts';
import { cleanDraft } from '../patients/validate-patient.ts';
import { differingFields, sameFields, syncedFields } from './patient-resource.ts';
import type { SyncContext } from './sync-context.ts';
import type { ConflictRow } from './sync-store.ts';

const PATIENT_LABELS: Record<SyncedPatientField, string> = {
  nhsNumber: 'NHS number',
  familyName: 'Family name',
  givenName: 'Given name',
  birthDate: 'Date of birth',
  sex: 'Sex',
};

function present(ctx: SyncContext, c: ConflictRow<unknown>): SyncConflict {
  if (c.entityType === MEDICATION) return presentMedicationConflict(ctx, c as never);
  if (c.entityType === FAMILY_MEMBER_ENTITY) return presentFamilyMemberConflict(ctx, c as never);
  return presentPatient(ctx, c as ConflictRow);
}

function presentPatient(ctx: SyncContext, c: ConflictRow): PatientConflict {
  // "Mine" is the record as it is here now (it may have been edited again since the conflict appeared).
  const local = c.status === 'open' ? ctx.patients.get(c.entityId) : undefined;
  const mine = local ? syncedFields(local) : c.local;
  return {
    ...conflictHeader(c),
    entityType: 'patient',
    label: `Patient: ${mine.givenName} ${mine.familyName.toUpperCase()}`,
    patientId: c.entityId,
    patientName: patientName(ctx, c.entityId),
    fields: fieldRows(SYNCED_PATIENT_FIELDS, PATIENT_LABELS, mine, c.remote),
    perFieldAllowed: true,
    mine,
    theirs: c.remote,
    base: c.base,
    differingFields: differingFields(mine, c.remote),
  };
}

export function listConflicts(ctx: SyncContext, status: 'open' | 'resolved' = 'open'): SyncConflict[] {
  return ctx.sync.listConflicts(status).map((c) => present(ctx, c as ConflictRow<unknown>));
}

export function resolveConflict(ctx: SyncContext, id: number, choice: ConflictChoice): SyncConflict {
  const found = ctx.sync.getConflict<unknown>(id);
  if (found?.entityType === MEDICATION) return resolveMedicationConflict(ctx, id, choice);
  if (found?.entityType === FAMILY_MEMBER_ENTITY) return resolveFamilyMemberConflict(ctx, id, choice);
  return resolvePatientConflict(ctx, id, choice);
}

function resolvePatientConflict(ctx: SyncContext, id: number, choice: ConflictChoice): SyncConflict {
  const at = ctx.clock.now().toISOString();
  inTransaction(ctx.store.sqlite, () => {
    const c = openConflictOrThrow<SyncedPatient>(ctx, id);
    const local = ctx.patients.get(c.entityId);
    if (!local) throw new AppError('patients/not-found', 'The patient of this conflict is no longer in the register.', { id: c.entityId });
    const mine = syncedFields(local);
    const { resolved: picked, label } = chooseFields<SyncedPatientField, SyncedPatient>(choice, SYNCED_PATIENT_FIELDS, mine, c.remote);
    const resolved = cleanDraft(picked, ctx.clock.now()); // same rules as the form: a mix must still be a valid record
    if (resolved.nhsNumber !== mine.nhsNumber) {
      const other = ctx.patients.idWithNhsNumber(resolved.nhsNumber);
      if (other && other !== c.entityId) {
        throw new AppError('patients/duplicate-nhs-number', 'The chosen NHS number belongs to another patient registered here.', { existingPatientId: other });
      }
    }
    let version = local.version;
    if (!sameFields(resolved, mine)) version = ctx.patients.update(c.entityId, local.version, resolved, at);
    const diff = Object.fromEntries(differingFields(mine, resolved).map((f) => [f, [mine[f], resolved[f]]]));
    writeAudit(ctx.store.sqlite, {
      at,
      actor: ctx.actor,
      entityType: 'patient',
      entityId: c.entityId,
      action: 'sync-resolve',
      changes: { conflictId: c.id, choice: label, serverVersion: c.remoteVersionId, ...diff },
    });
    const remote = ctx.sync.getRemote('patient', c.entityId);
    const agreed = sameFields(resolved, c.remote);
    ctx.sync.putRemote(remoteAfterResolution(c, { entityType: 'patient', resourceType: 'Patient' }, remote, agreed ? version : null), at);
    ctx.sync.supersede('patient', c.entityId);
    if (!agreed) writeOutbox(ctx.store.sqlite, { entityType: 'patient', entityId: c.entityId, op: 'resolve', entityVersion: version, createdAt: at });
    ctx.sync.markConflictResolved(c.id, label, resolved, at, ctx.actor);
  });
  return present(ctx, ctx.sync.getConflict<unknown>(id)!);
}
