// The issued diagnostic report of a patient with a recorded family, through the whole app (real encrypted store,
// real import of NA12878 chr21 with planted variants, panels, classification, PDF): the report content carries each
// member's patient id and parents (genodesk-assembly's familyOf), and the PDF draws them as a pedigree — the
// proband numbered II-1 under parents I-1 and I-2 — above the members' table (pdftotext -bbox).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import type { Patient } from '../../../shared/schemas/patient.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { classifyCandidate, openApp, registerWithImport, saveReferral } from '../diagnosis/helpers/case.ts';

const tmp = makeTempDir('genodesk-family-report-');
let app: GenoDesk;
let proband: Patient;

beforeAll(async () => {
  app = openApp(path.join(tmp.dir, 'data'));
  ({ patient: proband } = await registerWithImport(app, tmp.dir, { nhsNumber: '943 476 5919', familyName: 'Drawn', givenName: 'Ada' }));
}, 120_000);

afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

describe('diagnostic report with a recorded family', () => {
  it('carries the members with their parents and draws the pedigree above the table', { timeout: 180_000 }, async () => {
    const mother = app.patients.create({ nhsNumber: '943 476 5870', familyName: 'Drawn', givenName: 'Mary', birthDate: '1960-01-01', sex: 'female' });
    const father = app.patients.create({ nhsNumber: '943 476 5900', familyName: 'Drawn', givenName: 'John', birthDate: '1960-01-01', sex: 'male' });
    app.family.set({ proband: proband.id, mother: mother.id, father: father.id, affected: [proband.id], pedigreeNumber: 'P-2026-0042' });
    saveReferral(app, proband.id);
    await classifyCandidate(app, proband.id);
    const pdf = path.join(tmp.dir, 'family-diagnostic.pdf');
    const issued = await app.diagnosis.reportPdf({ patientId: proband.id, file: pdf });
    expect(issued.content.family).toEqual([
      { name: 'Drawn, Ada', relation: 'proband', sex: 'female', affected: 'affected', patient: proband.id, father: father.id, mother: mother.id },
      { name: 'Drawn, Mary', relation: 'mother', sex: 'female', affected: 'unaffected', patient: mother.id, father: null, mother: null },
      { name: 'Drawn, John', relation: 'father', sex: 'male', affected: 'unaffected', patient: father.id, father: null, mother: null },
    ]);
    expect(issued.content.pedigreeNumber).toBe('P-2026-0042');
    expect(execFileSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' })).toMatch(/Family \(pedigree number P-2026-0042\)/);
    const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' });
    const words = [...html.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ y: Number(m[1]), text: m[2] }));
    const tableTop = words.find((w) => w.text === 'Member')!.y;
    // A word of the drawing: its last occurrence above the members' table (the patient's own name is higher up).
    const drawn = (t: string) => words.filter((w) => w.text === t && w.y < tableTop).at(-1)?.y ?? Number.NaN;
    // Given names and numbers of all three, parents a generation above the proband.
    for (const t of ['Mary', 'John', 'Ada', 'I-1', 'I-2', 'II-1', 'P']) expect(drawn(t)).toBeLessThan(tableTop);
    expect(drawn('Mary')).toBe(drawn('John'));
    expect(drawn('Mary')).toBeLessThan(drawn('Ada'));
    expect(drawn('Ada')).toBeGreaterThan(words.find((w) => w.text === 'Family')!.y);
  });
});
