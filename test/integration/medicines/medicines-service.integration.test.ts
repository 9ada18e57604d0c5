// Medicines over a real store built by composition: add/list/stop audited and queued for sync through the
// mutator; bad input refused with a specific error and the store left exactly as it was; and the review on
// PharmCAT's real example VCF with an outside-call CYP2D6 result: phenoconversion by paroxetine, undone
// when paroxetine stops; no PGx result is "no-result", never "standard".
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { validNhsNumbers } from '../../helpers/nhs-numbers.ts';
import { storeChecksum } from '../../helpers/store.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { EXAMPLE_VCF } from '../pgx/pharmcat-agreement.ts';

const tmp = makeTempDir('genodesk-medicines-');
let app: GenoDesk;
const nhs = validNhsNumbers(712_000_000);
// A fixed clock: "today" is 2026-06-01, so future-date checks do not depend on when the test runs.
const TODAY = new Date('2026-06-01T10:00:00Z');

beforeAll(() => {
  app = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'tester', clock: { now: () => TODAY } });
});
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

function patient(): string {
  return app.patients.create({ nhsNumber: nhs.next().value as string, familyName: 'Medicine', givenName: 'Test', birthDate: '1960-02-03', sex: 'female' }).id;
}

/** PharmCAT's example VCF plus a laboratory's CYP2D6 call, as an outside-call file (PharmCAT's TSV format). */
async function withResult(cyp2d6 = '*1/*1'): Promise<string> {
  const id = patient();
  await app.imports.importVcf({ file: EXAMPLE_VCF, patientId: id });
  const file = path.join(tmp.dir, `outside-${id}.tsv`);
  fs.writeFileSync(file, `CYP2D6\t${cyp2d6}\n`);
  app.pgx.importOutsideCalls(id, file);
  return id;
}

const outboxRows = (id: string) => app.store.sqlite.prepare("SELECT op, entity_version AS v FROM sync_outbox WHERE entity_type = 'medication' AND entity_id = ? ORDER BY id").all(id);

