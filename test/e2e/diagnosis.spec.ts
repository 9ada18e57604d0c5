// The diagnosis workspace end to end on a real case: NA12878 GRCh38 chr21 (Platinum Genomes) with known
// ClinVar variants planted in (COQ8A p.Arg348Ter homozygous, COL6A2 p.Arg843Trp, RET p.Cys634Arg),
// imported through the Sequencing tab; then referral → panels → candidates → classify → report, with a
// screenshot of each step. Expected HGVS and ClinVar facts come from the MacArthur-lab ClinVar table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator } from '@playwright/test';
import { REPO_ROOT } from '../helpers/paths.ts';
import { test, expect } from './fixtures.ts';
import { PatientListPage } from './pages/patient-list.page.ts';
import { PatientFormPage } from './pages/patient-form.page.ts';
import { SequencingTabPage } from './pages/sequencing.page.ts';
import { DiagnosisTabPage } from './pages/diagnosis.page.ts';
import { COL6A2_MISSENSE, COQ8A_STOP, RET_SF, plantIntoNa12878 } from '../helpers/planted-vcf.ts';

/** A close-up of one section beside the fixture's full-page screenshot (the Diagnosis tab is long). */
async function closeUp(locator: Locator, name: string): Promise<void> {
  await locator.screenshot({ path: path.join(REPO_ROOT, 'test-results', 'screenshots', `${name}.png`) });
}

