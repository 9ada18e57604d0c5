// A family through sync to the real loopback FHIR server (Medplum's R4 router, validation on write): each
// relative arrives once as a FamilyMemberHistory about the proband with its v3 RoleCode relationship, even when
// an answer is lost; an edit updates the same resources; an edit made on the server meanwhile is not overwritten.
// With a clinical genetics pedigree number, every relative's history carries it under NHS England's pedigree number
// system, and a search by that identifier on the server finds the whole family.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { createFamilyService } from '../../../electron/main/services/family/family-service.ts';
import type { FamilyService } from '../../../electron/main/services/family/family-service.ts';
import { GENODESK_FAMILY_MEMBER_SYSTEM, PATIENT_RECORD_EXTENSION, V3_ROLE_CODE } from '../../../electron/main/services/sync/family-resources.ts';
import { NHS_PEDIGREE_NUMBER_SYSTEM } from '../../../electron/main/services/sync/fhir-systems.ts';
import type { Patient } from '../../../shared/schemas/patient.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { clientServices, openClientStore, startHarness, TEST_CLIENT, testNhsNumbers } from '../sync/helpers/sync-harness.ts';
import type { Harness } from '../sync/helpers/sync-harness.ts';

type Resource = { resourceType: string; id?: string; meta?: { versionId?: string }; identifier?: { system?: string; value?: string }[]; [k: string]: unknown };

let h: Harness;
let tmp: { dir: string; cleanup: () => void };
let store: Store;
let family: FamilyService;
let people: Patient[];
let services: ReturnType<typeof clientServices>;

beforeAll(async () => {
  h = await startHarness();
  tmp = makeTempDir('genodesk-family-sync-');
  store = openClientStore(tmp.dir, 'family');
  services = clientServices(store, h, {}, 'proxy', 2_000);
  const nhs = testNhsNumbers(4, 8_100);
  people = [
    ['Son', 'male'],
    ['Mother', 'female'],
    ['Father', 'male'],
    ['Sister', 'female'],
  ].map(([given, sex], i) => services.patients.create({ nhsNumber: nhs[i], familyName: 'Pedigree', givenName: given, birthDate: '1980-02-02', sex }));
  family = createFamilyService({ store, actor: 'counsellor@test', patients: services.patients });
});
afterAll(async () => {
  store.close();
  await h.close();
  tmp.cleanup();
});

const histories = () => (h.server.repo.allOf('FamilyMemberHistory') as Resource[]).filter((r) => r.identifier?.some((i) => i.system === GENODESK_FAMILY_MEMBER_SYSTEM));
const codeOf = (r: Resource) => (r.relationship as { coding: { system: string; code: string }[] }).coding[0];

describe('family sync', () => {
  it('sends each relative once as a FamilyMemberHistory (MTH, FTH, SIB), after the patients, even when an answer is lost', async () => {
    const [son, mother, father, sister] = people;
    const f = family.set({ proband: son.id, mother: mother.id, father: father.id, siblings: [sister.id], affected: [son.id, sister.id] });
    h.proxy.inject({ kind: 'drop-after' }, { match: { method: 'POST', path: /FamilyMemberHistory/ }, times: 1 });
    for (let i = 0; i < 3; i++) await services.sync.push().catch(() => undefined);
    const sent = histories();
    expect(sent).toHaveLength(3);
    const sonOnServer = (h.server.repo.allOf('Patient') as Resource[]).find((p) => p.identifier?.some((i) => i.value === son.id))!;
    for (const r of sent) expect(r.patient).toEqual({ reference: `Patient/${sonOnServer.id}` });
    expect(sent.map((r) => [codeOf(r).system, codeOf(r).code]).sort()).toEqual([
      [V3_ROLE_CODE, 'FTH'],
      [V3_ROLE_CODE, 'MTH'],
      [V3_ROLE_CODE, 'SIB'],
    ]);
    const sis = sent.find((r) => codeOf(r).code === 'SIB')!;
    expect(sis.condition).toBeDefined();
    expect((sis.extension as { url: string }[])[0].url).toBe(PATIENT_RECORD_EXTENSION);
    expect(store.sqlite.prepare("SELECT count(*) FROM sync_outbox WHERE entity_type = 'family' AND status = 'pending'").pluck().get()).toBe(0);
    expect(f.version).toBe(1);
    // No pedigree number was entered: none is sent (GenoDesk never makes one up).
    for (const r of sent) expect(r.identifier!.map((i) => i.system)).toEqual([GENODESK_FAMILY_MEMBER_SYSTEM]);
  });

  it('an edit updates the same resources; an edit made on the server since is not overwritten', async () => {
    const [son, mother, father, sister] = people;
    family.set({ proband: son.id, mother: mother.id, father: father.id, siblings: [sister.id], affected: [son.id], version: 1 });
    await services.sync.push();
    const sis = histories().find((r) => codeOf(r).code === 'SIB')!;
    expect(histories()).toHaveLength(3);
    expect(sis.condition).toBeUndefined();
    // Someone edits the mother's history on the server; GenoDesk's next edit must not overwrite it.
    const mum = histories().find((r) => codeOf(r).code === 'MTH')!;
    await h.server.repo.updateResource({ ...mum, note: [{ text: 'edited centrally' }] } as unknown as Parameters<typeof h.server.repo.updateResource>[0]);
    family.set({ proband: son.id, mother: mother.id, father: father.id, siblings: [sister.id], affected: [son.id, mother.id], version: 2 });
    const out = await services.sync.push().catch((err) => err);
    const after = histories().find((r) => codeOf(r).code === 'MTH')!;
    expect(after.note).toEqual([{ text: 'edited centrally' }]);
    expect(JSON.stringify(out)).toContain('sync/conflict');
    expect(store.sqlite.prepare("SELECT count(*) FROM sync_outbox WHERE entity_type = 'family' AND status = 'pending'").pluck().get()).toBe(1);
  });
});

