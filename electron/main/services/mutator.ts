// The one way a domain change that must be audited (and usually synced) is written: the row(s), the audit
// entry and the sync-outbox entry commit in one IMMEDIATE transaction, or none of them does. New domains call
// `mutate` instead of writing audit and outbox rows by hand (the same idea as Actual Budget's
// `mutator(undoable(…))` around each mutating handler): a change can then never be saved without its audit
// trail, nor audited without being queued for the central server.
import type { Store } from '../db/connection.ts';
import { inTransaction } from '../db/transaction.ts';
import { writeAudit } from './audit.ts';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import { writeOutbox } from './outbox.ts';
import type { OutboxRecord } from './outbox.ts';

export interface RecordedChange {
  entityType: string;
  entityId: string;
  /** What the audit trail says happened: create, update, stop, import-ped, … */
  action: string;
  changes: Record<string, unknown>;
  /**
   * The outbox entry that makes sync send this entity (`op` and the entity's new version). Omit only for
   * changes central services must not hear about (local-only state such as an annotation run).
   */
  outbox?: { op: OutboxRecord['op']; entityVersion: number };
}

export interface ChangeContext {
  /** One timestamp for the row, its audit entry and its outbox entry. */
  at: string;
  now: Date;
  actor: string;
  /** Writes the audit entry (and outbox entry) of one changed entity, inside the same transaction. */
  record(change: RecordedChange): void;
}

export type Mutate = <T>(write: (change: ChangeContext) => T) => T;

export interface MutatorDeps {
  store: Store;
  actor: string;
  clock?: Clock;
  /** Called after a transaction that queued something for sync has committed (the scheduler listens). */
  onCommitted?: () => void;
}

export function createMutator({ store, actor, clock = systemClock, onCommitted = () => {} }: MutatorDeps): Mutate {
  const { sqlite } = store;
  return <T>(write: (change: ChangeContext) => T): T => {
    let queued = false;
    const result = inTransaction(sqlite, () => {
      const now = clock.now();
      const at = now.toISOString();
      return write({
        at,
        now,
        actor,
        record(change) {
          writeAudit(sqlite, { at, actor, entityType: change.entityType, entityId: change.entityId, action: change.action, changes: change.changes });
          if (change.outbox) {
            writeOutbox(sqlite, { entityType: change.entityType, entityId: change.entityId, op: change.outbox.op, entityVersion: change.outbox.entityVersion, createdAt: at });
            queued = true;
          }
        },
      });
    });
    // Only after commit: a rolled-back change must not wake the sync scheduler.
    if (queued) onCommitted();
    return result;
  };
}
