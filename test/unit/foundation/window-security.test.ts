import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isAllowedNavigation, isTrustedSender, secureWindowOptions } from '../../../electron/main/window/window-options.ts';
import { createBridge } from '../../../shared/ipc/bridge.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';

describe('BrowserWindow security', () => {
  it('isolates and sandboxes the renderer with no Node integration', () => {
    const prefs = secureWindowOptions('/app/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false });
  });

  it('serves the page under a strict CSP, identical in index.html and the response header', () => {
    const html = fs.readFileSync(path.join(REPO_ROOT, 'renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
  });

  it('blocks navigation away from the app and trusts only its own frames', () => {
    const app = 'file:///opt/GenoDesk/out/renderer/index.html';
    expect(isAllowedNavigation('file:///opt/GenoDesk/out/renderer/index.html', app)).toBe(true);
    expect(isAllowedNavigation('https://example.org/', app)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', app)).toBe(false);
    expect(isAllowedNavigation('not a url', app)).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isTrustedSender(undefined, app)).toBe(false);
    expect(isTrustedSender('https://evil.example/', app)).toBe(false);
    expect(isTrustedSender(app, app)).toBe(true);
  });

  it('the preload bridge exposes invoke/on only and refuses unknown channels before sending', async () => {
    const sent: string[] = [];
    const bridge = createBridge({
      invoke: async (channel) => {
        sent.push(channel);
        return { ok: true, data: null };
      },
      subscribe: () => () => {},
    });
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(await bridge.invoke('patients:search', {})).toEqual({ ok: true, data: null });
    expect(await bridge.invoke('shell:openExternal', 'x')).toMatchObject({ ok: false, error: { code: 'ipc/unknown-channel' } });
    expect(() => bridge.on('anything', () => {})).toThrow(/Unknown event/);
    expect(sent).toEqual(['patients:search']);
  });
});
