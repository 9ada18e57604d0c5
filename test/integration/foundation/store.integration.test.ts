import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_FOLDER, openStore } from '../../../electron/main/db/connection.ts';
import { createPatientsService } from '../../../electron/main/services/patients/patients-service.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

describe('encrypted store', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  it('holds no plaintext patient name or NHS number on disk, and refuses the wrong key or no key', () => {
    const file = path.join(dir, 'genodesk.db');
    const store = openStore({ file, key: 'correct horse battery staple' });
    const patients = createPatientsService({ store, actor: 'test' });
    patients.create({ nhsNumber: '943 476 5919', familyName: 'Plaintextsurname', givenName: 'Visiblegiven', birthDate: '1970-01-01' });
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    store.close();

    for (const f of fs.readdirSync(dir)) {
      const bytes = fs.readFileSync(path.join(dir, f));
      for (const secret of ['Plaintextsurname', 'plaintextsurname', 'Visiblegiven', '9434765919', 'SQLite format 3']) {
        expect(bytes.includes(Buffer.from(secret)), `${f} contains "${secret}"`).toBe(false);
      }
    }
    expect(() => openStore({ file, key: 'wrong key' })).toThrowError(expect.objectContaining({ code: 'db/key-invalid' }));
    expect(() => openStore({ file, key: '' })).toThrowError(expect.objectContaining({ code: 'db/key-required' }));

    const reopened = openStore({ file, key: 'correct horse battery staple' });
    expect(createPatientsService({ store: reopened, actor: 'test' }).search({ query: 'plaintext' }).total).toBe(1);
    reopened.close();
  });

  it('uses WAL, foreign keys and STRICT tables for every GenoDesk table', () => {
    const store = openStore({ file: path.join(dir, 's.db'), key: 'k' });
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = store.sqlite
      .prepare("SELECT name, strict FROM pragma_table_list WHERE schema='main' AND name NOT LIKE 'sqlite_%' AND name != '__drizzle_migrations'")
      .all() as { name: string; strict: number }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['patients', 'audit_log', 'sync_outbox']));
    for (const t of tables) expect(t.strict, `${t.name} is STRICT`).toBe(1);
    store.close();
  });

  it('refuses a store written by a newer schema, changing nothing', () => {
    const file = path.join(dir, 'newer.db');
    const store = openStore({ file, key: 'k' });
    // A newer app's migration, recorded as drizzle records it.
    store.sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('from-the-future', Date.now() + 10 * 365 * 86400e3);
    store.close();
    const before = fs.readFileSync(file);
    expect(() => openStore({ file, key: 'k' })).toThrowError(expect.objectContaining({ code: 'db/newer-than-app' }));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('every committed migration creates STRICT tables only', () => {
    for (const f of fs.readdirSync(DEFAULT_MIGRATIONS_FOLDER).filter((x) => x.endsWith('.sql'))) {
      const sql = fs.readFileSync(path.join(DEFAULT_MIGRATIONS_FOLDER, f), 'utf8');
      const creates = sql.match(/CREATE TABLE[\s\S]*?\)\s*(STRICT)?;/g) ?? [];
      for (const c of creates) expect(c, `${f}: ${c.slice(0, 60)}`).toMatch(/\)\s*STRICT;$/);
    }
  });
});
