// The one writer connection to the encrypted store. Opened, checked and migrated before any handler runs.
import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../shared/errors.ts';
import { applyMigrations } from './migrate.ts';

export type SqliteDatabase = Database.Database;

export interface Store {
  sqlite: SqliteDatabase;
  file: string;
  close(): void;
}

export const DEFAULT_MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenStoreOptions {
  file: string;
  key: string;
  /** Where the committed drizzle-kit migrations are; the bundled app passes its own copy. */
  migrationsFolder?: string;
}

/**
 * Opens (creating if absent) the SQLCipher-encrypted store, verifies the key, refuses a store written by
 * a newer app, then applies pending migrations in one transaction.
 */
export function openStore({ file, key, migrationsFolder = DEFAULT_MIGRATIONS_FOLDER }: OpenStoreOptions): Store {
  if (!key) throw new AppError('db/key-required', 'The database key is required to open the encrypted store.', { file });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  try {
    // SQLCipher 4 format (not the library's default ChaCha20), so standard SQLCipher tools can open a store for audit.
    sqlite.pragma(`cipher='sqlcipher'`);
    sqlite.pragma(`legacy=4`);
    sqlite.pragma(`key=${quoteSqlString(key)}`);
    verifyKey(sqlite, file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    refuseNewerStore(sqlite, migrationsFolder, file);
    try {
      applyMigrations(sqlite, migrationsFolder);
    } catch (err) {
      throw new AppError('db/migration-failed', `The store could not be upgraded: ${(err as Error).message}`, { file });
    }
    return { sqlite, file, close: () => sqlite.close() };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}

function quoteSqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function verifyKey(sqlite: SqliteDatabase, file: string): void {
  try {
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') {
      throw new AppError('db/key-invalid', 'The store could not be opened: the database key is wrong, or the file is not a GenoDesk store.', { file });
    }
    throw err;
  }
}

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

/** The migrations this build of the app knows, oldest first. */
export function readJournal(migrationsFolder: string): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

/**
 * drizzle's migrator applies only migrations newer than the store's last one, so a store migrated by a newer
 * app would be used silently with a schema this app does not understand. Stop instead.
 */
function refuseNewerStore(sqlite: SqliteDatabase, migrationsFolder: string, file: string): void {
  const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='__drizzle_migrations'").get();
  if (!hasTable) return;
  const last = sqlite.prepare('SELECT max(created_at) AS at FROM __drizzle_migrations').get() as { at: number | null };
  const entries = readJournal(migrationsFolder);
  const newestKnown = entries.length ? entries[entries.length - 1].when : 0;
  if (last.at !== null && Number(last.at) > newestKnown) {
    throw new AppError(
      'db/newer-than-app',
      'This store was written by a newer version of GenoDesk. Install the newer version to open it; nothing was changed.',
      { file, storeMigration: Number(last.at), appMigration: newestKnown },
    );
  }
}
