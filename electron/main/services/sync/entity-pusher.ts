// What the push phase asks of each kind of outbox row. One pusher per entity_type, found in a registry
// (push-phase.ts): a new kind of local change plugs in by adding a pusher, and a kind nobody registered
// fails on its own rows only, never the rest of the outbox.
import type { AppError } from '../../../../shared/errors.ts';
import type { SyncContext } from './sync-context.ts';
import type { OutboxRow, RemoteRow } from './sync-store.ts';

export interface EntityResult {
  /** Outbox rows marked sent (each only after the server confirmed what it describes). */
  pushed: number;
  conflict?: boolean;
  /** Not sent this time and not an error: held by a conflict, or waiting for the record it depends on. */
  deferred?: boolean;
  /**
   * A record made of independent parts (classification versions) may send some and fail on others: the
   * parts sent are counted in `pushed`, the first failure is reported here and its rows stay pending.
   * Errors that make the server unusable are thrown instead (they end the phase).
   */
  failed?: AppError;
}

export interface EntityPusher {
  /** The outbox entity_type this pusher sends. */
  readonly entityType: string;
  /**
   * The record points at its patient on the server (a report's subject). When it reports `deferred` because
   * the patient is not there yet, the phase tries it once more after every other row went out.
   */
  readonly waitsForPatient?: boolean;
  /** Sends one record; `rows` are its pending outbox rows in id order (several edits collapse into one push). */
  push(ctx: SyncContext, entityId: string, rows: OutboxRow[]): Promise<EntityResult>;
}

export function nowIso(ctx: SyncContext): string {
  return ctx.clock.now().toISOString();
}

export function emptyRemote(entityType: string, entityId: string, resourceType: string): RemoteRow {
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
