// Pull: bring back patients changed on the server since the cursor. Each page is applied in one
// transaction together with the cursor move, so the cursor can never be ahead of what was committed: a
// crash repeats the page (already-known versions are skipped) and loses nothing.
import { AppError } from '../../../../shared/errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { writeAudit } from '../audit.ts';
import type { FhirResource } from './fhir-client.ts';
import { GENODESK_PATIENT_SYSTEM } from './fhir-systems.ts';
import { differingFields, patientFromFhir, sameFields, syncedFields } from './patient-resource.ts';
import type { PulledPatient } from './patient-resource.ts';
import { storeConflict } from './push-patient.ts';
import { runMedicationPull } from './pull-medications.ts';
import type { SyncContext } from './sync-context.ts';
import { withRetry } from './sync-context.ts';

export const PATIENT_CURSOR_KEY = 'pull.Patient._lastUpdated';

export interface PullOutcome {
  /** Server changes applied to the local register. */
  pulled: number;
  /** Conflicts this phase stored or refreshed. */
  conflicts: number;
  /** Server records that could not be taken in (left on the server, reported). */
  rejected: AppError[];
}

/** A page where every entry shares the cursor's instant is re-asked with a bigger page, up to this. */
const MAX_PAGE = 5000;

export async function runPullPhase(ctx: SyncContext): Promise<PullOutcome> {
  const outcome: PullOutcome = { pulled: 0, conflicts: 0, rejected: [] };
  let cursor = ctx.sync.getState(PATIENT_CURSOR_KEY);
  let count = ctx.pageSize;
  for (;;) {
    // Only records carrying GenoDesk's identifier: patients some GenoDesk install registered, not the
    // whole national index. `ge` (not `gt`) because several records can share one instant.
    const params = new URLSearchParams({ identifier: `${GENODESK_PATIENT_SYSTEM}|`, _sort: '_lastUpdated', _count: String(count) });
    if (cursor) params.set('_lastUpdated', `ge${cursor}`);
    const answer = await withRetry(ctx, () => ctx.client.request('GET', `Patient?${params.toString()}`, { expect: 'Bundle' }));
    const page = ((answer.resource?.entry as { resource?: FhirResource }[] | undefined) ?? [])
      .map((e) => e.resource)
      .filter((r): r is FhirResource => !!r && r.resourceType === 'Patient');
    if (page.length === 0) break;
    const stamps = page.map((r) => r.meta?.lastUpdated ?? '');
    if (stamps.some((s, i) => s === '' || (i > 0 && s < stamps[i - 1]))) {
      throw new AppError('sync/bad-response', 'The FHIR server did not sort changed patients by last update as asked, so GenoDesk cannot pull safely. Nothing was changed here.', {
        server: ctx.client.serverUrl,
      });
    }
    const last = stamps[stamps.length - 1];
    if (page.length >= count && last === cursor) {
      // A full page all at the cursor's instant: moving on would skip the rest of that instant.
      if (count >= MAX_PAGE) throw new AppError('sync/bad-response', 'Too many patients share one last-updated time on the server to pull them safely.', { count });
      count = Math.min(MAX_PAGE, count * 2);
      continue;
    }
    const applied = inTransaction(ctx.store.sqlite, () => {
      const result = { pulled: 0, conflicts: 0 };
      for (const resource of page) {
        try {
          const r = applyPulled(ctx, patientFromFhir(resource, ctx.clock.now()), resource);
          if (r === 'applied') result.pulled++;
          if (r === 'conflict') result.conflicts++;
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          outcome.rejected.push(err);
        }
      }
      ctx.sync.setState(PATIENT_CURSOR_KEY, last, ctx.clock.now().toISOString());
      return result;
    });
    outcome.pulled += applied.pulled;
    outcome.conflicts += applied.conflicts;
    cursor = last;
    if (page.length < count) break;
    count = ctx.pageSize;
  }
  // Medicines after patients, so a medicine's subject is already known here (pull-medications.ts).
  const medicines = await runMedicationPull(ctx);
  outcome.pulled += medicines.pulled;
  outcome.conflicts += medicines.conflicts;
  outcome.rejected.push(...medicines.rejected);
  return outcome;
}

