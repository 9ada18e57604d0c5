// The desktop app's database key: random on first run, kept encrypted by the OS keychain through
// Electron safeStorage, never written in clear. (The CLI takes GENODESK_DB_KEY instead.)
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';

const KEY_FILE = 'store-key.bin';

export function loadOrCreateStoreKey(dataDir: string): string {
  const file = path.join(dataDir, KEY_FILE);
  if (!safeStorage.isEncryptionAvailable()) {
    throw new Error('The operating system keychain is not available, so the database key cannot be stored safely.');
  }
  if (fs.existsSync(file)) return safeStorage.decryptString(fs.readFileSync(file));
  const key = randomBytes(32).toString('hex');
  fs.mkdirSync(dataDir, { recursive: true });
  // Write-then-rename: a crash mid-write must never leave a truncated key (the store would be unreadable).
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, safeStorage.encryptString(key), { mode: 0o600 });
  fs.renameSync(tmp, file);
  return key;
}
