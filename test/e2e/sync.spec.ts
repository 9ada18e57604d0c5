// Sync as a counsellor sees it, against the real Medplum FHIR server on loopback behind the fault proxy:
// offline → syncing → up to date, then a conflict between a local edit and a central edit resolved in the UI.
import { test as base, expect } from './fixtures.ts';
import { startFhirTestServer } from '../fixtures/fhir-server/fhir-test-server.ts';
import type { FhirTestServer } from '../fixtures/fhir-server/fhir-test-server.ts';
import { startFaultProxy } from '../fixtures/fhir-server/fault-proxy.ts';
import type { FaultProxy } from '../fixtures/fhir-server/fault-proxy.ts';
import { GENODESK_PATIENT_SYSTEM } from '../../electron/main/services/sync/fhir-systems.ts';
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

/** A change made centrally (another system editing the same patient), straight through the FHIR API. */
async function editCentrally(server: FhirTestServer, localId: string, family: string): Promise<void> {
  const tokenRes = await fetch(server.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret }),
  });
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  const auth = { authorization: `Bearer ${token}` };
  const search = await fetch(`${server.url}/Patient?identifier=${encodeURIComponent(`${GENODESK_PATIENT_SYSTEM}|${localId}`)}`, { headers: auth });
  const bundle = (await search.json()) as { entry: { resource: { id: string; meta: { versionId: string }; name: { family: string }[] } }[] };
  const patient = bundle.entry[0].resource;
  patient.name[0].family = family;
  const put = await fetch(`${server.url}/Patient/${patient.id}`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/fhir+json', 'if-match': `W/"${patient.meta.versionId}"` },
    body: JSON.stringify(patient),
  });
  expect(put.status).toBe(200);
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
});
