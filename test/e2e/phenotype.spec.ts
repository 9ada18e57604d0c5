// Phenotype-driven diagnosis end to end: a counsellor types "seiz" and picks HPO terms by label, synonym and
// HP id, marks one looked-for-and-absent and reads a definition; with no VCF the genes and diseases are
// ranked by phenotype, with each gene's matched terms and the installed panels that cover the top genes; the
// case goes out and a phenopacket-store case comes in as GA4GH phenopackets; then a VCF (NA12878 GRCh38 chr21
// with ClinVar variants planted in: COQ8A p.Arg348Ter homozygous, COL6A2 p.Arg843Trp) is imported and the
// combined candidate list explains each gene; a genome-sized import's ranking shows that it is running and
// is cancelled, then ranked again. Screenshots are saved (and axe-core run) at each step.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/paths.ts';
import { test, expect } from './fixtures.ts';
import { expectAccessible, SCREENSHOT_DIR } from './helpers/screen-checks.ts';
import { PatientListPage } from './pages/patient-list.page.ts';
import { PatientFormPage } from './pages/patient-form.page.ts';
import { DiagnosisTabPage } from './pages/diagnosis.page.ts';
import { PhenotypePage } from './pages/phenotype.page.ts';
import { SequencingTabPage } from './pages/sequencing.page.ts';
import { COL6A2_MISSENSE, COQ8A_STOP, plantIntoNa12878 } from '../helpers/planted-vcf.ts';

