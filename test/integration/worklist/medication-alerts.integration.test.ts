// Medication alerts on the worklist and the case overview (issue 17), over a real store built by composition:
// the medicines service writes the alerts snapshot in the transaction of each medicine change (add / stop), each
// computed review refreshes it, and a completed import or new outside calls (a changed PGx result) recompute it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { validNhsNumbers } from '../../helpers/nhs-numbers.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { EXAMPLE_VCF } from '../pgx/pharmcat-agreement.ts';

const tmp = makeTempDir('genodesk-worklist-medicines-');
let app: GenoDesk;
const nhs = validNhsNumbers(713_000_000);
const TODAY = new Date('2026-06-01T10:00:00Z');

beforeAll(() => {
  app = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'tester', clock: { now: () => TODAY } });
});
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

function patient(): string {
  return app.patients.create({ nhsNumber: nhs.next().value as string, familyName: 'Alerts', givenName: 'Test', birthDate: '1960-02-03', sex: 'female' }).id;
}

function outsideCalls(id: string, cyp2d6: string): void {
  const file = path.join(tmp.dir, `outside-${id}.tsv`);
  fs.writeFileSync(file, `CYP2D6\t${cyp2d6}\n`);
  app.pgx.importOutsideCalls(id, file);
}

/** PharmCAT's example VCF plus a laboratory's CYP2D6 call (*1/*1, normal metaboliser), as the medicines tests set it up. */
async function withResult(): Promise<string> {
  const id = patient();
  await app.imports.importVcf({ file: EXAMPLE_VCF, patientId: id });
  outsideCalls(id, '*1/*1');
  return id;
}

const alertsOf = (id: string) => app.worklist.list({ search: undefined, limit: 500 }).rows.find((r) => r.patientId === id)!.actions.filter((a) => a.kind === 'medication-alerts');
const section = (id: string) => app.worklist.overview(id).sections.find((s) => s.key === 'medication-alerts')!;

describe('medication alerts on the worklist', () => {
  it('codeine with paroxetine (CYP2D6 used as Poor Metabolizer) is an alert on the worklist and the overview, without running a review; stopping paroxetine removes it', async () => {
    const id = await withResult();
    app.medicines.add(id, { drug: 'codeine' });
    const paroxetine = app.medicines.add(id, { drug: 'paroxetine' });
    expect(alertsOf(id)).toEqual([{ kind: 'medication-alerts', label: '1 medication alert', count: 1, tab: 'medicines' }]);
    const s = section(id);
    expect(s.tab).toBe('medicines');
    expect(s.items).toEqual([{ text: 'codeine: Avoid', detail: 'Phenotype used: CYP2D6: Poor Metabolizer (activity score 0.0)', action: true }]);
    expect(app.worklist.list({ needs: 'medication-alerts', limit: 500 }).rows.map((r) => r.patientId)).toContain(id);
    // The snapshot is derived state: no audit or outbox entry of its own.
    expect(app.store.sqlite.prepare("SELECT count(*) FROM audit_log WHERE entity_type LIKE '%alert%'").pluck().get()).toBe(0);

    app.medicines.stop(id, paroxetine.id);
    expect(alertsOf(id)).toEqual([]);
    expect(section(id).items).toEqual([]);
    expect(section(id).empty).toMatch(/^No medication alerts/);
    // A computed review agrees with the snapshot.
    expect(app.medicines.review(id).items.find((i) => i.drug === 'codeine')?.action).toBe('standard');
    expect(alertsOf(id)).toEqual([]);
  });

  it('stopping the medicine itself removes its alert', async () => {
    const id = await withResult();
    const codeine = app.medicines.add(id, { drug: 'codeine' });
    app.medicines.add(id, { drug: 'paroxetine' });
    expect(alertsOf(id)[0]?.count).toBe(1);
    app.medicines.stop(id, codeine.id);
    expect(alertsOf(id)).toEqual([]);
  });

  it('a patient without PGx results gets "no result yet" alerts for guideline drugs, never standard; free text is not an alert', () => {
    const id = patient();
    app.medicines.add(id, { drug: 'codeine' });
    app.medicines.add(id, { drug: 'clopidogrel' });
    app.medicines.add(id, { drug: 'paroxetin' });
    expect(alertsOf(id)).toEqual([{ kind: 'medication-alerts', label: '2 medication alerts', count: 2, tab: 'medicines' }]);
    const items = section(id).items;
    expect(items.map((i) => i.text).sort()).toEqual(['clopidogrel: No pharmacogenomic result yet', 'codeine: No pharmacogenomic result yet']);
    expect(items.every((i) => i.detail === 'Phenotype used: No pharmacogenomic result yet' && i.action)).toBe(true);
  });

  it('new outside calls (a changed PGx result) recompute the alerts', async () => {
    const id = patient();
    await app.imports.importVcf({ file: EXAMPLE_VCF, patientId: id });
    app.medicines.add(id, { drug: 'codeine' });
    const before = section(id).items;
    expect(before.map((i) => i.text)).toEqual(['codeine: No pharmacogenomic result yet']);
    outsideCalls(id, '*4/*4');
    expect(section(id).items).toEqual([{ text: 'codeine: Avoid', detail: expect.stringContaining('CYP2D6: Poor Metabolizer'), action: true }]);
  });

  it('a completed VCF import (a new PGx result) recomputes the alerts without a review', async () => {
    const id = patient();
    app.medicines.add(id, { drug: 'clopidogrel' });
    expect(section(id).items.map((i) => i.text)).toEqual(['clopidogrel: No pharmacogenomic result yet']);
    await app.imports.importVcf({ file: EXAMPLE_VCF, patientId: id });
    const after = section(id).items;
    expect(after.map((i) => i.text)).not.toContain('clopidogrel: No pharmacogenomic result yet');
    // What the snapshot says is what a review now computes.
    const clopidogrel = app.medicines.review(id).items.find((i) => i.drug === 'clopidogrel')!;
    expect(after.length).toBe(['avoid', 'adjust', 'monitor', 'no-result'].includes(clopidogrel.action) ? 1 : 0);
    expect(section(id).items).toEqual(after);
  });
});
