// What every kind of conflict shares: comparing two versions field by field, turning a person's choice
// (keep mine / take theirs / per field) into the resolved version, and the side-by-side rows the conflicts
// screen shows. Each entity (patient, medicine, relative) supplies its own field list and words.
import { AppError } from '../../../../shared/errors.ts';
import type { ConflictChoice, ConflictField, SyncConflict } from '../../../../shared/schemas/sync.ts';
import type { SyncContext } from './sync-context.ts';
import type { FhirResource } from './fhir-client.ts';
import type { ConflictRow, RemoteRow } from './sync-store.ts';

export type Resolution = 'keep-mine' | 'take-theirs' | 'per-field';

export function differing<F extends string, T extends Record<F, unknown>>(fields: readonly F[], a: T, b: T): F[] {
  return fields.filter((f) => a[f] !== b[f]);
}

export function chooseFields<F extends string, T extends Record<F, unknown>>(
  choice: ConflictChoice,
  fields: readonly F[],
  mine: T,
  theirs: T,
  perFieldAllowed = true,
): { resolved: T; label: Resolution } {
  if (choice === 'keep-mine') return { resolved: mine, label: 'keep-mine' };
  if (choice === 'take-theirs') return { resolved: theirs, label: 'take-theirs' };
  if (!perFieldAllowed) {
    throw new AppError('sync/invalid-choice', 'This record is kept or taken whole: choose this computer’s version or the central one.', { choice: 'per-field' });
  }
  const picks = choice.perField as Partial<Record<string, 'mine' | 'theirs'>>;
  const missing = differing(fields, mine, theirs).filter((f) => picks[f] === undefined);
  if (missing.length) {
    throw new AppError('sync/invalid-choice', `Choose which version to keep for: ${missing.join(', ')}.`, { missing });
  }
  const resolved = { ...mine };
  for (const f of fields) if (picks[f] === 'theirs') resolved[f] = theirs[f];
  return { resolved, label: 'per-field' };
}

/** The audit entry's `field: [before, after]` pairs. */
export function changesBetween<F extends string, T extends Record<F, unknown>>(fields: readonly F[], before: T, after: T): Record<string, [unknown, unknown]> {
  return Object.fromEntries(differing(fields, before, after).map((f) => [f, [before[f], after[f]]]));
}

export function fieldRows<F extends string, T extends Record<F, unknown>>(
  fields: readonly F[],
  labels: Record<F, string>,
  mine: T,
  theirs: T,
  show: (field: F, value: unknown) => string = (_f, v) => (v === null || v === undefined || v === '' ? 'not recorded' : String(v)),
): ConflictField[] {
  return fields.map((f) => ({ field: f, label: labels[f], mine: show(f, mine[f]), theirs: show(f, theirs[f]), differs: mine[f] !== theirs[f] }));
}

/** The not-found and already-resolved checks every kind of conflict makes inside its resolving transaction. */
export function openConflictOrThrow<T>(ctx: SyncContext, id: number): ConflictRow<T> {
  const c = ctx.sync.getConflict<T>(id);
  if (!c) throw new AppError('sync/conflict-not-found', 'That conflict no longer exists. Refresh the list of conflicts.', { id });
  if (c.status !== 'open') throw new AppError('sync/conflict-already-resolved', 'That conflict was already resolved. Refresh the list of conflicts.', { id });
  return c;
}


/** "Given FAMILY" of the patient a conflict belongs to, as the patient list writes it; null when unknown. */
export function patientName(ctx: SyncContext, patientId: string | null): string | null {
  const p = patientId ? ctx.patients.get(patientId) : undefined;
  return p ? `${p.givenName} ${p.familyName.toUpperCase()}` : null;
}

/** The stored conflict's own columns, as every kind presents them. */
export function conflictHeader(c: ConflictRow<unknown>): Pick<SyncConflict, 'id' | 'entityId' | 'kind' | 'detectedAt' | 'status' | 'resolution' | 'resolvedAt'> {
  return {
    id: c.id,
    entityId: c.entityId,
    kind: c.kind as SyncConflict['kind'],
    detectedAt: c.detectedAt,
    status: c.status,
    resolution: (c.resolution as SyncConflict['resolution']) ?? null,
    resolvedAt: c.resolvedAt,
  };
}

/**
 * The server copy recorded once a conflict is resolved. The server's version becomes the base: the
 * resolution's update names it in If-Match, so a further central edit in the meantime is caught as a new
 * conflict instead of being overwritten. `syncedVersion` is the local version when the resolution agrees with
 * the server (nothing left to send), else null; `resource` is what later sends build on (the server's by default).
 */
export function remoteAfterResolution(
  c: ConflictRow<unknown>,
  kind: { entityType: string; resourceType: string },
  known: RemoteRow | undefined,
  syncedVersion: number | null,
  resource: FhirResource = c.remoteResource,
): RemoteRow {
  return {
    entityType: kind.entityType,
    entityId: c.entityId,
    resourceType: kind.resourceType,
    serverId: known?.serverId ?? c.remoteResource.id ?? null,
    versionId: c.remoteVersionId,
    lastUpdated: c.remoteLastUpdated,
    syncedVersion,
    base: c.remote as never,
    resource,
    unconfirmed: [],
  };
}
