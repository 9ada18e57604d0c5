// The PGx service over the store, built by composition exactly as the app builds it: outside calls imported
// from PharmCAT's outside-call TSVs (validated, audited, fed into results), saved results that keep their
// versions, options and import, and issued reports written with their PDF, audit row and sync-outbox row
// in one transaction and readable by the sync service. The clinician PDF's page 1 is rendered to PNG with
// poppler's pdftoppm into test-results/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { createPgxReportSource } from '../../../electron/main/services/pgx/pgx-store.ts';
import { formatNhsNumber } from '../../../shared/nhs-number.ts';
import type { PgxResult } from '../../../shared/schemas/pgx.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { EXAMPLE_OUTSIDE, EXAMPLE_VCF, PHARMCAT, runExample } from './pharmcat-agreement.ts';

const tmp = makeTempDir('genodesk-pgx-service-');
let app: GenoDesk;
let nhs = 0;
// Valid NHS numbers (mod-11 check digit) for test patients.
const NHS_NUMBERS = ['9434765803', '9434765811', '9434765838', '9434765846', '9434765854', '9434765862', '9434765870', '9434765889'];

beforeAll(() => {
  app = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'tester' });
});
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

function patient(): string {
  return app.patients.create({ nhsNumber: NHS_NUMBERS[nhs++], familyName: 'Example', givenName: 'Pgx', birthDate: '1970-01-01', sex: 'female' }).id;
}

async function withExampleImport(): Promise<{ patientId: string; importId: string }> {
  const patientId = patient();
  const imp = await app.imports.importVcf({ file: EXAMPLE_VCF, patientId });
  return { patientId, importId: imp.id };
}

const count = (sql: string, ...args: unknown[]) => app.store.sqlite.prepare(sql).pluck().get(...args) as number;

