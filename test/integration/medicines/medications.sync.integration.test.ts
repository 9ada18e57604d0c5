// Medicines against the real loopback FHIR server (Medplum's router, as the sync tests use): pushed as
// MedicationStatement (conditional create, then If-Match updates), pulled back by a second client onto the
// same ids, and a MedicationRequest written centrally pulled in and reviewed. A change made on both sides is a
// conflict shown side by side (medications.conflicts.integration.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { listAudit } from '../../../electron/main/services/audit.ts';
import { GENODESK_MEDICATION_SYSTEM } from '../../../electron/main/services/sync/fhir-systems.ts';
import { currentMedicationStatements } from '../../../electron/main/services/sync/medication-statements.ts';
import { buildPgxReportBundle } from '../../../electron/main/services/sync/pgx-report-resources.ts';
import { assertValidResource } from '../../../electron/main/services/sync/validate-resource.ts';
import { medicineClient, openTwoClients } from './helpers/medicine-client.ts';
import { testNhsNumbers } from '../sync/helpers/sync-harness.ts';
import type { Harness } from '../sync/helpers/sync-harness.ts';

let h: Harness;
let a: Store;
let b: Store;
let close: () => Promise<void>;
beforeAll(async () => ({ h, a, b, close } = await openTwoClients('genodesk-med-sync-')));
afterAll(() => close());

const client = (store: Store) => medicineClient(store, h);

type Statement = { id: string; status: string; identifier?: { system?: string; value?: string }[]; subject: { reference: string }; medicationCodeableConcept: { text: string }; dosage?: { text: string }[]; meta: { versionId: string } };
const statementsOf = (localId: string) =>
  (h.server.repo.allOf('MedicationStatement') as unknown as Statement[]).filter((s) => (s.identifier ?? []).some((i) => i.system === GENODESK_MEDICATION_SYSTEM && i.value === localId));

/** The server's Patient that GenoDesk pushed for a local patient id. */
const serverPatientOf = (id: string) => (h.server.repo.allOf('Patient') as unknown as { id: string; identifier: { value: string }[] }[]).find((p) => p.identifier.some((i) => i.value === id))!;

