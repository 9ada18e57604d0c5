// The fault matrix: every way the network or the server can fail, on creates, updates and report
// transactions. Whatever fails, the server ends with each record exactly once and with the latest local
// content, and an outbox row is marked sent only after the server confirmed it. Bad answers (garbage,
// non-FHIR, OperationOutcome errors) and invalid resources give a specific error and leave the outbox intact.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { writeOutbox } from '../../../electron/main/services/outbox.ts';
import { GENODESK_REPORT_PART_SYSTEM } from '../../../electron/main/services/sync/fhir-systems.ts';
import type { SyncableReport } from '../../../electron/main/services/sync/sync-context.ts';
import type { SyncStatus } from '../../../shared/schemas/sync.ts';
import { AppError } from '../../../shared/errors.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import type { Fault, FaultMatch } from '../../fixtures/fhir-server/fault-proxy.ts';
import { pharmcatExampleResult } from '../../fixtures/fhir-server/pharmcat-example.ts';
import { clientServices, familyOf, openClientStore, outboxRows, serverPatientsWithLocalId, startHarness, testNhsNumbers, TEST_CLIENT } from './helpers/sync-harness.ts';
import type { Harness } from './helpers/sync-harness.ts';

const TIMEOUT_MS = 400;
let h: Harness;
let tmp: { dir: string; cleanup: () => void };
let store: Store;
let nhsSeq = 5000;
const reports = new Map<string, SyncableReport>();
const sleeps: number[] = [];
const errorsSeen: unknown[] = [];
const statusesSeen: SyncStatus[] = [];

beforeAll(async () => {
  h = await startHarness();
  tmp = makeTempDir('genodesk-sync-faults-');
  store = openClientStore(tmp.dir, 'faults');
});
afterEach(async () => {
  h.proxy.clearFaults();
  // A request delayed past the client's timeout must not land in the next test.
  await h.proxy.idle();
});
afterAll(async () => {
  store.close();
  tmp.cleanup();
  await h.close();
});

