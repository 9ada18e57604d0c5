// The desktop app's sync settings: server and token URLs and the client id in a JSON file in the data
// folder, the client secret encrypted by the OS keychain (Electron safeStorage) and never written in clear.
// GENODESK_FHIR_* in the environment override the file (scripted and end-to-end runs).
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import type { SyncSettingsStore } from './services/sync-controller.ts';
import { syncConfigFromEnv } from './services/sync-controller.ts';
import type { SyncConfig } from './services/sync/sync-service.ts';

interface StoredSettings {
  serverUrl: string;
  tokenUrl?: string;
  clientId?: string;
  clientSecretEncrypted?: string;
}

export function fileSyncSettings(dataDir: string, env: NodeJS.ProcessEnv = process.env): SyncSettingsStore {
  const file = path.join(dataDir, 'sync-settings.json');
  return {
    load(): SyncConfig | null {
      const fromEnv = syncConfigFromEnv(env);
      if (fromEnv) return fromEnv;
      if (!fs.existsSync(file)) return null;
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredSettings;
      return {
        serverUrl: stored.serverUrl,
        tokenUrl: stored.tokenUrl,
        clientId: stored.clientId,
        clientSecret: stored.clientSecretEncrypted ? safeStorage.decryptString(Buffer.from(stored.clientSecretEncrypted, 'base64')) : undefined,
        timeoutMs: 15_000,
      };
    },
    save(config: SyncConfig): void {
      const stored: StoredSettings = {
        serverUrl: config.serverUrl,
        tokenUrl: config.tokenUrl,
        clientId: config.clientId,
        clientSecretEncrypted: config.clientSecret ? safeStorage.encryptString(config.clientSecret).toString('base64') : undefined,
      };
      const tmp = `${file}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(stored, null, 2), { mode: 0o600 });
      fs.renameSync(tmp, file);
    },
  };
}