describe('medicines and the central FHIR server', () => {
  let nhs = 7100;
  async function sharedPatient() {
    const A = client(a);
    const B = client(b);
    const [n] = testNhsNumbers(1, (nhs += 20));
    const p = A.patients.create({ nhsNumber: n, familyName: 'Medsync', givenName: 'Mo', birthDate: '1950-05-05', sex: 'male' });
    return { A, B, id: p.id };
  }

  it('pushes each medicine once as a MedicationStatement of its patient; a second client pulls them onto the same ids', async () => {
    const { A, B, id } = await sharedPatient();
    const codeine = A.medicines.add(id, { drug: 'codeine', dose: '30 mg', started: '2025-02-01' });
    A.medicines.add(id, { drug: 'paroxetine' });
    await A.sync.syncNow();
    const [s] = statementsOf(codeine.id);
    expect(statementsOf(codeine.id)).toHaveLength(1);
    expect(s).toMatchObject({ status: 'active', medicationCodeableConcept: { text: 'codeine' }, dosage: [{ text: '30 mg' }] });
    expect(s.subject.reference).toMatch(/^Patient\//);
    // Sent again: nothing new on the server.
    await A.sync.syncNow();
    expect(statementsOf(codeine.id)).toHaveLength(1);

    await B.sync.syncNow();
    expect(B.medicines.list(id).map((m) => [m.id === codeine.id ? 'same-id' : m.id, m.drug, m.origin, m.checked]).sort()).toEqual([
      ['same-id', 'codeine', 'fhir', true],
      [expect.any(String), 'paroxetine', 'fhir', true],
    ].sort());
    expect(listAudit(b.sqlite, 'medication', codeine.id).map((e) => e.action)).toEqual(['sync-pull-create']);
  });

  it('a coded drug is pushed with its SNOMED CT coding beside the text and pulled back with it; an uncoded drug is pushed as text only', async () => {
    const { A, B, id } = await sharedPatient();
    const codeine = A.medicines.add(id, { drug: 'codeine' });
    const dapsone = A.medicines.add(id, { drug: 'dapsone' });
    await A.sync.syncNow();
    const [s] = statementsOf(codeine.id) as unknown as (Statement & { medicationCodeableConcept: { coding?: unknown[] } })[];
    expect(s.medicationCodeableConcept).toEqual({ text: 'codeine', coding: [{ system: 'http://snomed.info/sct', code: '387494007' }] });
    assertValidResource(s as never, 'pushed statement');
    const [d] = statementsOf(dapsone.id) as unknown as (Statement & { medicationCodeableConcept: { coding?: unknown[] } })[];
    expect(d.medicationCodeableConcept).toEqual({ text: 'dapsone' });

    await B.sync.syncNow();
    expect(B.medicines.get(id, codeine.id)).toMatchObject({ drug: 'codeine', code: 'http://snomed.info/sct|387494007', checked: true, origin: 'fhir' });
    expect(B.medicines.get(id, dapsone.id)).toMatchObject({ drug: 'dapsone', code: null, checked: true });
    // Pulled back unchanged: nothing to send again.
    await B.sync.syncNow();
    expect(statementsOf(codeine.id)[0].meta.versionId).toBe(s.meta.versionId);
  });

  it('a MedicationStatement written centrally under a brand name is matched to the catalogue by its SNOMED CT code before its name', async () => {
    const { A, id } = await sharedPatient();
    await A.sync.syncNow();
    const serverPatient = serverPatientOf(id);
    await h.server.repo.createResource({
      resourceType: 'MedicationStatement',
      status: 'active',
      subject: { reference: `Patient/${serverPatient.id}` },
      // A local formulary code first, the SNOMED CT substance second: the SNOMED CT coding is the one kept.
      medicationCodeableConcept: {
        text: 'Lustral 50mg tablets',
        coding: [
          { system: 'https://formulary.nhs.example/local', code: 'LUS50' },
          { system: 'http://snomed.info/sct', code: '372594008', display: 'Sertraline (substance)' },
        ],
      },
      effectivePeriod: { start: '2025-03-01' },
    } as never);
    // Same name as a catalogue drug but coded as another: the code wins.
    await h.server.repo.createResource({
      resourceType: 'MedicationStatement',
      status: 'active',
      subject: { reference: `Patient/${serverPatient.id}` },
      medicationCodeableConcept: { text: 'Tamoxifen', coding: [{ system: 'http://snomed.info/sct', code: '386952008' }] },
    } as never);
    await A.sync.syncNow();
    const list = A.medicines.list(id);
    const lustral = list.find((m) => m.drug === 'Lustral 50mg tablets')!;
    expect(lustral).toMatchObject({ origin: 'fhir', code: 'http://snomed.info/sct|372594008', checked: true, started: '2025-03-01' });
    const review = A.medicines.review(id);
    // sertraline's CPIC guideline genes, not "not checked".
    expect(review.items.find((i) => i.medicationId === lustral.id)).toMatchObject({ checked: true, genes: expect.arrayContaining(['CYP2C19']) });
    const coded = list.find((m) => m.drug === 'Tamoxifen')!;
    // Reviewed as clopidogrel (CYP2C19), not as tamoxifen (CYP2D6).
    expect(review.items.find((i) => i.medicationId === coded.id)?.genes).toEqual(['CYP2C19']);
  });

  it('a stop is pushed as status "stopped" with the end date, and pulled by the other client', async () => {
    const { A, B, id } = await sharedPatient();
    const m = A.medicines.add(id, { drug: 'tamoxifen' });
    await A.sync.syncNow();
    await B.sync.syncNow();
    A.medicines.stop(id, m.id);
    await A.sync.syncNow();
    expect(statementsOf(m.id)[0]).toMatchObject({ status: 'stopped', effectivePeriod: { end: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } });
    await B.sync.syncNow();
    expect(B.medicines.get(id, m.id)).toMatchObject({ status: 'stopped' });
  });

  it('a MedicationRequest written centrally is pulled in, matched to the catalogue and reviewed', async () => {
    const { A, id } = await sharedPatient();
    await A.sync.syncNow();
    const serverPatient = serverPatientOf(id);
    await h.server.repo.createResource({
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: `Patient/${serverPatient.id}` },
      medicationCodeableConcept: { text: 'Clopidogrel' },
      authoredOn: '2025-06-01',
      dosageInstruction: [{ text: '75 mg once a day' }],
    } as never);
    await A.sync.syncNow();
    const pulled = A.medicines.list(id).find((m) => m.drug === 'Clopidogrel')!;
    expect(pulled).toMatchObject({ origin: 'fhir', checked: true, started: '2025-06-01', dose: '75 mg once a day', status: 'active' });
    expect(A.medicines.review(id).items.find((i) => i.medicationId === pulled.id)).toMatchObject({ action: 'no-result' });
  });

  it("points the PGx report's medication-recommendation Task at the patient's MedicationStatement (Task.focus)", async () => {
    const { A, id } = await sharedPatient();
    const m = A.medicines.add(id, { drug: 'clopidogrel' });
    A.medicines.add(id, { drug: 'codeine' });
    await A.sync.syncNow();
    const refs = currentMedicationStatements(a.sqlite, id);
    expect(refs.get('clopidogrel')).toBe(`MedicationStatement/${statementsOf(m.id)[0].id}`);
    const bundle = buildPgxReportBundle({
      reportId: 'r-1',
      patientReference: 'Patient/p-1',
      issued: '2026-01-01T00:00:00Z',
      medicationStatements: refs,
      result: {
        genes: [{ gene: 'CYP2C19', diplotypes: ['*2/*2'], phenotypes: ['Poor Metabolizer'] }],
        recommendations: [
          { drug: 'clopidogrel', genes: ['CYP2C19'], classification: 'Strong', recommendation: 'Avoid clopidogrel if possible.', lookupKey: { CYP2C19: 'Poor Metabolizer' } },
          { drug: 'voriconazole', genes: ['CYP2C19'], classification: 'Moderate', recommendation: 'Choose an alternative.', lookupKey: { CYP2C19: 'Poor Metabolizer' } },
        ],
      },
    });
    const tasks = bundle.entries.map((e) => e.resource).filter((r) => r.resourceType === 'Task') as unknown as { description: string; focus?: { reference: string } }[];
    expect(tasks.find((t) => t.description.startsWith('clopidogrel'))?.focus).toEqual({ reference: refs.get('clopidogrel') });
    // A recommendation about a medicine the patient does not take has no focus.
    expect(tasks.find((t) => t.description.startsWith('voriconazole'))?.focus).toBeUndefined();
    for (const e of bundle.entries) assertValidResource(e.resource, 'report part');
  });
});
