// Issue 15 §5, PanelApp: a lab installs panel 504 (the real PanelApp export) as a pack, records a referral
// that uses it, then installs a newer release of the panel (derived by the documented edit in
// test/helpers/panel-releases.ts: one gene left, one downgraded to amber, BRCA2 entered). The Reanalysis
// screen lists the patient's variants in those three genes with the gene's rating before and now.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures.ts';
import { PatientListPage } from './pages/patient-list.page.ts';
import { PatientFormPage } from './pages/patient-form.page.ts';
import { SequencingTabPage } from './pages/sequencing.page.ts';
import { PacksPage } from './pages/packs.page.ts';
import { ReanalysisPage } from './pages/reanalysis.page.ts';
import { DiagnosisTabPage } from './pages/diagnosis.page.ts';
import { panelReleases } from '../helpers/panel-releases.ts';

test('after a newer release of a panel the case uses, the Reanalysis screen lists the variants in genes that changed', async ({ app }) => {
  const { page } = app;
  const releases = panelReleases(fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-e2e-panel-reanalysis-')));
  const { leaving, downgraded, entering } = releases.genes;
  const packs = new PacksPage(page);
  await packs.open();
  await packs.installFiles([releases.files.v1]);
  await expect(packs.notice()).toContainText('Installed PanelApp');

  await page.getByLabel('GenoDesk homepage').click();
  await new PatientListPage(page).register();
  const form = new PatientFormPage(page);
  await form.fill({ nhsNumber: '943 476 5919', familyName: 'Polyp', givenName: 'Pat', birthDate: '1970-03-01', sex: 'Male' });
  await form.submit();
  const seq = new SequencingTabPage(page);
  await seq.open();
  await seq.setFile(releases.vcf);
  await seq.submit();
  await expect(seq.notice()).toContainText('Imported panel-patient.vcf');
  const dx = new DiagnosisTabPage(page);
  await dx.open();
  await dx.fillReferral({ indication: 'Multiple colorectal adenomas before 40', panels: ['Inherited polyposis'] });
  await dx.saveReferral();
  await expect(dx.referralSaved()).toBeVisible();

  await packs.open();
  await packs.installFiles([releases.files.v2]);
  await expect(packs.notice()).toContainText('Installed PanelApp');

  const re = new ReanalysisPage(page);
  await re.open();
  await expect(re.patients()).toHaveCount(1);
  await expect(re.patients().first()).toContainText('POLYP, Pat');
  await expect(re.changes()).toHaveCount(3);
  const row = (gene: string) => re.changes().filter({ hasText: `${gene}: ` }).first();
  await expect(row(leaving.entity_name)).toContainText(`Gene left panel ${releases.name}`);
  await expect(row(leaving.entity_name)).toContainText(`${leaving.entity_name}: green (v3.11)`);
  await expect(row(leaving.entity_name)).toContainText(`${leaving.entity_name}: not on the panel (v3.12)`);
  await expect(row(downgraded.entity_name)).toContainText('Gene rating changed on panel');
  await expect(row(downgraded.entity_name)).toContainText(`${downgraded.entity_name}: amber (v3.12)`);
  await expect(row(entering.entity_name)).toContainText('Gene entered panel');
  await expect(row(entering.entity_name)).toContainText(`${entering.entity_name}: not on the panel (v3.11)`);
  await expect(re.changes().first()).toContainText('3.11 → 3.12');
  await app.screenshot('reanalysis-panel');
});
