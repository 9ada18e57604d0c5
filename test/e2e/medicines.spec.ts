// Medicines end to end: a patient's medicines entered by name (search showing SNOMED CT codes, free text
// "not checked", a future start date refused), the review before any PGx result ("no result yet", never standard), then after
// PharmCAT's example VCF and a laboratory's CYP2D6 *1/*1 outside call: paroxetine turns the CYP2D6 Normal
// Metabolizer into a Poor Metabolizer for codeine (avoid, with the alternative), a medicine being considered
// is checked alongside, and stopping paroxetine undoes the phenoconversion.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures.ts';
import { MedicinesTabPage } from './pages/medicines.page.ts';
import { PatientFormPage } from './pages/patient-form.page.ts';
import { PatientListPage } from './pages/patient-list.page.ts';
import { PgxTabPage } from './pages/pgx.page.ts';
import { SequencingTabPage } from './pages/sequencing.page.ts';
import { SHARED_DATA } from '../helpers/paths.ts';

const EXAMPLE_VCF = path.join(SHARED_DATA, 'pgx/pharmcat/examples/pharmcat.example.vcf');

test('a prescriber records medicines and reads the review with phenoconversion, alerts first', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const list = new PatientListPage(page);
  const form = new PatientFormPage(page);
  const meds = new MedicinesTabPage(page);

  await list.register();
  await form.fill({ nhsNumber: '943 476 5927', familyName: 'Phenoconvert', givenName: 'Ada', birthDate: '1959-07-21', sex: 'Female' });
  await form.submit();
  await meds.open();
  await expect(meds.review()).toContainText('No current medicines recorded');

  // Search: typing part of a name offers the drugs GenoDesk can check.
  await meds.typeDrug('code');
  // Each match shows its SNOMED CT substance code when the bundled value sets give one (drug-codes.json).
  await expect(page.getByTestId('med-add-matches')).toContainText('SNOMED CT 387494007');
  await app.screenshot('medicines-search-codes');
  await meds.pickMatch('codeine');
  await meds.submitAdd();
  await expect(meds.notice()).toHaveText('Added codeine.');
  await expect(meds.current().getByTestId('med-row-codeine')).toContainText('SNOMED CT 387494007');
  // A guideline drug neither source codes is still checked by name, with no code shown.
  await meds.add('dapsone');
  await expect(meds.notice()).toHaveText('Added dapsone.');
  await expect(meds.current().getByTestId('med-row-dapsone')).not.toContainText('SNOMED CT');
  // Stopped again so the review below is about the medicines the scenario is built on.
  await meds.stop('dapsone');
  await expect(meds.notice()).toContainText('Stopped dapsone');

  // A misspelt name is kept as typed, marked not checked, with the close name offered.
  await meds.add('paroxetin');
  await expect(meds.notice()).toContainText('not checked');
  await expect(meds.notice()).toContainText('Did you mean paroxetine');
  await expect(meds.current()).toContainText('paroxetin (not checked)');
  await expect(meds.reviewItem('paroxetin')).toContainText('Not checked');

  // A start date in the future is refused at the field.
  await meds.add('tamoxifen', { started: '2999-01-01' });
  await expect(meds.addError()).toContainText('in the future');

  // No PGx result yet: codeine is "no result yet", never "standard".
  await expect(meds.reviewItem('codeine')).toHaveAttribute('data-action', 'no-result');
  await expect(meds.reviewItem('codeine')).toContainText('No result yet');
  await expect(meds.review()).toContainText('no medicine can be called standard');
  await page.evaluate(() => window.scrollTo(0, 0));
  await app.screenshot('medicines-no-result');

  // The genotype: PharmCAT's example VCF, and a laboratory's CYP2D6 call as an outside-call file.
  const seq = new SequencingTabPage(page);
  await seq.open();
  await seq.setFile(EXAMPLE_VCF);
  await seq.submit();
  await expect(seq.notice()).toContainText('Imported pharmcat.example.vcf');
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-e2e-med-'));
  const outside = path.join(files, 'lab-cyp2d6.tsv');
  fs.writeFileSync(outside, 'CYP2D6\t*1/*1\n');
  const pgx = new PgxTabPage(page);
  await pgx.open();
  await pgx.importOutsideCalls(outside);
  await expect(pgx.notice()).toContainText('Imported 1 outside call');

  await meds.open();
  await meds.add('paroxetine', { dose: '20 mg once a day', started: '2025-11-03' });
  await meds.add('clopidogrel');
  await expect(meds.reviewItem('codeine')).toHaveAttribute('data-action', 'avoid', { timeout: 30_000 });
  await expect(meds.phenoconversion('codeine', 'CYP2D6')).toContainText('genotype Normal Metabolizer (activity score 2.0) → used as Poor Metabolizer (activity score 0.0) because of paroxetine');
  await expect(meds.reviewItem('codeine')).toContainText('Alternative:');
  // Alerts first: the first item is the codeine alert.
  await expect(meds.reviewItems().first()).toHaveAttribute('data-testid', 'med-review-codeine');
  // The first screen at 1366 × 768 is the review, alerts first (not the form the last click scrolled to).
  await page.evaluate(() => window.scrollTo(0, 0));
  await app.screenshot('medicines-review');
  await meds.reviewItem('codeine').screenshot({ path: path.join('test-results', 'screenshots', 'medicines-codeine-alert.png') });

  // The rule and its published source open from the keyboard.
  await meds.phenoconversion('codeine', 'CYP2D6').locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(meds.phenoconversion('codeine', 'CYP2D6')).toContainText('Cicali et al. 2021');

  // A medicine being considered: fluoxetine would phenoconvert the current codeine.
  await meds.consider('fluoxetine');
  await expect(meds.reviewItem('fluoxetine')).toContainText('being considered');
  await expect(meds.reviewItem('fluoxetine')).toContainText(/would change the phenotype used for .*codeine/);
  await app.screenshot('medicines-considering');

  // Stopping paroxetine undoes the phenoconversion; paroxetine stays listed as stopped.
  await meds.stop('paroxetine');
  await expect(meds.notice()).toContainText('Stopped paroxetine');
  await expect(meds.reviewItem('codeine')).toHaveAttribute('data-action', 'standard');
  await expect(meds.phenoconversion('codeine', 'CYP2D6')).toHaveCount(0);
  await expect(meds.stopped()).toContainText('paroxetine');
  await page.evaluate(() => window.scrollTo(0, 0));
  await app.screenshot('medicines-after-stop');
  fs.rmSync(files, { recursive: true, force: true });
});
