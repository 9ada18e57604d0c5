import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { test, expect } from './fixtures.ts';
import { WorklistPage } from './pages/worklist.page.ts';
import { SequencingTabPage } from './pages/sequencing.page.ts';
import { createPatients } from './helpers/seed.ts';
import { NA12878_GRCH38, makeLargeVcf } from './helpers/vcf-files.ts';

test('start-up: the worklist is usable within 2 s of launch, and says so when nobody is registered yet', async ({ app }) => {
  const { page } = app;
  const worklist = new WorklistPage(page);
  await expect(worklist.empty()).toContainText('No patients are registered yet');
  const seenMs = performance.now() - app.launchedAt;
  // Stamped on the frame after the first answer is painted.
  await expect(page.locator('body')).toHaveAttribute('data-startup-ms', /^\d+$/);
  const rendererMs = Number(await page.locator('body').getAttribute('data-startup-ms'));
  // Figures, printed for the report; the ≤ 2 s target is asserted with room for a loaded CI machine.
  console.log(`start-up (${app.launcher}): launch → usable worklist ${Math.round(seenMs)} ms; renderer navigation → worklist painted ${rendererMs} ms`);
  expect(rendererMs).toBeGreaterThan(0);
  expect(seenMs).toBeLessThan(app.launcher === 'electron' ? 6000 : 4000);
  await app.screenshot('worklist-empty');
});

