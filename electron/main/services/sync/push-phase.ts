// Push: send every pending outbox row to the server. A row is marked sent only in the transaction that
// records the server's confirmation; anything else (a crash, a lost answer, a refusal) leaves it pending.
// Creates are conditional on GenoDesk's identifier and updates carry If-Match with the last version we
// saw, so a retry after a lost answer never creates a second resource nor overwrites someone else's edit.
// Each entity_type has its pusher in PUSHERS; a row nobody can send fails on its own (kept pending, its
// error in the status) and the rest of the outbox still goes.
import { AppError } from '../../../../shared/errors.ts';
import type { EntityPusher, EntityResult } from './entity-pusher.ts';
import { classificationPusher } from './push-classification.ts';
import { diagnosticReportPusher } from './push-diagnostic-report.ts';
import { patientPusher } from './push-patient.ts';
import { pgxReportPusher } from './push-pgx-report.ts';
import { familyPusher } from './push-family.ts';
import { phenotypePusher } from './push-phenotype.ts';
import type { SyncContext } from './sync-context.ts';
import { endsPhase } from './sync-context.ts';
import type { OutboxRow } from './sync-store.ts';

export { storeConflict } from './push-patient.ts';
export type { EntityPusher, EntityResult } from './entity-pusher.ts';

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

/** Every kind of local change sync can send, by outbox entity_type. */
export const PUSHERS: ReadonlyMap<string, EntityPusher> = new Map(
  [patientPusher, pgxReportPusher, diagnosticReportPusher, classificationPusher, familyPusher, phenotypePusher].map((p) => [p.entityType, p]),
);

function pusherFor(pushers: ReadonlyMap<string, EntityPusher>, row: OutboxRow): EntityPusher {
  const pusher = pushers.get(row.entityType);
  if (pusher) return pusher;
  // Not sync/bad-response: that ends the phase, and one row of a kind this build cannot send (written by a
  // newer GenoDesk, or a feature not wired to sync yet) must not hold back every other change.
  throw new AppError(
    'sync/unsupported-entity',
    `This version of GenoDesk cannot send a "${row.entityType}" change to the central server. It was kept and the other changes were sent; update GenoDesk to send it.`,
    { entityType: row.entityType, entityId: row.entityId },
  );
}

/** `pushers` is for tests; the app always sends with PUSHERS. */
export async function runPushPhase(ctx: SyncContext, pushers: ReadonlyMap<string, EntityPusher> = PUSHERS): Promise<PushOutcome> {
  const outcome: PushOutcome = { pushed: 0, conflicts: 0, deferred: 0, failed: [] };
  let fatal: unknown;
  const waitingForPatient: OutboxRow[][] = [];

  async function handle(group: OutboxRow[], lastChance: boolean): Promise<void> {
    try {
      const pusher = pusherFor(pushers, group[0]);
      const r: EntityResult = await pusher.push(ctx, group[0].entityId, group);
      outcome.pushed += r.pushed;
      outcome.conflicts += r.conflict ? 1 : 0;
      if (r.deferred && pusher.waitsForPatient && !lastChance) waitingForPatient.push(group);
      else if (r.deferred) outcome.deferred++;
      if (r.failed) {
        ctx.sync.recordAttemptError(
          group.map((row) => row.id),
          r.failed.message,
        );
        outcome.failed.push(r.failed);
      }
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
  for (const group of waitingForPatient) {
    if (fatal) break;
    await handle(group, true);
  }
  if (fatal) throw fatal;
  return outcome;
}
