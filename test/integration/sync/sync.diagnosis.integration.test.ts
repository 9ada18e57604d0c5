// The diagnosis workspace's changes through sync, against the real loopback FHIR server and the fault proxy:
// lab classifications (every version a diagnostic-implication Observation with its variant) and issued
// diagnostic reports (a genomic-report with its variant, molecular-consequence and diagnostic-implication
// Observations) arrive exactly once whatever the network does, a report waits for its patient, and a kind of
// change sync cannot send fails on its own without holding back the rest. The case is real: NA12878 GRCh38
// chr21 with ClinVar variants planted in, imported, ranked, classified and reported through the app; the
// variant's facts on the server are checked against the MacArthur-lab ClinVar table.
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { writeOutbox } from '../../../electron/main/services/outbox.ts';
import { buildGenomicReportResources } from '../../../electron/main/services/diagnosis/report-fhir.ts';
import { diagnosisSyncSources } from '../../../electron/main/services/sync/diagnosis-sources.ts';
import type { SyncServiceDeps } from '../../../electron/main/services/sync/sync-service.ts';
import {
  GENODESK_CLASSIFICATION_SYSTEM,
  GENODESK_DIAGNOSTIC_REPORT_PART_SYSTEM,
  GENODESK_DIAGNOSTIC_REPORT_SYSTEM,
} from '../../../electron/main/services/sync/fhir-systems.ts';
import { AppError } from '../../../shared/errors.ts';
import type { AppliedCriterion } from '../../../shared/schemas/diagnosis.ts';
import type { LabClassificationRecord } from '../../../shared/schemas/diagnosis-workspace.ts';
import type { Patient } from '../../../shared/schemas/patient.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { COQ8A_STOP } from '../../helpers/planted-vcf.ts';
import type { Fault, FaultMatch } from '../../fixtures/fhir-server/fault-proxy.ts';
import { classifyCandidate, registerWithImport, saveReferral } from '../diagnosis/helpers/case.ts';
import { clientServices, openSyncedApp, serverPatientsWithLocalId, startHarness, testNhsNumbers } from './helpers/sync-harness.ts';
import type { Harness } from './helpers/sync-harness.ts';

type Resource = { resourceType: string; id?: string; identifier?: { system?: string; value?: string }[]; [k: string]: unknown };
type Component = { code: { coding: { code: string }[] }; valueCodeableConcept?: { coding?: { code: string }[] }; valueString?: string; valueRange?: unknown };

const POST_OBSERVATION: FaultMatch = { method: 'POST', path: /^\/fhir\/R4\/Observation(\?|$)/ };
const TRANSACTION: FaultMatch = { method: 'POST', path: /^\/fhir\/R4\/?$/ };
const FAULTS: [string, Fault][] = [
  ['answer lost after the server committed (drop-after)', { kind: 'drop-after' }],
  ['HTTP 503 with Retry-After', { kind: 'status', status: 503, retryAfter: '1' }],
];
/** Re-classifications used one after another (each a new version of the COQ8A classification). */
const RECLASSIFICATIONS: AppliedCriterion[][] = [
  [
    { code: 'PVS1', strength: 'very-strong' },
    { code: 'PM2', strength: 'supporting' },
    { code: 'PM3', strength: 'moderate' },
  ],
  [
    { code: 'PVS1', strength: 'strong' },
    { code: 'PM2', strength: 'supporting' },
  ],
];

const coq8a = COQ8A_STOP();
const coq8aVariant = { build: 'GRCh38' as const, chrom: `chr${coq8a.chrom}`, pos: Number(coq8a.pos), ref: coq8a.ref, alt: coq8a.alt };
let h: Harness;
let tmp: { dir: string; cleanup: () => void };
let app: GenoDesk;
let patient: Patient;
let firstReportId: string;
let reportsIssued = 0;
let reclassified = 0;

const outbox = () =>
  app.store.sqlite.prepare('SELECT id, entity_type, entity_id, entity_version, status, attempts, last_error FROM sync_outbox ORDER BY id').all() as {
    id: number;
    entity_type: string;
    entity_id: string;
    entity_version: number;
    status: string;
    attempts: number;
    last_error: string | null;
  }[];
