// Sync as a counsellor sees it, against the real Medplum FHIR server on loopback behind the fault proxy:
// offline → syncing → up to date, then a conflict between a local edit and a central edit resolved in the UI,
// then a medicine stopped here while its dose was changed centrally: shown side by side, kept, sent once; and a
// relative's FamilyMemberHistory edited centrally while edited here: shown side by side, the central one taken.
import { test as base, expect } from './fixtures.ts';
import { startFhirTestServer } from '../fixtures/fhir-server/fhir-test-server.ts';
import type { FhirTestServer } from '../fixtures/fhir-server/fhir-test-server.ts';
import { startFaultProxy } from '../fixtures/fhir-server/fault-proxy.ts';
import type { FaultProxy } from '../fixtures/fhir-server/fault-proxy.ts';
import { GENODESK_MEDICATION_SYSTEM, GENODESK_PATIENT_SYSTEM } from '../../electron/main/services/sync/fhir-systems.ts';
import { GENODESK_FAMILY_MEMBER_SYSTEM } from '../../electron/main/services/sync/family-resources.ts';
import type { Page } from '@playwright/test';
import { PatientListPage } from './pages/patient-list.page.ts';
import { PatientFormPage } from './pages/patient-form.page.ts';
import { PatientPage } from './pages/patient.page.ts';
import { ConflictsPage, SyncHeader } from './pages/sync.page.ts';

const CLIENT = { clientId: 'genodesk-e2e', clientSecret: 'e2e-secret-not-real' };

const test = base.extend<object, { fhir: { server: FhirTestServer; proxy: FaultProxy } }>({
  fhir: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startFhirTestServer({ clients: [CLIENT] });
      const proxy = await startFaultProxy({ target: server.origin });
      await use({ server, proxy });
      await proxy.close();
      await server.close();
    },
    { scope: 'worker' },
  ],
  appEnv: async ({ fhir }, use) =>
    use({
      GENODESK_FHIR_SERVER: fhir.proxy.url,
      GENODESK_FHIR_TOKEN_URL: fhir.server.tokenUrl,
      GENODESK_FHIR_CLIENT_ID: CLIENT.clientId,
      GENODESK_FHIR_CLIENT_SECRET: CLIENT.clientSecret,
      GENODESK_FHIR_TIMEOUT_MS: '3000',
    }),
});

/**
 * A change made centrally (another system editing what GenoDesk sent), straight through the FHIR API: the
 * resource found by GenoDesk's identifier, changed by `change`, and written back with If-Match as a real client would.
 */
async function changeCentrally<R extends { id: string; meta: { versionId: string } }>(
  server: FhirTestServer,
  resourceType: string,
  identifier: string,
  change: (resource: R) => void,
): Promise<void> {
  const tokenRes = await fetch(server.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret }),
  });
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  const auth = { authorization: `Bearer ${token}` };
  const search = await fetch(`${server.url}/${resourceType}?identifier=${encodeURIComponent(identifier)}`, { headers: auth });
  const bundle = (await search.json()) as { entry: { resource: R }[] };
  const resource = bundle.entry[0].resource;
  change(resource);
  const put = await fetch(`${server.url}/${resourceType}/${resource.id}`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/fhir+json', 'if-match': `W/"${resource.meta.versionId}"` },
    body: JSON.stringify(resource),
  });
  expect(put.status).toBe(200);
}

type Versioned = { id: string; meta: { versionId: string } };

const editCentrally = (server: FhirTestServer, localId: string, family: string) =>
  changeCentrally<Versioned & { name: { family: string }[] }>(server, 'Patient', `${GENODESK_PATIENT_SYSTEM}|${localId}`, (p) => {
    p.name[0].family = family;
  });

/** A dose changed centrally (a prescriber elsewhere) on the MedicationStatement GenoDesk sent. */
const changeDoseCentrally = (server: FhirTestServer, medicationId: string, dose: string) =>
  changeCentrally<Versioned & { dosage?: { text: string }[] }>(server, 'MedicationStatement', `${GENODESK_MEDICATION_SYSTEM}|${medicationId}`, (m) => {
    m.dosage = [{ text: dose }];
  });

/** A note written centrally on a relative's FamilyMemberHistory (replacing GenoDesk's own note). */
const noteCentrally = (server: FhirTestServer, identifier: string, text: string) =>
  changeCentrally<Versioned & { note?: { text: string }[] }>(server, 'FamilyMemberHistory', `${GENODESK_FAMILY_MEMBER_SYSTEM}|${identifier}`, (h) => {
    h.note = [{ text }];
  });

