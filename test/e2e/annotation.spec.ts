// Issue 7 end to end: a lab installs the demo packs on the Packs screen (and a damaged file is refused with
// the previous packs kept), imports a real GRCh38 chr21 VCF for a patient, annotates it, filters the
// variant browser by consequence and ClinVar class, and opens a variant's detail panel.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { test, expect } from './fixtures.ts';
import { openVariantFilters } from './pages/variant-filters.ts';
import { PatientListPage } from './pages/patient-list.page.ts';
import { PatientFormPage } from './pages/patient-form.page.ts';
import { SequencingTabPage } from './pages/sequencing.page.ts';
import { PacksPage } from './pages/packs.page.ts';
import { AnnotationPage } from './pages/annotation.page.ts';
import { DEMO_CLINVAR, makeVepTestWithClinvar } from '../helpers/annotation-vcfs.ts';

test('a lab installs packs, annotates a real chr21 import, filters by consequence and reads a variant’s transcripts', async ({ app }) => {
  const { page } = app;
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-e2e-annot-'));
  const vcf = makeVepTestWithClinvar(files);
  // A ClinVar release cut off mid-way (half of its gzip stream): must be refused, previous packs kept.
  const clinvarGz = fs.readFileSync(path.join(DEMO_CLINVAR, 'clinvar_20211025_GRCh38_vep-testset.vcf.gz'));
  const truncated = path.join(files, 'clinvar_truncated.vcf.gz');
  fs.writeFileSync(truncated, clinvarGz.subarray(0, Math.floor(clinvarGz.length * 0.6)));
  expect(() => zlib.gunzipSync(fs.readFileSync(truncated))).toThrow();

  const list = new PatientListPage(page);
  const form = new PatientFormPage(page);
  const seq = new SequencingTabPage(page);
  const packs = new PacksPage(page);
  const annot = new AnnotationPage(page);

  // Packs screen: nothing installed; install the shipped demo transcript pack and ClinVar extract.
  await packs.open();
  await expect(packs.heading()).toBeVisible();
  await expect(page.getByTestId('packs-none')).toBeVisible();
  await packs.installBuiltIn('GRCh38 chr21 demo transcripts');
  await expect(packs.notice()).toContainText('Installed GRCh38 chr21 demo transcripts');
  await packs.installBuiltIn('ClinVar 2021-10-25');
  await expect(packs.notice()).toContainText('Installed ClinVar 2021-10-25');
  await expect(packs.installed()).toHaveCount(2);
  const transcriptsCard = packs.installed().filter({ hasText: 'GRCh38 chr21 demo transcripts' });
  await expect(transcriptsCard).toContainText('In use');
  await expect(transcriptsCard).toContainText('Ensembl 84 / GRCh38.p5');
  await expect(transcriptsCard).toContainText('badcbfa03363d6f98d71f43de7f219b7a343df53869e800303714a911dbdb314');
  await app.screenshot('packs-installed');

  // A truncated ClinVar file: specific error, nothing new installed, the previous ClinVar pack still in use.
  await packs.installFiles([truncated]);
  await expect(packs.error()).toContainText('could not be read to the end');
  await expect(packs.installed()).toHaveCount(2);
  await expect(packs.installed().filter({ hasText: 'ClinVar 2021-10-25' })).toContainText('In use');
  await app.screenshot('packs-install-refused');

  // A patient with a real GRCh38 chr21 VCF (Ensembl VEP's test input plus two ClinVar records).
  await page.getByLabel('GenoDesk homepage').click();
  await list.register();
  await form.fill({ nhsNumber: '943 476 5919', familyName: 'Annotate', givenName: 'Ada', birthDate: '1980-02-29', sex: 'Female' });
  await form.submit();
  await seq.open();
  await expect(annot.panel()).toHaveCount(0);
  await seq.setFile(vcf);
  await seq.submit();
  await expect(seq.notice()).toContainText('Imported vep-test-with-clinvar.vcf: 134 records');
  await expect(page.getByTestId('variant-not-annotated')).toBeVisible();
  await expect(annot.status()).toContainText('not annotated yet; would use grch38-chr21-ensembl84-demo');

  // Annotate: progress then the run's packs.
  await annot.annotate();
  await expect(annot.notice()).toContainText('Annotated 134 variants in 1 import', { timeout: 60_000 });
  await expect(annot.status()).toContainText('grch38-chr21-ensembl84-demo (Ensembl 84 / GRCh38.p5 (VEP test data)) and clinvar-20211025-grch38-testset (2021-10-25)');
  await expect(page.getByTestId('variant-not-annotated')).toHaveCount(0);

  // ClinVar column and filter: the Pathogenic record (variation 433140, Rolandic epilepsy).
  await annot.filter({ clinvar: ['Pathogenic or likely pathogenic'] });
  await expect(seq.variantCount()).toHaveText('1 variants');
  await expect(seq.variantRows().first()).toContainText('Pathogenic');
  await expect(seq.variantRows().first()).toContainText('Rolandic epilepsy');
  // Applied filters fold away; reopened to clear this one before the next.
  await openVariantFilters(page);
  await page.getByLabel('Pathogenic or likely pathogenic').uncheck();

  // Consequence filter: missense variants only, each row showing its gene, transcript, HGVS c. and p.
  const missense = await seq.countAfter(() => annot.filter({ consequence: 'missense_variant' }));
  expect(missense).toBeGreaterThan(0);
  expect(missense).toBeLessThan(134);
  await expect(seq.variantRows().first()).toContainText('ENST');
  await expect(seq.variantRows().first()).toContainText(/p\.\(/);
  await app.screenshot('variant-browser-annotated');

  // The detail panel lists every transcript with the source and version of the annotation.
  await annot.openDetail(0);
  await expect(annot.detail()).toBeVisible();
  await expect(annot.detail().getByTestId('detail-transcripts')).toContainText('GenoDesk annotator, transcript pack grch38-chr21-ensembl84-demo (version Ensembl 84 / GRCh38.p5 (VEP test data))');
  await expect(annot.detail().getByTestId('detail-transcripts')).toContainText('missense_variant');
  await expect(annot.detail().getByTestId('detail-run')).toContainText('clinvar-20211025-grch38-testset');
  await annot.detail().scrollIntoViewIfNeeded();
  await app.screenshot('variant-detail');

  // Re-annotating after removing the ClinVar pack replaces the annotation: the ClinVar column empties.
  await packs.open();
  await packs.remove('ClinVar 2021-10-25');
  await expect(packs.installed()).toHaveCount(1);
  await page.getByLabel('GenoDesk homepage').click();
  await list.open('ANNOTATE, Ada');
  await seq.open();
  await expect(annot.status()).toContainText('Newer packs installed');
  await annot.annotate();
  await expect(annot.notice()).toContainText('Annotated 134 variants', { timeout: 60_000 });
  await annot.filter({ clinvar: ['Pathogenic or likely pathogenic'] });
  await expect(seq.variantCount()).toHaveText('0 variants');

  // The replaced run is kept and can be read: chosen under "Annotation shown", with a warning that it is not current.
  await expect(page.getByTestId('earlier-run-notice')).toHaveCount(0);
  const earlier = page.getByLabel('Annotation shown');
  const option = earlier.locator('option', { hasText: 'clinvar-20211025-grch38-testset' });
  await expect(option).toHaveCount(1);
  const earlierRunId = (await option.getAttribute('value'))!;
  expect(
    await seq.countAfter(async () => {
      await earlier.selectOption(earlierRunId);
    }),
  ).toBe(1);
  await expect(page.getByTestId('earlier-run-notice')).toContainText('A newer run replaced it');
  await expect(seq.variantRows().first()).toContainText('Rolandic epilepsy');
  await annot.openDetail(0);
  await expect(annot.detail().getByTestId('detail-run')).toContainText('clinvar-20211025-grch38-testset');
  await app.screenshot('variant-browser-earlier-run');
  expect(
    await seq.countAfter(async () => {
      await earlier.selectOption('Current annotation');
    }),
  ).toBe(0);
  // Deleted deliberately (after a confirmation), the earlier run is gone and the choice with it.
  await earlier.selectOption(earlierRunId);
  await page.getByRole('button', { name: 'Delete this earlier annotation' }).click();
  await expect(page.getByTestId('earlier-run-confirm')).toContainText('cannot be undone');
  await app.screenshot('variant-browser-delete-earlier-run');
  await page.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(page.getByLabel('Annotation shown')).toHaveCount(0);
  await expect(page.getByTestId('earlier-run-notice')).toHaveCount(0);
  await expect(seq.variantCount()).toHaveText('0 variants');
  fs.rmSync(files, { recursive: true, force: true });
});
