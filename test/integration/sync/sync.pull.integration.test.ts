// Pull phase: patients created or changed centrally come back, with audit rows and WITHOUT outbox rows
// (a change from the server is not sent back to it), and the cursor moves only with committed changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { listAudit } from '../../../electron/main/services/audit.ts';
import { PATIENT_CURSOR_KEY } from '../../../electron/main/services/sync/pull-phase.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { clientServices, openClientStore, outboxRows, serverPatientsWithLocalId, startHarness, testNhsNumbers, TEST_CLIENT } from './helpers/sync-harness.ts';
import type { Harness } from './helpers/sync-harness.ts';

let h: Harness;
let tmp: { dir: string; cleanup: () => void };
let a: Store;
let b: Store;

beforeAll(async () => {
  h = await startHarness();
  tmp = makeTempDir('genodesk-sync-pull-');
  a = openClientStore(tmp.dir, 'a');
  b = openClientStore(tmp.dir, 'b');
});
afterAll(async () => {
  a.close();
  b.close();
  tmp.cleanup();
  await h.close();
});

/** A central system (not GenoDesk) editing the server directly, with its own token. */
async function centralPut(resource: { id: string; [k: string]: unknown }): Promise<number> {
  const tokenRes = await fetch(h.server.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: TEST_CLIENT.clientId, client_secret: TEST_CLIENT.clientSecret }),
  });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const res = await fetch(`${h.server.url}/Patient/${resource.id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${access_token}` },
    body: JSON.stringify(resource),
  });
  return res.status;
}

describe('pull phase', () => {
  it("brings another GenoDesk's patients in under the same id, audited, with no outbox rows", async () => {
    const A = clientServices(a, h);
    const B = clientServices(b, h);
    const nhs = testNhsNumbers(5, 2000);
    const made = nhs.map((n, i) => A.patients.create({ nhsNumber: n, familyName: `Pulled${i}`, givenName: 'Pat', birthDate: '1960-06-0' + (i + 1), sex: 'male' }));
    await A.sync.push();

    const out = await B.sync.pull();
    expect(out).toMatchObject({ pulled: 5, conflicts: 0, rejected: [] });
    for (const p of made) {
      const local = B.patients.get(p.id);
      expect(local).toMatchObject({ nhsNumber: p.nhsNumber, familyName: p.familyName, givenName: 'Pat', birthDate: p.birthDate, sex: 'male', version: 1 });
      const audit = listAudit(b.sqlite, 'patient', p.id);
      expect(audit.map((e) => e.action)).toEqual(['sync-pull-create']);
      expect(audit[0].actor).toBe(`sync:${h.proxy.origin}`);
    }
    expect(outboxRows(b)).toEqual([]);
    expect(b.sqlite.prepare('SELECT value FROM sync_state WHERE key = ?').get(PATIENT_CURSOR_KEY)).toBeTruthy();
    // A second pull finds nothing new (the page at the cursor instant is re-read and skipped by version).
    expect((await B.sync.pull()).pulled).toBe(0);
  });

  it('applies a central edit to a record not edited here, and a GenoDesk edit from the other client', async () => {
    const A = clientServices(a, h);
    const B = clientServices(b, h);
    const [n] = testNhsNumbers(1, 2100);
    const p = A.patients.create({ nhsNumber: n, familyName: 'Central', givenName: 'Edit', birthDate: '1950-01-01', sex: 'female' });
    await A.sync.push();
    await B.sync.pull();

    const server = serverPatientsWithLocalId(h.server, p.id)[0];
    expect(await centralPut({ ...server, name: [{ use: 'official', family: 'Central-Jones', given: ['Edit'] }], address: [{ city: 'Leeds' }] })).toBe(200);
    const out = await B.sync.pull();
    expect(out.pulled).toBe(1);
    expect(B.patients.get(p.id)).toMatchObject({ familyName: 'Central-Jones', version: 2 });
    const audit = listAudit(b.sqlite, 'patient', p.id);
    expect(audit[0]).toMatchObject({ action: 'sync-pull-update', changes: { familyName: ['Central', 'Central-Jones'] } });
    expect(outboxRows(b)).toEqual([]);

    // A pulls the same change, then edits; B gets A's edit, and the central address survived A's PUT.
    await A.sync.pull();
    A.patients.update(p.id, 2, { givenName: 'Edith' });
    await A.sync.push();
    await B.sync.pull();
    expect(B.patients.get(p.id)).toMatchObject({ familyName: 'Central-Jones', givenName: 'Edith', version: 3 });
    expect(serverPatientsWithLocalId(h.server, p.id)[0].address).toEqual([{ city: 'Leeds' }]);
    expect(outboxRows(b)).toEqual([]);
  });

  it('leaves central records it cannot take in on the server, reports them, and still moves on', async () => {
    const A = clientServices(a, h);
    const B = clientServices(b, h);
    const [n] = testNhsNumbers(1, 2200);
    const p = A.patients.create({ nhsNumber: n, familyName: 'Broken', givenName: 'Date', birthDate: '1980-01-01', sex: 'male' });
    await A.sync.push();
    const server = serverPatientsWithLocalId(h.server, p.id)[0];
    // A valid FHIR date GenoDesk cannot store (year only).
    expect(await centralPut({ ...server, birthDate: '1980' })).toBe(200);
    const out = await B.sync.pull();
    expect(out.rejected.map((e) => e.code)).toEqual(['sync/remote-invalid']);
    expect(() => B.patients.get(p.id)).toThrow(/No patient/);
    expect(B.sync.status()).toMatchObject({ state: 'error', lastErrorCode: 'sync/remote-invalid' });
  });
});
