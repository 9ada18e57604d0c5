// A patient's HPO terms through sync to the real loopback FHIR server (through the fault proxy): one
// Observation per term coded with HPO (with the release), Present/Absent as the Phenomics Exchange IG codes
// it, subject = the patient on the server; a flipped term updates its Observation, a removed one becomes
// entered-in-error, and an answer lost after the server committed creates nothing twice.
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { GENODESK_PHENOTYPE_SYSTEM, HPO_SYSTEM } from '../../../electron/main/services/sync/fhir-systems.ts';
import type { Patient } from '../../../shared/schemas/patient.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { clientServices, serverPatientsWithLocalId, startHarness, testNhsNumbers } from '../sync/helpers/sync-harness.ts';
import type { Harness } from '../sync/helpers/sync-harness.ts';

type Observation = {
  id: string;
  status: string;
  identifier: { system: string; value: string }[];
  code: { coding: { system: string; version?: string; code: string; display?: string }[] };
  subject: { reference: string };
  valueCodeableConcept: { coding: { system: string; code: string }[] };
};

let h: Harness;
let tmp: { dir: string; cleanup: () => void };
let app: GenoDesk;
let patient: Patient;

const push = () => clientServices(app.store, h, { phenotypes: { recordedTerms: (id) => app.patientPhenotype.recorded(id) } }, 'proxy', 2_000).sync.push();
const serverTerms = () =>
  (h.server.repo.allOf('Observation') as unknown as Observation[]).filter((o) => o.identifier?.some((i) => i.system === GENODESK_PHENOTYPE_SYSTEM && i.value.startsWith(`${patient.id}/`)));
const byTerm = (id: string) => serverTerms().filter((o) => o.code.coding[0].code === id);

beforeAll(async () => {
  h = await startHarness();
  tmp = makeTempDir('genodesk-sync-phenotype-');
  app = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'counsellor-a' });
  const [nhsNumber] = testNhsNumbers(1, 7_700);
  patient = app.patients.create({ nhsNumber, familyName: 'Phenotype', givenName: 'Sync', birthDate: '2015-03-04', sex: 'female' });
}, 60_000);
afterEach(() => h.proxy.clearFaults());
afterAll(async () => {
  await app?.close();
  tmp.cleanup();
  await h.close();
});

describe('phenotype sync', () => {
  it('sends each term as an HPO-coded Observation of the patient, Present or Absent', async () => {
    app.patientPhenotype.set({ patientId: patient.id, terms: [{ id: 'HP:0001250' }, { id: 'HP:0001263', excluded: true }] });
    const out = await push();
    expect(out).toMatchObject({ failed: [] });
    const [serverPatient] = serverPatientsWithLocalId(h.server, patient.id);
    expect(serverTerms()).toHaveLength(2);
    const [seizure] = byTerm('HP:0001250');
    expect(seizure).toMatchObject({ status: 'final', subject: { reference: `Patient/${serverPatient.id}` } });
    expect(seizure.code.coding[0]).toEqual({ system: HPO_SYSTEM, version: app.phenotype.hpoVersion(), code: 'HP:0001250', display: 'Seizure' });
    expect(seizure.valueCodeableConcept.coding[0].code).toBe('LA9633-4');
    expect(byTerm('HP:0001263')[0].valueCodeableConcept.coding[0].code).toBe('LA9634-2');
    const pending = app.store.sqlite.prepare("SELECT count(*) FROM sync_outbox WHERE status != 'sent'").pluck().get();
    expect(pending).toBe(0);
  });

  it('updates the same Observations when a term flips or is removed, once even when the answer is lost', async () => {
    const before = app.patientPhenotype.get(patient.id);
    app.patientPhenotype.set({ patientId: patient.id, terms: [{ id: 'HP:0001263', excluded: false }], basedOnVersion: before.version });
    // The transaction commits on the server, its answer is lost; sync retries it (a conditional update).
    h.proxy.inject({ kind: 'drop-after' }, { match: { method: 'POST', path: /^\/fhir\/R4\/?$/ }, times: 1 });
    const faulted = () => Object.values(h.proxy.stats.faulted).reduce((a, b) => a + b, 0);
    const faultsBefore = faulted();
    await push();
    await h.proxy.idle();
    expect(faulted()).toBe(faultsBefore + 1);
    expect(serverTerms()).toHaveLength(2);
    expect(byTerm('HP:0001250')[0].status).toBe('entered-in-error');
    expect(byTerm('HP:0001263')[0].valueCodeableConcept.coding[0].code).toBe('LA9633-4');
    expect(app.store.sqlite.prepare("SELECT count(*) FROM sync_outbox WHERE status != 'sent'").pluck().get()).toBe(0);
  });
});
