// Renders the clinician report for PharmCAT's worked example and checks the first page with poppler's
// pdftoppm/pdftotext (Debian poppler-utils), saving page 1 as test-results/pgx-report-page1.png.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { writePgxReportPdf } from '../../../electron/main/services/pgx/report-pdf.ts';
import { runExample, EXAMPLE_VCF } from './pharmcat-agreement.ts';
import { genotypeSourceFromVcfFile } from '../../../electron/main/services/pgx/genotype-source.ts';
import { pgxPositionIndex, runPgx } from '../../../electron/main/services/pgx/pgx-engine.ts';
import { parseOutsideCalls } from '../../../electron/main/services/pgx/outside-calls.ts';
import { defaultPgxData } from '../../../electron/main/services/pgx/pgx-data.ts';

const tmp = makeTempDir('genodesk-pgx-pdf-');
afterAll(() => tmp.cleanup());
const outDir = path.join(REPO_ROOT, 'test-results');

describe('PGx clinician report (PDF)', () => {
  it('renders drug-centric page 1 with the patient header, and limitations + data versions later', async () => {
    const result = await runExample();
    const pdf = path.join(tmp.dir, 'report.pdf');
    await writePgxReportPdf(pdf, result, { name: 'TEST, Example', nhsNumber: '943 476 5919', birthDate: '1970-01-01', sex: 'female', sampleId: 'Sample_1', requestedBy: 'Dr A Clinician' }, { generatedAt: new Date('2026-11-25T09:00:00Z'), genotypeSource: 'pharmcat.example.vcf + outside calls' });
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');

    fs.mkdirSync(outDir, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(outDir, 'pgx-report-page1')]);
    const png = path.join(outDir, 'pgx-report-page1.png');
    expect(fs.statSync(png).size).toBeGreaterThan(20_000);

    const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-']).toString();
    expect(page1).toMatch(/Pharmacogenomic report/);
    expect(page1).toMatch(/TEST, Example/);
    expect(page1).toMatch(/943 476 5919/);
    expect(page1).toMatch(/Medicines: recommendations/);
    // drug-centric: the CYP2D6 *1/*3 (outside call) and HLA-B *57:01 actionable results come first
    expect(page1).toMatch(/abacavir/);
    const all = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    expect(all).toMatch(/Limitations/);
    expect(all).toMatch(/Structural variation/);
    expect(all).toMatch(/2025-11-05-00-25/);
    expect(all).toMatch(/CC BY-SA 4\.0/);
  });

  it('says on page 1 which gene is not interpretable, shows the CYP2D6 tandem phenotype, and lists version skew per gene', async () => {
    const data = defaultPgxData();
    const source = await genotypeSourceFromVcfFile(EXAMPLE_VCF, { positions: pgxPositionIndex(data) });
    const outsideCalls = parseOutsideCalls('CYP2D6\t*36x2+*10/*10\nCYP2C19\t*1/*999\n', data);
    const result = runPgx({ source, outsideCalls, data });
    const pdf = path.join(tmp.dir, 'not-interpretable.pdf');
    await writePgxReportPdf(pdf, result, { name: 'TEST, Tandem', nhsNumber: '943 476 5919', birthDate: '1970-01-01', sex: 'male', sampleId: 'Sample_1', requestedBy: 'Dr A Clinician' }, { generatedAt: new Date('2026-12-07T09:00:00Z'), genotypeSource: 'pharmcat.example.vcf + outside calls' });
    fs.mkdirSync(outDir, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(outDir, 'pgx-report-not-interpretable-page1')]);
    const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-']).toString().replace(/\s+/g, ' ');
    expect(page1).toMatch(/Not interpretable \(outside call names an allele no bundled data knows; no phenotype or recommendation\): CYP2C19 \(\*1\/\*999\)/);
    const all = execFileSync('pdftotext', ['-layout', pdf, '-']).toString().replace(/\s+/g, ' ');
    expect(all).toMatch(/NOT INTERPRETABLE/);
    expect(all).toMatch(/\*36x2\+\*10\/\*10/);
    expect(all).toMatch(/Allele definitions newer than the phenotype maps, per gene\..*RYR1: 290 RYR1 allele definitions/);
    expect(all).toMatch(/G6PD v1\.30\.0 \(2023-08-08\); RYR1 2023-12-05-00-25/);
  });
});
