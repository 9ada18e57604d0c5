// Medication alerts follow medicines that arrive by sync (issue 17's gap): a MedicationStatement for paroxetine
// written centrally for a patient already taking codeine is pulled by the app's own sync (composition →
// controller → service, against the real loopback FHIR server), and the worklist's alerts snapshot is
// recomputed at once — codeine becomes "Avoid" (CYP2D6 used as Poor Metabolizer) without anyone opening a review.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { EXAMPLE_VCF } from '../pgx/pharmcat-agreement.ts';
import { openSyncedApp, serverPatientsWithLocalId, startHarness, testNhsNumbers } from '../sync/helpers/sync-harness.ts';
import type { Harness } from '../sync/helpers/sync-harness.ts';

let h: Harness;
let tmp: { dir: string; cleanup: () => void };
let app: GenoDesk;

beforeAll(async () => {
  h = await startHarness();
  tmp = makeTempDir('genodesk-alerts-sync-');
  app = openSyncedApp(h, path.join(tmp.dir, 'data'), { dbKey: 'alerts-sync-key', actor: 'counsellor-a', via: 'direct' });
}, 60_000);
afterAll(async () => {
  await app?.close();
  tmp.cleanup();
  await h.close();
});

const section = (id: string) => app.worklist.overview(id).sections.find((s) => s.key === 'medication-alerts')!;

describe('medication alerts after a sync pull', () => {
  it('a centrally added CYP2D6 inhibitor makes codeine an alert as soon as it is pulled', async () => {
    const [nhsNumber] = testNhsNumbers(1, 7_900);
    const id = app.patients.create({ nhsNumber, familyName: 'Alerts', givenName: 'Pulled', birthDate: '1961-04-05', sex: 'female' }).id;
    await app.imports.importVcf({ file: EXAMPLE_VCF, patientId: id });
    const calls = path.join(tmp.dir, 'outside.tsv');
    fs.writeFileSync(calls, 'CYP2D6\t*1/*1\n'); // a laboratory's normal metaboliser call
    app.pgx.importOutsideCalls(id, calls);
    app.medicines.add(id, { drug: 'codeine' });
    expect(section(id).items).toEqual([]);
    await app.sync.syncNow();
    const [serverPatient] = serverPatientsWithLocalId(h.server, id);

    await h.server.repo.createResource({
      resourceType: 'MedicationStatement',
      status: 'active',
      subject: { reference: `Patient/${serverPatient.id}` },
      medicationCodeableConcept: { text: 'paroxetine' },
      effectivePeriod: { start: '2026-11-01' },
    } as never);
    await app.sync.syncNow();

    expect(app.medicines.list(id).map((m) => m.drug).sort()).toEqual(['codeine', 'paroxetine']);
    expect(section(id).items).toEqual([{ text: 'codeine: Avoid', detail: expect.stringContaining('CYP2D6: Poor Metabolizer'), action: true }]);
  });
});
