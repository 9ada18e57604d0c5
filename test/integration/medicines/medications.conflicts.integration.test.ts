// A medicine changed here and on the real loopback FHIR server (Medplum's router) since both last agreed: a
// stop here against a dose change there is never merged silently. Whether it meets the server's version on
// push (412) or on pull, a conflict with both versions is stored, the local medicine and the server's copy are
// left as they are, and each resolution (keep mine, take theirs, per field) reaches its final state on both
// sides through the mutator: audited, sent once, nothing duplicated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { listAudit } from '../../../electron/main/services/audit.ts';
import { createWorklistService } from '../../../electron/main/services/worklist/worklist-service.ts';
import { GENODESK_MEDICATION_SYSTEM } from '../../../electron/main/services/sync/fhir-systems.ts';
import type { MedicationConflict } from '../../../shared/schemas/sync.ts';
import { medicineClient, openTwoClients } from './helpers/medicine-client.ts';
import { outboxRows, testNhsNumbers } from '../sync/helpers/sync-harness.ts';
import type { Harness } from '../sync/helpers/sync-harness.ts';

let h: Harness;
let a: Store;
let b: Store;
let close: () => Promise<void>;
beforeAll(async () => ({ h, a, b, close } = await openTwoClients('genodesk-med-conflicts-')));
afterAll(() => close());

const client = (store: Store) => medicineClient(store, h);

type Statement = { id: string; status: string; identifier?: { system?: string; value?: string }[]; dosage?: { text: string }[]; effectivePeriod?: { end?: string }; meta: { versionId: string } };
const statementsOf = (localId: string) =>
  (h.server.repo.allOf('MedicationStatement') as unknown as Statement[]).filter((s) => (s.identifier ?? []).some((i) => i.system === GENODESK_MEDICATION_SYSTEM && i.value === localId));
const medicationConflicts = (c: ReturnType<typeof client>, id: string) => c.sync.listConflicts().filter((x): x is MedicationConflict => x.entityType === 'medication' && x.entityId === id);
const rowsOf = (store: Store, id: string) => outboxRows(store).filter((r) => r.entity_id === id);
/** Another system changes the dose centrally (If-Match on the current version, as a real client would). */
const changeDoseCentrally = (id: string, dose: string) => h.server.repo.updateResource({ ...statementsOf(id)[0], dosage: [{ text: dose }] } as never);

let nhs = 7400;
async function sharedMedicine(drug: string, dose: string) {
  const A = client(a);
  const [n] = testNhsNumbers(1, (nhs += 20));
  const p = A.patients.create({ nhsNumber: n, familyName: 'Medconflict', givenName: 'Mia', birthDate: '1961-06-06', sex: 'female' });
  const m = A.medicines.add(p.id, { drug, dose });
  await A.sync.syncNow();
  expect(statementsOf(m.id)).toHaveLength(1);
  return { A, patientId: p.id, id: m.id };
}