test('HPO terms through the picker (label, synonym, id, one absent), then genes ranked with no VCF, phenopackets out and in, a VCF imported and the combined candidates explained', async ({ app }) => {
  test.setTimeout(240_000);
  const { page } = app;
  const list = new PatientListPage(page);
  const form = new PatientFormPage(page);
  const dx = new DiagnosisTabPage(page);
  const ph = new PhenotypePage(page);
  const seq = new SequencingTabPage(page);

  await list.register();
  await form.fill({ nhsNumber: '943 476 5919', familyName: 'Phenotype', givenName: 'Pat', birthDate: '2014-06-01', sex: 'Female' });
  await form.submit();
  await dx.open();
  await expect(ph.section()).toBeVisible();
  await expect(page.getByTestId('ph-attribution')).toContainText('HPO release 2026-02-16');
  await expect(page.getByTestId('ph-attribution')).toContainText('Human Phenotype Ontology');

  // 1. "seiz" finds Seizure by its label; its definition can be read; it goes in as present.
  await ph.search('seiz');
  // The first search loads the HPO release in the main process (a few seconds; longer on a loaded machine).
  await expect(ph.results().first()).toBeVisible({ timeout: 60_000 });
  const seizure = ph.results().filter({ hasText: 'HP:0001250' });
  await expect(seizure).toHaveCount(1);
  await seizure.getByText('Definition').click();
  await expect(seizure.locator('.gd-ph-definition p')).toContainText(/seizure/i);
  await seizure.getByRole('button', { name: 'Add Seizure as present' }).click();
  // By synonym (HPO 2026-02-16 lists "Cerebellar ataxia" as a synonym of Ataxia, HP:0001251) and by HP id.
  await ph.addTerm('cerebellar ataxia', 'Ataxia');
  await ph.addTerm('HP:0003546', 'Exercise intolerance');
  // Looked for and absent.
  await ph.addTerm('microcephaly', 'Microcephaly', true);
  await expect(ph.terms()).toHaveCount(4);
  await ph.save();
  await expect(ph.term('HP:0000252')).toHaveAttribute('data-excluded', 'true');
  await expect(ph.term('HP:0001250')).toHaveAttribute('data-excluded', 'false');
  await app.screenshot('phenotype-1-picker');

  // 2. No VCF yet: genes and diseases ranked by phenotype, with panel advice (or the plain word that none fits).
  await ph.rank();
  await expect(page.getByTestId('ph-gene')).toHaveCount(15);
  const firstGene = page.getByTestId('ph-gene').first();
  await firstGene.locator('summary').click();
  await expect(firstGene.getByTestId('ph-matched-terms')).toBeVisible();
  await expect(page.getByTestId('ph-panels').or(page.getByTestId('ph-no-panels'))).toBeVisible();
  await expect(page.getByTestId('ph-method')).toContainText('2026-02-16');
  await app.screenshot('phenotype-2-ranked-without-vcf');

  // 3. Phenopackets: the case goes out as a GA4GH v2 file naming the HPO release; a phenopacket-store case comes in.
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-e2e-ph-')), 'case.json');
  await page.getByTestId('ph-phenopacket').locator('summary').click();
  await page.getByLabel('Phenopacket file').fill(out);
  await page.getByRole('button', { name: 'Export phenopacket' }).click();
  await expect(page.getByTestId('ph-message')).toContainText('Phenopacket written');
  const exported = JSON.parse(fs.readFileSync(out, 'utf8')) as { phenotypicFeatures: { type: { id: string }; excluded?: boolean }[]; metaData: { resources: { id: string; version: string }[] } };
  expect(exported.phenotypicFeatures.find((f) => f.type.id === 'HP:0000252')?.excluded).toBe(true);
  expect(exported.metaData.resources.find((r) => r.id === 'hp')?.version).toBe('2026-02-16');
  await page.getByLabel('Phenopacket file').fill(path.join(REPO_ROOT, 'test/fixtures/phenopackets/PMID_23086397_Patient_2.json'));
  await page.getByRole('button', { name: 'Import phenopacket' }).click();
  await expect(page.getByTestId('ph-message')).toContainText('Imported 13 present and 2 absent terms');
  await expect(ph.terms()).toHaveCount(15);
  await expect(ph.term('HP:0008936')).toHaveAttribute('data-excluded', 'true');
  await app.screenshot('phenotype-3-phenopacket-imported');
  // Round trip: the exported case imported back gives the phenotype it was exported from.
  await page.getByLabel('Phenopacket file').fill(out);
  await page.getByRole('button', { name: 'Import phenopacket' }).click();
  await expect(page.getByTestId('ph-message')).toContainText('Imported 3 present and 1 absent terms');
  await expect(ph.terms()).toHaveCount(4);

  // 4. A VCF is imported; the combined list over the whole import explains each candidate gene.
  const vcf = plantIntoNa12878(path.dirname(out), 'na12878-phenotype', [
    { row: COQ8A_STOP(), gt: '1|1' },
    { row: COL6A2_MISSENSE(), gt: '0|1' },
  ]);
  await seq.open();
  await seq.setFile(vcf);
  await seq.submit();
  await expect(seq.notice()).toContainText('Imported na12878-phenotype.vcf');
  await dx.open();
  await ph.prioritise();
  const coq8a = page.locator('[data-testid="ph-combined-genes"] [data-testid="ph-gene"][data-gene="COQ8A"]');
  await expect(coq8a).toBeVisible();
  await coq8a.locator('summary').click();
  await expect(coq8a.getByTestId('ph-explanation')).toContainText('phenotype fit');
  await expect(coq8a.getByTestId('ph-explanation')).toContainText('variant evidence');
  // COQ8A has an OMIM and an Orphanet entry: the gene's fit pools both, and the other one is listed with its own fit.
  await expect(coq8a.getByTestId('ph-explanation')).toContainText('(its 2 diseases pooled)');
  await expect(coq8a.getByTestId('ph-other-diseases')).toContainText(/ORPHA:\d+\) \d\.\d\d/);
  await expect(coq8a.getByTestId('ph-matched-terms')).toContainText('Ataxia (HP:0001251)');
  await expect(coq8a.getByTestId('ph-variant-evidence')).toContainText('hom');
  await app.screenshot('phenotype-4-combined-candidates');

  // 5. A genome-sized import (chr21's real calls repeated on chr1–5: ~390,000 carried variants). Its ranking
  // takes seconds: the view says it is running, with Cancel; Cancel stops it and nothing of it is shown.
  const genome = plantIntoNa12878(path.dirname(out), 'na12878-genome-sized', [{ row: COQ8A_STOP(), gt: '1|1' }], ['chr1', 'chr2', 'chr3', 'chr4', 'chr5']);
  await seq.open();
  await seq.setFile(genome);
  await seq.submit();
  await expect(seq.notice()).toContainText('Imported na12878-genome-sized.vcf', { timeout: 120_000 });
  await dx.open();
  await page.getByTestId('ph-prioritise').click();
  const running = page.getByTestId('ph-rank-running');
  await expect(running).toBeVisible();
  await expect(running.getByTestId('ph-rank-progress')).toHaveText(/Starting|Reading the imported variants|Reading and weighing .* carried variants|Opening the HPO release|Handing .* variants|% ranked/);
  await expect(page.getByTestId('ph-combined')).toHaveCount(0);
  // Only the quick checks here (axe-core, one screenshot): the full set at two sizes could outlast the ranking.
  await expectAccessible(page, 'phenotype-5-ranking-running');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'phenotype-5-ranking-running.png') });
  await expect(running, 'the ranking was still running when its screenshot was taken').toBeVisible();
  await running.getByRole('button', { name: 'Cancel ranking' }).click();
  await expect(page.getByTestId('ph-rank-cancelled')).toBeVisible({ timeout: 60_000 });
  await expect(running).toHaveCount(0);
  await expect(page.getByTestId('ph-combined')).toHaveCount(0);
  await app.screenshot('phenotype-6-ranking-cancelled');
  // The worker goes on serving: ranked again, the genome's list comes, the planted stop-gain first.
  await ph.prioritise();
  await expect(page.getByTestId('ph-rank-cancelled')).toHaveCount(0);
  await expect(page.locator('[data-testid="ph-combined-genes"] [data-testid="ph-gene"]').first()).toHaveAttribute('data-gene', 'COQ8A');
});
