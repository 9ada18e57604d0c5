// `npm run harness`: the app in any browser where Electron's binary is missing. Prints the URL to open.
import path from 'node:path';
import { defaultDataDir } from '../../../electron/main/data-dir.ts';
import { startHarness } from './harness-server.ts';
import { syncConfigFromEnv } from '../../../electron/main/services/sync-controller.ts';

const dataDir = process.env.GENODESK_DATA_DIR ?? path.join(defaultDataDir(), 'harness');
const dbKey = process.env.GENODESK_DB_KEY;
if (!dbKey) {
  console.error('Set GENODESK_DB_KEY (the store is encrypted at rest), e.g. GENODESK_DB_KEY=choose-a-key npm run harness');
  process.exit(1);
}
const harness = await startHarness({ dataDir, dbKey, port: Number(process.env.PORT ?? 0), syncConfig: syncConfigFromEnv(process.env) });
console.log(`GenoDesk harness on ${harness.url} (data: ${dataDir})`);
console.log(`Open: ${harness.appUrl}`);
const stop = () => harness.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
