// Applies the committed drizzle-kit migrations the way drizzle-orm 0.45's SQLite migrator does (same
// `__drizzle_migrations` table, hash and created_at, one transaction), without loading drizzle-orm itself:
// every module of drizzle-orm makes Node re-read its 178 kB package.json (the exports map), so loading the
// query builder cost ~0.5 s and ~150 MB of garbage on each CLI start (issue 15 §6), for a store that
// never uses it at run time (all queries are plain SQL). `readMigrationFiles` is drizzle's own reader
// (two node: imports), so the statements and hashes are exactly what drizzle would apply.
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { SqliteDatabase } from './connection.ts';

const TABLE = '__drizzle_migrations';

/** Runs every migration newer than the store's last one, all or none. A store already up to date reads one row. */
export function applyMigrations(sqlite: SqliteDatabase, migrationsFolder: string): void {
  const migrations = readMigrationFiles({ migrationsFolder });
  sqlite.exec(`CREATE TABLE IF NOT EXISTS "${TABLE}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
  const last = sqlite.prepare(`SELECT created_at AS at FROM "${TABLE}" ORDER BY created_at DESC LIMIT 1`).get() as { at: number | string | null } | undefined;
  const lastAt = last ? Number(last.at) : null;
  const pending = migrations.filter((m) => lastAt === null || lastAt < m.folderMillis);
  if (pending.length === 0) return;
  const record = sqlite.prepare(`INSERT INTO "${TABLE}" ("hash", "created_at") VALUES (?, ?)`);
  sqlite.exec('BEGIN');
  try {
    for (const migration of pending) {
      for (const statement of migration.sql) sqlite.exec(statement);
      record.run(migration.hash, migration.folderMillis);
    }
    sqlite.exec('COMMIT');
  } catch (err) {
    sqlite.exec('ROLLBACK');
    throw err;
  }
}