test('referral → panel → candidates → classify → report through the UI, on NA12878 with a planted ClinVar pathogenic variant', async ({ app }) => {
  // Five screens, each now checked by axe-core and shot again at 1366 × 768: more than the default 2 minutes on a shared machine.
  test.setTimeout(240_000);
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-e2e-dx-'));
  const coq8a = COQ8A_STOP();
  const col6a2 = COL6A2_MISSENSE();
  const ret = RET_SF();
  const vcf = plantIntoNa12878(dir, 'na12878-planted', [
    { row: coq8a, gt: '1|1' },
    { row: col6a2, gt: '0|1' },
    { row: ret, gt: '0/1' },
  ]);

  const list = new PatientListPage(page);
  const form = new PatientFormPage(page);
  const seq = new SequencingTabPage(page);
  const dx = new DiagnosisTabPage(page);

  await list.register();
  await form.fill({ nhsNumber: '943 476 5919', familyName: 'Planted', givenName: 'Nora', birthDate: '1988-02-14', sex: 'Female' });
  await form.submit();
  await seq.open();
  await seq.setFile(vcf);
  await seq.submit();
  await expect(seq.notice()).toContainText('Imported na12878-planted.vcf');

  // 1. Referral: the form refuses to save without an indication or a panel, then saves.
  await dx.open();
  await expect(dx.tab()).toBeVisible();
  await expect(page.getByTestId('dx-needs-referral')).toBeVisible();
  await dx.saveReferral();
  await expect(dx.errorSummary()).toContainText('Enter the clinical indication');
  await expect(dx.errorSummary()).toContainText('Choose at least one gene panel');
  await expect(dx.panelChooser()).toContainText('Demo pack: tests only');
  await closeUp(page.getByTestId('dx-referral'), 'diagnosis-1a-referral-errors');
  await dx.fillReferral({
    indication: 'Recurrent rhabdomyolysis with exercise intolerance; proximal weakness',
    hpo: 'HP:0003201 Rhabdomyolysis\nHP:0003546 Exercise intolerance',
    panels: ['Acute rhabdomyolysis (PanelApp 1141)', 'Congenital muscular dystrophy (PanelApp 207)'],
  });
  await expect(page.getByTestId('dx-panel-version-1141')).toContainText('Version 2.7');
  await dx.saveReferral();
  await expect(page.getByTestId('dx-notice')).toContainText('Acute rhabdomyolysis v2.7; Congenital muscular dystrophy v6.8');
  await expect(dx.referralSaved()).toContainText('version 1');
  await expect(dx.referralSummary()).toContainText('HP:0003201 Rhabdomyolysis; HP:0003546 Exercise intolerance');
  await expect(dx.referralSummary()).toContainText('Acute rhabdomyolysis v2.7 (PanelApp 1141); Congenital muscular dystrophy v6.8 (PanelApp 207)');
  await app.screenshot('diagnosis-1-referral');

  // 2. Candidates: the planted homozygous COQ8A stop-gain is tier 1, first, with its reasons.
  await expect(dx.candidates(1)).toHaveCount(1);
  const top = dx.candidates(1).first();
  await expect(top).toContainText('COQ8A');
  await expect(top).toContainText(coq8a.hgvs_c);
  await expect(top).toContainText('stop_gained');
  await expect(top).toContainText('homozygous');
  await expect(top.getByTestId('dx-frequency')).toHaveText('Not available');
  await expect(dx.candidates(2).first()).toContainText(col6a2.hgvs_p.split(':')[1]);
  await expect(dx.notes()).toContainText('Population frequency not available');
  await expect(dx.analysis()).toContainText('Acute rhabdomyolysis v2.7');
  await dx.showReasons(1);
  await expect(dx.reasons(1)).toContainText('Tier 1: protein-truncating in a green panel gene');
  await expect(dx.reasons(1)).toContainText('Homozygous fits biallelic');
  await expect(dx.reasons(1)).toContainText(`ClinVar: Pathogenic (${coq8a.gold_stars} stars`);
  await expect(dx.reasons(1)).toContainText('No population frequency available');
  await expect(dx.reasons(1)).toContainText('FILTER PASS');
  await closeUp(page.getByTestId('dx-candidates'), 'diagnosis-2-candidates-list');
  await app.screenshot('diagnosis-2-candidates');
  await dx.openTier3();
  await expect(dx.candidates(3).first()).toContainText('Not known');
  await expect(dx.candidates(3)).toHaveCount(50);

  // Quality filters are adjustable: allowing non-PASS calls lets the failed ones back in.
  const failedText = /(\d+) failed quality \(FILTER (\d+)/;
  const before = failedText.exec((await dx.analysis().textContent()) ?? '')!;
  expect(Number(before[2])).toBeGreaterThan(0);
  await dx.setFilters({ requirePass: false });
  await expect(dx.analysis()).toContainText('0 failed quality (FILTER 0');
  await dx.setFilters({ requirePass: true });
  await expect(dx.analysis()).toContainText(`${before[1]} failed quality`);

  // 3. Classify: live class and points, an explicit conflict, then save and see the history.
  await dx.classify(1);
  await expect(dx.classification()).toContainText('Classify COQ8A');
  await dx.tick('PVS1');
  await expect(dx.computedClass()).toHaveText('Likely pathogenic');
  await expect(dx.computedPoints()).toHaveText('8 points');
  await dx.tick('PM2');
  await expect(dx.computedPoints()).toHaveText('9 points');
  await dx.tick('BA1');
  await expect(dx.conflict()).toContainText('No class: the criteria conflict');
  await closeUp(dx.classification(), 'diagnosis-3a-conflict');
  await dx.untick('BA1');
  await dx.tick('PM3', 'strong');
  await expect(dx.computedClass()).toHaveText('Pathogenic');
  await expect(dx.computedPoints()).toHaveText('13 points');
  await dx.untick('PM3');
  await expect(dx.computedClass()).toHaveText('Likely pathogenic');
  await dx.saveClassification('Homozygous nonsense variant in a biallelic gene; absent from the population data available.');
  await expect(page.getByTestId('dx-classify-notice')).toContainText('Saved as version 1: Likely pathogenic (9 points)');
  await expect(dx.history()).toHaveCount(1);
  await expect(dx.candidates(1).first().getByTestId('dx-lab-class')).toContainText('Likely pathogenic (v1)');
  await app.screenshot('diagnosis-3-classification');
  await closeUp(dx.classification(), 'diagnosis-3-classification-panel');

  // 4. Secondary findings appear only once consent is recorded.
  await expect(page.getByTestId('dx-sf-not-consented')).toBeVisible();
  await dx.recordConsent(true, 'Consent form signed in clinic');
  await expect(dx.consentStatus()).toContainText('Consented: recorded by');
  await expect(dx.secondaryFlags()).toHaveCount(1);
  await expect(dx.secondaryFlags().first()).toContainText('RET');
  await expect(dx.secondaryFlags().first()).toContainText(ret.hgvs_p.split(':')[1]);
  await app.screenshot('diagnosis-4-secondary-findings');
  await closeUp(dx.secondary(), 'diagnosis-4-secondary-findings-section');

  // 5. Report on screen, then issued as a PDF.
  await dx.previewReport();
  await expect(dx.reportOutcome()).toContainText('Positive');
  await expect(dx.reportVariants()).toHaveCount(1);
  await expect(dx.reportVariants().first()).toContainText(coq8a.hgvs_c);
  await expect(page.getByTestId('dx-report-sf')).toContainText('RET');
  const pdf = path.join(dir, 'diagnostic-report.pdf');
  await dx.savePdf(pdf);
  await expect(dx.reportIssued()).toContainText('issued and saved to');
  expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  await app.screenshot('diagnosis-5-report');
  await closeUp(page.getByTestId('dx-report'), 'diagnosis-5-report-section');
  fs.rmSync(dir, { recursive: true, force: true });
});
