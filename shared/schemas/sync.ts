// What crosses IPC and the CLI for FHIR sync: the header's status, the result of one run, and conflicts
// shown side by side for a counsellor to resolve. Types come from these schemas (z.infer), never twice.
import { z } from 'zod';
import { SEXES } from './patient.ts';

export const SYNC_STATES = ['offline', 'syncing', 'up-to-date', 'error'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

export const syncStatusSchema = z.object({
  state: z.enum(SYNC_STATES),
  /** Local changes the server has not confirmed yet (outbox rows pending or held by a conflict). */
  pending: z.number().int().min(0),
  /** Open conflicts waiting for a person to choose. */
  conflicts: z.number().int().min(0),
  /** The last error in plain words (never a token, secret or stack); null once a run succeeds. */
  lastError: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
  /** ISO time of the last run that finished both phases. */
  lastSyncedAt: z.string().nullable(),
  /** ISO time of the next scheduled attempt when the scheduler runs. */
  nextAttemptAt: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/** `genodesk sync` prints exactly this (CLI.md); fields may be added, never renamed. */
export const syncResultSchema = z.object({
  pushed: z.number().int().min(0),
  pulled: z.number().int().min(0),
  conflicts: z.number().int().min(0),
  pending: z.number().int().min(0),
});
export type SyncResult = z.infer<typeof syncResultSchema>;

/** The patient fields GenoDesk exchanges with the server: what a conflict compares and a person picks from. */
export const SYNCED_PATIENT_FIELDS = ['nhsNumber', 'familyName', 'givenName', 'birthDate', 'sex'] as const;
export type SyncedPatientField = (typeof SYNCED_PATIENT_FIELDS)[number];

export const syncedPatientSchema = z.object({
  nhsNumber: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  birthDate: z.string(),
  sex: z.enum(SEXES),
});
export type SyncedPatient = z.infer<typeof syncedPatientSchema>;

export const CONFLICT_KINDS = [
  /** The server refused our update (HTTP 412): someone changed the record since we last saw it. */
  'update-rejected',
  /** A pulled change arrived for a record edited here and not yet sent. */
  'remote-change',
] as const;

export const syncConflictSchema = z.object({
  id: z.number().int(),
  entityType: z.literal('patient'),
  entityId: z.string(),
  kind: z.enum(CONFLICT_KINDS),
  detectedAt: z.string(),
  /** The record as it is here now. */
  mine: syncedPatientSchema,
  /** The record as the server holds it. */
  theirs: syncedPatientSchema,
  /** The last version both sides agreed on, when known. */
  base: syncedPatientSchema.nullable(),
  /** Fields where mine and theirs differ. */
  differingFields: z.array(z.enum(SYNCED_PATIENT_FIELDS)),
  status: z.enum(['open', 'resolved']),
  resolution: z.enum(['keep-mine', 'take-theirs', 'per-field']).nullable(),
  resolvedAt: z.string().nullable(),
});
export type SyncConflict = z.infer<typeof syncConflictSchema>;

const fieldPick = z.enum(['mine', 'theirs']);

export const conflictChoiceSchema = z.union([
  z.literal('keep-mine'),
  z.literal('take-theirs'),
  z.object({
    perField: z.object({
      nhsNumber: fieldPick.optional(),
      familyName: fieldPick.optional(),
      givenName: fieldPick.optional(),
      birthDate: fieldPick.optional(),
      sex: fieldPick.optional(),
    }),
  }),
]);
export type ConflictChoice = z.infer<typeof conflictChoiceSchema>;

export const resolveConflictInputSchema = z.object({ id: z.number().int(), choice: conflictChoiceSchema });
export type ResolveConflictInput = z.infer<typeof resolveConflictInputSchema>;
