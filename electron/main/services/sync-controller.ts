// The app's one sync service, or none until sync is set up: the header always has a status to show,
// and reconfiguring (new server, new credentials) replaces the service without a restart.
import { AppError } from '../../../shared/errors.ts';
import type { ConflictChoice, SyncConflict, SyncResult, SyncStatus } from '../../../shared/schemas/sync.ts';
import type { Store } from '../db/connection.ts';
import type { Clock } from './clock.ts';
import { createSyncService } from './sync/sync-service.ts';
import type { SyncConfig, SyncServiceDeps } from './sync/sync-service.ts';
import type { ClassificationSource, DiagnosticReportSource, PhenotypeSource, ReportSource } from './sync/sync-context.ts';

export interface SyncSettingsStore {
  load(): SyncConfig | null;
  save(config: SyncConfig): void;
}

export interface SyncControllerDeps {
  store: Store;
  actor: string;
  clock?: Clock;
  settings: SyncSettingsStore;
  reports?: ReportSource;
  diagnosticReports?: DiagnosticReportSource;
  classifications?: ClassificationSource;
  phenotypes?: PhenotypeSource;
  /** Medicines changed here by sync (pulled, or a conflict resolved): their reviews' alerts are recomputed. */
  onMedicinesChanged?: (patientIds: string[]) => void;
  onStatus: (status: SyncStatus) => void;
  /** Test hook: scheduler and retry timings. */
  tuning?: Pick<SyncServiceDeps, 'scheduler' | 'retry'>;
}

export type SyncController = ReturnType<typeof createSyncController>;

export function createSyncController({ store, actor, clock, settings, reports, diagnosticReports, classifications, phenotypes, onMedicinesChanged, onStatus, tuning }: SyncControllerDeps) {
  const sources = { reports, diagnosticReports, classifications, phenotypes, onMedicinesChanged };
  let service: ReturnType<typeof createSyncService> | null = null;
  let unsubscribe: (() => void) | null = null;
  let started = false;

  const pendingOutbox = store.sqlite.prepare("SELECT count(*) FROM sync_outbox WHERE status != 'sent'").pluck();
  function unconfiguredStatus(): SyncStatus {
    return {
      state: 'offline',
      pending: pendingOutbox.get() as number,
      conflicts: 0,
      lastError: 'Sync is not set up: changes are kept on this computer. Enter the central server in Settings.',
      lastErrorCode: 'sync/not-configured',
      lastSyncedAt: null,
      nextAttemptAt: null,
    };
  }

  function build(config: SyncConfig | null): void {
    unsubscribe?.();
    unsubscribe = null;
    service = null;
    if (!config) return;
    service = createSyncService({ store, actor, config, clock, ...sources, ...tuning });
    unsubscribe = service.onStatus(onStatus);
    if (started) service.start();
  }

  function requireService() {
    if (!service) throw new AppError(
      'sync/not-configured',
      'Sync is not set up. In the app, enter the central FHIR server in Settings; on the command line, pass --server URL or set GENODESK_FHIR_SERVER.',
      {},
    );
    return service;
  }

  build(settings.load());

  return {
    status: (): SyncStatus => service?.status() ?? unconfiguredStatus(),
    configured: () => service !== null,
    async configure(config: SyncConfig): Promise<SyncStatus> {
      // Validate by building before saving: a bad URL must not replace working settings.
      createSyncService({ store, actor, config, clock, ...sources });
      await service?.stop();
      settings.save(config);
      build(config);
      const status = service!.status();
      onStatus(status);
      return status;
    },
    syncNow: (): Promise<SyncResult> => requireService().syncNow(),
    listConflicts: (): SyncConflict[] => service?.listConflicts('open') ?? [],
    resolveConflict: (id: number, choice: ConflictChoice): SyncConflict => requireService().resolveConflict(id, choice),
    notifyLocalChange(): void {
      if (service) service.notifyLocalChange();
      else onStatus(unconfiguredStatus());
    },
    start(): void {
      started = true;
      service?.start();
    },
    async stop(): Promise<void> {
      started = false;
      await service?.stop();
    },
  };
}

/**
 * Settings from the environment (CLI, browser harness, scripted runs): GENODESK_FHIR_SERVER,
 * GENODESK_FHIR_TOKEN_URL, GENODESK_FHIR_CLIENT_ID, GENODESK_FHIR_CLIENT_SECRET, GENODESK_FHIR_TIMEOUT_MS.
 */
export function syncConfigFromEnv(env: NodeJS.ProcessEnv, serverOverride?: string): SyncConfig | null {
  const serverUrl = serverOverride ?? env.GENODESK_FHIR_SERVER;
  if (!serverUrl) return null;
  return {
    serverUrl,
    tokenUrl: env.GENODESK_FHIR_TOKEN_URL || undefined,
    clientId: env.GENODESK_FHIR_CLIENT_ID || undefined,
    clientSecret: env.GENODESK_FHIR_CLIENT_SECRET || undefined,
    timeoutMs: Number(env.GENODESK_FHIR_TIMEOUT_MS ?? 15_000),
  };
}

/** In-memory settings for the CLI and tests (nothing is written: the environment is the source). */
export function memorySyncSettings(initial: SyncConfig | null): SyncSettingsStore {
  let current = initial;
  return { load: () => current, save: (c) => (current = c) };
}
