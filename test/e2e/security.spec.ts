import { test, expect } from './fixtures.ts';

test('the renderer has no Node, reaches only contract channels, and runs under a strict CSP', async ({ app }) => {
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'Worklist', level: 1 })).toBeVisible();

  const globals = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    bridgeKeys: Object.keys((window as unknown as { genodesk: object }).genodesk).sort(),
  }));
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridgeKeys: ['invoke', 'on'] });

  const unknown = await page.evaluate(() => (window as unknown as { genodesk: { invoke(c: string, i: unknown): Promise<unknown> } }).genodesk.invoke('fs:readFile', { path: '/etc/passwd' }));
  expect(unknown).toMatchObject({ ok: false, error: { code: 'ipc/unknown-channel' } });

  const invalid = await page.evaluate(() =>
    (window as unknown as { genodesk: { invoke(c: string, i: unknown): Promise<unknown> } }).genodesk.invoke('patients:create', { draft: { nhsNumber: 42 } }),
  );
  expect(invalid).toMatchObject({ ok: false, error: { code: 'ipc/invalid-input' } });

  // An inline script (as injected content would be) must not run under the CSP.
  const ran = await page.evaluate(async () => {
    const el = document.createElement('script');
    el.textContent = 'window.__inlineRan = true';
    document.body.appendChild(el);
    await new Promise((r) => setTimeout(r, 50));
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);

  if (app.launcher === 'electron') {
    // Navigation away from the app and new windows are refused by the main process.
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.org/';
    });
    await page.waitForTimeout(300);
    expect(page.url()).toBe(before);
    const opened = await page.evaluate(() => window.open('https://example.org/') === null);
    expect(opened).toBe(true);
  }
  await app.screenshot('security-checks');
});
