// Families on a real encrypted store: set, show and PED import through the mutator (rows, audit and outbox
// in one transaction), and every bad input refused with nothing stored.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/main/db/connection.ts';
import type { Store } from '../../../electron/main/db/connection.ts';
import { listAudit } from '../../../electron/main/services/audit.ts';
import { createFamilyService } from '../../../electron/main/services/family/family-service.ts';
import type { FamilyService } from '../../../electron/main/services/family/family-service.ts';
import { createPatientsService } from '../../../electron/main/services/patients/patients-service.ts';
import type { PatientsService } from '../../../electron/main/services/patients/patients-service.ts';
import type { Patient } from '../../../shared/schemas/patient.ts';
import type { AppError } from '../../../shared/errors.ts';
import { ASHK_PED } from '../../helpers/family-vcf.ts';
import { validNhsNumbers } from '../../helpers/nhs-numbers.ts';
import { storeChecksum } from '../../helpers/store.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const clock = { now: () => new Date('2026-12-07T10:00:00Z') };

describe('family service', () => {
  let cleanup: () => void;
  let store: Store;
  let patients: PatientsService;
  let family: FamilyService;
  let son: Patient, father: Patient, mother: Patient, sister: Patient;
  beforeEach(() => {
    const t = makeTempDir();
    cleanup = t.cleanup;
    store = openStore({ file: path.join(t.dir, 'g.db'), key: 'k' });
    patients = createPatientsService({ store, actor: 'counsellor', clock });
    family = createFamilyService({ store, actor: 'counsellor', clock, patients });
    const nhs = validNhsNumbers();
    const add = (given: string, sex: string) => patients.create({ nhsNumber: nhs.next().value as string, familyName: 'Levi', givenName: given, birthDate: '1980-01-01', sex });
    son = add('Son', 'male');
    father = add('Father', 'male');
    mother = add('Mother', 'female');
    sister = add('Sister', 'female');
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  const outboxOf = (id: string) => store.sqlite.prepare("SELECT op, entity_version AS v FROM sync_outbox WHERE entity_type = 'family' AND entity_id = ? ORDER BY id").all(id);

  it('links a proband to mother, father and sister with sex and affected status; audited and outboxed with the rows', () => {
    const f = family.set({ proband: son.nhsNumber, mother: mother.id, father: father.id, siblings: [sister.id], affected: [son.id, sister.id] });
    expect(f.proband).toBe(son.id);
    expect(f.members.map((m) => [m.patient, m.relation, m.sex, m.affected, m.father, m.mother])).toEqual([
      [son.id, 'proband', 'male', 'affected', father.id, mother.id],
      [mother.id, 'mother', 'female', 'unaffected', null, null],
      [father.id, 'father', 'male', 'unaffected', null, null],
      [sister.id, 'sibling', 'female', 'affected', father.id, mother.id],
    ]);
    expect(listAudit(store.sqlite, 'family', f.id)).toEqual([expect.objectContaining({ action: 'set', actor: 'counsellor' })]);
    expect(outboxOf(f.id)).toEqual([{ op: 'create', v: 1 }]);
    // Shown from any member; an edit replaces the members and bumps the version.
    expect(family.show(sister.id).id).toBe(f.id);
    const again = family.set({ proband: son.id, mother: mother.id, father: father.id, version: 1 });
    expect(again.version).toBe(2);
    expect(again.members).toHaveLength(3);
    expect(outboxOf(f.id)).toEqual([
      { op: 'create', v: 1 },
      { op: 'update', v: 2 },
    ]);
    expect(() => family.set({ proband: son.id, version: 1 })).toThrowError(expect.objectContaining({ code: 'family/stale-version' }));
  });

  it('refuses a mother registered male, a repeated member, an affected outsider and an unknown patient; nothing stored', () => {
    const before = storeChecksum(store);
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as AppError).code;
      }
      return 'no error';
    };
    expect(code(() => family.set({ proband: son.id, mother: father.id }))).toBe('family/sex-contradicts-role');
    expect(code(() => family.set({ proband: son.id, father: mother.id }))).toBe('family/sex-contradicts-role');
    expect(code(() => family.set({ proband: son.id, mother: mother.id, siblings: [mother.id] }))).toBe('family/duplicate-member');
    expect(code(() => family.set({ proband: son.id, affected: [sister.id] }))).toBe('family/invalid');
    expect(code(() => family.set({ proband: son.id, mother: 'nobody' }))).toBe('patients/not-found');
    expect(code(() => family.show(son.id))).toBe('family/not-found');
    expect(storeChecksum(store)).toBe(before);
  });

  it('imports the GIAB trio PED with --map, HG002 the affected son', () => {
    const text = fs.readFileSync(ASHK_PED, 'utf8');
    const f = family.importPed(text, { file: 'ashk-trio.ped', map: { HG002: son.id, HG003: father.nhsNumber, HG004: mother.id } });
    expect(f.pedFamilyId).toBe('ash');
    expect(f.members.map((m) => [m.sample, m.relation, m.sex, m.affected])).toEqual([
      ['HG002', 'proband', 'male', 'affected'],
      ['HG003', 'father', 'male', 'unknown'],
      ['HG004', 'mother', 'female', 'unknown'],
    ]);
    expect(listAudit(store.sqlite, 'family', f.id)).toEqual([expect.objectContaining({ action: 'import-ped' })]);
    expect(outboxOf(f.id)).toEqual([{ op: 'create', v: 1 }]);
  });

  it('matches PED rows by NHS number without a map', () => {
    const text = `F ${son.nhsNumber} ${father.nhsNumber} ${mother.nhsNumber} 1 2\nF ${father.nhsNumber} 0 0 1 1\nF ${mother.nhsNumber} 0 0 2 1\nF ${sister.nhsNumber} ${father.nhsNumber} ${mother.nhsNumber} 2 1\n`;
    const f = family.importPed(text);
    expect(f.members.map((m) => [m.patient, m.relation, m.affected])).toEqual([
      [son.id, 'proband', 'affected'],
      [father.id, 'father', 'unaffected'],
      [mother.id, 'mother', 'unaffected'],
      [sister.id, 'sibling', 'unaffected'],
    ]);
  });

  it('words the sample map as the CLI option for the CLI and as the "Sample to patient" field for the app', () => {
    const text = fs.readFileSync(ASHK_PED, 'utf8');
    const message = (options: Parameters<FamilyService['importPed']>[1]) => {
      try {
        family.importPed(text, { file: 'f.ped', ...options });
      } catch (err) {
        return (err as AppError).message;
      }
      throw new Error('imported');
    };
    expect(message({})).toBe('f.ped line 1: "HG002" matches no registered patient (NHS number, patient id or imported sample name); register them or use --map HG002=PATIENT.');
    const app = message({ wording: 'app' });
    expect(app).toBe('f.ped line 1: "HG002" matches no registered patient (NHS number, patient id or imported sample name); register them or use "HG002=NHS number" in the "Sample to patient" field.');
    expect(message({ wording: 'app', map: { NOBODY: son.id } })).toBe('f.ped: the "Sample to patient" field names "NOBODY", which is not a sample in the PED file.');
    expect(message({ map: { NOBODY: son.id } })).toBe('f.ped: --map names "NOBODY", which is not a sample in the PED file.');
    for (const m of [app, message({ wording: 'app', map: { HG002: 'nobody' } })]) expect(m).not.toContain('--');
  });

  it.each([
    ['an unknown sample', (t: string) => t, {}, 'family/ped-unknown-sample', 1],
    ['a loop', () => 'F a b c 1 2\nF b a 0 1 1\nF c 0 0 2 1\n', {}, 'family/ped-loop', 1],
    ['a person as their own parent', () => 'F a a 0 1 2\n', {}, 'family/ped-loop', 1],
    ['sex contradicting the role', () => 'F a b c 1 2\nF b 0 0 2 1\nF c 0 0 2 1\n', {}, 'family/sex-contradicts-role', 2],
    ['two families', () => 'F a 0 0 1 2\nG b 0 0 1 1\n', {}, 'family/ped-several-families', 2],
  ])('refuses a PED with %s, naming the line, and stores nothing', (_what, make, map, code, line) => {
    const before = storeChecksum(store);
    const text = make(fs.readFileSync(ASHK_PED, 'utf8'));
    try {
      family.importPed(text, { file: 'f.ped', map });
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).code).toBe(code);
      expect((err as AppError).details.line).toBe(line);
    }
    expect(storeChecksum(store)).toBe(before);
  });
});