/** The app's own IPC, as the renderer calls it (set-up steps other specs cover through their screens). */
async function invoke<T>(page: Page, channel: string, input: unknown): Promise<T> {
  const r = await page.evaluate(
    async ([c, i]) => (window as unknown as { genodesk: { invoke(c: string, i: unknown): Promise<{ ok: boolean; data: unknown; error?: unknown }> } }).genodesk.invoke(c as string, i),
    [channel, input] as const,
  );
  expect(r.ok, JSON.stringify(r.error)).toBe(true);
  return r.data as T;
}

test('the header shows offline → syncing → up to date, and a conflict is resolved side by side', async ({ app, fhir }) => {
  const { page } = app;
  const header = new SyncHeader(page);
  const list = new PatientListPage(page);
  const form = new PatientFormPage(page);
  const patientPage = new PatientPage(page);

  // No network: the app works, and says changes wait.
  await fhir.proxy.goOffline();
  await list.register();
  await form.fill({ nhsNumber: '999 000 0018', familyName: 'Offline', givenName: 'Olive', birthDate: '1990-04-04', sex: 'Female' });
  await form.submit();
  await expect(patientPage.name()).toHaveText('Olive OFFLINE');
  await header.syncNow();
  await expect(header.state()).toHaveText('Offline');
  await expect(header.pending()).toHaveText('1 change waiting');
  await expect(header.error()).toContainText(/reach|offline|connect/i);
  await app.screenshot('sync-offline');

  // The network comes back; answers are slow enough to see the run.
  await fhir.proxy.goOnline();
  fhir.proxy.inject({ kind: 'delay', ms: 1500, phase: 'before' }, { times: 3 });
  await header.syncNow();
  await expect(header.state()).toHaveText('Syncing');
  await app.screenshot('sync-syncing');
  await expect(header.state()).toHaveText('Up to date', { timeout: 30_000 });
  await expect(header.pending()).toHaveText('No changes waiting');
  await app.screenshot('sync-up-to-date');

  // The same patient edited here (not yet sent) and centrally.
  const localId = await page.evaluate(async () => {
    const r = (await (window as unknown as { genodesk: { invoke(c: string, i: unknown): Promise<{ ok: boolean; data: { patients: { id: string }[] } }> } }).genodesk.invoke(
      'patients:search',
      { query: '9990000018' },
    )) as { data: { patients: { id: string }[] } };
    return r.data.patients[0].id;
  });
  await fhir.proxy.goOffline();
  await patientPage.changeDetails();
  await form.fill({ familyName: 'Local-Edit' });
  await form.submit();
  await expect(patientPage.name()).toHaveText('Olive LOCAL-EDIT');
  await editCentrally(fhir.server, localId, 'Central-Edit');
  await fhir.proxy.goOnline();
  await header.syncNow();
  await expect(header.conflictsLink()).toHaveText('1 conflict to resolve', { timeout: 30_000 });
  await header.conflictsLink().click();
  const conflicts = new ConflictsPage(page);
  await expect(conflicts.conflicts()).toHaveCount(1);
  await expect(conflicts.conflicts().first()).toContainText('Local-Edit');
  await expect(conflicts.conflicts().first()).toContainText('Central-Edit');
  await app.screenshot('sync-conflict');

  await conflicts.pick('Family name', 'Central record', 'Central-Edit');
  await conflicts.useChosen();
  await expect(conflicts.none()).toBeVisible();
  await header.syncNow();
  await expect(header.state()).toHaveText('Up to date', { timeout: 30_000 });
  await expect(header.pending()).toHaveText('No changes waiting');
  const onServer = fhir.server.repo
    .allOf('Patient')
    .filter((p) => (p.identifier ?? []).some((i) => i.system === GENODESK_PATIENT_SYSTEM && i.value === localId));
  expect(onServer).toHaveLength(1);
  expect((onServer[0].name as { family: string }[])[0].family).toBe('Central-Edit');
  await app.screenshot('sync-resolved');

  // A medicine sent to the server, then stopped here (offline) while a prescriber elsewhere doubles its dose.
  const { medication } = await invoke<{ medication: { id: string } }>(page, 'medicines:add', { patientId: localId, draft: { drug: 'paroxetine', dose: '20 mg' } });
  await header.syncNow();
  await expect(header.state()).toHaveText('Up to date', { timeout: 30_000 });
  await fhir.proxy.goOffline();
  await invoke(page, 'medicines:stop', { patientId: localId, id: medication.id });
  await changeDoseCentrally(fhir.server, medication.id, '40 mg');
  await fhir.proxy.goOnline();
  await header.syncNow();
  await expect(header.conflictsLink()).toHaveText('1 conflict to resolve', { timeout: 30_000 });
  await header.conflictsLink().click();
  const card = conflicts.conflicts().first();
  await expect(conflicts.conflicts()).toHaveCount(1);
  await expect(card.getByRole('heading')).toHaveText('Medicine: paroxetine 20 mg');
  await expect(card.getByRole('row', { name: /Status/ })).toContainText('Stopped');
  await expect(card.getByRole('row', { name: /Status/ })).toContainText('Active (being taken)');
  await expect(card.getByRole('row', { name: /Dose/ })).toContainText('40 mg');
  await app.screenshot('sync-conflict-medicine');

  await conflicts.keepMine();
  await expect(conflicts.none()).toBeVisible();
  await header.syncNow();
  await expect(header.state()).toHaveText('Up to date', { timeout: 30_000 });
  await expect(header.pending()).toHaveText('No changes waiting');
  const statements = fhir.server.repo
    .allOf('MedicationStatement')
    .filter((r) => ((r as { identifier?: { system?: string; value?: string }[] }).identifier ?? []).some((i) => i.system === GENODESK_MEDICATION_SYSTEM && i.value === medication.id));
  expect(statements).toHaveLength(1);
  expect(statements[0]).toMatchObject({ status: 'stopped', dosage: [{ text: '20 mg' }] });

  // Her mother, recorded as unaffected and sent; then marked affected here (offline) while a note is written centrally.
  const mum = await invoke<{ id: string }>(page, 'patients:create', {
    draft: { nhsNumber: '9990000026', familyName: 'Central-Edit', givenName: 'Maud', birthDate: '1960-01-01', sex: 'female' },
  });
  const { family } = await invoke<{ family: { id: string; version: number } }>(page, 'family:set', { draft: { proband: localId, mother: mum.id, affected: [localId] } });
  await header.syncNow();
  await expect(header.state()).toHaveText('Up to date', { timeout: 30_000 });
  await expect(header.pending()).toHaveText('No changes waiting');
  await fhir.proxy.goOffline();
  await invoke(page, 'family:set', { draft: { proband: localId, mother: mum.id, affected: [localId, mum.id], version: family.version } });
  await noteCentrally(fhir.server, `${family.id}/${mum.id}`, 'Mother seen at another centre: affected status not confirmed.');
  await fhir.proxy.goOnline();
  await header.syncNow();
  await expect(header.conflictsLink()).toHaveText('1 conflict to resolve', { timeout: 30_000 });
  await header.conflictsLink().click();
  const relative = conflicts.conflicts().first();
  await expect(relative.getByRole('heading')).toHaveText('Family member: mother (Central-Edit, Maud)');
  await expect(relative.getByTestId('conflict-patient')).toHaveText('Patient: Olive CENTRAL-EDIT');
  await expect(relative.getByRole('row', { name: /Affected status/ })).toContainText('affected');
  await expect(relative.getByRole('row', { name: /Notes/ })).toContainText('Mother seen at another centre');
  await expect(relative.getByRole('button', { name: 'Use the fields I chose' })).toHaveCount(0);
  await app.screenshot('sync-conflict-family');
  await relative.getByRole('button', { name: 'Take the central version' }).click();
  await expect(conflicts.none()).toBeVisible();
  await header.syncNow();
  await expect(header.state()).toHaveText('Up to date', { timeout: 30_000 });
  await expect(header.pending()).toHaveText('No changes waiting');
  const histories = fhir.server.repo
    .allOf('FamilyMemberHistory')
    .filter((r) => ((r as { identifier?: { system?: string; value?: string }[] }).identifier ?? []).some((i) => i.system === GENODESK_FAMILY_MEMBER_SYSTEM));
  expect(histories).toHaveLength(1);
  expect(histories[0]).toMatchObject({ note: [{ text: 'Mother seen at another centre: affected status not confirmed.' }] });
  const after = await invoke<{ family: { members: { patient: string; affected: string }[] } }>(page, 'family:get', { patientId: localId });
  expect(after.family.members.find((m) => m.patient === mum.id)?.affected).toBe('unknown');
});
