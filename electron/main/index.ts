// The desktop app: one window, one writer connection, the IPC contract on ipcMain. Everything domain-
// specific lives in services built by composition.ts, which the CLI and the tests share.
import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { contract } from '../../shared/ipc/contract.ts';
import { AppError } from '../../shared/errors.ts';
import { createGenoDesk } from './composition.ts';
import type { GenoDesk } from './composition.ts';
import { defaultDataDir } from './data-dir.ts';
import { createDispatcher } from './ipc/dispatcher.ts';
import { allHandlers } from './ipc/handlers.ts';
import { loadOrCreateStoreKey } from './store-key.ts';
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
  genodesk = createGenoDesk({ dataDir, dbKey: loadOrCreateStoreKey(dataDir), actor: os.userInfo().username });

  const appUrl = process.env.ELECTRON_RENDERER_URL ?? `file://${path.join(__dirname, '../renderer/index.html')}`;
  const dispatcher = createDispatcher(allHandlers({ app: genodesk, version: app.getVersion(), launcher: 'electron' }));
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

  const window = new BrowserWindow(secureWindowOptions(path.join(__dirname, '../preload/index.cjs')));
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, appUrl)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const unsubscribe = genodesk.events.on((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(event, payload);
  });
  window.on('closed', unsubscribe);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(appUrl);
}

app.on('window-all-closed', () => {
  genodesk?.close();
  genodesk = null;
  app.quit();
});
