// Two GenoDesk clients and one server editing the same patient. Nothing is overwritten silently: a 412 on
// push or a pulled change to a locally edited record becomes a stored conflict with both versions, and the
// counsellor's choice (keep mine / take theirs / per field) is audited and itself synced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { listAudit } from '../../../electron/main/services/audit.ts';
import { AppError } from '../../../shared/errors.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { clientServices, familyOf, givenOf, openClientStore, outboxRows, serverPatientsWithLocalId, startHarness, testNhsNumbers } from './helpers/sync-harness.ts';
import type { Harness } from './helpers/sync-harness.ts';

let h: Harness;
let tmp: { dir: string; cleanup: () => void };
let a: Store;
let b: Store;
let nextNhs = 3000;

beforeAll(async () => {
  h = await startHarness();
  tmp = makeTempDir('genodesk-sync-conflicts-');
  a = openClientStore(tmp.dir, 'a');
  b = openClientStore(tmp.dir, 'b');
});
afterAll(async () => {
  a.close();
  b.close();
  tmp.cleanup();
  await h.close();
});

const openFor = (client: { sync: { listConflicts(): { entityId: string }[] } }, id: string) =>
  client.sync.listConflicts().filter((c) => c.entityId === id) as ReturnType<ReturnType<typeof clientServices>['sync']['listConflicts']>;

/** A patient both clients hold, in sync with the server. */
async function sharedPatient() {
  const A = clientServices(a, h);
  const B = clientServices(b, h);
  const [n] = testNhsNumbers(1, nextNhs);
  nextNhs += 20;
  const p = A.patients.create({ nhsNumber: n, familyName: 'Shared', givenName: 'Sam', birthDate: '1977-07-07', sex: 'unknown' });
  await A.sync.syncNow();
  await B.sync.syncNow();
  return { A, B, id: p.id };
}