const withIdentifier = (type: string, system: string, value: string | ((v: string) => boolean)) =>
  (h.server.repo.allOf(type) as Resource[]).filter((r) => r.identifier?.some((i) => i.system === system && (typeof value === 'string' ? i.value === value : value(i.value ?? ''))));
const componentOf = (r: Resource, code: string) => (r.component as Component[] | undefined)?.find((c) => c.code.coding.some((x) => x.code === code));

/** Sync as the tests drive it: through the fault proxy, instant backoff, the diagnosis sources the app wires. */
function services(overrides: Partial<SyncServiceDeps> = {}) {
  return clientServices(app.store, h, { ...diagnosisSyncSources(() => app.diagnosis), ...overrides }, 'proxy', 1_000).sync;
}

async function issueReport(): Promise<string> {
  reportsIssued++;
  const issued = await app.diagnosis.reportPdf({ patientId: patient.id, file: path.join(tmp.dir, `report-${reportsIssued}.pdf`), authorisedBy: 'Dr A Scientist' });
  return issued.reportId;
}

function reclassify(): LabClassificationRecord {
  const current = app.diagnosis.classifications.current(coq8aVariant)!;
  const criteria = RECLASSIFICATIONS[reclassified++ % RECLASSIFICATIONS.length];
  return app.diagnosis.classifications.save({
    variant: coq8aVariant,
    criteria,
    comment: `Re-review ${reclassified}: ${criteria.map((c) => c.code).join(', ')}.`,
    basedOnVersion: current.version,
  });
}

/** The report's result references resolved on the server; each must be one of the report's own parts. */
function resultsOf(report: Resource, parts: Resource[]): Resource[] {
  const byRef = new Map((h.server.repo.allOf('Observation') as Resource[]).map((o) => [`Observation/${o.id}`, o]));
  const partIds = new Set(parts.map((p) => p.id));
  const results = (report.result as { reference: string }[]).map((r) => byRef.get(r.reference));
  expect(results.every((o) => o !== undefined && partIds.has(o.id))).toBe(true);
  return results as Resource[];
}

function serverReportParts(reportId: string): Resource[] {
  return [
    ...withIdentifier('DiagnosticReport', GENODESK_DIAGNOSTIC_REPORT_SYSTEM, reportId),
    ...withIdentifier('Observation', GENODESK_DIAGNOSTIC_REPORT_PART_SYSTEM, (v) => v.startsWith(`${reportId}/`)),
  ];
}

beforeAll(async () => {
  h = await startHarness();
  tmp = makeTempDir('genodesk-sync-diagnosis-');
  // The app's own sync (composition → controller → service), used by the wiring test below; never started.
  app = openSyncedApp(h, path.join(tmp.dir, 'data'), { dbKey: 'sync-diagnosis-key', actor: 'scientist-a', via: 'proxy' });
  const [nhsNumber] = testNhsNumbers(1, 7_300);
  ({ patient } = await registerWithImport(app, tmp.dir, { nhsNumber, familyName: 'Diagnosis', givenName: 'Sync' }));
  saveReferral(app, patient.id);
  await classifyCandidate(app, patient.id, (c) => c.chrom === coq8aVariant.chrom && c.pos === coq8aVariant.pos && c.alt === coq8aVariant.alt);
  firstReportId = await issueReport();
}, 120_000);
afterEach(() => h.proxy.clearFaults());
afterAll(async () => {
  await app?.close();
  tmp.cleanup();
  await h.close();
});

describe('diagnosis changes in the outbox', () => {
  it('are a patient, a classification and a diagnostic report', () => {
    expect(outbox().map((r) => [r.entity_type, r.status])).toEqual([
      ['patient', 'pending'],
      ['classification', 'pending'],
      ['diagnostic-report', 'pending'],
    ]);
  });

  it('a report waits for its patient on the server; a classification does not', async () => {
    // Park the patient's create so the push meets the report while its patient is not on the server.
    app.store.sqlite.prepare(`UPDATE sync_outbox SET status = 'parked' WHERE entity_type = 'patient' AND entity_id = ?`).run(patient.id);
    const first = await services().push();
    expect(first).toMatchObject({ pushed: 1, deferred: 1, failed: [] });
    expect(serverReportParts(firstReportId)).toHaveLength(0);
    expect(outbox().find((r) => r.entity_type === 'diagnostic-report')).toMatchObject({ status: 'pending', last_error: null });
    expect(outbox().find((r) => r.entity_type === 'classification')).toMatchObject({ status: 'sent' });

    app.store.sqlite.prepare(`UPDATE sync_outbox SET status = 'pending' WHERE entity_type = 'patient' AND entity_id = ?`).run(patient.id);
    const second = await services().push();
    expect(second).toMatchObject({ pushed: 2, deferred: 0, failed: [] });
    expect(outbox().every((r) => r.status === 'sent')).toBe(true);
    const [report] = withIdentifier('DiagnosticReport', GENODESK_DIAGNOSTIC_REPORT_SYSTEM, firstReportId);
    const [serverPatient] = serverPatientsWithLocalId(h.server, patient.id);
    expect((report.subject as { reference: string }).reference).toBe(`Patient/${serverPatient.id}`);
  });
});

