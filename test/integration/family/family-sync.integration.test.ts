// A family through sync to the real loopback FHIR server (Medplum's R4 router, validation on write): each
// relative arrives once as a FamilyMemberHistory about the proband with its v3 RoleCode relationship, even when
// an answer is lost; an edit updates the same resources; an edit made on the server meanwhile is not overwritten
// but becomes a conflict shown side by side, resolved by taking the central version (applied here, audited) or
// keeping ours (sent with If-Match on the server's version), one resource per relative throughout.
// With a clinical genetics pedigree number, every relative's history carries it under NHS England's pedigree number
// system, and a search by that identifier on the server finds the whole family.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { createFamilyService } from '../../../electron/main/services/family/family-service.ts';
import type { FamilyService } from '../../../electron/main/services/family/family-service.ts';
import { GENODESK_FAMILY_MEMBER_SYSTEM, PATIENT_RECORD_EXTENSION, V3_ROLE_CODE } from '../../../electron/main/services/sync/family-resources.ts';
import { NHS_PEDIGREE_NUMBER_SYSTEM } from '../../../electron/main/services/sync/fhir-systems.ts';
import type { Patient } from '../../../shared/schemas/patient.ts';
import type { FamilyMemberConflict } from '../../../shared/schemas/sync.ts';
import { listAudit } from '../../../electron/main/services/audit.ts';
import { createWorklistService } from '../../../electron/main/services/worklist/worklist-service.ts';
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
const memberConflicts = () => services.sync.listConflicts().filter((c): c is FamilyMemberConflict => c.entityType === 'family-member');
/** The family's outbox rows not yet sent, by status. */
const familyRows = () =>
  Object.fromEntries(
    (store.sqlite.prepare("SELECT status, count(*) AS n FROM sync_outbox WHERE entity_type = 'family' GROUP BY status").all() as { status: string; n: number }[])
      .filter((r) => r.status !== 'sent')
      .map((r) => [r.status, r.n]),
  );
const codeOf = (r: Resource) => (r.relationship as { coding: { system: string; code: string }[] }).coding[0];

