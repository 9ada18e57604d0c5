// The desktop app: one window, one writer connection, the IPC contract on ipcMain. Everything domain-
// specific lives in services built by composition.ts, which the CLI and the tests share.
import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import vcfParseWorker from './workers/vcf-parse.worker.ts?modulePath';
import annotateWorker from './workers/annotate.worker.ts?modulePath';
import packContentWorker from './workers/pack-content.worker.ts?modulePath';
import phenotypeWorker from './workers/phenotype.worker.ts?modulePath';
import { contract } from '../../shared/ipc/contract.ts';
import { AppError } from '../../shared/errors.ts';
import { createGenoDesk } from './composition.ts';
import type { GenoDesk } from './composition.ts';
import { defaultDataDir } from './data-dir.ts';
import { createDispatcher } from './ipc/dispatcher.ts';
import { allHandlers } from './ipc/handlers.ts';
import { loadOrCreateStoreKey } from './store-key.ts';
import { fileSyncSettings } from './sync-settings-file.ts';
import { CONTENT_SECURITY_POLICY, isAllowedNavigation, isTrustedSender, secureWindowOptions } from './window/window-options.ts';

const dataDir = defaultDataDir();
app.setName('GenoDesk');
app.setPath('userData', dataDir);

// One writer: a second instance would open the same store, so it hands over to the first and quits.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.whenReady().then(start).catch((err) => {
    console.error('GenoDesk failed to start', err);
    app.exit(1);
  });
}

let genodesk: GenoDesk | null = null;

async function start(): Promise<void> {
  genodesk = createGenoDesk({
    dataDir,
    dbKey: loadOrCreateStoreKey(dataDir),
    actor: os.userInfo().username,
    migrationsFolder: path.join(__dirname, 'migrations'),
    workers: { vcfParse: vcfParseWorker, annotate: annotateWorker, packContent: packContentWorker, phenotype: phenotypeWorker },
    phenotypeInWorker: true,
    resourcesDir: path.join(app.getAppPath(), 'resources'),
    syncSettings: fileSyncSettings(dataDir),
    // Single instance (requestSingleInstanceLock above), so leftovers of a crash are this app's own.
    cleanUpAtStart: true,
  });

  const appUrl = process.env.ELECTRON_RENDERER_URL ?? `file://${path.join(__dirname, '../renderer/index.html')}`;
  let window: BrowserWindow | null = null;
  const chooseFile = async (purpose: 'vcf' | 'outside-call' | 'pack' | 'save-pdf'): Promise<string | null> => {
    if (!window) return null;
    if (purpose === 'save-pdf') {
      const r = await dialog.showSaveDialog(window, { filters: [{ name: 'PDF', extensions: ['pdf'] }] });
      return r.canceled ? null : (r.filePath ?? null);
    }
    const filters = {
      vcf: [{ name: 'VCF', extensions: ['vcf', 'gz'] }],
      'outside-call': [{ name: 'Outside calls (TSV)', extensions: ['tsv', 'txt'] }],
      pack: [{ name: 'Reference pack files', extensions: ['gff3', 'gff', 'gz', 'fa', 'fasta', 'vcf', 'json', 'tsv'] }],
    }[purpose];
    const r = await dialog.showOpenDialog(window, { properties: ['openFile'], filters });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  };
  const dispatcher = createDispatcher(allHandlers({ app: genodesk, version: app.getVersion(), launcher: 'electron', chooseFile }));
  for (const channel of Object.keys(contract)) {
    ipcMain.handle(channel, async (event, payload) => {
      if (!isTrustedSender(event.senderFrame?.url, appUrl)) {
        return { ok: false, error: new AppError('ipc/untrusted-sender', 'Request refused: it did not come from GenoDesk.').toJSON() };
      }
      return dispatcher.dispatch(channel, payload);
    });
  }

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  window = new BrowserWindow(secureWindowOptions(path.join(__dirname, '../preload/index.cjs')));
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, appUrl)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const win = window;
  const unsubscribe = genodesk.events.on((event, payload) => {
    if (!win.isDestroyed()) win.webContents.send(event, payload);
  });
  win.on('closed', unsubscribe);
  win.once('ready-to-show', () => win.show());
  await win.loadURL(appUrl);
  // Sync runs in the background from now on; offline is normal and only shows in the header.
  genodesk.sync.start();
  // The HPO release is parsed in the phenotype worker once the first screen is up, and this thread then reads
  // its snapshot: a report or sync that needs term names before any phenotype screen was opened would
  // otherwise parse it here and hold the window for seconds.
  const desk = genodesk;
  setTimeout(() => void desk.phenotype.ready().catch((err: unknown) => console.error('HPO warm-up failed', err)), HPO_WARM_UP_MS).unref();
}

/** Long enough for the first screen's own requests to go first (the worklist is usable within 2 s). */
const HPO_WARM_UP_MS = 3000;

app.on('window-all-closed', () => {
  const closing = genodesk?.close() ?? Promise.resolve();
  genodesk = null;
  void closing.finally(() => app.quit());
});
