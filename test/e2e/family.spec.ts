// Families end to end on the real GIAB Ashkenazi trio (GRCh37; HG002 son, HG003 father, HG004 mother): three
// patients registered, each imports their sample of the one trio VCF through the Sequencing tab, the counsellor
// records the family on the Family tab, which draws the pedigree and shows the family QC, where the son's
// variants came from and the de novo calls that passed every quality check. A PED with an unknown sample is
// refused with its line; a mother registered male is refused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures.ts';
import { PatientListPage } from './pages/patient-list.page.ts';
import { PatientFormPage } from './pages/patient-form.page.ts';
import { SequencingTabPage } from './pages/sequencing.page.ts';
import { FamilyTabPage } from './pages/family.page.ts';
import { ASHK_VCF } from '../helpers/family-vcf.ts';
import { validNhsNumbers } from '../helpers/nhs-numbers.ts';

test('a counsellor records a trio, sees the pedigree, family QC and de novo calls, and bad input is refused', async ({ app }) => {
  test.setTimeout(240_000);
  const { page } = app;
  const list = new PatientListPage(page);
  const form = new PatientFormPage(page);
  const seq = new SequencingTabPage(page);
  const fam = new FamilyTabPage(page);
  const nhs = validNhsNumbers(943_476_000);
  const people = [
    { sample: 'HG003', given: 'Father', sex: 'Male' as const, nhs: nhs.next().value as string },
    { sample: 'HG004', given: 'Mother', sex: 'Female' as const, nhs: nhs.next().value as string },
    { sample: 'HG002', given: 'Son', sex: 'Male' as const, nhs: nhs.next().value as string },
  ];
  for (const p of people) {
    if (p !== people[0]) await page.getByRole('link', { name: 'Worklist' }).first().click();
    await list.register();
    await form.fill({ nhsNumber: p.nhs, familyName: 'Ashkenazi', givenName: p.given, birthDate: '1960-01-01', sex: p.sex });
    await form.submit();
    await seq.open();
    await seq.setFile(ASHK_VCF);
    await seq.submit();
    await expect(seq.sampleChoice()).toBeVisible();
    await page.locator(`#sample-${p.sample}`).check();
    await seq.submit();
    await expect(seq.notice()).toContainText('Imported ashk-trio.vcf.gz', { timeout: 60_000 });
  }
  const [father, mother] = people;

  // The son's page (the last registered): no family yet.
  await fam.open();
  await expect(fam.none()).toBeVisible();
  await fam.openEditor();
  // A mother registered male is refused, naming the person.
  await fam.record({ mother: father.nhs });
  await expect(fam.editorError()).toContainText('registered as male and cannot be the mother');
  await app.screenshot('family-editor-error');

  await fam.record({ mother: mother.nhs, father: father.nhs, affected: '', pedigreeNumber: 'GEN-2026/0042' });
  await expect(fam.pedigree()).toBeVisible();
  await expect(fam.pedigreeNumber()).toHaveText('Pedigree number GEN-2026/0042.');
  await expect(fam.member('proband')).toHaveAttribute('data-affected', 'affected');
  await expect(fam.member('proband')).toHaveAttribute('data-sex', 'male');
  await expect(fam.member('mother')).toHaveAttribute('data-affected', 'unaffected');
  await expect(fam.probandArrow()).toBeVisible();
  // The analysis of every stored site: QC and the three de novo calls that pass every check.
  await expect(fam.qc()).toBeVisible({ timeout: 60_000 });
  await expect(fam.qc()).toContainText('Parent and child: kinship 0.2');
  await expect(fam.counts()).toContainText('De novo');
  await expect(fam.deNovo().locator('tbody tr')).toHaveCount(3);
  await expect(fam.deNovo()).toContainText('chr1:155036260:C:T');
  await app.screenshot('family-tab');

  // A PED whose samples match nobody is refused with the line, and nothing changes.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-e2e-family-'));
  const ped = path.join(dir, 'unknown.ped');
  fs.writeFileSync(ped, 'fam NOBODY 0 0 1 2\n');
  await fam.importPed(ped);
  await expect(fam.pedError()).toContainText('unknown.ped line 1');
  // The app names its own field, not the CLI's --map option.
  await expect(fam.pedError()).toContainText('"NOBODY=NHS number" in the "Sample to patient" field');
  await expect(fam.pedError()).not.toContainText('--map');
  await expect(fam.member('mother')).toBeVisible();
  await app.screenshot('family-ped-error');
});
