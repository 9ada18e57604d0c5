// The app fixture: each test gets its own data folder and its own running GenoDesk, launched as the
// Electron app where its binary exists, otherwise as the renderer in Debian's Chromium + loopback harness.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { test as base, chromium, _electron } from '@playwright/test';
import type { Page } from '@playwright/test';
import { REPO_ROOT } from '../helpers/paths.ts';
import { startHarness } from './harness/harness-server.ts';
import { checkScreen } from './helpers/screen-checks.ts';
import { syncConfigFromEnv } from '../../electron/main/services/sync-controller.ts';

export type Launcher = 'electron' | 'chromium';

export function electronBinary(): string | null {
  // Not require('electron'): with the binary missing, its index.js tries to download it.
  const pkg = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathTxt = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathTxt)) return null;
  const bin = path.join(pkg, 'dist', fs.readFileSync(pathTxt, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}

export function chosenLauncher(): Launcher {
  const wanted = process.env.GENODESK_E2E_LAUNCHER;
  if (wanted === 'electron' || wanted === 'chromium') return wanted;
  return electronBinary() ? 'electron' : 'chromium';
}

export const CHROMIUM_PATH = process.env.GENODESK_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

export interface AppHandle {
  page: Page;
  launcher: Launcher;
  dataDir: string;
  /** Checks the screen (axe-core, horizontal overflow) and saves screenshots at the spec's size and at 1366 × 768. */
  screenshot(name: string): Promise<string>;
  /** performance.now() just before the app was launched (Electron) or the page opened (harness): start-up is measured from here. */
  launchedAt: number;
}

/** Environment for the app under test (e.g. GENODESK_FHIR_* to point sync at a test server): `test.use({ appEnv })`. */
export const test = base.extend<{ app: AppHandle; appEnv: Record<string, string> }>({
  appEnv: [{}, { option: true }],
  app: async ({ appEnv }, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-e2e-'));
    const launcher = chosenLauncher();
    const screenshot = (page: Page, name: string) => checkScreen(page, name);
    if (launcher === 'electron') {
      const launchedAt = performance.now();
      const electronApp = await _electron.launch({ args: [path.join(REPO_ROOT, 'out/main/index.js')], env: { ...process.env, ...appEnv, GENODESK_DATA_DIR: dataDir } as Record<string, string> });
      const page = await electronApp.firstWindow();
      await use({ page, launcher, dataDir, screenshot: (n) => screenshot(page, n), launchedAt });
      await electronApp.close();
    } else {
      const harness = await startHarness({ dataDir, dbKey: 'e2e-test-key', syncConfig: syncConfigFromEnv(appEnv) });
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      // A context of its own: axe-core's Playwright runner needs one (browser.newPage's implicit context is refused).
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const launchedAt = performance.now();
      await page.goto(harness.appUrl);
      await use({ page, launcher, dataDir, screenshot: (n) => screenshot(page, n), launchedAt });
      await browser.close();
      await harness.close();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