describe('what the server holds', () => {
  it('the classification: a diagnostic-implication about the ClinVar variant, no subject, class and criteria', () => {
    const [version1] = app.diagnosis.classifications.history(coq8aVariant).versions;
    const found = withIdentifier('Observation', GENODESK_CLASSIFICATION_SYSTEM, version1.id);
    expect(found).toHaveLength(1);
    const obs = found[0];
    expect((obs.meta as { profile: string[] }).profile).toEqual(['http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/diagnostic-implication']);
    expect(obs.subject).toBeUndefined();
    const variant = (obs.contained as Resource[])[0];
    expect(obs.derivedFrom).toEqual([{ reference: `#${variant.id}` }]);
    expect((variant.meta as { profile: string[] }).profile).toEqual(['http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/variant']);
    expect(componentOf(variant, '48013-7')?.valueCodeableConcept?.coding?.[0].code).toBe('NC_000001.11'); // GRCh38 chr1 (NCBI RefSeq)
    expect(componentOf(variant, '81254-5')?.valueRange).toEqual({ low: { value: Number(coq8a.pos) }, high: { value: Number(coq8a.pos) } });
    expect(componentOf(variant, '69547-8')?.valueString).toBe(coq8a.ref);
    expect(componentOf(variant, '69551-0')?.valueString).toBe(coq8a.alt);
    // PVS1 (8) + PM2_Supporting (1) = 9 points: likely pathogenic (Tavtigian et al. 2020), LOINC LA26332-9.
    expect(componentOf(obs, '53037-8')?.valueCodeableConcept?.coding?.[0].code).toBe('LA26332-9');
    expect((obs.component as Component[]).map((c) => c.code.coding[0].code)).toEqual(expect.arrayContaining(['PVS1', 'PM2']));
    expect((obs.note as { text: string }[])[0].text).toBe('Homozygous nonsense variant in a biallelic gene.');
    // The patient whose case prompted it is not named anywhere in it.
    expect(JSON.stringify(obs)).not.toContain(patient.id);
  });

  it('the report: a genomic-report for the server patient whose results are its IG Observations, each once', () => {
    const content = app.diagnosis.getIssuedReport(firstReportId);
    const built = buildGenomicReportResources(content);
    const parts = serverReportParts(firstReportId);
    expect(parts).toHaveLength(1 + built.observations.length);
    const [report] = parts.filter((r) => r.resourceType === 'DiagnosticReport');
    expect((report.meta as { profile: string[] }).profile).toEqual(['http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/genomic-report']);
    const results = resultsOf(report, parts);
    const profiles = results.map((o) => (o.meta as { profile: string[] }).profile[0].split('/').pop());
    expect(profiles.sort()).toEqual(['diagnostic-implication', 'molecular-consequence', 'variant']);
    const variant = results.find((o) => (o.meta as { profile: string[] }).profile[0].endsWith('/variant'))!;
    expect(componentOf(variant, '48004-6')?.valueCodeableConcept?.coding?.[0].code).toBe(coq8a.hgvs_c);
    expect(componentOf(variant, '48005-3')?.valueCodeableConcept?.coding?.[0].code).toBe(coq8a.hgvs_p);
    const implication = results.find((o) => (o.meta as { profile: string[] }).profile[0].endsWith('/diagnostic-implication'))!;
    expect(implication.derivedFrom).toEqual([{ reference: `Observation/${variant.id}` }]);
    const [serverPatient] = serverPatientsWithLocalId(h.server, patient.id);
    for (const o of [report, ...results]) expect((o.subject as { reference: string }).reference).toBe(`Patient/${serverPatient.id}`);
  });
});

