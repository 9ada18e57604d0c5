// The patient register. Every change writes the patient row, its audit row and its sync-outbox row in
// one transaction: a crash at any moment leaves all three or none.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../../shared/errors.ts';
import { foldForSearch } from '../../../../shared/text-fold.ts';
import type { FieldError, Patient, PatientChanges, PatientDraft, PatientSearch } from '../../../../shared/schemas/patient.ts';
import type { Store } from '../../db/connection.ts';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { createMutator } from '../mutator.ts';
import { buildPatientSearch } from './patient-search.ts';
import { INSERT_PATIENT_SQL, PATIENT_COLUMNS, toPatient, UPDATE_PATIENT_SQL } from './patient-row.ts';
import type { PatientRow } from './patient-row.ts';
import { cleanDraft, throwIfFieldErrors } from './validate-patient.ts';
import type { CleanPatient } from './validate-patient.ts';

export interface PatientsServiceDeps {
  store: Store;
  /** Who is making changes, as the audit trail records it (OS user for the app, `cli:<user>` for scripts). */
  actor: string;
  clock?: Clock;
  /** Called after each committed change (the sync scheduler listens, to send it soon). */
  onCommitted?: () => void;
}

export type PatientsService = ReturnType<typeof createPatientsService>;

export function createPatientsService({ store, actor, clock = systemClock, onCommitted = () => {} }: PatientsServiceDeps) {
  const { sqlite } = store;
  const mutate = createMutator({ store, actor, clock, onCommitted });
  const byId = sqlite.prepare(`SELECT ${PATIENT_COLUMNS} FROM patients WHERE id = ?`);
  const byNhs = sqlite.prepare(`SELECT ${PATIENT_COLUMNS} FROM patients WHERE nhs_number = ?`);
  const insert = sqlite.prepare(INSERT_PATIENT_SQL);
  const update = sqlite.prepare(UPDATE_PATIENT_SQL);

  function duplicateNhsError(nhsNumber: string, existingId: string): AppError {
    const fe: FieldError = { field: 'nhsNumber', code: 'patients/duplicate-nhs-number', message: 'A patient with this NHS number is already registered' };
    return new AppError('patients/duplicate-nhs-number', fe.message, { field: 'nhsNumber', nhsNumber, existingPatientId: existingId, fieldErrors: [fe] });
  }

  function get(id: string): Patient {
    const row = byId.get(id) as PatientRow | undefined;
    if (!row) throw new AppError('patients/not-found', 'No patient with this id is registered.', { id });
    return toPatient(row);
  }

  /** A patient named by id or by NHS number (CLI.md: "A patient can be named by its id or its NHS number"). */
  function resolve(ref: string): Patient {
    const row = (byId.get(ref) ?? byNhs.get(ref.replace(/\s+/g, ''))) as PatientRow | undefined;
    if (!row) throw new AppError('patients/not-found', `No patient with id or NHS number "${ref}" is registered.`, { ref });
    return toPatient(row);
  }

  function create(draft: PatientDraft): Patient {
    const now = clock.now();
    const clean = cleanDraft(draft, now);
    const id = randomUUID();
    return mutate(({ at, record }) => {
      const existing = byNhs.get(clean.nhsNumber) as PatientRow | undefined;
      if (existing) throw duplicateNhsError(clean.nhsNumber, existing.id);
      insert.run({ id, ...clean, familyFold: foldForSearch(clean.familyName), givenFold: foldForSearch(clean.givenName), at });
      record({ entityType: 'patient', entityId: id, action: 'create', changes: { ...clean }, outbox: { op: 'create', entityVersion: 1 } });
      return get(id);
    });
  }

  /**
   * Applies `changes` to the version the user was looking at. If someone else changed the patient since
   * (another window, a sync pull), refuse rather than silently overwrite their edit.
   */
  function updatePatient(id: string, version: number, changes: PatientChanges): Patient {
    return mutate(({ at, now, record }) => {
      const current = get(id);
      if (current.version !== version) {
        throw new AppError('patients/stale-version', 'This patient was changed since you opened it. Reload to see the latest details, then make your change again.', {
          id,
          expectedVersion: version,
          currentVersion: current.version,
        });
      }
      const merged: PatientDraft = {
        nhsNumber: changes.nhsNumber ?? current.nhsNumber,
        familyName: changes.familyName ?? current.familyName,
        givenName: changes.givenName ?? current.givenName,
        birthDate: changes.birthDate ?? current.birthDate,
        sex: changes.sex ?? current.sex,
      };
      const clean = cleanDraft(merged, now);
      const diff: Record<string, [unknown, unknown]> = {};
      for (const key of Object.keys(clean) as (keyof CleanPatient)[]) {
        if (clean[key] !== current[key]) diff[key] = [current[key], clean[key]];
      }
      if (Object.keys(diff).length === 0) return current;
      if (diff.nhsNumber) {
        const other = byNhs.get(clean.nhsNumber) as PatientRow | undefined;
        if (other && other.id !== id) throw duplicateNhsError(clean.nhsNumber, other.id);
      }
      update.run({ id, version, ...clean, familyFold: foldForSearch(clean.familyName), givenFold: foldForSearch(clean.givenName), at });
      record({ entityType: 'patient', entityId: id, action: 'update', changes: diff, outbox: { op: 'update', entityVersion: version + 1 } });
      return get(id);
    });
  }

  function search(params: PatientSearch): { patients: Patient[]; total: number } {
    const limit = params.limit ?? 50;
    const offset = params.offset ?? 0;
    const { where, args, invalid } = buildPatientSearch(params.query ?? '');
    if (invalid) throwIfFieldErrors([invalid]);
    const total = (sqlite.prepare(`SELECT count(*) AS n FROM patients ${where}`).get(...args) as { n: number }).n;
    const rows = sqlite
      .prepare(`SELECT ${PATIENT_COLUMNS} FROM patients ${where} ORDER BY family_fold, given_fold, id LIMIT ? OFFSET ?`)
      .all(...args, limit, offset) as PatientRow[];
    return { patients: rows.map(toPatient), total };
  }

  return { create, update: updatePatient, get, resolve, search };
}
