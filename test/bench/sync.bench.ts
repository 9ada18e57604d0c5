// npm run bench:sync — push 10,000 patients and a PGx report for each to the loopback FHIR server (Medplum
// fhir-router, validation on write), then the same again through the fault proxy with 10 % of requests
// faulted. Prints resources/s, and lost / duplicated as counted from the server's own store (both must
// be 0), and what the faults cost. Prints figures; not a pass/fail test.
//   SYNC_BENCH_PATIENTS=N   patients per run (default 10000)
//   SYNC_BENCH_REPORTS=0    patients only
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../electron/main/db/connection.ts';
import type { Store } from '../../electron/main/db/connection.ts';
import { createPatientsService } from '../../electron/main/services/patients/patients-service.ts';
import { writeOutbox } from '../../electron/main/services/outbox.ts';
import { GENODESK_PATIENT_SYSTEM, GENODESK_REPORT_PART_SYSTEM, GENODESK_REPORT_SYSTEM } from '../../electron/main/services/sync/fhir-systems.ts';
import { buildPgxReportBundle } from '../../electron/main/services/sync/pgx-report-resources.ts';
import type { SyncableReport } from '../../electron/main/services/sync/sync-context.ts';
import { createSyncService } from '../../electron/main/services/sync/sync-service.ts';
import { loadFhirDefinitions } from '../../electron/main/services/sync/validate-resource.ts';
import { nhsCheckDigit } from '../../shared/nhs-number.ts';
import { startFaultProxy } from '../fixtures/fhir-server/fault-proxy.ts';
import type { Fault } from '../fixtures/fhir-server/fault-proxy.ts';
import { startFhirTestServer } from '../fixtures/fhir-server/fhir-test-server.ts';
import type { FhirTestServer } from '../fixtures/fhir-server/fhir-test-server.ts';
import { pharmcatExampleResult } from '../fixtures/fhir-server/pharmcat-example.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const N = Number(process.env.SYNC_BENCH_PATIENTS ?? 10_000);
const WITH_REPORTS = process.env.SYNC_BENCH_REPORTS !== '0';
const FAULT_RATE = 0.1;
const TIMEOUT_MS = 250;
const CLIENT = { clientId: 'bench', clientSecret: 'bench-secret' };
// A real PGx result, kept to one gene so 10,000 reports stay a benchmark of sync, not of report size:
// PharmCAT's worked example restricted to CYP2C19 and the CPIC recommendations that use only CYP2C19.
const REPORT = pharmcatExampleResult(['CYP2C19']);
const RESOURCES_PER_REPORT = buildPgxReportBundle({ reportId: 'x', patientReference: 'Patient/x', result: REPORT, issued: '2026-01-01T00:00:00Z' }).entries.length;

// Every fault the proxy knows that a healthy client must ride out, in equal shares. Retry-After is 0 s so
// the benchmark measures retries, not the server's requested pauses (which the client honours).
const FAULTS: Fault[] = [
  { kind: 'drop-before' },
  { kind: 'drop-after' },
  { kind: 'delay', ms: TIMEOUT_MS * 2, phase: 'after' },
  { kind: 'status', status: 500 },
  { kind: 'status', status: 503, retryAfter: '0' },
  { kind: 'status', status: 429, retryAfter: '0' },
  { kind: 'status', status: 401 },
];

function nhsNumbers(count: number): string[] {
  const out: string[] = [];
  for (let n = 0; out.length < count; n++) {
    const nine = `999${String(n).padStart(6, '0')}`;
    const check = nhsCheckDigit(nine);
    if (check !== null) out.push(`${nine}${check}`);
  }
  return out;
}

function seedStore(store: Store, reports: Map<string, SyncableReport>): { patientIds: string[]; reportIds: string[] } {
  const patients = createPatientsService({ store, actor: 'bench' });
  const patientIds: string[] = [];
  const reportIds: string[] = [];
  const nhs = nhsNumbers(N);
  for (let i = 0; i < N; i++) {
    const p = patients.create({ nhsNumber: nhs[i], familyName: `Bench${i}`, givenName: 'Sync', birthDate: '1980-01-01', sex: i % 2 ? 'female' : 'male' });
    patientIds.push(p.id);
    if (WITH_REPORTS) {
      const reportId = `bench-report-${i}`;
      reports.set(reportId, { patientId: p.id, result: REPORT, issuedAt: '2026-01-01T00:00:00Z' });
      writeOutbox(store.sqlite, { entityType: 'pgx-report', entityId: reportId, op: 'create', entityVersion: 1, createdAt: '2026-01-01T00:00:00Z' });
      reportIds.push(reportId);
    }
  }
  return { patientIds, reportIds };
}