describe('exactly once under faults', () => {
  it.each(FAULTS)('a classification version — %s', async (_name, fault) => {
    const record = reclassify();
    h.proxy.inject(fault, { match: POST_OBSERVATION });
    const out = await services().push();
    expect(out.failed).toEqual([]);
    expect(h.proxy.stats.faulted[fault.kind]).toBeGreaterThan(0);
    expect(withIdentifier('Observation', GENODESK_CLASSIFICATION_SYSTEM, record.id)).toHaveLength(1);
    // Every version so far is on the server once, and every classification row is sent.
    for (const v of app.diagnosis.classifications.history(coq8aVariant).versions) {
      expect(withIdentifier('Observation', GENODESK_CLASSIFICATION_SYSTEM, v.id)).toHaveLength(1);
    }
    expect(outbox().filter((r) => r.entity_type === 'classification').map((r) => r.status)).toEqual(Array(record.version).fill('sent'));
  });

  it.each(FAULTS)('a diagnostic report in two transaction chunks — %s', async (_name, fault) => {
    const reportId = await issueReport();
    h.proxy.inject(fault, { match: TRANSACTION, times: 2 });
    // Chunks of 2: the report (last) references Observations confirmed in the chunk before it.
    const out = await services({ transactionChunkSize: 2 }).push();
    expect(out.failed).toEqual([]);
    expect(h.proxy.stats.faulted[fault.kind]).toBeGreaterThan(0);
    const parts = serverReportParts(reportId);
    const ids = parts.map((r) => r.identifier!.find((i) => i.system === GENODESK_DIAGNOSTIC_REPORT_SYSTEM || i.system === GENODESK_DIAGNOSTIC_REPORT_PART_SYSTEM)!.value);
    expect(new Set(ids).size).toBe(ids.length);
    expect(parts).toHaveLength(1 + buildGenomicReportResources(app.diagnosis.getIssuedReport(reportId)).observations.length);
    const [report] = parts.filter((r) => r.resourceType === 'DiagnosticReport');
    expect(resultsOf(report, parts)).toHaveLength(parts.length - 1);
    expect(outbox().filter((r) => r.entity_id === reportId).map((r) => r.status)).toEqual(['sent']);
  });

  it('a report re-queued as if its confirmation had been lost creates nothing', async () => {
    const count = () => ['Observation', 'DiagnosticReport'].map((t) => h.server.repo.allOf(t).length);
    const before = count();
    app.store.sqlite.prepare(`DELETE FROM sync_remote WHERE entity_type = 'diagnostic-report' AND entity_id = ?`).run(firstReportId);
    writeOutbox(app.store.sqlite, { entityType: 'diagnostic-report', entityId: firstReportId, op: 'create', entityVersion: 1, createdAt: new Date().toISOString() });
    expect(await services().push()).toMatchObject({ pushed: 1, failed: [] });
    expect(count()).toEqual(before);
  });
});

describe('the app as composed', () => {
  it("sends classifications and reports through its own sync (composition wires the diagnosis sources)", async () => {
    const record = reclassify();
    const reportId = await issueReport();
    const result = await app.sync.syncNow();
    expect(result.pending).toBe(0);
    expect(withIdentifier('Observation', GENODESK_CLASSIFICATION_SYSTEM, record.id)).toHaveLength(1);
    expect(withIdentifier('DiagnosticReport', GENODESK_DIAGNOSTIC_REPORT_SYSTEM, reportId)).toHaveLength(1);
    expect(app.sync.status()).toMatchObject({ state: 'up-to-date', pending: 0, lastError: null });
  });
});