describe('conflicts between two GenoDesk clients', () => {
  it('a 412 on push becomes a conflict with both versions; nothing is sent until a person chooses', async () => {
    const { A, B, id } = await sharedPatient();
    A.patients.update(id, 1, { familyName: 'Shared-A', givenName: 'Samuel' });
    B.patients.update(id, 1, { familyName: 'Shared-B' });
    await A.sync.push();
    const out = await B.sync.push();
    expect(out).toMatchObject({ pushed: 0, conflicts: 1 });

    const [c] = openFor(B, id);
    expect(c).toMatchObject({
      kind: 'update-rejected',
      entityId: id,
      mine: { familyName: 'Shared-B', givenName: 'Sam' },
      theirs: { familyName: 'Shared-A', givenName: 'Samuel' },
      base: { familyName: 'Shared', givenName: 'Sam' },
      differingFields: ['familyName', 'givenName'],
      status: 'open',
    });
    // B got the patient by pull (no create row of its own); its one edit is held by the conflict.
    expect(outboxRows(b).filter((r) => r.entity_id === id).map((r) => r.status)).toEqual(['conflict']);
    expect(B.sync.status()).toMatchObject({ conflicts: 1, pending: 1 });
    // Pushing again changes nothing on the server and does not duplicate the conflict.
    await B.sync.push();
    expect(openFor(B, id)).toHaveLength(1);
    expect(familyOf(serverPatientsWithLocalId(h.server, id)[0])).toBe('Shared-A');

    // Per field: B's family name, A's given name. The result is pushed with If-Match on A's version.
    const resolved = B.sync.resolveConflict(c.id, { perField: { familyName: 'mine', givenName: 'theirs' } });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'per-field' });
    expect(B.patients.get(id)).toMatchObject({ familyName: 'Shared-B', givenName: 'Samuel' });
    expect(listAudit(b.sqlite, 'patient', id)[0]).toMatchObject({ action: 'sync-resolve', changes: { choice: 'per-field', givenName: ['Sam', 'Samuel'] } });
    const result = await B.sync.syncNow();
    expect(result).toMatchObject({ conflicts: 0, pending: 0 });
    const server = serverPatientsWithLocalId(h.server, id);
    expect(server).toHaveLength(1);
    expect([familyOf(server[0]), givenOf(server[0])]).toEqual(['Shared-B', 'Samuel']);

    // The resolution reaches the other client too.
    await A.sync.pull();
    expect(A.patients.get(id)).toMatchObject({ familyName: 'Shared-B', givenName: 'Samuel' });
    expect(openFor(A, id)).toEqual([]);
  });

  it('a pulled change to a record edited here (not yet sent) becomes a conflict; keep mine sends mine', async () => {
    const { A, B, id } = await sharedPatient();
    A.patients.update(id, 1, { birthDate: '1977-07-08' });
    await A.sync.push();
    B.patients.update(id, 1, { sex: 'female' });
    const pulled = await B.sync.pull(); // pull before push: the central change meets B's unsent edit
    expect(pulled).toMatchObject({ pulled: 0, conflicts: 1 });
    const [c] = openFor(B, id);
    expect(c).toMatchObject({ kind: 'remote-change', mine: { sex: 'female', birthDate: '1977-07-07' }, theirs: { sex: 'unknown', birthDate: '1977-07-08' } });
    expect(B.patients.get(id)).toMatchObject({ sex: 'female', birthDate: '1977-07-07' }); // not overwritten

    B.sync.resolveConflict(c.id, 'keep-mine');
    await B.sync.syncNow();
    const server = serverPatientsWithLocalId(h.server, id)[0];
    expect([server.gender, server.birthDate]).toEqual(['female', '1977-07-07']);
    await A.sync.pull();
    expect(A.patients.get(id)).toMatchObject({ sex: 'female', birthDate: '1977-07-07' });
  });

  it('take theirs adopts the server version locally with an audit row and sends nothing', async () => {
    const { A, B, id } = await sharedPatient();
    A.patients.update(id, 1, { givenName: 'Samantha' });
    await A.sync.push();
    B.patients.update(id, 1, { givenName: 'Sammy' });
    await B.sync.push();
    const [c] = openFor(B, id);
    const versionBefore = serverPatientsWithLocalId(h.server, id)[0].meta!;
    B.sync.resolveConflict(c.id, 'take-theirs');
    expect(B.patients.get(id)).toMatchObject({ givenName: 'Samantha' });
    expect(outboxRows(b).filter((r) => r.entity_id === id && (r.status === 'pending' || r.status === 'conflict'))).toEqual([]);
    expect(listAudit(b.sqlite, 'patient', id)[0]).toMatchObject({ action: 'sync-resolve', actor: 'counsellor@test', changes: { choice: 'take-theirs' } });
    await B.sync.syncNow();
    expect(serverPatientsWithLocalId(h.server, id)[0].meta).toEqual(versionBefore);
    expect(() => B.sync.resolveConflict(c.id, 'keep-mine')).toThrow(AppError);
  });

  it('a central edit made while a conflict waits is caught again, never overwritten by the resolution', async () => {
    const { A, B, id } = await sharedPatient();
    A.patients.update(id, 1, { familyName: 'First' });
    await A.sync.push();
    B.patients.update(id, 1, { familyName: 'Mine' });
    await B.sync.push();
    const [c] = openFor(B, id);
    // Before B resolves, A edits again.
    await A.sync.pull();
    A.patients.update(id, A.patients.get(id).version, { familyName: 'Second' });
    await A.sync.push();
    B.sync.resolveConflict(c.id, 'keep-mine');
    await B.sync.push();
    const [again] = openFor(B, id);
    expect(again).toMatchObject({ kind: 'update-rejected', mine: { familyName: 'Mine' }, theirs: { familyName: 'Second' } });
    expect(familyOf(serverPatientsWithLocalId(h.server, id)[0])).toBe('Second');
    expect(() => B.sync.resolveConflict(again.id, { perField: {} })).toThrow(/Choose which version/);
  });
});