describe('outside calls', () => {
  it("imports PharmCAT's example outside calls: kept, audited, and the result equals PharmCAT's file route with them", async () => {
    const { patientId } = await withExampleImport();
    const file = app.pgx.importOutsideCalls(patientId, EXAMPLE_OUTSIDE);
    expect(file.calls.map((c) => [c.gene, c.diplotype])).toEqual([
      ['CYP2D6', '*1/*3'],
      ['HLA-B', '*15:02/*57:01'],
      ['MT-RNR1', '1555A>G'],
    ]);
    expect(app.audit.list('pgx-outside-call-file', file.id)).toMatchObject([{ action: 'import', actor: 'tester', changes: { patientId, calls: file.calls } }]);

    const run = app.pgx.run(patientId);
    // The store route with stored outside calls = `pgx --vcf example --outside-call example.tsv`, which the
    // agreement tests hold to PharmCAT's .match/.phenotype/.report.json; only the source note is added.
    const direct = await runExample();
    const strip = (r: PgxResult) => ({ ...r, sample: null, genes: r.genes.map((g) => ({ ...g, warnings: g.warnings.filter((w) => w.code !== 'outside-call-source') })) });
    const { genotypeSource, ...rest } = run;
    expect(strip(rest)).toEqual(strip(direct));
    expect(genotypeSource.outsideCallFiles).toEqual([{ id: file.id, fileName: 'pharmcat.example.outsideCall.tsv', importedAt: file.importedAt, genes: ['CYP2D6', 'HLA-B', 'MT-RNR1'] }]);
    const cyp2d6 = run.genes.find((g) => g.gene === 'CYP2D6')!;
    expect(cyp2d6.source).toBe('outside-call');
    expect(cyp2d6.warnings[0]).toMatchObject({ code: 'outside-call-source', message: expect.stringContaining('pharmcat.example.outsideCall.tsv (line 1)') });
    // .phenotype.json of the example: CYP2D6 *1/*3 from the outside call is an Intermediate Metabolizer
    const phen = JSON.parse(fs.readFileSync(path.join(PHARMCAT, 'examples', 'pharmcat.example.phenotype.json'), 'utf8')) as { geneReports: Record<string, { sourceDiplotypes: { phenotypes: string[] }[] }> };
    expect(cyp2d6.phenotypes).toEqual(phen.geneReports.CYP2D6.sourceDiplotypes.flatMap((d) => d.phenotypes));
  });

  it('a later file replaces an earlier one gene by gene (PharmCAT test-resources outside_CYP2D6.tsv)', async () => {
    const { patientId } = await withExampleImport();
    app.pgx.importOutsideCalls(patientId, EXAMPLE_OUTSIDE);
    const later = app.pgx.importOutsideCalls(patientId, path.join(PHARMCAT, 'test-resources', 'reporter', 'outside_CYP2D6.tsv'));
    const current = app.pgx.outsideCalls(patientId);
    expect(current.map((c) => c.gene)).toEqual(['CYP2D6', 'HLA-B', 'MT-RNR1']);
    expect(current.find((c) => c.gene === 'CYP2D6')).toMatchObject({ fileId: later.id, diplotype: later.calls.find((c) => c.gene === 'CYP2D6')!.diplotype });
    expect(current.find((c) => c.gene === 'HLA-B')?.fileName).toBe('pharmcat.example.outsideCall.tsv');
  });

  it('a file with an allele nobody knows is kept: that gene is not interpretable, the others are used (outside_CYP2D6_G6PD.tsv, retired "B (wildtype)")', async () => {
    const { patientId } = await withExampleImport();
    const file = app.pgx.importOutsideCalls(patientId, path.join(PHARMCAT, 'test-resources', 'reporter', 'outside_CYP2D6_G6PD.tsv'));
    expect(file.notInterpretable).toEqual(['G6PD']);
    expect(app.pgx.outsideCalls(patientId).map((c) => c.gene)).toEqual(['CYP2D6', 'G6PD']);
    const run = app.pgx.run(patientId);
    expect(run.genes.find((g) => g.gene === 'G6PD')).toMatchObject({ source: 'outside-call', callStatus: 'not-interpretable', phenotypes: [] });
    expect(run.genes.find((g) => g.gene === 'CYP2D6')).toMatchObject({ source: 'outside-call', callStatus: 'called', phenotypes: ['Poor Metabolizer'] });
    expect(run.recommendations.filter((r) => r.genes.includes('G6PD'))).toEqual([]);
  });

  it('unknown gene and malformed files get specific errors and store nothing', async () => {
    const { patientId } = await withExampleImport();
    const before = count('SELECT count(*) FROM pgx_outside_call_files');
    const write = (name: string, text: string) => {
      const f = path.join(tmp.dir, name);
      fs.writeFileSync(f, text);
      return f;
    };
    expect(() => app.pgx.importOutsideCalls(patientId, write('gene.tsv', 'CYP2D7\t*1/*2\n'))).toThrowError(expect.objectContaining({ code: 'pgx/unknown-gene', details: expect.objectContaining({ gene: 'CYP2D7', line: 1 }) }));
    expect(() => app.pgx.importOutsideCalls(patientId, write('empty.tsv', '# nothing\n'))).toThrowError(expect.objectContaining({ code: 'pgx/outside-call-malformed' }));
    expect(() => app.pgx.importOutsideCalls(patientId, path.join(tmp.dir, 'absent.tsv'))).toThrowError(expect.objectContaining({ code: 'vcf/file-not-found' }));
    expect(() => app.pgx.importOutsideCalls('nobody', EXAMPLE_OUTSIDE)).toThrowError(expect.objectContaining({ code: 'patients/not-found' }));
    expect(count('SELECT count(*) FROM pgx_outside_call_files')).toBe(before);
  });
});

