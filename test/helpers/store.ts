import crypto from 'node:crypto';
import type { Store } from '../../electron/main/db/connection.ts';

/** A checksum over every row of every table: "the store is exactly as it was" becomes one comparison. */
export function storeChecksum(store: Store): string {
  const hash = crypto.createHash('sha256');
  const tables = store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[];
  for (const { name } of tables) {
    hash.update(`#${name}\n`);
    for (const row of store.sqlite.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).iterate()) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}
