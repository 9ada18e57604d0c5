import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkElectron } from '../../../scripts/check-electron.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; allowScripts: Record<string, boolean> };

/** Installed packages (top level and scoped) whose installation runs code: npm's install hooks, or node-gyp's default. */
function packagesWithInstallScripts(): string[] {
  const root = path.join(REPO_ROOT, 'node_modules');
  const names = fs.readdirSync(root).flatMap((d) => (d.startsWith('@') ? fs.readdirSync(path.join(root, d)).map((e) => `${d}/${e}`) : d.startsWith('.') ? [] : [d]));
  return names.filter((name) => {
    const file = path.join(root, name, 'package.json');
    if (!fs.existsSync(file)) return false;
    const scripts = (JSON.parse(fs.readFileSync(file, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
    return ['preinstall', 'install', 'postinstall'].some((k) => scripts[k]) || fs.existsSync(path.join(root, name, 'binding.gyp'));
  });
}

/** What the app needs at run time from an install script: Electron's program, esbuild's binary (electron-vite builds with it). */
const NEEDED_AT_RUN_TIME = ['electron', 'esbuild'];

describe('npm install && npm start for a new user (npm 12 runs only approved install scripts)', () => {
  it('allowScripts decides for every installed package with an install script, and approves those the app needs', () => {
    const withScripts = packagesWithInstallScripts();
    expect(withScripts.length).toBeGreaterThan(0);
    for (const name of withScripts) expect(pkg.allowScripts, `allowScripts has no decision for ${name}`).toHaveProperty([name]);
    for (const name of NEEDED_AT_RUN_TIME) expect(pkg.allowScripts[name], name).toBe(true);
    // Prebuilt N-API binaries ship with the SQLCipher driver: its node-gyp fallback must not compile anything.
    expect(pkg.allowScripts['better-sqlite3-multiple-ciphers']).toBe(false);
  });

  it('npm start checks for Electron before electron-vite runs', () => {
    expect(pkg.scripts.start.startsWith('node scripts/check-electron.ts && ')).toBe(true);
  });

  describe('the check', () => {
    let cleanup = () => {};
    afterEach(() => cleanup());
    const fakeElectron = (withBinary: boolean) => {
      const t = makeTempDir();
      cleanup = t.cleanup;
      fs.writeFileSync(path.join(t.dir, 'package.json'), '{"name":"electron"}');
      if (withBinary) {
        fs.writeFileSync(path.join(t.dir, 'path.txt'), 'electron');
        fs.mkdirSync(path.join(t.dir, 'dist'));
        fs.writeFileSync(path.join(t.dir, 'dist', 'electron'), '');
      }
      return t.dir;
    };

    it('passes when the program was downloaded, or an override points at one', () => {
      const dir = fakeElectron(true);
      expect(checkElectron(dir, {})).toEqual({ ok: true, binary: path.join(dir, 'dist', 'electron') });
      expect(checkElectron(fakeElectron(false), { ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'dist') })).toMatchObject({ ok: true });
    });

    it('says in plain words what is missing and both ways forward', () => {
      const result = checkElectron(fakeElectron(false), {});
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.message).toMatch(/Electron's program was never downloaded/);
      expect(result.message).toMatch(/npx install-electron/);
      expect(result.message).toMatch(/npm run harness/);
      expect(checkElectron(null, {})).toMatchObject({ ok: false, message: expect.stringMatching(/"electron" package is not installed/) });
    });

    it('as npm start runs it: exit 1 with the advice, not electron-vite\'s "Electron uninstall" (where the program is missing)', () => {
      const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/check-electron.ts')], { encoding: 'utf8', env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: path.join(REPO_ROOT, 'no-such-dir') } });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/GenoDesk cannot start as a desktop app/);
      expect(run.stderr).not.toMatch(/Electron uninstall/);
    });
  });
});