/** A central system searching the server with its own token (not through GenoDesk's client). */
async function search(query: string): Promise<Resource[]> {
  const tokenRes = await fetch(h.server.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: TEST_CLIENT.clientId, client_secret: TEST_CLIENT.clientSecret }),
  });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const res = await fetch(`${h.server.url}/${query}`, { headers: { authorization: `Bearer ${access_token}` } });
  expect(res.status).toBe(200);
  const bundle = (await res.json()) as { entry?: { resource: Resource }[] };
  return (bundle.entry ?? []).map((e) => e.resource);
}

describe('family sync with the NHS pedigree number', () => {
  it('sends the clinical genetics pedigree number on every relative; the server finds the family by it; clearing it removes it', async () => {
    // Its own client store, so the conflict left pending above does not stand in the way.
    const store2 = openClientStore(tmp.dir, 'family-pedigree');
    const s2 = clientServices(store2, h, {}, 'proxy', 2_000);
    const fam2 = createFamilyService({ store: store2, actor: 'counsellor@test', patients: s2.patients });
    const nhs = testNhsNumbers(3, 8_300);
    const [child, mum, dad] = [
      ['Child', 'female'],
      ['Mum', 'female'],
      ['Dad', 'male'],
    ].map(([given, sex], i) => s2.patients.create({ nhsNumber: nhs[i], familyName: 'Numbered', givenName: given, birthDate: '1990-03-03', sex }));
    expect(() => fam2.set({ proband: child.id, mother: mum.id, pedigreeNumber: 'R59<script>' })).toThrow(/Pedigree number "R59<script>"/);
    const f = fam2.set({ proband: child.id, mother: mum.id, father: dad.id, pedigreeNumber: ' GEN-2026/0042 ' });
    expect(f.pedigreeNumber).toBe('GEN-2026/0042');
    await s2.sync.push();
    const found = await search(`FamilyMemberHistory?identifier=${encodeURIComponent(`${NHS_PEDIGREE_NUMBER_SYSTEM}|GEN-2026/0042`)}`);
    expect(found.map((r) => codeOf(r).code).sort()).toEqual(['FTH', 'MTH']);
    for (const r of found) {
      expect(r.identifier).toEqual([
        { system: GENODESK_FAMILY_MEMBER_SYSTEM, value: `${f.id}/${codeOf(r).code === 'MTH' ? mum.id : dad.id}` },
        { system: NHS_PEDIGREE_NUMBER_SYSTEM, value: 'GEN-2026/0042' },
      ]);
    }
    // An edit that does not mention the number keeps it; an empty number clears it and the next push removes it.
    expect(fam2.set({ proband: child.id, mother: mum.id, father: dad.id, affected: [child.id, mum.id], version: 1 }).pedigreeNumber).toBe('GEN-2026/0042');
    expect(fam2.set({ proband: child.id, mother: mum.id, father: dad.id, pedigreeNumber: '', version: 2 }).pedigreeNumber).toBeNull();
    await s2.sync.push();
    expect(await search(`FamilyMemberHistory?identifier=${encodeURIComponent(`${NHS_PEDIGREE_NUMBER_SYSTEM}|GEN-2026/0042`)}`)).toEqual([]);
    expect(await search(`FamilyMemberHistory?identifier=${encodeURIComponent(`${GENODESK_FAMILY_MEMBER_SYSTEM}|${f.id}/${mum.id}`)}`)).toHaveLength(1);
    store2.close();
  });
});