describe('the medicine list', () => {
  it('adds by name (catalogue name, any case), lists current first, stops with a date; each change audited and queued for sync', () => {
    const id = patient();
    const codeine = app.medicines.add(id, { drug: 'Codeine', dose: '30 mg four times a day', started: '2025-01-10' });
    expect(codeine).toMatchObject({ drug: 'codeine', checked: true, status: 'active', started: '2025-01-10', dose: '30 mg four times a day', ingredients: ['codeine'], origin: 'local' });
    const rif = app.medicines.add(id, { drug: 'Rifampicin' });
    expect(rif.drug).toBe('rifampin');
    const stopped = app.medicines.stop(id, codeine.id);
    expect(stopped).toMatchObject({ status: 'stopped', stopped: '2026-06-01', version: 2 });
    expect(app.medicines.list(id).map((m) => [m.drug, m.status])).toEqual([
      ['rifampin', 'active'],
      ['codeine', 'stopped'],
    ]);
    expect(app.audit.list('medication', codeine.id).map((a) => a.action).sort()).toEqual(['create', 'stop']);
    expect(outboxRows(codeine.id)).toEqual([
      { op: 'create', v: 1 },
      { op: 'update', v: 2 },
    ]);
  });

  it('keeps an unknown name as free text marked not checked, and suggests close names', () => {
    const id = patient();
    const m = app.medicines.add(id, { drug: 'paroxetin' });
    expect(m).toMatchObject({ drug: 'paroxetin', checked: false });
    expect(app.medicines.suggest('paroxetin')).toEqual(['paroxetine', 'dapoxetine']);
    // Names starting with the text first, then names containing it; in each, drugs a guideline or rule covers first.
    expect(app.medicines.searchDrugs('clop').map((d) => d.name)).toEqual(['clopidogrel', 'ticlopidine', 'zuclopenthixol', 'ciclopirox', 'cyclophosphamide', 'metoclopramide']);
  });

  it('refuses a start date in the future, a date that does not exist, stopping twice and an unknown id; the store is unchanged', () => {
    const id = patient();
    const m = app.medicines.add(id, { drug: 'tamoxifen' });
    app.medicines.stop(id, m.id);
    const before = storeChecksum(app.store);
    expect(() => app.medicines.add(id, { drug: 'codeine', started: '2026-06-02' })).toThrow(expect.objectContaining({ code: 'medicines/bad-date', message: expect.stringContaining('in the future') }));
    expect(() => app.medicines.add(id, { drug: 'codeine', started: '2025-02-30' })).toThrow(expect.objectContaining({ code: 'medicines/bad-date', message: expect.stringContaining('not a real date') }));
    expect(() => app.medicines.stop(id, m.id)).toThrow(expect.objectContaining({ code: 'medicines/already-stopped' }));
    expect(() => app.medicines.stop(id, 'no-such-id')).toThrow(expect.objectContaining({ code: 'medicines/not-found' }));
    expect(() => app.medicines.stop(patient(), m.id)).toThrow(expect.objectContaining({ code: 'medicines/not-found' }));
    expect(storeChecksum(app.store)).not.toBe(before); // the extra patient above
  });

  it('stores the SNOMED CT code of a catalogue drug added by name; a brand name with a known code is that drug; an uncoded or unknown drug has none', () => {
    const id = patient();
    expect(app.medicines.add(id, { drug: 'Sertraline' })).toMatchObject({ drug: 'sertraline', code: 'http://snomed.info/sct|372594008', checked: true });
    // A bare SCTID as typed on the CLI (--code 387494007) with a name GenoDesk does not know.
    expect(app.medicines.add(id, { drug: 'Tylex', code: '387494007' })).toMatchObject({ drug: 'codeine', code: 'http://snomed.info/sct|387494007', checked: true });
    // dapsone has a guideline but neither source codes it: checked by name, no code.
    expect(app.medicines.add(id, { drug: 'dapsone' })).toMatchObject({ drug: 'dapsone', code: null, checked: true });
    // A code GenoDesk does not know is kept (a bare SCTID with its system); the name stays free text, not checked.
    expect(app.medicines.add(id, { drug: 'Mystery tonic', code: '999999999' })).toMatchObject({ drug: 'Mystery tonic', code: 'http://snomed.info/sct|999999999', checked: false });
    expect(app.medicines.add(id, { drug: 'Other tonic', code: 'https://formulary.nhs.example/local|T1' })).toMatchObject({ code: 'https://formulary.nhs.example/local|T1', checked: false });
    const audit = app.audit.list('medication', app.medicines.list(id).find((m) => m.drug === 'sertraline')!.id);
    expect(audit[0].changes).toMatchObject({ code: 'http://snomed.info/sct|372594008' });
  });

  it('recognises a medicine without a guideline from the substance list: coded, checked, reviewed as no guideline; guideline drugs list first', () => {
    const id = patient();
    // Metformin has no CPIC/DPWG guideline and no phenoconversion rule: ch-term (Swiss value set) codes it.
    expect(app.medicines.add(id, { drug: 'Metformin' })).toMatchObject({ drug: 'metformin', code: 'http://snomed.info/sct|372567009', checked: true });
    const review = app.medicines.review(id);
    expect(review.items.find((i) => i.drug === 'metformin')).toMatchObject({ action: 'no-guideline', checked: true, genes: [] });
    expect(review.items.find((i) => i.drug === 'metformin')!.reason).toContain('No CPIC or DPWG guideline');
    // "ami…": amikacin, amiodarone, amitriptyline (guideline or rule) before amiloride (listed only), which says where it comes from.
    const found = app.medicines.searchDrugs('ami');
    expect(found.slice(0, 4).map((d) => d.name)).toEqual(['amikacin', 'amiodarone', 'amitriptyline', 'amiloride']);
    expect(found[3]).toMatchObject({ sources: ['ch-term substance list'], genes: [], perpetratorOf: [], code: expect.stringMatching(/^http:\/\/snomed\.info\/sct\|\d+$/) });
  });

  it('refuses a catalogue name given with the code of another catalogue drug; the store is unchanged', () => {
    const id = patient();
    const before = storeChecksum(app.store);
    expect(() => app.medicines.add(id, { drug: 'codeine', code: 'http://snomed.info/sct|372594008' })).toThrow(
      expect.objectContaining({ code: 'medicines/code-mismatch', message: expect.stringContaining('is sertraline (Sertraline (substance)), not codeine') }),
    );
    expect(storeChecksum(app.store)).toBe(before);
  });

  it('leaves the store exactly as it was after each refused change', () => {
    const id = patient();
    const m = app.medicines.add(id, { drug: 'tamoxifen' });
    app.medicines.stop(id, m.id);
    const before = storeChecksum(app.store);
    for (const bad of [() => app.medicines.add(id, { drug: 'codeine', started: '2027-01-01' }), () => app.medicines.stop(id, m.id), () => app.medicines.add('nobody', { drug: 'codeine' })]) {
      expect(bad).toThrow();
      expect(storeChecksum(app.store)).toBe(before);
    }
  });
});