/** Lost and duplicated, counted from the server's store by GenoDesk identifier. */
function audit(server: FhirTestServer, patientIds: string[], reportIds: string[]) {
  const counts = new Map<string, number>();
  for (const type of ['Patient', 'Observation', 'Task', 'DiagnosticReport']) {
    for (const r of server.repo.allOf(type)) {
      for (const i of r.identifier ?? []) {
        if (i.system === GENODESK_PATIENT_SYSTEM || i.system === GENODESK_REPORT_SYSTEM || i.system === GENODESK_REPORT_PART_SYSTEM) {
          const key = `${i.system}|${i.value}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
    }
  }
  const expected: string[] = patientIds.map((id) => `${GENODESK_PATIENT_SYSTEM}|${id}`);
  for (const reportId of reportIds) {
    expected.push(`${GENODESK_REPORT_SYSTEM}|${reportId}`);
    const built = buildPgxReportBundle({ reportId, patientReference: 'Patient/x', result: REPORT, issued: '2026-01-01T00:00:00Z' });
    for (const e of built.entries) {
      const id = (e.resource.identifier as { system: string; value: string }[])[0];
      if (id.system === GENODESK_REPORT_PART_SYSTEM) expected.push(`${id.system}|${id.value}`);
    }
  }
  let lost = 0;
  let duplicated = 0;
  for (const key of expected) {
    const n = counts.get(key) ?? 0;
    if (n === 0) lost++;
    if (n > 1) duplicated += n - 1;
  }
  return { expected: expected.length, lost, duplicated };
}

async function run(label: string, faulted: boolean) {
  const { dir, cleanup } = makeTempDir('genodesk-sync-bench-');
  const server = await startFhirTestServer({ clients: [CLIENT] });
  const proxy = await startFaultProxy({ target: server.origin });
  const store = openStore({ file: path.join(dir, 'bench.db'), key: 'bench' });
  const reports = new Map<string, SyncableReport>();
  const seeded = seedStore(store, reports);
  if (faulted) proxy.setRandomFaults({ rate: FAULT_RATE, faults: FAULTS, seed: 2026 });
  const sync = createSyncService({
    store,
    actor: 'bench',
    config: { serverUrl: proxy.url, tokenUrl: server.tokenUrl, clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret, timeoutMs: TIMEOUT_MS },
    reports: { getReport: (id) => reports.get(id) },
    // LAN-scale backoff so the run measures retries rather than deliberate waiting.
    retry: { maxAttempts: 8, backoff: { baseMs: 5, maxMs: 50 }, maxWaitMs: 5_000 },
  });
  const t0 = performance.now();
  let runs = 0;
  let result = { pushed: 0, pulled: 0, conflicts: 0, pending: 1 };
  // A phase that hits a run of faults ends early (nothing is lost); the scheduler would start another.
  while (result.pending > 0 && runs < 50) {
    runs++;
    try {
      result = await sync.syncNow();
    } catch (err) {
      result = { ...result, pending: sync.status().pending };
      if (runs === 50) throw err;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const resources = seeded.patientIds.length + seeded.reportIds.length * RESOURCES_PER_REPORT;
  const check = audit(server, seeded.patientIds, seeded.reportIds);
  const faultsInjected = Object.values(proxy.stats.faulted).reduce((a, b) => a + b, 0);
  console.log(
    `${label.padEnd(22)} ${resources} resources in ${seconds.toFixed(1)} s = ${(resources / seconds).toFixed(0)} resources/s` +
      ` | requests ${proxy.stats.requests}, faulted ${faultsInjected} (${((100 * faultsInjected) / proxy.stats.requests).toFixed(1)} %)` +
      ` | sync runs ${runs}, pending ${result.pending} | lost=${check.lost} duplicated=${check.duplicated} (of ${check.expected})`,
  );
  if (faulted) console.log(`  faults by kind: ${JSON.stringify(proxy.stats.faulted)}`);
  store.close();
  await proxy.close();
  await server.close();
  cleanup();
  return { seconds, resources, ...check };
}

loadFhirDefinitions();
console.log(
  `sync bench: ${N} patients${WITH_REPORTS ? ` + ${N} PGx reports (${RESOURCES_PER_REPORT} IG resources each, CYP2C19 from PharmCAT's example)` : ''}, loopback Medplum server with validation on write`,
);
const clean = await run('no faults', false);
const faulty = await run(`${FAULT_RATE * 100} % requests faulted`, true);
const cost = (faulty.seconds / clean.seconds - 1) * 100;
console.log(`throughput cost of faults: ${cost.toFixed(0)} % more time (${(clean.resources / clean.seconds).toFixed(0)} → ${(faulty.resources / faulty.seconds).toFixed(0)} resources/s)`);
console.log(`lost=${clean.lost + faulty.lost} duplicated=${clean.duplicated + faulty.duplicated} across both runs`);
