// The per-user data folder. The CLI and the desktop app must agree on it without the CLI loading
// Electron, so it is computed here the way Electron's app.getPath('userData') does for "GenoDesk".
import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER_NAME = 'GenoDesk';
export const STORE_FILE_NAME = 'genodesk.db';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.GENODESK_DATA_DIR) return env.GENODESK_DATA_DIR;
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_FOLDER_NAME);
}

export function storeFile(dataDir: string): string {
  return path.join(dataDir, STORE_FILE_NAME);
}