/** A second client with its own store (so conflicts left by other tests do not stand in the way) and a registered trio. */
function trioClient(name: string, nhsFrom: number, familyName: string, childSex: string) {
  const own = openClientStore(tmp.dir, name);
  const s = clientServices(own, h, {}, 'proxy', 2_000);
  const nhs = testNhsNumbers(3, nhsFrom);
  const trio = [
    ['Child', childSex],
    ['Mum', 'female'],
    ['Dad', 'male'],
  ].map(([given, sex], i) => s.patients.create({ nhsNumber: nhs[i], familyName, givenName: given, birthDate: '1990-03-03', sex }));
  return { store: own, services: s, family: createFamilyService({ store: own, actor: 'counsellor@test', patients: s.patients }), trio };
}

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
    const out = await services.sync.push();
    const after = histories().find((r) => codeOf(r).code === 'MTH')!;
    expect(after.note).toEqual([{ text: 'edited centrally' }]);
    expect(out).toMatchObject({ pushed: 0, conflicts: 1 });
    // The family's change waits behind the relative's conflict; a second push neither sends nor duplicates it.
    expect(familyRows()).toEqual({ conflict: 1 });
    await services.sync.push();
    expect(memberConflicts()).toHaveLength(1);
    expect(histories()).toHaveLength(3);
  });

  it('the conflict shows the mother side by side: our affected status against the central note', () => {
    const [son, mother] = people;
    const [c] = memberConflicts();
    expect(c).toMatchObject({
      kind: 'update-rejected',
      entityId: `${family.show(son.id).id}/${mother.id}`,
      label: 'Family member: mother (Pedigree, Mother)',
      patientId: son.id,
      perFieldAllowed: false,
      mine: { relation: 'mother', sex: 'female', affected: 'affected', name: 'Pedigree, Mother', notes: '' },
      theirs: { relation: 'mother', sex: 'female', affected: 'unknown', name: 'Pedigree, Mother', notes: 'edited centrally' },
      base: { affected: 'unaffected', notes: '' },
      differingFields: ['affected', 'notes'],
    });
    expect(() => services.sync.resolveConflict(c.id, { perField: {} })).toThrow(expect.objectContaining({ code: 'sync/invalid-choice' }));
    expect(services.sync.status()).toMatchObject({ conflicts: 1 });
    // The worklist counts a relative's conflict against the proband.
    const row = createWorklistService({ store }).list({ needs: 'sync-conflicts' }).rows.find((r) => r.patientId === son.id);
    expect(row?.actions).toContainEqual(expect.objectContaining({ kind: 'sync-conflicts', count: 1 }));
  });

  it('take theirs: the central affected status is written to the family here (audited), the central note is kept, nothing new is sent', async () => {
    const [son, mother] = people;
    const [c] = memberConflicts();
    const before = family.show(son.id);
    const mumVersion = histories().find((r) => codeOf(r).code === 'MTH')!.meta!.versionId;
    services.sync.resolveConflict(c.id, 'take-theirs');
    const now = family.show(son.id);
    expect(now.version).toBe(before.version + 1);
    expect(now.members.find((m) => m.patient === mother.id)).toMatchObject({ relation: 'mother', affected: 'unknown' });
    expect(listAudit(store.sqlite, 'family', now.id)[0]).toMatchObject({ action: 'sync-resolve', changes: { choice: 'take-theirs', relative: mother.id, affected: ['affected', 'unknown'] } });
    expect(await services.sync.syncNow()).toMatchObject({ conflicts: 0, pending: 0 });
    const mum = histories().find((r) => codeOf(r).code === 'MTH')!;
    expect(mum.meta!.versionId).toBe(mumVersion);
    expect(mum.note).toEqual([{ text: 'edited centrally' }]);
    expect(histories()).toHaveLength(3);
  });

  it('keep mine: after another central edit, our version is sent on top of the server’s (If-Match), keeping its note, once', async () => {
    const [son, mother, father, sister] = people;
    const mum = histories().find((r) => codeOf(r).code === 'MTH')!;
    await h.server.repo.updateResource({ ...mum, sex: { coding: [{ system: 'http://hl7.org/fhir/administrative-gender', code: 'unknown' }] } } as unknown as Parameters<typeof h.server.repo.updateResource>[0]);
    family.set({ proband: son.id, mother: mother.id, father: father.id, siblings: [sister.id], affected: [son.id, mother.id], version: family.show(son.id).version });
    expect(await services.sync.push()).toMatchObject({ conflicts: 1 });
    const [c] = memberConflicts();
    expect(c).toMatchObject({ mine: { sex: 'female', affected: 'affected', notes: 'edited centrally' }, theirs: { sex: 'unknown', affected: 'unknown', notes: 'edited centrally' }, differingFields: ['sex', 'affected'] });
    services.sync.resolveConflict(c.id, 'keep-mine');
    expect(listAudit(store.sqlite, 'family', family.show(son.id).id)[0]).toMatchObject({ action: 'sync-resolve', changes: { choice: 'keep-mine', relative: mother.id } });
    expect(await services.sync.syncNow()).toMatchObject({ conflicts: 0, pending: 0 });
    const sent = histories().find((r) => codeOf(r).code === 'MTH')!;
    expect(sent.sex).toEqual({ coding: [{ system: 'http://hl7.org/fhir/administrative-gender', code: 'female' }] });
    expect(sent.condition).toBeDefined();
    expect(sent.note).toEqual([{ text: 'edited centrally' }, { text: 'Affected status recorded in GenoDesk: affected.' }]);
    expect(histories()).toHaveLength(3);
    expect(familyRows()).toEqual({ superseded: 2 });
  });

  it('a relative removed here while their conflict was open: resolving records the choice and releases the rest of the family', async () => {
    const [son, mother, father, sister] = people;
    const sis = histories().find((r) => codeOf(r).code === 'SIB')!;
    await h.server.repo.updateResource({ ...sis, note: [{ text: 'sister seen elsewhere' }] } as unknown as Parameters<typeof h.server.repo.updateResource>[0]);
    family.set({ proband: son.id, mother: mother.id, father: father.id, siblings: [sister.id], affected: [son.id, mother.id, sister.id], version: family.show(son.id).version });
    expect(await services.sync.push()).toMatchObject({ conflicts: 1 });
    const [c] = memberConflicts();
    expect(c.label).toBe('Family member: sibling (Pedigree, Sister)');
    family.set({ proband: son.id, mother: mother.id, father: father.id, affected: [son.id, mother.id], version: family.show(son.id).version });
    expect(familyRows()).toEqual({ conflict: 1, pending: 1, superseded: 2 });
    services.sync.resolveConflict(c.id, 'take-theirs');
    expect(listAudit(store.sqlite, 'family', family.show(son.id).id)[0]).toMatchObject({ action: 'sync-resolve', changes: { relative: sister.id, removedHere: true } });
    expect(await services.sync.syncNow()).toMatchObject({ conflicts: 0, pending: 0 });
    expect(histories().find((r) => codeOf(r).code === 'SIB')!.note).toEqual([{ text: 'sister seen elsewhere' }]);
  });
});

