// The sync service the app, the CLI and the tests share (no electron import). Push and pull are separate
// named phases; syncNow runs online check → push → pull. Runs never overlap, all network work is async,
// and the status object (offline / syncing / up to date / error, pending, last error in plain words) is
// what the header shows.
import { AppError } from '../../../../shared/errors.ts';
import type { ConflictChoice, SyncConflict, SyncResult, SyncStatus } from '../../../../shared/schemas/sync.ts';
import type { Store } from '../../db/connection.ts';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import type { BackoffPolicy } from './backoff.ts';
import { delayBeforeRetry } from './backoff.ts';
import { listConflicts, resolveConflict } from './conflicts.ts';
import { createFhirClient } from './fhir-client.ts';
import { createLocalPatients } from './local-patients.ts';
import { safeOrigin } from './network-errors.ts';
import type { PullOutcome } from './pull-phase.ts';
import type { PushOutcome } from './push-phase.ts';
import type { ClassificationSource, DiagnosticReportSource, PhenotypeSource, ReportSource, RetryPolicy, SyncContext } from './sync-context.ts';
import { withRetry } from './sync-context.ts';
import { createSyncStore } from './sync-store.ts';
import { createTokenProvider } from './token-provider.ts';

export interface SyncConfig {
  /** FHIR base URL, e.g. https://fhir.example.nhs.uk/R4 */
  serverUrl: string;
  /** OAuth2 token endpoint; without it requests carry no bearer token. */
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  /** Per request, body included. */
  timeoutMs: number;
}

export interface SchedulerOptions {
  /** Between successful runs. */
  intervalMs: number;
  /** After a local change, wait this long for more before syncing (a burst of edits is one run). */
  debounceMs: number;
  /** Backoff between failed runs (offline, server errors). */
  backoff: BackoffPolicy;
}

export interface SyncServiceDeps {
  store: Store;
  actor: string;
  config: SyncConfig;
  clock?: Clock;
  reports?: ReportSource;
  /** Issued diagnostic reports and the lab's classifications (diagnosis-sources.ts adapts the diagnosis service). */
  diagnosticReports?: DiagnosticReportSource;
  classifications?: ClassificationSource;
  /** The patients' HPO terms (the phenotype store). */
  phenotypes?: PhenotypeSource;
  /** Called after sync changed a patient's medicines here (pull applied, conflict resolved). */
  onMedicinesChanged?: (patientIds: string[]) => void;
  retry?: Partial<RetryPolicy>;
  scheduler?: Partial<SchedulerOptions>;
  /** Injected by tests so backoff waits take no time. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  fetchImpl?: typeof fetch;
  /** Medplum caps transactions holding conditional creates at 8 entries. */
  transactionChunkSize?: number;
  pageSize?: number;
  /** Records pushed at once (default 4). */
  pushConcurrency?: number;
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, backoff: { baseMs: 250, maxMs: 8_000 }, maxWaitMs: 30_000 };
const DEFAULT_SCHEDULER: SchedulerOptions = { intervalMs: 60_000, debounceMs: 2_000, backoff: { baseMs: 2_000, maxMs: 300_000 } };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type SyncService = ReturnType<typeof createSyncService>;

// The phases bring Medplum's FHIR validator and its R4 definitions with them: loaded at the first push or
// pull, not with the store, so a CLI command that never syncs starts without them (issue 15 §6).
const runPushPhase = async (ctx: SyncContext): Promise<PushOutcome> => (await import('./push-phase.ts')).runPushPhase(ctx);
const runPullPhase = async (ctx: SyncContext): Promise<PullOutcome> => (await import('./pull-phase.ts')).runPullPhase(ctx);

