import type { SqliteDatabase } from './connection.ts';

/**
 * Runs `fn` in one IMMEDIATE transaction: the write lock is taken up front so a change, its audit row and
 * its outbox row either all commit or none do, and no other writer interleaves.
 */
export function inTransaction<T>(sqlite: SqliteDatabase, fn: () => T): T {
  return sqlite.transaction(fn).immediate();
}
