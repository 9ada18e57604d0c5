// Push phase against the real loopback FHIR server: every local change arrives once, conditional creates
// and If-Match updates, outbox rows marked sent only after the server confirmed, reports as IG resources.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { writeOutbox } from '../../../electron/main/services/outbox.ts';
import { GENODESK_REPORT_SYSTEM } from '../../../electron/main/services/sync/fhir-systems.ts';
import type { SyncableReport } from '../../../electron/main/services/sync/sync-context.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { pharmcatExampleResult, pharmcatExampleTsv } from '../../fixtures/fhir-server/pharmcat-example.ts';
import { clientServices, familyOf, givenOf, openClientStore, outboxRows, serverPatientsWithLocalId, startHarness, testNhsNumbers } from './helpers/sync-harness.ts';
import type { Harness } from './helpers/sync-harness.ts';

let h: Harness;
let tmp: { dir: string; cleanup: () => void };
let store: Store;

beforeAll(async () => {
  h = await startHarness();
  tmp = makeTempDir('genodesk-sync-push-');
  store = openClientStore(tmp.dir, 'push');
});
afterAll(async () => {
  store.close();
  tmp.cleanup();
  await h.close();
});

describe('push phase', () => {
  it('sends new and edited patients once each, with their latest details, and marks the outbox sent', async () => {
    const { patients, sync } = clientServices(store, h);
    const nhs = testNhsNumbers(20, 100);
    const created = nhs.map((n, i) => patients.create({ nhsNumber: n, familyName: `Family${i}`, givenName: `Given ${i}`, birthDate: '1970-01-01', sex: 'unknown' }));
    patients.update(created[3].id, 1, { familyName: 'Renamed' });
    patients.update(created[3].id, 2, { birthDate: '1971-02-03' });
    expect(outboxRows(store).filter((r) => r.status === 'pending')).toHaveLength(22);

    const out = await sync.push();
    expect(out).toMatchObject({ pushed: 22, conflicts: 0, failed: [] });
    expect(outboxRows(store).every((r) => r.status === 'sent')).toBe(true);
    for (const p of created) expect(serverPatientsWithLocalId(h.server, p.id)).toHaveLength(1);
    const renamed = serverPatientsWithLocalId(h.server, created[3].id)[0];
    expect(familyOf(renamed)).toBe('Renamed');
    expect(renamed.birthDate).toBe('1971-02-03');
    expect(givenOf(serverPatientsWithLocalId(h.server, created[7].id)[0])).toBe('Given 7');
    // Push does not pull: the cursor is only written by the pull phase.
    expect(store.sqlite.prepare(`SELECT count(*) AS n FROM sync_state WHERE key LIKE 'pull.%'`).get()).toEqual({ n: 0 });
  });

  it('sends an update with If-Match on the version it last saw, and records the new version', async () => {
    const { patients, sync } = clientServices(store, h);
    const [n] = testNhsNumbers(1, 500);
    const p = patients.create({ nhsNumber: n, familyName: 'Ifmatch', givenName: 'Ann', birthDate: '1990-05-05', sex: 'female' });
    await sync.push();
    const v1 = serverPatientsWithLocalId(h.server, p.id)[0].meta as { versionId: string };
    patients.update(p.id, 1, { givenName: 'Anne' });
    await sync.push();
    const after = serverPatientsWithLocalId(h.server, p.id);
    expect(after).toHaveLength(1);
    expect((after[0].meta as { versionId: string }).versionId).not.toBe(v1.versionId);
    const remote = store.sqlite.prepare(`SELECT version_id, synced_version FROM sync_remote WHERE entity_id = ?`).get(p.id);
    expect(remote).toEqual({ version_id: (after[0].meta as { versionId: string }).versionId, synced_version: 2 });
    const history = await h.server.repo.readHistory('Patient', after[0].id);
    expect(history.entry).toHaveLength(2);
  });

  it('sends a finished PGx report as IG resources, after its patient, and never twice', async () => {
    const reports = new Map<string, SyncableReport>();
    const { patients, sync } = clientServices(store, h, { reports: { getReport: (id) => reports.get(id) } });
    const [n] = testNhsNumbers(1, 900);
    const p = patients.create({ nhsNumber: n, familyName: 'Pharmcat', givenName: 'Example', birthDate: '1965-10-10', sex: 'male' });
    const result = pharmcatExampleResult();
    reports.set('report-example', { patientId: p.id, result, issuedAt: '2026-02-03T10:00:00Z' });
    writeOutbox(store.sqlite, { entityType: 'pgx-report', entityId: 'report-example', op: 'create', entityVersion: 1, createdAt: '2026-02-03T10:00:00Z' });

    const out = await sync.push();
    expect(out.failed).toEqual([]);
    const [report] = h.server.repo.allOf('DiagnosticReport').filter((r) => r.identifier?.some((i) => i.system === GENODESK_REPORT_SYSTEM && i.value === 'report-example'));
    const serverPatient = serverPatientsWithLocalId(h.server, p.id)[0];
    expect((report.subject as { reference: string }).reference).toBe(`Patient/${serverPatient.id}`);
    const results = (report.result as { reference: string }[]).map((r) => r.reference);
    expect(results.every((r) => /^Observation\/[\w-]+$/.test(r))).toBe(true);
    const observations = new Map(h.server.repo.allOf('Observation').map((o) => [`Observation/${o.id}`, o]));
    const genotypes = results.map((r) => observations.get(r)!).filter((o) => (o.code as { coding: { code: string }[] }).coding[0].code === '84413-4');
    const called = new Map(genotypes.map((g) => [(g.valueCodeableConcept as { text: string }).text.split(' ')[0], (g.valueCodeableConcept as { text: string }).text]));
    for (const row of pharmcatExampleTsv()) expect(called.get(row.gene)).toBe(`${row.gene} ${row.sourceDiplotype}`);
    expect(h.server.repo.allOf('Task')).toHaveLength(result.recommendations.length);

    // Re-queue the same report as if the confirmation had been lost: conditional creates find everything.
    const counts = () => ['Observation', 'Task', 'DiagnosticReport'].map((t) => h.server.repo.allOf(t).length);
    const before = counts();
    store.sqlite.prepare(`DELETE FROM sync_remote WHERE entity_type = 'pgx-report'`).run();
    writeOutbox(store.sqlite, { entityType: 'pgx-report', entityId: 'report-example', op: 'create', entityVersion: 1, createdAt: '2026-02-03T10:00:00Z' });
    await sync.push();
    expect(counts()).toEqual(before);
    expect(outboxRows(store).every((r) => r.status === 'sent')).toBe(true);
  });

  it('holds a report back until its patient is on the server', async () => {
    const reports = new Map<string, SyncableReport>();
    const { patients, sync } = clientServices(store, h, { reports: { getReport: (id) => reports.get(id) } });
    const [n] = testNhsNumbers(1, 950);
    const p = patients.create({ nhsNumber: n, familyName: 'Later', givenName: 'Report', birthDate: '1999-09-09', sex: 'other' });
    // Park the patient's create so the push meets the report while its patient is not on the server yet.
    store.sqlite.prepare(`UPDATE sync_outbox SET status = 'parked' WHERE entity_id = ?`).run(p.id);
    reports.set('report-late', { patientId: p.id, result: pharmcatExampleResult(['CYP2C19']), issuedAt: '2026-02-04T10:00:00Z' });
    writeOutbox(store.sqlite, { entityType: 'pgx-report', entityId: 'report-late', op: 'create', entityVersion: 1, createdAt: '2026-02-04T10:00:00Z' });
    const first = await sync.push();
    expect(first).toMatchObject({ pushed: 0, deferred: 1 });
    store.sqlite.prepare(`UPDATE sync_outbox SET status = 'pending' WHERE entity_id = ?`).run(p.id);
    const second = await sync.push();
    expect(second.pushed).toBe(2);
    expect(outboxRows(store).every((r) => r.status === 'sent')).toBe(true);
  });
});
