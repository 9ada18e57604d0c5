// Pharmacogenomics end to end: a patient is registered, PharmCAT's worked example VCF is imported through
// the Sequencing tab, and the Pharmacogenomics tab shows PharmCAT's calls (expected values read from the
// example's .match.json and .phenotype.json), takes outside calls, and saves the clinician PDF
// (test-results/pgx-e2e-report.pdf, page 1 rendered to test-results/pgx-e2e-report-page1.png).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures.ts';
import { PatientListPage } from './pages/patient-list.page.ts';
import { PatientFormPage } from './pages/patient-form.page.ts';
import { SequencingTabPage } from './pages/sequencing.page.ts';
import { PgxTabPage } from './pages/pgx.page.ts';
import { REPO_ROOT, SHARED_DATA } from '../helpers/paths.ts';

const EXAMPLES = path.join(SHARED_DATA, 'pgx/pharmcat/examples');
const EXAMPLE_VCF = path.join(EXAMPLES, 'pharmcat.example.vcf');
const EXAMPLE_OUTSIDE = path.join(EXAMPLES, 'pharmcat.example.outsideCall.tsv');
const E2E_REPORT_PDF = path.join(REPO_ROOT, 'test-results', 'pgx-e2e-report.pdf');
const shot = (name: string) => path.join(REPO_ROOT, 'test-results', 'screenshots', `${name}.png`);

interface MatchJson {
  results: { gene: string; diplotypes: { name: string }[] }[];
}
interface PhenotypeJson {
  geneReports: Record<string, { sourceDiplotypes: { phenotypes: string[] }[] }>;
}