function services() {
  const s = clientServices(
    store,
    h,
    {
      reports: { getReport: (id) => reports.get(id) },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
    'proxy',
    TIMEOUT_MS,
  );
  s.sync.onStatus((st) => statusesSeen.push(st));
  return s;
}

function newPatient(family: string) {
  const [n] = testNhsNumbers(1, nhsSeq);
  nhsSeq += 20;
  return services().patients.create({ nhsNumber: n, familyName: family, givenName: 'Fault', birthDate: '1988-08-08', sex: 'male' });
}

async function syncExpectingSuccess() {
  const { sync } = services();
  try {
    return await sync.syncNow();
  } catch (err) {
    errorsSeen.push(err);
    throw err;
  }
}

async function syncExpectingError(code: string): Promise<AppError> {
  const { sync } = services();
  try {
    await sync.syncNow();
  } catch (err) {
    errorsSeen.push(err);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(code);
    return err as AppError;
  }
  throw new Error(`expected ${code}`);
}

const POST_PATIENT: FaultMatch = { method: 'POST', path: /^\/fhir\/R4\/Patient(\?|$)/ };
const PUT_PATIENT: FaultMatch = { method: 'PUT', path: /^\/fhir\/R4\/Patient\// };
const TRANSACTION: FaultMatch = { method: 'POST', path: /^\/fhir\/R4\/?$/ };

const RECOVERABLE: [string, Fault][] = [
  ['connection dropped before the server saw the request', { kind: 'drop-before' }],
  ['connection dropped after the server committed (answer lost)', { kind: 'drop-after' }],
  ['answer delayed past the client timeout after the commit', { kind: 'delay', ms: TIMEOUT_MS * 2, phase: 'after' }],
  ['request delayed past the client timeout before the server', { kind: 'delay', ms: TIMEOUT_MS * 2, phase: 'before' }],
  ['HTTP 500', { kind: 'status', status: 500 }],
  ['HTTP 503 with Retry-After', { kind: 'status', status: 503, retryAfter: '1' }],
  ['HTTP 429 with Retry-After', { kind: 'status', status: 429, retryAfter: '2' }],
  ['HTTP 401 once (expired token)', { kind: 'status', status: 401 }],
];

describe('recoverable faults: no loss, no duplicates', () => {
  it.each(RECOVERABLE)('create — %s', async (_name, fault) => {
    const p = newPatient('Create');
    h.proxy.inject(fault, { match: POST_PATIENT });
    const result = await syncExpectingSuccess();
    expect(result.pending).toBe(0);
    expect(h.proxy.stats.faulted[fault.kind]).toBeGreaterThan(0);
    expect(serverPatientsWithLocalId(h.server, p.id)).toHaveLength(1);
    expect(outboxRows(store).filter((r) => r.entity_id === p.id).map((r) => r.status)).toEqual(['sent']);
  });

  it.each(RECOVERABLE)('update — %s', async (_name, fault) => {
    const { patients } = services();
    const p = newPatient('Update');
    await syncExpectingSuccess();
    patients.update(p.id, 1, { familyName: 'Updated' });
    patients.update(p.id, 2, { givenName: 'Twice' });
    h.proxy.inject(fault, { match: PUT_PATIENT });
    await syncExpectingSuccess();
    const server = serverPatientsWithLocalId(h.server, p.id);
    expect(server).toHaveLength(1);
    expect(familyOf(server[0])).toBe('Updated');
    expect(outboxRows(store).filter((r) => r.entity_id === p.id).every((r) => r.status === 'sent')).toBe(true);
  });

  it.each(RECOVERABLE)('report transaction — %s', async (_name, fault) => {
    const p = newPatient('Report');
    await syncExpectingSuccess();
    const reportId = `report-${nhsSeq}`;
    const result = pharmcatExampleResult(['CYP2C19', 'CYP2C9']);
    reports.set(reportId, { patientId: p.id, result, issuedAt: '2026-03-01T09:00:00Z' });
    writeOutbox(store.sqlite, { entityType: 'pgx-report', entityId: reportId, op: 'create', entityVersion: 1, createdAt: '2026-03-01T09:00:00Z' });
    // Two chunks faulted in a row, except 401: two 401s in a row are a real refusal, not an expired token.
    h.proxy.inject(fault, { match: TRANSACTION, times: fault.kind === 'status' && fault.status === 401 ? 1 : 2 });
    await syncExpectingSuccess();
    const parts = ['Observation', 'Task', 'DiagnosticReport'].flatMap((t) => h.server.repo.allOf(t));
    const mine = parts.filter((r) => r.identifier?.some((i) => i.value?.startsWith(`${reportId}`)));
    const ids = mine.map((r) => r.identifier!.find((i) => i.system === GENODESK_REPORT_PART_SYSTEM || i.value === reportId)!.value);
    expect(new Set(ids).size).toBe(ids.length); // no identifier twice
    const expected = 1 + result.genes.length + 2 * result.recommendations.length + result.genes.reduce((n, g) => n + new Set(g.diplotypes[0].split('/')).size, 0);
    expect(mine).toHaveLength(expected);
    expect(outboxRows(store).filter((r) => r.entity_id === reportId).map((r) => r.status)).toEqual(['sent']);
  });

  it('waits at least as long as Retry-After asks before retrying', () => {
    expect(sleeps.some((ms) => ms >= 2_000)).toBe(true);
    expect(sleeps.some((ms) => ms >= 1_000 && ms < 2_000)).toBe(true);
  });
});

describe('bad answers and bad resources: a specific error, outbox intact, nothing marked sent', () => {
  const cases: [string, Fault, string][] = [
    ['garbage bytes', { kind: 'garbage' }, 'sync/bad-response'],
    ['JSON that is not FHIR', { kind: 'non-fhir' }, 'sync/bad-response'],
    ['an HTML page', { kind: 'html' }, 'sync/bad-response'],
    ['an OperationOutcome error (422)', { kind: 'operation-outcome', status: 422, text: 'Patient rejected by business rule BR-7' }, 'fhir/operation-outcome'],
    ['401 on every request', { kind: 'status', status: 401 }, 'fhir/unauthorized'],
  ];

  it.each(cases)('%s', async (_name, fault, code) => {
    const p = newPatient('Bad');
    h.proxy.inject(fault, { match: POST_PATIENT, times: 10 });
    const err = await syncExpectingError(code);
    const rows = outboxRows(store).filter((r) => r.entity_id === p.id);
    expect(rows.map((r) => r.status)).toEqual(['pending']);
    expect(rows[0].last_error).toBe(err.message);
    expect(serverPatientsWithLocalId(h.server, p.id)).toHaveLength(0);
    if (code === 'fhir/operation-outcome') expect(err.message).toContain('BR-7');
    if (code === 'fhir/unauthorized') expect(err.message).toMatch(/client ID and secret/);
    // The same row goes through once the server behaves.
    h.proxy.clearFaults();
    await syncExpectingSuccess();
    expect(outboxRows(store).filter((r) => r.entity_id === p.id).map((r) => r.status)).toEqual(['sent']);
    expect(serverPatientsWithLocalId(h.server, p.id)).toHaveLength(1);
  });

  it('an answer that is not FHIR at the online check stops before anything is sent', async () => {
    const p = newPatient('Portal');
    h.proxy.inject({ kind: 'html' }, { match: { path: /metadata/ } });
    const before = h.proxy.stats.forwarded;
    await syncExpectingError('sync/bad-response');
    expect(h.proxy.stats.forwarded).toBe(before);
    expect(outboxRows(store).filter((r) => r.entity_id === p.id).map((r) => r.status)).toEqual(['pending']);
  });

  it('a resource that fails validation is never sent; the others are', async () => {
    const bad = newPatient('Invalid');
    const good = newPatient('Valid');
    // A value the register would refuse, written past it (as a damaged or hand-edited store might hold).
    store.sqlite.prepare(`UPDATE patients SET birth_date = '1988-13-45' WHERE id = ?`).run(bad.id);
    const err = await syncExpectingError('fhir/invalid-resource');
    expect(err.details).toMatchObject({ resourceType: 'Patient', result: { pending: 1 } });
    expect(serverPatientsWithLocalId(h.server, bad.id)).toHaveLength(0);
    expect(serverPatientsWithLocalId(h.server, good.id)).toHaveLength(1);
    expect(outboxRows(store).find((r) => r.entity_id === bad.id)).toMatchObject({ status: 'pending' });
    store.sqlite.prepare(`UPDATE patients SET birth_date = '1988-12-25' WHERE id = ?`).run(bad.id);
    await syncExpectingSuccess();
    expect(serverPatientsWithLocalId(h.server, bad.id)[0].birthDate).toBe('1988-12-25');
  });

  it('a long Retry-After ends the run; the scheduler waits at least that long', async () => {
    const p = newPatient('Patience');
    const { sync } = services();
    h.proxy.inject({ kind: 'status', status: 429, retryAfter: '120' }, { match: POST_PATIENT });
    const start = Date.now();
    sync.start();
    await expect.poll(() => sync.status().nextAttemptAt, { timeout: 5_000 }).not.toBeNull();
    await expect.poll(() => sync.status().lastErrorCode, { timeout: 5_000 }).toBe('sync/rate-limited');
    await expect.poll(() => Date.parse(sync.status().nextAttemptAt ?? '0') - start, { timeout: 5_000 }).toBeGreaterThanOrEqual(119_000);
    await sync.stop();
    expect(outboxRows(store).filter((r) => r.entity_id === p.id).map((r) => r.status)).toEqual(['pending']);
    expect(sync.status().state).toBe('error');
    expect(sync.status().lastError).toMatch(/wait 120 seconds/);
    const next = sync.status().nextAttemptAt;
    expect(next === null || Date.parse(next) - start >= 119_000).toBe(true);
  });
});

describe('offline and back', () => {
  it('reports offline, keeps every change, and catches up when the server is reachable again', async () => {
    const { patients, sync } = services();
    const states: string[] = [];
    sync.onStatus((s) => states.push(s.state));
    const p = newPatient('Offline');
    await h.proxy.goOffline();
    await expect(sync.syncNow()).rejects.toMatchObject({ code: 'sync/offline' });
    expect(sync.status()).toMatchObject({ state: 'offline', lastErrorCode: 'sync/offline' });
    expect(sync.status().lastError).toMatch(/cannot reach the FHIR server/);
    patients.update(p.id, 1, { familyName: 'Offline-Edited' });
    const pendingOffline = sync.status().pending;
    expect(pendingOffline).toBeGreaterThanOrEqual(2);
    await h.proxy.goOnline();
    await sync.syncNow();
    expect(sync.status()).toMatchObject({ state: 'up-to-date', pending: 0, lastError: null });
    expect(familyOf(serverPatientsWithLocalId(h.server, p.id)[0])).toBe('Offline-Edited');
    // The header's story: offline → syncing → up to date.
    const offlineAt = states.indexOf('offline');
    const syncingAfter = states.indexOf('syncing', offlineAt);
    expect(offlineAt).toBeGreaterThanOrEqual(0);
    expect(states.indexOf('up-to-date', syncingAfter)).toBeGreaterThan(syncingAfter);
  });

  it('the scheduler keeps retrying with backoff while offline and syncs once the server is back', async () => {
    const { sync } = services();
    const p = newPatient('Scheduled');
    await h.proxy.goOffline();
    const fast = clientServices(store, h, { scheduler: { intervalMs: 60_000, debounceMs: 10, backoff: { baseMs: 20, maxMs: 80 } } }, 'proxy', TIMEOUT_MS).sync;
    fast.start();
    await expect.poll(() => fast.status().state, { timeout: 5_000 }).toBe('offline');
    await h.proxy.goOnline();
    await expect.poll(() => fast.status().state, { timeout: 10_000 }).toBe('up-to-date');
    await fast.stop();
    expect(serverPatientsWithLocalId(h.server, p.id)).toHaveLength(1);
    void sync;
  });
});

describe('secrets', () => {
  it('never puts the client secret or a bearer token in an error, a status, the outbox or the audit log', async () => {
    const tokens = h.server.issuedTokens();
    expect(tokens.length).toBeGreaterThan(1); // the 401 cases forced new ones
    const outbox = JSON.stringify(store.sqlite.prepare('SELECT * FROM sync_outbox').all());
    const audit = JSON.stringify(store.sqlite.prepare('SELECT * FROM audit_log').all());
    const errors = JSON.stringify(errorsSeen.map((e) => (e instanceof AppError ? { ...e.toJSON(), stack: e.stack } : String(e))));
    const statuses = JSON.stringify(statusesSeen);
    for (const text of [outbox, audit, errors, statuses]) {
      expect(text).not.toContain(TEST_CLIENT.clientSecret);
      for (const t of tokens) expect(text).not.toContain(t);
    }
  });

  it('a wrong client secret is fhir/unauthorized with what to do', async () => {
    newPatient('Secret');
    const { sync } = clientServices(store, h, { config: { serverUrl: h.proxy.url, tokenUrl: h.server.tokenUrl, clientId: TEST_CLIENT.clientId, clientSecret: 'not-the-secret-Zq9', timeoutMs: TIMEOUT_MS } });
    const err = (await sync.syncNow().catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('fhir/unauthorized');
    expect(err.message).toMatch(/Settings › Sync/);
    expect(JSON.stringify(err.toJSON())).not.toContain('not-the-secret-Zq9');
  });
});
