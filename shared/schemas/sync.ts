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

/** Kinds of record that can be in conflict, each with its own synced fields. */
export const CONFLICT_ENTITY_TYPES = ['patient', 'medication', 'family-member'] as const;
export type ConflictEntityType = (typeof CONFLICT_ENTITY_TYPES)[number];

/** The medicine fields GenoDesk exchanges as MedicationStatement (a code is written "system|code"). */
export const SYNCED_MEDICATION_FIELDS = ['drug', 'code', 'dose', 'started', 'status', 'stopped'] as const;
export type SyncedMedicationField = (typeof SYNCED_MEDICATION_FIELDS)[number];
export const syncedMedicationSchema = z.object({
  drug: z.string(),
  code: z.string().nullable(),
  dose: z.string().nullable(),
  started: z.string().nullable(),
  stopped: z.string().nullable(),
  status: z.enum(['active', 'stopped']),
});
export type SyncedMedication = z.infer<typeof syncedMedicationSchema>;

/**
 * A relative as GenoDesk sends it in a FamilyMemberHistory: relation to the proband, sex and affected status
 * (kept here), the name as written on the resource, and any free-text notes (GenoDesk's own affected-status
 * note is derived from `affected` and not compared).
 */
export const SYNCED_FAMILY_MEMBER_FIELDS = ['relation', 'sex', 'affected', 'name', 'notes'] as const;
export type SyncedFamilyMemberField = (typeof SYNCED_FAMILY_MEMBER_FIELDS)[number];
export const syncedFamilyMemberSchema = z.object({
  relation: z.string(),
  sex: z.string(),
  affected: z.string(),
  name: z.string(),
  notes: z.string(),
});
export type SyncedFamilyMember = z.infer<typeof syncedFamilyMemberSchema>;

/** One row of the side-by-side table, in the entity's own field order and words. */
export const conflictFieldSchema = z.object({
  field: z.string(),
  label: z.string(),
  mine: z.string(),
  theirs: z.string(),
  differs: z.boolean(),
});
export type ConflictField = z.infer<typeof conflictFieldSchema>;

const conflictCommon = {
  id: z.number().int(),
  entityId: z.string(),
  kind: z.enum(CONFLICT_KINDS),
  detectedAt: z.string(),
  status: z.enum(['open', 'resolved']),
  resolution: z.enum(['keep-mine', 'take-theirs', 'per-field']).nullable(),
  resolvedAt: z.string().nullable(),
  /** The record in plain words with its kind: "Patient: Sam SHARED", "Medicine: paroxetine 20 mg", "Family member: mother". */
  label: z.string(),
  /** The patient the record belongs to (a family member's conflict belongs to the proband). */
  patientId: z.string().nullable(),
  /** That patient as "Given FAMILY", so a medicine or relative says whose it is. */
  patientName: z.string().nullable(),
  /** Both versions field by field, as the conflicts screen shows them. */
  fields: z.array(conflictFieldSchema),
  /** Whether a person may pick per field (a relative's record is kept or taken whole). */
  perFieldAllowed: z.boolean(),
};

export const patientConflictSchema = z.object({
  ...conflictCommon,
  entityType: z.literal('patient'),
  /** The record as it is here now. */
  mine: syncedPatientSchema,
  /** The record as the server holds it. */
  theirs: syncedPatientSchema,
  /** The last version both sides agreed on, when known. */
  base: syncedPatientSchema.nullable(),
  /** Fields where mine and theirs differ. */
  differingFields: z.array(z.enum(SYNCED_PATIENT_FIELDS)),
});

export const medicationConflictSchema = z.object({
  ...conflictCommon,
  entityType: z.literal('medication'),
  mine: syncedMedicationSchema,
  theirs: syncedMedicationSchema,
  base: syncedMedicationSchema.nullable(),
  differingFields: z.array(z.enum(SYNCED_MEDICATION_FIELDS)),
});

export const familyMemberConflictSchema = z.object({
  ...conflictCommon,
  entityType: z.literal('family-member'),
  mine: syncedFamilyMemberSchema,
  theirs: syncedFamilyMemberSchema,
  base: syncedFamilyMemberSchema.nullable(),
  differingFields: z.array(z.enum(SYNCED_FAMILY_MEMBER_FIELDS)),
});

export const syncConflictSchema = z.discriminatedUnion('entityType', [patientConflictSchema, medicationConflictSchema, familyMemberConflictSchema]);
export type SyncConflict = z.infer<typeof syncConflictSchema>;
export type PatientConflict = z.infer<typeof patientConflictSchema>;
export type MedicationConflict = z.infer<typeof medicationConflictSchema>;
export type FamilyMemberConflict = z.infer<typeof familyMemberConflictSchema>;

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
      // A medicine's fields (added with medicine conflicts; a patient conflict ignores them).
      drug: fieldPick.optional(),
      code: fieldPick.optional(),
      dose: fieldPick.optional(),
      started: fieldPick.optional(),
      status: fieldPick.optional(),
      stopped: fieldPick.optional(),
    }),
  }),
]);
export type ConflictChoice = z.infer<typeof conflictChoiceSchema>;

export const resolveConflictInputSchema = z.object({ id: z.number().int(), choice: conflictChoiceSchema });
export type ResolveConflictInput = z.infer<typeof resolveConflictInputSchema>;
