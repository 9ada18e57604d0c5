import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures.ts';
import { PatientListPage } from './pages/patient-list.page.ts';
import { PatientFormPage } from './pages/patient-form.page.ts';
import { SequencingTabPage } from './pages/sequencing.page.ts';
import { MULTI_SAMPLE, NA12878_GRCH38, makeLargeVcf, makeMalformedVcf } from './helpers/vcf-files.ts';

test('a lab imports real VCFs through the UI: progress, cancel, sample choice, errors, duplicates and the variant browser', async ({ app }) => {
  const { page } = app;
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-e2e-vcf-'));
  const large = makeLargeVcf(files, 8);
  const list = new PatientListPage(page);
  const form = new PatientFormPage(page);
  const seq = new SequencingTabPage(page);

  await list.register();
  await form.fill({ nhsNumber: '943 476 5919', familyName: 'Sample', givenName: 'Nina', birthDate: '1972-05-01', sex: 'Female' });
  await form.submit();
  await seq.open();

  // A large import shows progress and can be cancelled, leaving nothing behind.
  await seq.setFile(large);
  await seq.submit();
  await expect(seq.progress()).toContainText('records/s', { timeout: 30_000 });
  // Cancel before the screen checks: axe-core and the 1366 × 768 shots take long enough for the import to finish.
  await seq.cancel();
  await expect(seq.error()).toContainText('cancelled');
  await app.screenshot('import-cancelled');
  await expect(page.getByTestId('import-table')).toHaveCount(0);

  // A broken file says where and why.
  await seq.setFile(makeMalformedVcf(files));
  await seq.submit();
  await expect(seq.error()).toBeVisible();
  await expect(page.getByTestId('import-error-where')).toContainText('Line 7');
  await app.screenshot('import-error');

  // A multi-sample file asks which sample is this patient.
  await seq.setFile(MULTI_SAMPLE);
  await seq.submit();
  await expect(seq.sampleChoice()).toBeVisible();
  await app.screenshot('import-sample-choice');
  await page.getByLabel('100920-100920', { exact: true }).check();
  await seq.submit();
  await expect(seq.notice()).toContainText('Imported test.vcf.gz');

  // The real NA12878 GRCh38 chr21 file.
  await seq.setFile(NA12878_GRCH38);
  await seq.submit();
  await expect(seq.notice()).toContainText('Imported PG_NA12878_hg38-chr21.vcf.gz');
  await expect(seq.importRows()).toHaveCount(2);
  await expect(seq.importRows().first()).toContainText('GRCh38');

  // Importing the same file again adds nothing.
  await seq.setFile(NA12878_GRCH38);
  await seq.submit();
  await expect(seq.notice()).toContainText('already imported');
  await expect(seq.importRows()).toHaveCount(2);

  // The filters start folded (reanalysis.spec.ts checks the first screen); applied, the fold says how many.
  await expect(page.getByTestId('variant-filters')).not.toHaveAttribute('open');
  const filtered = await seq.countAfter(() => seq.filter({ region: 'chr21:25000000-26000000', genotypes: ['Heterozygous'] }));
  expect(filtered).toBeGreaterThan(100);
  await expect(page.getByTestId('variant-filters').locator('summary')).toHaveText('Filter variants (2 applied)');
  await expect(seq.variantRows().first()).toContainText('chr21:25,');
  await app.screenshot('variant-browser');
  fs.rmSync(files, { recursive: true, force: true });
});