test('a counsellor calls pharmacogenomics from an imported VCF, adds outside calls and saves the clinician report', async ({ app }) => {
  // One long flow with eight axe-core scans of a long page (every medicine): more than the default two minutes
  // on a shared, loaded machine.
  test.setTimeout(360_000);
  const { page } = app;
  const match = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'pharmcat.example.match.json'), 'utf8')) as MatchJson;
  const phenotypes = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'pharmcat.example.phenotype.json'), 'utf8')) as PhenotypeJson;
  const expected = (gene: string) => match.results.find((r) => r.gene === gene)!.diplotypes.map((d) => d.name).join(' or ');
  const list = new PatientListPage(page);
  const form = new PatientFormPage(page);
  const seq = new SequencingTabPage(page);
  const pgx = new PgxTabPage(page);

  await list.register();
  await form.fill({ nhsNumber: '943 476 5919', familyName: 'Pharmacat', givenName: 'Example', birthDate: '1968-02-14', sex: 'Female' });
  await form.submit();

  // Before any import the tab says what to do.
  await pgx.open();
  await expect(pgx.noImport()).toBeVisible();

  await seq.open();
  await seq.setFile(EXAMPLE_VCF);
  await seq.submit();
  await expect(seq.notice()).toContainText('Imported pharmcat.example.vcf');

  await pgx.open();
  await expect(pgx.genesTable()).toBeVisible({ timeout: 30_000 });
  for (const gene of ['CYP2C19', 'CYP2C9', 'SLCO1B1', 'UGT1A1', 'NUDT15', 'DPYD']) await expect(pgx.diplotype(gene)).toHaveText(expected(gene));
  await expect(pgx.phenotype('CYP2C19')).toHaveText(phenotypes.geneReports.CYP2C19.sourceDiplotypes.flatMap((d) => d.phenotypes).join(' or '));
  // CYP2D6 is not called from VCF, as in PharmCAT: said up front, not hidden.
  await expect(pgx.geneRow('CYP2D6')).toContainText('Not called');
  await expect(pgx.attention()).toContainText('Not called: CYP2D6');
  await pgx.showDrug('clopidogrel');
  await expect(pgx.drug('clopidogrel')).toContainText('CYP2C19');
  // G6PD and RYR1 are phenotyped from the bundled CPIC maps (2023-08-08, 2023-12-19), as in .phenotype.json
  await expect(pgx.phenotype('G6PD')).toHaveText(phenotypes.geneReports.G6PD.sourceDiplotypes.flatMap((d) => d.phenotypes).join(' or '));
  await expect(pgx.phenotype('RYR1')).toHaveText(phenotypes.geneReports.RYR1.sourceDiplotypes.flatMap((d) => d.phenotypes).join(' or '));
  // Results first (issue 17): medicines grouped by action, genes needing attention first, the rest collapsed.
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = false;
    window.scrollTo(0, 0);
  });
  console.log(`pgx tab full-page height at 1366x768: ${await pgx.pageHeight()} px`);
  await app.screenshot('pgx-tab');
  await pgx.showDrug('clopidogrel');
  // The full page is very long (every medicine); these show the parts a reviewer looks at first.
  await pgx.attention().screenshot({ path: shot('pgx-attention') });
  await pgx.genesTable().screenshot({ path: shot('pgx-genes') });
  await pgx.drug('clopidogrel').screenshot({ path: shot('pgx-drug-clopidogrel') });

  // Keyboard: the gene details open from the keyboard.
  await pgx.showGene('CYP2C19');
  await pgx.geneDetails('CYP2C19').locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(pgx.geneDetails('CYP2C19')).toHaveAttribute('open', '');
  await expect(pgx.geneDetails('CYP2C19')).toContainText('Missing positions');
  await app.screenshot('pgx-gene-details');
  await pgx.geneDetails('CYP2C19').screenshot({ path: shot('pgx-gene-details-cyp2c19') });

  // A broken outside-call file is refused with the line it failed on.
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-e2e-pgx-'));
  const bad = path.join(files, 'bad-outside.tsv');
  fs.writeFileSync(bad, 'CYP2D6\t*1/*3\nCYP2D7\t*1/*1\n');
  await pgx.importOutsideCalls(bad);
  await expect(pgx.formError('pgx-outside-call-form')).toContainText('CYP2D7');
  await app.screenshot('pgx-outside-call-error');
  await page.getByTestId('pgx-outside-call-form').screenshot({ path: shot('pgx-outside-call-form-error') });

  // PharmCAT's example outside calls (CYP2D6 from a lab, HLA-B typing, MT-RNR1) replace the VCF for those genes.
  await pgx.importOutsideCalls(EXAMPLE_OUTSIDE);
  await expect(pgx.notice()).toContainText('Imported 3 outside calls');
  await expect(pgx.outsideCallsTable()).toContainText('pharmcat.example.outsideCall.tsv');
  await expect(pgx.diplotype('CYP2D6')).toHaveText('*1/*3');
  await expect(pgx.phenotype('CYP2D6')).toHaveText(phenotypes.geneReports.CYP2D6.sourceDiplotypes.flatMap((d) => d.phenotypes).join(' or '));
  await expect(pgx.geneRow('CYP2D6')).toContainText('Outside call');
  await pgx.showDrug('abacavir');
  await expect(pgx.drug('abacavir')).toContainText('HLA-B');
  await app.screenshot('pgx-outside-calls');
  await pgx.showGene('CYP2D6');
  await pgx.geneRow('CYP2D6').screenshot({ path: shot('pgx-gene-cyp2d6-outside') });
  await pgx.drug('abacavir').screenshot({ path: shot('pgx-drug-abacavir') });

  // The clinician PDF: the browser harness has no save dialog, so the path is typed.
  fs.mkdirSync(path.dirname(E2E_REPORT_PDF), { recursive: true });
  fs.rmSync(E2E_REPORT_PDF, { force: true });
  await pgx.saveReport(E2E_REPORT_PDF.replace(/\.pdf$/, '.txt'));
  await expect(pgx.formError('pgx-report-form')).toContainText('.pdf');
  await pgx.saveReport(E2E_REPORT_PDF);
  await expect(pgx.notice()).toContainText(`Report saved to ${E2E_REPORT_PDF}`, { timeout: 30_000 });
  await expect(pgx.reportsTable().locator('tbody tr')).toHaveCount(1);
  expect(fs.readFileSync(E2E_REPORT_PDF).subarray(0, 5).toString()).toBe('%PDF-');
  // The PDF the counsellor saved, page 1 as a picture (poppler-utils) and as text.
  const png = path.join(REPO_ROOT, 'test-results', 'pgx-e2e-report-page1');
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', E2E_REPORT_PDF, png]);
  expect(fs.statSync(`${png}.png`).size).toBeGreaterThan(20_000);
  const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', E2E_REPORT_PDF, '-']).toString();
  expect(page1).toMatch(/PHARMACAT, Example/);
  expect(page1).toMatch(/943 476 5919/);
  expect(page1).toMatch(/pharmcat\.example\.vcf \+ outside calls/);
  expect(page1).toMatch(/Medicines: recommendations/);
  await app.screenshot('pgx-report-saved');
  await page.getByTestId('pgx-report-form').locator('..').screenshot({ path: shot('pgx-report-section') });

  // A lab's CYP2D6 tandem (common in East Asian patients) is phenotyped copy by copy; an allele nobody knows
  // marks only its own gene "not interpretable" and the rest of the file is used.
  const lab = path.join(files, 'lab-cyp2d6.tsv');
  fs.writeFileSync(lab, 'CYP2D6\tCYP2D6*36x2+*10/*10\nCYP2C19\t*1/*999\n');
  await pgx.importOutsideCalls(lab);
  await expect(pgx.notice()).toContainText('Imported 2 outside calls');
  await expect(pgx.notice()).toContainText('Not interpretable (an allele no bundled data knows): CYP2C19.');
  await expect(pgx.diplotype('CYP2D6')).toHaveText('*36x2+*10/*10');
  await expect(pgx.phenotype('CYP2D6')).toHaveText('Intermediate Metabolizer');
  await expect(pgx.phenotype('CYP2C19')).toHaveText('Not interpretable');
  await expect(pgx.attention()).toContainText('Not interpretable');
  await expect(pgx.attention()).toContainText('CYP2C19 (*1/*999)');
  await app.screenshot('pgx-not-interpretable');
  await pgx.attention().screenshot({ path: shot('pgx-attention-not-interpretable') });
  await pgx.showGene('CYP2C19');
  await pgx.geneRow('CYP2C19').screenshot({ path: shot('pgx-gene-cyp2c19-not-interpretable') });
  fs.rmSync(files, { recursive: true, force: true });
});