export function createSyncService(deps: SyncServiceDeps) {
  const { store, actor, config } = deps;
  const clock = deps.clock ?? systemClock;
  if (!config.serverUrl) throw new AppError('sync/not-configured', 'No FHIR server is set. Enter the server URL in Settings › Sync (or pass --server).', {});
  try {
    new URL(config.serverUrl);
  } catch {
    throw new AppError('sync/not-configured', 'The FHIR server URL is not a valid URL. Correct it in Settings › Sync (or --server).', {});
  }
  const fetchImpl = deps.fetchImpl ?? fetch;
  const tokens = createTokenProvider(config, clock, fetchImpl);
  const client = createFhirClient({ serverUrl: config.serverUrl, timeoutMs: config.timeoutMs, tokens, clock, fetchImpl });
  const ctx: SyncContext = {
    store,
    sync: createSyncStore(store.sqlite),
    patients: createLocalPatients(store.sqlite),
    client,
    clock,
    actor,
    pullActor: `sync:${safeOrigin(config.serverUrl)}`,
    reports: deps.reports,
    diagnosticReports: deps.diagnosticReports,
    classifications: deps.classifications,
    phenotypes: deps.phenotypes,
    onMedicinesChanged: deps.onMedicinesChanged,
    retry: { ...DEFAULT_RETRY, ...deps.retry },
    sleep: deps.sleep ?? realSleep,
    random: deps.random ?? Math.random,
    transactionChunkSize: deps.transactionChunkSize ?? 8,
    pageSize: deps.pageSize ?? 100,
    pushConcurrency: Math.max(1, deps.pushConcurrency ?? 4),
  };
  const schedule: SchedulerOptions = { ...DEFAULT_SCHEDULER, ...deps.scheduler };

  let status: SyncStatus = {
    state: 'offline',
    pending: ctx.sync.countHeld(),
    conflicts: ctx.sync.countOpenConflicts(),
    lastError: null,
    lastErrorCode: null,
    lastSyncedAt: ctx.sync.getState('lastSyncedAt') ?? null,
    nextAttemptAt: null,
  };
  const listeners = new Set<(s: SyncStatus) => void>();

  function setStatus(patch: Partial<SyncStatus>): void {
    const next = { ...status, ...patch, pending: ctx.sync.countHeld(), conflicts: ctx.sync.countOpenConflicts() };
    const changed = (Object.keys(next) as (keyof SyncStatus)[]).some((k) => next[k] !== status[k]);
    status = next;
    if (!changed) return;
    for (const cb of listeners) {
      try {
        cb({ ...status });
      } catch {
        // A broken listener must not stop sync.
      }
    }
  }

  function failWith(err: unknown): AppError {
    const e = err instanceof AppError ? err : new AppError('ipc/internal', 'An unexpected error stopped sync. Details are in the application log.');
    setStatus({ state: e.code === 'sync/offline' ? 'offline' : 'error', lastError: e.message, lastErrorCode: e.code });
    return e;
  }

  // One run at a time: a phase started while another runs waits for it (no two writers of the cursor).
  let chain: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  }

  async function checkOnline(): Promise<void> {
    const answer = await withRetry(ctx, () => client.request('GET', 'metadata', { expect: 'CapabilityStatement' }));
    const version = String(answer.resource?.fhirVersion ?? '');
    if (!version.startsWith('4.0')) {
      throw new AppError('sync/bad-response', `The server at ${safeOrigin(config.serverUrl)} is not a FHIR R4 server (it reports FHIR ${version || 'no version'}). Check the server URL in Settings › Sync.`, {
        fhirVersion: version || null,
      });
    }
  }

  async function phase<T>(fn: () => Promise<T>): Promise<T> {
    setStatus({ state: 'syncing' });
    try {
      return await fn();
    } catch (err) {
      throw failWith(err);
    }
  }

  function finish(failures: AppError[]): void {
    const at = clock.now().toISOString();
    if (failures.length) {
      setStatus({ state: 'error', lastError: failures[0].message, lastErrorCode: failures[0].code });
      return;
    }
    ctx.sync.setState('lastSyncedAt', at, at);
    setStatus({ state: 'up-to-date', lastError: null, lastErrorCode: null, lastSyncedAt: at });
  }

  /** Push phase only (tests run the phases one at a time). */
  function push(): Promise<PushOutcome> {
    return exclusive(() =>
      phase(async () => {
        const out = await runPushPhase(ctx);
        finish(out.failed);
        return out;
      }),
    );
  }

  /** Pull phase only. */
  function pull(): Promise<PullOutcome> {
    return exclusive(() =>
      phase(async () => {
        const out = await runPullPhase(ctx);
        finish(out.rejected);
        return out;
      }),
    );
  }

  let current: Promise<SyncResult> | undefined;
  /**
   * "Sync now": online check, push, pull. Concurrent callers share the run in progress. Throws the first
   * error (details.result carries the counts) when the server was unusable or a record could not be sent.
   */
  function syncNow(): Promise<SyncResult> {
    current ??= exclusive(() =>
      phase(async () => {
        await checkOnline();
        const pushed = await runPushPhase(ctx);
        const pulled = await runPullPhase(ctx);
        const result: SyncResult = { pushed: pushed.pushed, pulled: pulled.pulled, conflicts: ctx.sync.countOpenConflicts(), pending: ctx.sync.countHeld() };
        const failures = [...pushed.failed, ...pulled.rejected];
        finish(failures);
        if (failures.length) {
          const first = failures[0];
          throw new AppError(first.code, first.message, { ...first.details, result, failed: failures.length });
        }
        return result;
      }),
    ).finally(() => {
      current = undefined;
    });
    return current;
  }

  // Scheduler: keeps trying while the app runs; never throws into the app.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let failuresInARow = 0;
  let loop: Promise<void> | undefined;

  function scheduleIn(ms: number): void {
    if (!running) return;
    if (timer) clearTimeout(timer);
    setStatus({ nextAttemptAt: new Date(clock.now().getTime() + ms).toISOString() });
    timer = setTimeout(tick, ms);
    timer.unref?.();
  }

  function tick(): void {
    timer = undefined;
    loop = syncNow()
      .then(() => {
        failuresInARow = 0;
        scheduleIn(schedule.intervalMs);
      })
      .catch((err: unknown) => {
        const delay = delayBeforeRetry(err, failuresInARow, schedule.backoff, ctx.random);
        failuresInARow++;
        scheduleIn(Math.max(delay, 250));
      });
  }

  return {
    push,
    pull,
    syncNow,
    status: (): SyncStatus => ({ ...status, pending: ctx.sync.countHeld(), conflicts: ctx.sync.countOpenConflicts() }),
    onStatus(cb: (s: SyncStatus) => void): () => void {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    listConflicts: (which: 'open' | 'resolved' = 'open'): SyncConflict[] => listConflicts(ctx, which),
    resolveConflict(id: number, choice: ConflictChoice): SyncConflict {
      const resolved = resolveConflict(ctx, id, choice);
      setStatus({});
      if (running) scheduleIn(schedule.debounceMs);
      return resolved;
    },
    /** The app calls this after each local change so the header's count moves and a run follows soon. */
    notifyLocalChange(): void {
      setStatus({});
      if (running && !current) scheduleIn(schedule.debounceMs);
    },
    start(): void {
      if (running) return;
      running = true;
      scheduleIn(0);
    },
    async stop(): Promise<void> {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      setStatus({ nextAttemptAt: null });
      await loop?.catch(() => undefined);
      await current?.catch(() => undefined);
    },
  };
}
