// Issue 15 end to end: a lab with the ClinVar 2021-10-25 pack and a patient whose VCF carries real ClinVar
// alleles installs a newer ClinVar release (made from the real one: two classes changed, one record
// withdrawn); the Reanalysis screen lists that patient's three variants with the class before and now.
// With a gnomAD v4 frequency pack installed, the variant browser's frequency column and the detail panel
// show a variant's frequencies, and "Not seen in gnomAD v4" for one the pack lacks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { test, expect } from './fixtures.ts';
import { PatientListPage } from './pages/patient-list.page.ts';
import { PatientFormPage } from './pages/patient-form.page.ts';
import { SequencingTabPage } from './pages/sequencing.page.ts';
import { PacksPage } from './pages/packs.page.ts';
import { ReanalysisPage } from './pages/reanalysis.page.ts';
import { AnnotationPage } from './pages/annotation.page.ts';
import { openVariantFilters } from './pages/variant-filters.ts';
import { DEMO_CLINVAR } from '../helpers/annotation-vcfs.ts';
import { SHARED_DATA } from '../helpers/paths.ts';

test('after a newer ClinVar release, the Reanalysis screen lists the patient’s variants whose class changed', async ({ app }) => {
  const { page } = app;
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-e2e-reanalysis-'));
  const lines = zlib.gunzipSync(fs.readFileSync(path.join(DEMO_CLINVAR, 'clinvar_20211025_GRCh38_vep-testset.vcf.gz'))).toString('utf8').split('\n');
  const records = lines.filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
  const carried = records.slice(0, 8);
  const patientVcf = path.join(files, 'reanalysis-patient.vcf');
  fs.writeFileSync(
    patientVcf,
    [
      '##fileformat=VCFv4.2',
      '##reference=GRCh38',
      '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
      '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1',
      // A real gnomAD v4.0 genomes site first (chr1:10,037 T>C), then the ClinVar alleles.
      ['1', '10037', '.', 'T', 'C', '50', 'PASS', '.', 'GT', '0/1'].join('\t'),
      ...carried.map((r) => [r[0], r[1], '.', r[3], r[4], '50', 'PASS', '.', 'GT', '0/1'].join('\t')),
    ].join('\n') + '\n',
  );
  let i = 0;
  const newer = lines
    .filter(Boolean)
    .flatMap((l) => {
      if (l.startsWith('##fileDate=')) return ['##fileDate=2022-01-01'];
      if (l.startsWith('#')) return [l];
      const n = i++;
      if (n === 5) return [];
      if (n === 0) return [l.replace(/CLNSIG=[^;]*/, 'CLNSIG=Pathogenic')];
      if (n === 2) return [l.replace(/CLNSIG=[^;]*/, 'CLNSIG=Likely_pathogenic')];
      return [l];
    })
    .join('\n');
  const newerVcf = path.join(files, 'clinvar_20220101_GRCh38.vcf');
  fs.writeFileSync(newerVcf, `${newer}\n`);

  const packs = new PacksPage(page);
  const re = new ReanalysisPage(page);
  // Nothing to review before any update.
  await re.open();
  await expect(re.heading()).toBeVisible();
  await expect(re.none()).toBeVisible();

  await packs.open();
  await packs.installBuiltIn('ClinVar 2021-10-25');
  await expect(packs.notice()).toContainText('Installed ClinVar 2021-10-25');
  await packs.installFiles([path.join(SHARED_DATA, 'population', 'gnomad-examples', 'example-genomes-grch38_v4.0.gnomad-genomes.vcf')]);
  await expect(packs.notice()).toContainText('Installed gnomAD v4 GRCh38');

  const list = new PatientListPage(page);
  const form = new PatientFormPage(page);
  const seq = new SequencingTabPage(page);
  await page.getByLabel('GenoDesk homepage').click();
  await list.register();
  await form.fill({ nhsNumber: '943 476 5919', familyName: 'Review', givenName: 'Rhea', birthDate: '1975-06-01', sex: 'Female' });
  await form.submit();
  await seq.open();
  await seq.setFile(patientVcf);
  await seq.submit();
  await expect(seq.notice()).toContainText('Imported reanalysis-patient.vcf');

  await packs.open();
  await packs.installFiles([newerVcf]);
  await expect(packs.notice()).toContainText('Installed ClinVar 2022-01-01');

  await re.open();
  await expect(re.patients()).toHaveCount(1);
  await expect(re.patients().first()).toContainText('REVIEW, Rhea');
  await expect(re.changes()).toHaveCount(3);
  const row = (r: string[]) => re.changes().filter({ hasText: `chr${r[0]}:${Number(r[1]).toLocaleString('en-GB')} ${r[3]}>${r[4]}` });
  await expect(row(carried[0])).toContainText('Pathogenic');
  await expect(row(carried[2])).toContainText('Likely pathogenic');
  await expect(row(carried[2])).toContainText('Benign');
  await expect(row(carried[5])).toContainText('Not in ClinVar 2022-01-01');
  await expect(re.changes().first()).toContainText('2021-10-25 → 2022-01-01');
  await app.screenshot('reanalysis');

  // The patient's variant detail: gnomAD v4 figures for the gnomAD site, "not seen" for a ClinVar allele.
  await re.patients().first().getByRole('link', { name: 'REVIEW, Rhea' }).click();
  // The patient page opens on the case overview; the audit trail is on Details.
  await page.getByRole('tab', { name: 'Details' }).click();
  // The patient's record says reanalysis found variants to review (audit trail).
  await expect(page.getByText('Variants to review: 0 → 3')).toBeVisible();
  await seq.open();
  // The variant browser's population-frequency column: the gnomAD site's AF and highest-group AF, and
  // "Not seen in gnomAD v4" for a ClinVar allele the pack lacks (rows in position order).
  const frequency = page.getByTestId('variant-frequency');
  await expect(frequency.first()).toContainText('2.60e-5 max 0.000407 eas');
  await expect(frequency.nth(1)).toContainText('Not seen in gnomAD v4');
  await expect(frequency.nth(1)).toHaveAttribute('title', 'Not seen in gnomAD v4');
  // Opened from the worklist, the first screen (1366 × 768) reaches the variants: the filters are folded.
  const specSize = page.viewportSize()!;
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(page.getByTestId('variant-rows').locator('[role=row]').first()).toBeInViewport();
  await page.setViewportSize(specSize);
  await app.screenshot('variant-browser-frequency');
  // The maximum population-frequency filter: at most 0.01 % drops exactly the gnomAD site whose highest group
  // AF is 0.0407 % (eas); the ClinVar alleles gnomAD has not seen stay (rare).
  const all = Number((await seq.variantCount().textContent())!.replace(/\D/g, ''));
  const rare = await seq.countAfter(async () => {
    await openVariantFilters(page);
    await page.getByLabel('Population frequency (gnomAD)').selectOption({ label: 'At most 0.01 %' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
  });
  expect(rare).toBe(all - 1);
  // Applied, the filters fold away so the results fill the screen; the summary keeps the count and the focus.
  await expect(page.getByTestId('variant-filters').locator('summary')).toContainText('1 applied');
  await expect(page.getByTestId('variant-filters').locator('summary')).toBeFocused();
  await expect(page.getByLabel('Population frequency (gnomAD)')).toBeHidden();
  await expect(frequency.first()).not.toContainText('max 0.000407');
  await app.screenshot('variant-browser-frequency-filter');
  await seq.countAfter(async () => {
    await openVariantFilters(page);
    await page.getByLabel('Population frequency (gnomAD)').selectOption({ label: 'Any frequency' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
  });
  // Sorted by frequency, rarest first: the alleles gnomAD has not seen (0), then the site at 0.0407 % last.
  await expect(frequency.last()).toContainText('Not seen in gnomAD v4');
  await seq.countAfter(() => page.getByRole('button', { name: 'gnomAD AF' }).click());
  await expect(page.getByRole('columnheader', { name: /gnomAD AF/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(frequency.first()).toContainText('Not seen in gnomAD v4');
  await expect(frequency.last()).toContainText('max 0.000407');
  await app.screenshot('variant-browser-frequency-sorted');
  await seq.countAfter(() => page.getByRole('button', { name: /Position/ }).click());
  const annot = new AnnotationPage(page);
  await annot.openDetail(0);
  await expect(annot.detail().getByTestId('detail-frequency')).toContainText('gnomAD v4: AF 2.60e-5 · highest group 0.000407 (eas) · AC 2 / AN 76882 · 0 homozygotes');
  await app.screenshot('variant-detail-frequency');
  await annot.openDetail(1);
  await expect(annot.detail().getByTestId('detail-frequency')).toContainText('Not seen in gnomAD v4');
});
