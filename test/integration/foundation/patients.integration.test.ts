import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/main/db/connection.ts';
import type { Store } from '../../../electron/main/db/connection.ts';
import { createPatientsService } from '../../../electron/main/services/patients/patients-service.ts';
import type { PatientsService } from '../../../electron/main/services/patients/patients-service.ts';
import { listAudit } from '../../../electron/main/services/audit.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { storeChecksum } from '../../helpers/store.ts';

const clock = { now: () => new Date('2026-06-01T10:00:00Z') };
const valid = { nhsNumber: '943 476 5919', familyName: 'Brontë', givenName: 'Zoë', birthDate: '1985-03-27', sex: 'female' };

describe('patient register', () => {
  let cleanup: () => void;
  let store: Store;
  let patients: PatientsService;
  beforeEach(() => {
    const t = makeTempDir();
    cleanup = t.cleanup;
    store = openStore({ file: path.join(t.dir, 'g.db'), key: 'k' });
    patients = createPatientsService({ store, actor: 'counsellor-a', clock });
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('creates a patient with normalised NHS number, and writes its audit and outbox rows in the same transaction', () => {
    const p = patients.create(valid);
    expect(p).toMatchObject({ nhsNumber: '9434765919', familyName: 'Brontë', givenName: 'Zoë', sex: 'female', version: 1, createdAt: '2026-06-01T10:00:00.000Z' });
    expect(listAudit(store.sqlite, 'patient', p.id)).toEqual([expect.objectContaining({ action: 'create', actor: 'counsellor-a' })]);
    expect(store.sqlite.prepare('SELECT entity_id, op, entity_version, status FROM sync_outbox').all()).toEqual([
      { entity_id: p.id, op: 'create', entity_version: 1, status: 'pending' },
    ]);
  });

  it('refuses each bad field with its own code and changes nothing', () => {
    patients.create(valid);
    const before = storeChecksum(store);
    const cases: [Partial<typeof valid>, string, string][] = [
      [{ nhsNumber: '943 476 5918' }, 'patients/invalid-nhs-number', 'nhsNumber'],
      [{ nhsNumber: '12345' }, 'patients/invalid-nhs-number', 'nhsNumber'],
      [{ nhsNumber: '9434765919' }, 'patients/duplicate-nhs-number', 'nhsNumber'],
      [{ nhsNumber: '401 023 2137', familyName: '  ' }, 'patients/invalid-name', 'familyName'],
      [{ nhsNumber: '401 023 2137', birthDate: '2026-06-02' }, 'patients/birth-date-in-future', 'birthDate'],
      [{ nhsNumber: '401 023 2137', birthDate: '1985-02-30' }, 'patients/invalid-birth-date', 'birthDate'],
      [{ nhsNumber: '401 023 2137', birthDate: '27/03/1985' }, 'patients/invalid-birth-date', 'birthDate'],
      [{ nhsNumber: '401 023 2137', sex: 'x' }, 'patients/invalid-sex', 'sex'],
    ];
    for (const [change, code, field] of cases) {
      expect(() => patients.create({ ...valid, ...change }), JSON.stringify(change)).toThrowError(expect.objectContaining({ code, details: expect.objectContaining({ field }) }));
    }
    expect(storeChecksum(store)).toBe(before);
  });

  it('edits with version check, audits the diff, and refuses a stale edit', () => {
    const p = patients.create(valid);
    const edited = patients.update(p.id, 1, { familyName: 'Brontë-Smith' });
    expect(edited.version).toBe(2);
    expect(listAudit(store.sqlite, 'patient', p.id)[0]).toMatchObject({ action: 'update', changes: { familyName: ['Brontë', 'Brontë-Smith'] } });
    expect(() => patients.update(p.id, 1, { givenName: 'Z' })).toThrowError(expect.objectContaining({ code: 'patients/stale-version' }));
    // An edit that changes nothing writes nothing.
    const outboxBefore = store.sqlite.prepare('SELECT count(*) AS n FROM sync_outbox').get();
    patients.update(p.id, 2, { familyName: 'Brontë-Smith' });
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM sync_outbox').get()).toEqual(outboxBefore);
    const other = patients.create({ ...valid, nhsNumber: '401 023 2137' });
    expect(() => patients.update(other.id, 1, { nhsNumber: '9434765919' })).toThrowError(expect.objectContaining({ code: 'patients/duplicate-nhs-number' }));
  });

  it('searches by folded name prefixes, NHS number and birth date', () => {
    const a = patients.create(valid);
    const b = patients.create({ nhsNumber: '401 023 2137', familyName: "O'Brien", givenName: 'Siobhán', birthDate: '1990-12-01' });
    const ids = (q: string) => patients.search({ query: q }).patients.map((p) => p.id);
    expect(ids('bronte')).toEqual([a.id]);
    expect(ids('BRON')).toEqual([a.id]);
    expect(ids('zoe')).toEqual([a.id]);
    expect(ids('zo bro')).toEqual([a.id]);
    expect(ids('obri siob')).toEqual([b.id]);
    expect(ids('4010232137')).toEqual([b.id]);
    expect(ids('401 023')).toEqual([b.id]);
    expect(ids('01/12/1990')).toEqual([b.id]);
    expect(ids('1985-03-27')).toEqual([a.id]);
    expect(ids('ronte')).toEqual([]);
    expect(patients.search({}).total).toBe(2);
    expect(patients.resolve('401 023 2137').id).toBe(b.id);
    expect(patients.resolve(a.id).id).toBe(a.id);
    expect(() => patients.resolve('nobody')).toThrowError(expect.objectContaining({ code: 'patients/not-found' }));
  });
});