test('the worklist shows each case status and what needs action; filters, search, sort; the overview opens first', async ({ app }) => {
  const { page } = app;
  const worklist = new WorklistPage(page);
  await expect(worklist.heading()).toBeVisible();
  await createPatients(page, [
    { nhsNumber: '943 476 5919', familyName: 'Brontë', givenName: 'Zoë', birthDate: '1985-03-27', sex: 'female' },
    { nhsNumber: '401 023 2137', familyName: 'Adeyemi', givenName: 'Tunde', birthDate: '1979-11-02', sex: 'male' },
    { nhsNumber: '999 000 0018', familyName: 'Kowalski', givenName: 'Ola', birthDate: '1990-04-04', sex: 'female' },
  ]);
  await worklist.show();
  await expect(worklist.count()).toHaveText('3 patients');
  // New patients: nothing imported, and their registration waits in the outbox (no FHIR server set up).
  for (const name of ['BRONTË, Zoë', 'ADEYEMI, Tunde', 'KOWALSKI, Ola']) {
    await expect(worklist.row(name).getByTestId('case-status')).toHaveText('Awaiting import');
    await expect(worklist.row(name).getByTestId('needs-action')).toHaveText(/1 change not yet synced/);
  }

  // Import for one patient through the Sequencing tab; the worklist then shows the next stage.
  await worklist.row('BRONTË, Zoë').getByRole('link', { name: 'BRONTË, Zoë' }).click();
  await expect(page.getByRole('tab', { name: 'Overview', selected: true })).toBeVisible();
  // All seven record tabs on one row at 1366x768 (one wrapping alone below the others reads as a separate section).
  const tabTops = await page.getByRole('tab').evaluateAll((tabs) => tabs.map((t) => Math.round(t.getBoundingClientRect().top)));
  expect(tabTops).toHaveLength(7);
  expect(new Set(tabTops).size, `tab tops ${tabTops.join(', ')}`).toBe(1);
  const overview = page.getByTestId('case-overview');
  await expect(overview.getByTestId('overview-medication-alerts')).toContainText('No medication alerts');
  await expect(overview.getByTestId('overview-family')).toContainText('No family recorded for this patient');
  await expect(overview.getByTestId('overview-sync')).toContainText('Patient details: 1 change waiting');
  await expect(overview.getByTestId('overview-candidates')).toContainText('No candidate list yet');
  const seq = new SequencingTabPage(page);
  await seq.open();
  await seq.setFile(NA12878_GRCH38);
  await seq.submit();
  await expect(seq.notice()).toContainText('Imported PG_NA12878_hg38-chr21.vcf.gz', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(overview).toContainText('Case status: Awaiting interpretation');
  await expect(overview.getByTestId('overview-sequencing')).toContainText('PG_NA12878_hg38-chr21.vcf.gz (GRCh38)');
  await app.screenshot('case-overview');
  // Each card links to its detail.
  await overview.getByTestId('overview-candidates').getByRole('link', { name: /Open Diagnosis/ }).click();
  await expect(page.getByRole('tab', { name: 'Diagnosis', selected: true })).toBeVisible();

  await worklist.show();
  await expect(worklist.row('BRONTË, Zoë').getByTestId('case-status')).toHaveText('Awaiting interpretation');
  await app.screenshot('worklist');

  // Filters and search; nothing matching says so and offers to clear.
  await worklist.status('Awaiting interpretation (1)');
  await expect(worklist.count()).toHaveText('1 patient');
  await worklist.search('adey');
  await expect(worklist.count()).toHaveText('0 patients');
  await expect(worklist.empty()).toContainText('No patient matches “adey” with case status “Awaiting interpretation”');
  await app.screenshot('worklist-no-match');
  await worklist.empty().getByRole('button', { name: 'Clear the search and filters' }).click();
  await expect(worklist.count()).toHaveText('3 patients');
  await worklist.needs('sync-conflicts');
  await expect(worklist.empty()).toContainText('No patient matches “Sync conflicts”');
  await worklist.needs({ label: 'Show everyone' });
  await expect(worklist.count()).toHaveText('3 patients');

  // Sort by name, both ways; the header says which way.
  await worklist.sortButton('Name').click();
  await expect(worklist.rows().first()).toContainText('ADEYEMI, Tunde');
  await expect(page.locator('th[aria-sort=ascending]')).toContainText('Name');
  await worklist.sortButton('Name').click();
  await expect(worklist.rows().first()).toContainText('KOWALSKI, Ola');
  await expect(page.locator('th[aria-sort=descending]')).toContainText('Name');

  // A needs-action link opens the patient on the tab that deals with it.
  await worklist.row('ADEYEMI, Tunde').getByRole('link', { name: /1 change not yet synced/ }).click();
  await expect(page.getByRole('tab', { name: 'Details', selected: true })).toBeVisible();
});

test('long work appears in one place with progress and Cancel, even after moving to another patient', async ({ app }) => {
  const { page } = app;
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-e2e-jobs-'));
  const large = makeLargeVcf(files, 12);
  const worklist = new WorklistPage(page);
  await createPatients(page, [
    { nhsNumber: '943 476 5919', familyName: 'Long', givenName: 'Lena', birthDate: '1970-01-01', sex: 'female' },
    { nhsNumber: '401 023 2137', familyName: 'Other', givenName: 'Otto', birthDate: '1971-02-02', sex: 'male' },
  ]);
  await worklist.show();
  await worklist.row('LONG, Lena').getByRole('link', { name: 'LONG, Lena' }).click();
  const seq = new SequencingTabPage(page);
  await seq.open();
  await seq.setFile(large);
  await seq.submit();
  await expect(seq.progress()).toContainText('records/s', { timeout: 30_000 });

  // Move to another patient: the job is still listed, with its progress, under the header.
  await worklist.show();
  await worklist.row('OTHER, Otto').getByRole('link', { name: 'OTHER, Otto' }).click();
  const panel = page.getByTestId('jobs-panel');
  await expect(panel).toContainText('1 job running');
  await expect(panel.getByTestId('job')).toContainText(`Importing ${path.basename(large)}`);
  await expect(panel.getByTestId('job')).toContainText(/\d+ % reading/);
  await panel.getByRole('button', { name: /^Cancel job: Importing/ }).click();
  await expect(panel).toHaveCount(0, { timeout: 30_000 });
  // Nothing of the cancelled import was kept.
  await page.getByRole('link', { name: 'Worklist' }).first().click();
  await expect(worklist.row('LONG, Lena').getByTestId('case-status')).toHaveText('Awaiting import');
  await app.screenshot('worklist-after-cancel');
  fs.rmSync(files, { recursive: true, force: true });
});
