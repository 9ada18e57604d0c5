import { defineConfig } from '@playwright/test';

// One set of specs, two launchers (test/e2e/fixtures.ts): the Electron app where its binary exists,
// else Debian's Chromium against the built renderer through the loopback harness.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  use: { viewport: { width: 1280, height: 900 } },
});
