// Issue 15 §5, PanelApp: a lab installs panel 504 (the real PanelApp export) as a pack, records a referral
// that uses it, then installs a newer release of the panel (derived by the documented edit in
// test/helpers/panel-releases.ts: one gene left, one downgraded to amber, BRCA2 entered). The patient's genome is
// annotated and a gnomAD frequency pack installed, so the Reanalysis screen lists only the variants worth
// re-reviewing in those three genes, with the gene's rating before and now, and says how many others each gene
// held and why they were left out.
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
import { AnnotationPage } from './pages/annotation.page.ts';
import { panelReleases, screenedPatient } from '../helpers/panel-releases.ts';

test('after a newer release of a panel the case uses, the Reanalysis screen lists the variants worth re-reviewing in genes that changed', async ({ app }) => {
  test.setTimeout(240_000);
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-e2e-panel-reanalysis-'));
  const releases = panelReleases(dir);
  const patient = screenedPatient(dir, releases.genes);
  const { leaving, downgraded, entering } = releases.genes;
  const packs = new PacksPage(page);
  await packs.open();
  await packs.installFiles([releases.files.v1]);
  await expect(packs.notice()).toContainText('Installed PanelApp');
  await packs.installBuiltIn('GRCh38 chr21 demo transcripts');
  await expect(packs.notice()).toContainText('Installed GRCh38 chr21 demo transcripts');
  await packs.installFiles([patient.gnomad]);
  await expect(packs.notice()).toContainText('Installed');

  await page.getByLabel('GenoDesk homepage').click();
  await new PatientListPage(page).register();
  const form = new PatientFormPage(page);
  await form.fill({ nhsNumber: '943 476 5919', familyName: 'Polyp', givenName: 'Pat', birthDate: '1970-03-01', sex: 'Male' });
  await form.submit();
  const seq = new SequencingTabPage(page);
  await seq.open();
  await seq.setFile(patient.vcf);
  await seq.submit();
  await expect(seq.notice()).toContainText('Imported screened-patient.vcf');
  const annot = new AnnotationPage(page);
  await annot.annotate();
  await expect(annot.notice()).toContainText('Annotated', { timeout: 60_000 });
  const dx = new DiagnosisTabPage(page);
  await dx.open();
  await dx.fillReferral({ indication: 'Multiple colorectal adenomas before 40', panels: ['Inherited polyposis'] });
  await dx.saveReferral();
  await expect(dx.referralSaved()).toBeVisible();
  // The referral's analysis must finish before the newer release replaces the pack it pinned (a replaced release
  // leaves the panel library: docs/frequency-and-reanalysis.md, known limitations).
  await expect(dx.analysis()).toContainText('Inherited polyposis', { timeout: 60_000 });

  await packs.open();
  await packs.installFiles([releases.files.v2]);
  await expect(packs.notice()).toContainText('Installed PanelApp');

  const re = new ReanalysisPage(page);
  await re.open();
  await expect(re.patients()).toHaveCount(1);
  await expect(re.patients().first()).toContainText('POLYP, Pat');
  // Two in the entering gene (stop-gained, rare missense), a missense in each of the other two.
  await expect(re.changes()).toHaveCount(4);
  const row = (gene: string) => re.changes().filter({ hasText: `${gene}: ` }).first();
  await expect(row(leaving.entity_name)).toContainText(`Gene left panel ${releases.name}`);
  await expect(row(leaving.entity_name)).toContainText(`${leaving.entity_name}: green (v3.11)`);
  await expect(row(leaving.entity_name)).toContainText(`${leaving.entity_name}: not on the panel (v3.12)`);
  await expect(row(downgraded.entity_name)).toContainText('Gene rating changed on panel');
  await expect(row(downgraded.entity_name)).toContainText(`${downgraded.entity_name}: amber (v3.12)`);
  await expect(row(entering.entity_name)).toContainText('Gene entered panel');
  await expect(row(entering.entity_name)).toContainText(`${entering.entity_name}: not on the panel (v3.11)`);
  await expect(re.changes().first()).toContainText('3.11 → 3.12');
  await expect(re.notListed()).toContainText(
    `and 30 other variants in ${entering.entity_name} not listed: 22 intronic, synonymous or otherwise not protein-altering; 6 common for the gene’s inheritance; 1 failed call quality; 1 not carried (panel 504 v3.11 → v3.12).`,
  );
  await expect(re.notListed()).toContainText(`and 1 other variant in ${leaving.entity_name} not listed: 1 intronic, synonymous or otherwise not protein-altering`);
  await app.screenshot('reanalysis-panel');
});