describe('the review', () => {
  it('says "no-result" for guideline drugs of a patient without a PGx result, never "standard"; no-guideline and not-checked are said apart', () => {
    const id = patient();
    app.medicines.add(id, { drug: 'codeine' });
    app.medicines.add(id, { drug: 'paroxetin' });
    const review = app.medicines.review(id, ['bosentan']);
    expect(review.pgxStatus).toBe('pgx/no-import');
    expect(review.items.map((i) => [i.drug, i.action, i.checked])).toEqual([
      ['codeine', 'no-result', true],
      ['paroxetin', 'no-guideline', false],
      ['bosentan', 'no-guideline', true],
    ]);
    expect(review.items[1].reason).toContain('Did you mean paroxetine');
    expect(review.items[2].reason).toContain('No CPIC or DPWG guideline');
  });

  it('paroxetine makes the CYP2D6 Normal Metabolizer (outside call *1/*1) a Poor Metabolizer for codeine: avoid, with the alternative; undone when paroxetine stops', async () => {
    const id = await withResult('*1/*1');
    app.medicines.add(id, { drug: 'codeine' });
    const paroxetine = app.medicines.add(id, { drug: 'paroxetine' });
    const review = app.medicines.review(id);
    const codeine = review.items.find((i) => i.drug === 'codeine')!;
    expect(codeine).toMatchObject({ action: 'avoid', classification: 'Strong', phenotypes: { CYP2D6: 'Poor Metabolizer (activity score 0.0)' } });
    expect(codeine.phenoconversion).toMatchObject([{ gene: 'CYP2D6', from: 'Normal Metabolizer (activity score 2.0)', to: 'Poor Metabolizer (activity score 0.0)', because: ['paroxetine'] }]);
    expect(codeine.alternative).toContain('non-tramadol opioid');
    // Paroxetine's own CYP2D6 guideline uses the genotype: a drug never phenoconverts itself.
    const parox = review.items.find((i) => i.drug === 'paroxetine')!;
    expect(parox.phenoconversion).toEqual([]);
    expect(parox.phenotypes.CYP2D6).toBe('Normal Metabolizer (activity score 2.0)');
    // Most urgent first.
    expect(review.items[0].drug).toBe('codeine');

    app.medicines.stop(id, paroxetine.id);
    const after = app.medicines.review(id).items.find((i) => i.drug === 'codeine')!;
    expect(after).toMatchObject({ action: 'standard', phenoconversion: [], phenotypes: { CYP2D6: 'Normal Metabolizer (activity score 2.0)' } });
  });

  it('checks a medicine being considered alongside the current ones, and says which current medicines it would phenoconvert', async () => {
    const id = await withResult('*1/*1');
    app.medicines.add(id, { drug: 'tamoxifen' });
    const review = app.medicines.review(id, ['fluoxetine', 'clopidogrel']);
    const fluox = review.items.find((i) => i.drug === 'fluoxetine')!;
    expect(fluox).toMatchObject({ current: false, wouldPhenoconvert: ['tamoxifen'] });
    // Considering a drug never changes the phenotype used for the current ones.
    expect(review.items.find((i) => i.drug === 'tamoxifen')!.phenoconversion).toEqual([]);
    expect(review.items.find((i) => i.drug === 'clopidogrel')).toMatchObject({ current: false, action: 'standard', phenotypes: { CYP2C19: 'Normal Metabolizer' } });
  });

  it('two inhibitors at once (fluconazole strong, felbamate moderate, CYP2C19): clopidogrel used as Poor Metabolizer because of both', async () => {
    const id = await withResult();
    app.medicines.add(id, { drug: 'clopidogrel' });
    app.medicines.add(id, { drug: 'felbamate' });
    app.medicines.add(id, { drug: 'fluconazole' });
    const clop = app.medicines.review(id).items.find((i) => i.drug === 'clopidogrel')!;
    expect(clop.action).toBe('avoid');
    expect(clop.phenoconversion[0]).toMatchObject({ gene: 'CYP2C19', from: 'Normal Metabolizer', to: 'Poor Metabolizer' });
    expect(clop.phenoconversion[0].because.sort()).toEqual(['felbamate', 'fluconazole']);
    expect(clop.alternative).toMatch(/prasugrel|ticagrelor/);
  });

  it('a CYP2D6 intermediate outside call (*1/*4, activity score 1.0) with duloxetine (moderate) → 0.5, Intermediate, for tamoxifen', async () => {
    const id = await withResult('*1/*4');
    app.medicines.add(id, { drug: 'tamoxifen' });
    app.medicines.add(id, { drug: 'duloxetine' });
    const tam = app.medicines.review(id).items.find((i) => i.drug === 'tamoxifen')!;
    expect(tam.phenoconversion[0]).toMatchObject({ from: 'Intermediate Metabolizer (activity score 1.0)', to: 'Intermediate Metabolizer (activity score 0.5)', because: ['duloxetine'] });
    expect(tam.recommendations.every((r) => r.lookupKey.CYP2D6 === '0.5')).toBe(true);
    expect(['avoid', 'adjust']).toContain(tam.action);
  });
});