describe('a medicine changed on both sides is shown side by side, not merged', () => {
  it('stopped here, dose changed on the server: the 412 on push stores a conflict; keep mine sends the stop with our dose, once', async () => {
    const { A, patientId, id } = await sharedMedicine('paroxetine', '20 mg');
    await changeDoseCentrally(id, '40 mg');
    A.medicines.stop(patientId, id, '2026-01-05');
    const out = await A.sync.push();
    expect(out).toMatchObject({ pushed: 0, conflicts: 1 });

    const [c] = medicationConflicts(A, id);
    expect(c).toMatchObject({
      kind: 'update-rejected',
      label: 'Medicine: paroxetine 20 mg',
      patientId,
      mine: { drug: 'paroxetine', dose: '20 mg', status: 'stopped', stopped: '2026-01-05' },
      theirs: { drug: 'paroxetine', dose: '40 mg', status: 'active', stopped: null },
      base: { dose: '20 mg', status: 'active' },
      differingFields: ['dose', 'status', 'stopped'],
      perFieldAllowed: true,
    });
    expect(c.fields.filter((f) => f.differs).map((f) => [f.label, f.mine, f.theirs])).toEqual([
      ['Dose', '20 mg', '40 mg'],
      ['Status', 'Stopped', 'Active (being taken)'],
      ['Stopped on', '2026-01-05', 'not recorded'],
    ]);
    // Neither side was overwritten: the stop waits here, the server keeps its dose.
    expect(A.medicines.get(patientId, id)).toMatchObject({ status: 'stopped', dose: '20 mg' });
    expect(statementsOf(id)[0]).toMatchObject({ status: 'active', dosage: [{ text: '40 mg' }] });
    expect(rowsOf(a, id).map((r) => r.status)).toEqual(['sent', 'conflict']);
    expect(A.sync.status()).toMatchObject({ conflicts: 1 });
    // The worklist counts it against the patient, with the medicine change it holds back.
    const worklist = createWorklistService({ store: a });
    expect(worklist.list({ needs: 'sync-conflicts', limit: 500 }).rows.find((r) => r.patientId === patientId)?.actions).toContainEqual(expect.objectContaining({ kind: 'sync-conflicts', count: 1 }));
    expect(worklist.overview(patientId).sections.find((x) => x.key === 'sync')!.items).toEqual([
      { text: '1 conflict to resolve', action: true },
      { text: 'Medicines: 1 change waiting', action: false },
    ]);
    // Pushing again sends nothing and does not duplicate the conflict.
    await A.sync.push();
    expect(medicationConflicts(A, id)).toHaveLength(1);
    expect(statementsOf(id)[0]).toMatchObject({ dosage: [{ text: '40 mg' }] });

    const resolved = A.sync.resolveConflict(c.id, 'keep-mine');
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'keep-mine' });
    expect(A.medicines.get(patientId, id)).toMatchObject({ status: 'stopped', dose: '20 mg', stopped: '2026-01-05' });
    expect(listAudit(a.sqlite, 'medication', id)[0]).toMatchObject({ action: 'sync-resolve', changes: { conflictId: c.id, choice: 'keep-mine' } });
    expect(rowsOf(a, id).map((r) => [r.op, r.status])).toEqual([
      ['create', 'sent'],
      ['update', 'superseded'],
      ['resolve', 'pending'],
    ]);
    expect(await A.sync.syncNow()).toMatchObject({ conflicts: 0, pending: 0 });
    expect(statementsOf(id)).toHaveLength(1);
    expect(statementsOf(id)[0]).toMatchObject({ status: 'stopped', dosage: [{ text: '20 mg' }], effectivePeriod: { end: '2026-01-05' } });
    expect(medicationConflicts(A, id)).toHaveLength(0);
  });

  it('a pulled central change meets an unsent local stop: conflict on pull, the local row is left as it is; take theirs restarts it with the central dose, nothing sent', async () => {
    const { A, patientId, id } = await sharedMedicine('fluoxetine', '20 mg');
    A.medicines.stop(patientId, id, '2026-01-06');
    await changeDoseCentrally(id, '60 mg');
    const versionBefore = statementsOf(id)[0].meta.versionId;
    const pulled = await A.sync.pull();
    expect(pulled.conflicts).toBe(1);
    const [c] = medicationConflicts(A, id);
    expect(c).toMatchObject({ kind: 'remote-change', mine: { status: 'stopped', dose: '20 mg' }, theirs: { status: 'active', dose: '60 mg' } });
    expect(A.medicines.get(patientId, id)).toMatchObject({ status: 'stopped', dose: '20 mg' });
    // A second pull of the same version refreshes the conflict, never a second one.
    await A.sync.pull();
    expect(medicationConflicts(A, id)).toHaveLength(1);

    const version = A.medicines.get(patientId, id).version;
    A.sync.resolveConflict(c.id, 'take-theirs');
    const after = A.medicines.get(patientId, id);
    expect(after).toMatchObject({ status: 'active', dose: '60 mg', stopped: null, version: version + 1 });
    expect(listAudit(a.sqlite, 'medication', id)[0]).toMatchObject({
      action: 'sync-resolve',
      changes: { choice: 'take-theirs', dose: ['20 mg', '60 mg'], status: ['stopped', 'active'], stopped: ['2026-01-06', null] },
    });
    // The result is the server's version: the held stop is superseded and nothing new is queued.
    expect(rowsOf(a, id).map((r) => r.status)).toEqual(['sent', 'superseded']);
    expect(await A.sync.syncNow()).toMatchObject({ conflicts: 0, pending: 0 });
    expect(statementsOf(id)).toHaveLength(1);
    expect(statementsOf(id)[0]).toMatchObject({ status: 'active', dosage: [{ text: '60 mg' }], meta: { versionId: versionBefore } });

    // Another client sees the same final state.
    const B = client(b);
    await B.sync.syncNow();
    expect(B.medicines.get(patientId, id)).toMatchObject({ status: 'active', dose: '60 mg' });
  });

  it('per field: the stop from here and the dose from the server; a choice that would make an active medicine with a stop date is refused, nothing written', async () => {
    const { A, patientId, id } = await sharedMedicine('tamoxifen', '20 mg');
    await changeDoseCentrally(id, '40 mg');
    A.medicines.stop(patientId, id, '2026-01-07');
    await A.sync.push();
    const [c] = medicationConflicts(A, id);
    const auditBefore = listAudit(a.sqlite, 'medication', id).length;

    expect(() => A.sync.resolveConflict(c.id, { perField: { dose: 'theirs', status: 'theirs', stopped: 'mine' } })).toThrow(expect.objectContaining({ code: 'sync/invalid-choice' }));
    expect(() => A.sync.resolveConflict(c.id, { perField: { dose: 'theirs' } })).toThrow(expect.objectContaining({ code: 'sync/invalid-choice' }));
    expect(A.medicines.get(patientId, id)).toMatchObject({ status: 'stopped', dose: '20 mg' });
    expect(listAudit(a.sqlite, 'medication', id)).toHaveLength(auditBefore);
    expect(medicationConflicts(A, id)).toHaveLength(1);

    A.sync.resolveConflict(c.id, { perField: { dose: 'theirs', status: 'mine', stopped: 'mine' } });
    expect(A.medicines.get(patientId, id)).toMatchObject({ status: 'stopped', dose: '40 mg', stopped: '2026-01-07' });
    await A.sync.syncNow();
    expect(statementsOf(id)).toHaveLength(1);
    expect(statementsOf(id)[0]).toMatchObject({ status: 'stopped', dosage: [{ text: '40 mg' }], effectivePeriod: { end: '2026-01-07' } });
    expect(A.sync.status()).toMatchObject({ conflicts: 0, pending: 0 });
  });

  it('a central change to a medicine not changed here is still applied as before (no conflict)', async () => {
    const { A, patientId, id } = await sharedMedicine('sertraline', '50 mg');
    await changeDoseCentrally(id, '100 mg');
    await A.sync.syncNow();
    expect(A.medicines.get(patientId, id)).toMatchObject({ status: 'active', dose: '100 mg' });
    expect(medicationConflicts(A, id)).toHaveLength(0);
    expect(listAudit(a.sqlite, 'medication', id)[0]).toMatchObject({ action: 'sync-pull-update' });
  });

  it('a medicine pulled as a MedicationRequest and stopped here stays stopped on later pulls; a central change to the request is then a conflict, not a silent restart', async () => {
    const A = client(a);
    const [n] = testNhsNumbers(1, (nhs += 20));
    const p = A.patients.create({ nhsNumber: n, familyName: 'Medconflict', givenName: 'Rae', birthDate: '1970-07-07', sex: 'female' });
    await A.sync.syncNow();
    const serverPatient = (h.server.repo.allOf('Patient') as unknown as { id: string; identifier: { value: string }[] }[]).find((x) => x.identifier.some((i) => i.value === p.id))!;
    const request = (await h.server.repo.createResource({
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: `Patient/${serverPatient.id}` },
      medicationCodeableConcept: { text: 'Codeine' },
      dosageInstruction: [{ text: '30 mg' }],
    } as never)) as unknown as { id: string; meta: { versionId: string } };
    await A.sync.syncNow();
    const m = A.medicines.list(p.id).find((x) => x.drug === 'Codeine')!;
    A.medicines.stop(p.id, m.id, '2026-01-08');
    await A.sync.syncNow();
    // The unchanged request comes back with every pull (the cursor is inclusive): it must not undo the stop.
    await A.sync.syncNow();
    expect(A.medicines.get(p.id, m.id)).toMatchObject({ status: 'stopped', version: 2 });
    expect(statementsOf(m.id)).toMatchObject([{ status: 'stopped' }]);

    const current = (h.server.repo.allOf('MedicationRequest') as unknown as { id: string }[]).find((r) => r.id === request.id)!;
    await h.server.repo.updateResource({ ...current, dosageInstruction: [{ text: '60 mg' }] } as never);
    expect((await A.sync.pull()).conflicts).toBe(1);
    const [c] = medicationConflicts(A, m.id);
    expect(c).toMatchObject({ kind: 'remote-change', mine: { status: 'stopped', dose: '30 mg' }, theirs: { status: 'active', dose: '60 mg' } });
    expect(A.medicines.get(p.id, m.id)).toMatchObject({ status: 'stopped' });

    // Keep mine: our statement already says stopped, so nothing new is sent; later pulls leave it stopped.
    A.sync.resolveConflict(c.id, 'keep-mine');
    expect(rowsOf(a, m.id).filter((r) => r.status === 'pending')).toEqual([]);
    expect(await A.sync.syncNow()).toMatchObject({ conflicts: 0, pending: 0 });
    await A.sync.syncNow();
    expect(A.medicines.get(p.id, m.id)).toMatchObject({ status: 'stopped' });
    expect(statementsOf(m.id)).toHaveLength(1);
  });
});

