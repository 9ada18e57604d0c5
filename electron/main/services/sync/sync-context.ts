// What the push and pull phases share. Built once by createSyncService; tests build it with a fake
// clock, sleep and random source so retries and backoff run instantly and deterministically.
import { AppError } from '../../../../shared/errors.ts';
import type { DiagnosticReportContent } from '../../../../shared/schemas/diagnosis.ts';
import type { LabClassificationRecord } from '../../../../shared/schemas/diagnosis-workspace.ts';
import type { RecordedPhenotypeTerm } from '../../../../shared/schemas/patient-phenotype.ts';
import type { Store } from '../../db/connection.ts';
import type { Clock } from '../clock.ts';
import type { BackoffPolicy } from './backoff.ts';
import { delayBeforeRetry } from './backoff.ts';
import type { FhirClient } from './fhir-client.ts';
import type { LocalPatients } from './local-patients.ts';
import type { PgxResultForFhir } from './pgx-report-resources.ts';
import type { SyncStore } from './sync-store.ts';

/** A finished report the PGx feature hands to sync (outbox entity_type 'pgx-report', entity_id = reportId). */
export interface SyncableReport {
  patientId: string;
  result: PgxResultForFhir;
  issuedAt: string;
}

export interface ReportSource {
  getReport(reportId: string): SyncableReport | undefined;
}

/** Issued diagnostic reports (outbox entity_type 'diagnostic-report', entity_id = report number). */
export interface DiagnosticReportSource {
  /** The report exactly as issued; undefined when this store has no such report. */
  getIssuedReport(reportId: string): DiagnosticReportContent | undefined;
}

/** The lab's classifications (outbox entity_type 'classification', entity_id = variant id, entity_version = version). */
export interface ClassificationSource {
  /** One saved version (versions are never overwritten); undefined when this store has no such version. */
  getClassification(variantId: string, version: number): LabClassificationRecord | undefined;
}

/** A patient's HPO terms (outbox entity_type 'phenotype', entity_id = patient id). */
export interface PhenotypeSource {
  /** Every term ever recorded for the patient, removed ones with removedAt (sent as entered-in-error). */
  recordedTerms(patientId: string): PhenotypeTermForFhir[];
}

export type PhenotypeTermForFhir = RecordedPhenotypeTerm;

export interface RetryPolicy {
  /** Attempts per request within one phase, the first included. */
  maxAttempts: number;
  backoff: BackoffPolicy;
  /** A wait longer than this (a long Retry-After) ends the phase; the scheduler waits instead. */
  maxWaitMs: number;
}

export interface SyncContext {
  store: Store;
  sync: SyncStore;
  patients: LocalPatients;
  client: FhirClient;
  clock: Clock;
  actor: string;
  /** Audit actor for changes that came from the server. */
  pullActor: string;
  reports?: ReportSource;
  diagnosticReports?: DiagnosticReportSource;
  classifications?: ClassificationSource;
  phenotypes?: PhenotypeSource;
  /** After sync changed medicines here (the worklist's medication alerts are derived from them). */
  onMedicinesChanged?: (patientIds: string[]) => void;
  retry: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  transactionChunkSize: number;
  pageSize: number;
  /** Records pushed at once. */
  pushConcurrency: number;
}

const TRANSIENT = new Set(['sync/connection-lost', 'sync/timeout', 'sync/server-error', 'sync/rate-limited']);

export function isTransient(err: unknown): boolean {
  return err instanceof AppError && TRANSIENT.has(err.code);
}

/** Errors that say the server (or the way to it) is unusable right now: the phase stops, nothing is lost. */
export function endsPhase(err: unknown): boolean {
  if (!(err instanceof AppError)) return true;
  return (
    TRANSIENT.has(err.code) ||
    ['sync/offline', 'sync/bad-response', 'fhir/unauthorized', 'sync/not-configured'].includes(err.code)
  );
}

/**
 * Retries one request on transient failures. Safe because every write is conditional (If-None-Exist or
 * If-Match): repeating a request whose answer was lost cannot create or overwrite anything twice.
 */
export async function withRetry<T>(ctx: SyncContext, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isTransient(err) || attempt + 1 >= ctx.retry.maxAttempts) throw err;
      const wait = delayBeforeRetry(err, attempt, ctx.retry.backoff, ctx.random);
      if (wait > ctx.retry.maxWaitMs) throw err;
      await ctx.sleep(wait);
    }
  }
}