describe('saved results and issued reports', () => {
  it('a saved result keeps the result JSON, data versions, options and import id; it is not sent to central services', async () => {
    const { patientId, importId } = await withExampleImport();
    const outboxBefore = count("SELECT count(*) FROM sync_outbox WHERE entity_type = 'pgx-report'");
    const saved = app.pgx.saveResult(patientId, { options: { topCandidateOnly: false } });
    expect(saved).toMatchObject({ kind: 'result', importId, options: { topCandidateOnly: false, findCombinations: false, withExemptions: true }, file: null });
    const { result } = app.pgx.getResult(saved.id);
    expect(result.dataVersions).toEqual(app.pgx.data().dataVersions());
    expect(saved.dataVersions).toEqual(result.dataVersions);
    expect(result.options.topCandidateOnly).toBe(false);
    const row = app.store.sqlite.prepare('SELECT data_bundle, import_id FROM pgx_results WHERE id = ?').get(saved.id) as { data_bundle: string; import_id: string };
    expect(row).toEqual({ data_bundle: result.dataVersions.bundle, import_id: importId });
    expect(app.audit.list('pgx-result', saved.id)).toHaveLength(1);
    expect(count("SELECT count(*) FROM sync_outbox WHERE entity_type = 'pgx-report'")).toBe(outboxBefore);
    expect(createPgxReportSource(app.store.sqlite).getReport(saved.id)).toBeUndefined();
  });

  it('saving a report writes the PDF, the result, an audit row and an outbox row; sync reads it back; page 1 renders', async () => {
    const { patientId, importId } = await withExampleImport();
    app.pgx.importOutsideCalls(patientId, EXAMPLE_OUTSIDE);
    const pdf = path.join(tmp.dir, 'Example report.pdf');
    const report = await app.pgx.saveReport(patientId, pdf);
    expect(report).toMatchObject({ kind: 'report', patientId, importId, file: pdf });
    const bytes = fs.readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(report.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readdirSync(tmp.dir).filter((f) => f.endsWith('.part'))).toEqual([]);

    const outbox = app.store.sqlite.prepare("SELECT entity_id, op, status FROM sync_outbox WHERE entity_type = 'pgx-report' AND entity_id = ?").all(report.id);
    expect(outbox).toEqual([{ entity_id: report.id, op: 'create', status: 'pending' }]);
    expect(app.audit.list('pgx-report', report.id)).toMatchObject([{ action: 'create', changes: { patientId, importId, file: pdf, sha256: report.pdfSha256 } }]);
    const forSync = createPgxReportSource(app.store.sqlite).getReport(report.id)!;
    expect(forSync).toMatchObject({ patientId, issuedAt: report.createdAt });
    expect(forSync.result.genes.find((g) => g.gene === 'CYP2D6')).toMatchObject({ source: 'outside-call', diplotypes: ['*1/*3'] });
    expect(app.sync.status().pending).toBeGreaterThanOrEqual(1);

    const out = path.join(REPO_ROOT, 'test-results');
    fs.mkdirSync(out, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(out, 'pgx-saved-report-page1')]);
    expect(fs.statSync(path.join(out, 'pgx-saved-report-page1.png')).size).toBeGreaterThan(20_000);
    const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-']).toString();
    expect(page1).toMatch(/EXAMPLE, Pgx/);
    expect(page1).toContain(formatNhsNumber(app.patients.get(patientId).nhsNumber));
    expect(page1).toMatch(/pharmcat\.example\.vcf/);
    expect(page1).toMatch(/abacavir/); // HLA-B *57:01 from the outside call: CPIC's abacavir recommendation
  });

  it('a path that is not a .pdf in an existing folder is refused before anything is stored', async () => {
    const { patientId } = await withExampleImport();
    const before = count('SELECT count(*) FROM pgx_results');
    await expect(app.pgx.saveReport(patientId, path.join(tmp.dir, 'report.txt'))).rejects.toMatchObject({ code: 'pgx/report-path-invalid' });
    await expect(app.pgx.saveReport(patientId, path.join(tmp.dir, 'no-such-folder', 'r.pdf'))).rejects.toMatchObject({ code: 'pgx/report-path-invalid' });
    const dirAsFile = path.join(tmp.dir, 'taken.pdf');
    fs.mkdirSync(dirAsFile);
    await expect(app.pgx.saveReport(patientId, dirAsFile)).rejects.toMatchObject({ code: 'pgx/report-not-written' });
    expect(count('SELECT count(*) FROM pgx_results')).toBe(before);
  });

  it('lists saved results newest first; unknown ids and patients get specific errors', async () => {
    const { patientId } = await withExampleImport();
    const a = app.pgx.saveResult(patientId);
    const b = await app.pgx.saveReport(patientId, path.join(tmp.dir, 'second.pdf'));
    expect(app.pgx.listResults(patientId).map((r) => r.id)).toEqual([b.id, a.id]);
    expect(() => app.pgx.getResult('nope')).toThrowError(expect.objectContaining({ code: 'pgx/result-not-found' }));
    expect(() => app.pgx.listResults('nobody')).toThrowError(expect.objectContaining({ code: 'patients/not-found' }));
  });
});
