// `npm start` runs this first. Electron's program (~100 MB) is not in the npm package: the package downloads it
// from GitHub — by an install script in older releases (which npm 11+ runs only when package.json's allowScripts
// approves it, npm 12 by default not at all), and in Electron 45 on first use, from index.js. Where neither
// happened (scripts not approved, no network, ELECTRON_SKIP_BINARY_DOWNLOAD) electron-vite stops with a bare
// "Error: Electron uninstall". This says in plain words what is missing and what to do instead.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type ElectronCheck = { ok: true; binary: string } | { ok: false; message: string };

/** Finds the Electron program the way electron's own index.js does, without triggering its download. */
export function checkElectron(electronDir: string | null, env: NodeJS.ProcessEnv = process.env): ElectronCheck {
  if (electronDir === null) {
    return { ok: false, message: advice('The "electron" package is not installed (node_modules/electron is missing).', 'npm install') };
  }
  const pathTxt = path.join(electronDir, 'path.txt');
  const executable = fs.existsSync(pathTxt) ? fs.readFileSync(pathTxt, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron');
    if (fs.existsSync(binary)) return { ok: true, binary };
    return { ok: false, message: advice(`ELECTRON_OVERRIDE_DIST_PATH is set, but ${binary} does not exist.`, null) };
  }
  if (executable) {
    const binary = path.join(electronDir, 'dist', executable);
    if (fs.existsSync(binary)) return { ok: true, binary };
  }
  return {
    ok: false,
    message: advice("Electron's program was never downloaded: npm installed the electron package, but its download did not run or did not finish.", null),
  };
}

function advice(what: string, firstStep: string | null): string {
  return [
    'GenoDesk cannot start as a desktop app.',
    '',
    what,
    '',
    'Either:',
    `  1. ${firstStep ? `Run "${firstStep}", then download` : 'Download'} Electron's program (needs the internet, about 100 MB):`,
    '       npx install-electron --no',
    '     (or install again with install scripts allowed: package.json\'s "allowScripts" approves "electron";',
    '      do not set ELECTRON_SKIP_BINARY_DOWNLOAD), then run "npm start" again.',
    '  2. Or use GenoDesk in a web browser on this computer, without Electron (the browser harness):',
    '       GENODESK_DB_KEY=choose-a-key npm run harness',
    '     and open the address it prints.',
  ].join('\n');
}

function electronPackageDir(): string | null {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = checkElectron(electronPackageDir());
  if (!result.ok) {
    console.error(result.message);
    process.exit(1);
  }
}