describe('CYP2D6 outside calls with copy-number and tandem alleles', () => {
  it('a laboratory duplication (*1/*2x2, activity score 3.0, ultrarapid) with duloxetine (moderate): × 0.5 → 1.5, used as Normal Metabolizer for codeine', async () => {
    const id = await withResult('*1/*2x2');
    app.medicines.add(id, { drug: 'codeine' });
    expect(app.medicines.review(id).items.find((i) => i.drug === 'codeine')).toMatchObject({ action: 'avoid', phenoconversion: [] });
    app.medicines.add(id, { drug: 'duloxetine' });
    const codeine = app.medicines.review(id).items.find((i) => i.drug === 'codeine')!;
    expect(codeine.phenoconversion[0]).toMatchObject({ from: expect.stringContaining('Ultrarapid Metabolizer'), to: 'Normal Metabolizer (activity score 1.5)', because: ['duloxetine'] });
    expect(codeine.action).toBe('standard');
  });
});

describe('the PGx PDF', () => {
  it('carries the medication review on page 1, before the genotype recommendations (rendered to test-results/medicines-report-page1.png)', async () => {
    const id = await withResult('*1/*1');
    app.medicines.add(id, { drug: 'codeine', dose: '30 mg' });
    app.medicines.add(id, { drug: 'paroxetine' });
    app.medicines.add(id, { drug: 'clopidogrel' });
    const out = path.join(REPO_ROOT, 'test-results');
    fs.mkdirSync(out, { recursive: true });
    const file = path.join(out, 'medicines-report.pdf');
    await app.pgx.saveReport(id, file);
    const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-']).toString();
    expect(page1).toMatch(/Medication review/);
    expect(page1).toMatch(/AVOID/);
    expect(page1).toMatch(/-> used as Poor/);
    expect(page1.indexOf('Medication review')).toBeLessThan(page1.indexOf('Medicines: recommendations'));
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, path.join(out, 'medicines-report-page1')]);
    expect(fs.statSync(path.join(out, 'medicines-report-page1.png')).size).toBeGreaterThan(20_000);
  });
});