describe('a change sync cannot send fails alone', () => {
  it('an unknown kind of change stays pending with its error in the status; every other change is sent', async () => {
    writeOutbox(app.store.sqlite, { entityType: 'family-history', entityId: 'fh-1', op: 'create', entityVersion: 1, createdAt: new Date().toISOString() });
    const edited = app.patients.update(patient.id, patient.version, { givenName: 'Synced' });
    const record = reclassify();
    const reportId = await issueReport();
    const sync = services();

    const err = (await sync.syncNow().catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('sync/unsupported-entity');
    expect(err.message).toContain('"family-history"');
    expect(err.details).toMatchObject({ result: { pending: 1 } });
    const unknown = outbox().find((r) => r.entity_type === 'family-history')!;
    expect(unknown).toMatchObject({ status: 'pending', attempts: 1, last_error: err.message });
    expect(outbox().filter((r) => r.entity_type !== 'family-history').every((r) => r.status === 'sent')).toBe(true);
    expect(sync.status()).toMatchObject({ state: 'error', pending: 1, lastErrorCode: 'sync/unsupported-entity', lastError: err.message });
    expect((serverPatientsWithLocalId(h.server, patient.id)[0].name as { given: string[] }[])[0].given).toEqual([edited.givenName]);
    expect(withIdentifier('Observation', GENODESK_CLASSIFICATION_SYSTEM, record.id)).toHaveLength(1);
    expect(withIdentifier('DiagnosticReport', GENODESK_DIAGNOSTIC_REPORT_SYSTEM, reportId)).toHaveLength(1);

    // Still there on the next run, still not in the way.
    const later = reclassify();
    const again = await sync.push();
    expect(again.pushed).toBe(1);
    expect(again.failed.map((e) => e.code)).toEqual(['sync/unsupported-entity']);
    expect(withIdentifier('Observation', GENODESK_CLASSIFICATION_SYSTEM, later.id)).toHaveLength(1);
    expect(outbox().find((r) => r.entity_type === 'family-history')).toMatchObject({ status: 'pending', attempts: 2 });
    app.store.sqlite.prepare(`UPDATE sync_outbox SET status = 'superseded' WHERE entity_type = 'family-history'`).run();
  });

  it('a classification version that cannot be read fails alone; the versions after it still go', async () => {
    const variantId = app.diagnosis.classifications.history(coq8aVariant).variantId;
    // A row naming a version this store does not have (versions start at 1), so it is met first.
    writeOutbox(app.store.sqlite, { entityType: 'classification', entityId: variantId, op: 'update', entityVersion: 0, createdAt: new Date().toISOString() });
    const record = reclassify();
    const out = await services().push();
    expect(out.pushed).toBe(1);
    expect(out.failed.map((e) => e.code)).toEqual(['sync/classification-unavailable']);
    expect(withIdentifier('Observation', GENODESK_CLASSIFICATION_SYSTEM, record.id)).toHaveLength(1);
    const rows = outbox().filter((r) => r.entity_type === 'classification');
    expect(rows.find((r) => r.entity_version === 0)).toMatchObject({ status: 'pending', last_error: out.failed[0].message });
    expect(rows.find((r) => r.entity_version === record.version)).toMatchObject({ status: 'sent', last_error: null });
    app.store.sqlite.prepare(`UPDATE sync_outbox SET status = 'superseded' WHERE entity_type = 'classification' AND entity_version = 0`).run();
  });

  it('a stored report that cannot be read fails alone instead of ending the run', async () => {
    const reportId = await issueReport();
    const record = reclassify();
    const content = app.store.sqlite.prepare('SELECT content FROM diagnosis_reports WHERE id = ?').pluck().get(reportId) as string;
    app.store.sqlite.prepare('UPDATE diagnosis_reports SET content = ? WHERE id = ?').run(content.slice(0, 40), reportId);
    const out = await services().push();
    expect(out.failed.map((e) => [e.code, e.details])).toEqual([['sync/report-unavailable', { reportId, cause: 'unreadable' }]]);
    expect(withIdentifier('Observation', GENODESK_CLASSIFICATION_SYSTEM, record.id)).toHaveLength(1);
    expect(outbox().find((r) => r.entity_id === reportId)).toMatchObject({ status: 'pending', last_error: out.failed[0].message });
    // Repaired, it goes on the next run.
    app.store.sqlite.prepare('UPDATE diagnosis_reports SET content = ? WHERE id = ?').run(content, reportId);
    expect(await services().push()).toMatchObject({ pushed: 1, failed: [] });
    expect(withIdentifier('DiagnosticReport', GENODESK_DIAGNOSTIC_REPORT_SYSTEM, reportId)).toHaveLength(1);
  });
});