describe('family sync when a relative is removed', () => {
  it('marks the removed relative entered-in-error on the server (kept, not deleted), keeps a central edit made meanwhile, and sends them again when added back', async () => {
    const { store: store3, services: s3, family: fam3, trio: [kid, mum, dad] } = trioClient('family-removed', 8_500, 'Removed', 'male');
    const f = fam3.set({ proband: kid.id, mother: mum.id, father: dad.id });
    await s3.sync.push();
    const dadHistory = () => (h.server.repo.allOf('FamilyMemberHistory') as Resource[]).find((r) => r.identifier?.some((i) => i.value === `${f.id}/${dad.id}`))!;
    const mumHistory = () => (h.server.repo.allOf('FamilyMemberHistory') as Resource[]).find((r) => r.identifier?.some((i) => i.value === `${f.id}/${mum.id}`))!;
    expect([dadHistory().status, mumHistory().status]).toEqual(['completed', 'completed']);

    // Someone edits the father's history centrally; here the father is removed from the family.
    await h.server.repo.updateResource({ ...dadHistory(), note: [{ text: 'not the biological father' }] } as unknown as Parameters<typeof h.server.repo.updateResource>[0]);
    fam3.set({ proband: kid.id, mother: mum.id, version: 1 });
    expect(await s3.sync.syncNow()).toMatchObject({ conflicts: 0, pending: 0 });
    expect(dadHistory()).toMatchObject({ status: 'entered-in-error', note: [{ text: 'not the biological father' }] });
    expect(mumHistory().status).toBe('completed');
    const versionAfter = dadHistory().meta?.versionId;
    // Another push sends nothing more for him.
    fam3.set({ proband: kid.id, mother: mum.id, affected: [kid.id, mum.id], version: 2 });
    await s3.sync.syncNow();
    expect(dadHistory().meta?.versionId).toBe(versionAfter);

    // Added back: the same resource, completed again (no second copy).
    fam3.set({ proband: kid.id, mother: mum.id, father: dad.id, version: 3 });
    await s3.sync.syncNow();
    expect(dadHistory().status).toBe('completed');
    expect((h.server.repo.allOf('FamilyMemberHistory') as Resource[]).filter((r) => r.identifier?.some((i) => i.value?.startsWith(`${f.id}/`)))).toHaveLength(2);
    store3.close();
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
    const { store: store2, services: s2, family: fam2, trio: [child, mum, dad] } = trioClient('family-pedigree', 8_300, 'Numbered', 'female');
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