type Applied = 'applied' | 'known' | 'conflict' | 'adopted';

/** Runs inside the page transaction. */
function applyPulled(ctx: SyncContext, pulled: PulledPatient, resource: FhirResource): Applied {
  const at = ctx.clock.now().toISOString();
  const id = pulled.localId;
  const remote = ctx.sync.getRemote('patient', id) ?? {
    entityType: 'patient',
    entityId: id,
    resourceType: 'Patient',
    serverId: null,
    versionId: null,
    lastUpdated: null,
    syncedVersion: null,
    base: null,
    resource: null,
    unconfirmed: [],
  };
  if (remote.versionId === pulled.versionId) return 'known'; // our own push, or a page repeated after a crash
  const serverState = {
    ...remote,
    serverId: pulled.serverId,
    versionId: pulled.versionId,
    lastUpdated: pulled.lastUpdated,
    base: pulled.fields,
    resource,
  };
  const local = ctx.patients.get(id);

  if (!local) {
    const clash = ctx.patients.idWithNhsNumber(pulled.fields.nhsNumber);
    if (clash) {
      throw new AppError(
        'sync/remote-invalid',
        'A patient on the FHIR server has the same NHS number as a different patient registered here; it was not taken in. Check both records.',
        { serverId: pulled.serverId, localPatientId: clash },
      );
    }
    ctx.patients.insert(id, pulled.fields, at);
    writeAudit(ctx.store.sqlite, { at, actor: ctx.pullActor, entityType: 'patient', entityId: id, action: 'sync-pull-create', changes: { ...pulled.fields, serverVersion: pulled.versionId } });
    ctx.sync.putRemote({ ...serverState, syncedVersion: 1, unconfirmed: [] }, at);
    return 'applied';
  }

  const mine = syncedFields(local);
  const open = ctx.sync.openConflict('patient', id);
  if (open) {
    // Still waiting for a person: show them the newest central version.
    ctx.sync.refreshConflictRemote(open.id, pulled.fields, resource, pulled.versionId, pulled.lastUpdated);
    return 'conflict';
  }
  const localChanged = remote.syncedVersion !== local.version;
  if (sameFields(mine, pulled.fields)) {
    // Both sides hold the same fields: whatever waits in the outbox for this record is already there.
    ctx.sync.putRemote({ ...serverState, syncedVersion: local.version, unconfirmed: [] }, at);
    ctx.sync.markSentUpTo('patient', id, local.version, at);
    return 'adopted';
  }
  if (!localChanged) {
    if (pulled.fields.nhsNumber !== mine.nhsNumber) {
      const clash = ctx.patients.idWithNhsNumber(pulled.fields.nhsNumber);
      if (clash && clash !== id) {
        throw new AppError('sync/remote-invalid', 'A central change gives this patient an NHS number already registered to another patient here; it was not taken in.', {
          serverId: pulled.serverId,
          localPatientId: clash,
        });
      }
    }
    const version = ctx.patients.update(id, local.version, pulled.fields, at);
    const diff = Object.fromEntries(differingFields(mine, pulled.fields).map((f) => [f, [mine[f], pulled.fields[f]]]));
    writeAudit(ctx.store.sqlite, { at, actor: ctx.pullActor, entityType: 'patient', entityId: id, action: 'sync-pull-update', changes: { ...diff, serverVersion: pulled.versionId } });
    ctx.sync.putRemote({ ...serverState, syncedVersion: version, unconfirmed: [] }, at);
    return 'applied';
  }
  if (remote.unconfirmed.some((u) => sameFields(u, pulled.fields))) {
    // The server holds one of our own sends whose answer was lost; the newer local edit still goes out.
    ctx.sync.putRemote({ ...serverState, syncedVersion: null }, at);
    return 'adopted';
  }
  storeConflict(ctx, 'remote-change', remote, mine, resource, pulled.fields);
  return 'conflict';
}
