// A patient's medicines and their review against the patient's pharmacogenomic result. Adding and stopping
// go through the mutator: the row, its audit entry and its outbox entry (sync sends a MedicationStatement)
// commit together. Stopped medicines are kept with their stop date; they no longer phenoconvert.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../../shared/errors.ts';
import type { Medication, MedicationDraft, MedicationReview } from '../../../../shared/schemas/medicines.ts';
import type { Store } from '../../db/connection.ts';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { createMutator } from '../mutator.ts';
import type { PgxService } from '../pgx/pgx-service.ts';
import { matchRecommendations } from '../pgx/recommendations.ts';
import { buildDrugCatalogue, type DrugCatalogue } from './drug-catalogue.ts';
import { loadDrugCodes, storedCode } from './drug-codes-data.ts';
import { loadPhenoconversionRules, type PhenoconversionRules } from './phenoconversion/rules-data.ts';
import { buildReview, type PgxAvailability, type ReviewSubject } from './review/build-review.ts';
import { medicationsStore, toMedication, type MedicationRow } from './store/medications-store.ts';

export interface MedicinesServiceDeps {
  store: Store;
  actor: string;
  clock?: Clock;
  onCommitted?: () => void;
  pgx: PgxService;
  /** resources/medicines (phenoconversion rules, drug codes), read on first use. */
  resourcesDir: string;
  /**
   * Told of every review of the patient's current medicines (the worklist keeps its alerts: derived local state,
   * not audited or synced). Called inside the transaction of a medicine change, so the list and the snapshot
   * commit together; after a review is computed, in its own transaction.
   */
  onReview?: (patientId: string, review: MedicationReview, at: string) => void;
}

export const MEDICATION_ENTITY = 'medication';

/** PGx errors that mean "no result yet" for a review, not a failure of the review. */
const NO_RESULT_CODES = new Set(['pgx/no-import', 'pgx/no-genotypes', 'pgx/unsupported-build', 'pgx/no-pgx-positions']);

/** A calendar date (YYYY-MM-DD) that exists and is not after today. */
export function checkStartDate(value: string, today: Date): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.toISOString().slice(0, 10) !== value) {
    throw new AppError('medicines/bad-date', `The start date "${value}" is not a real date; write it as YYYY-MM-DD, e.g. 2024-03-27.`, { field: 'started', value });
  }
  const todayIso = today.toISOString().slice(0, 10);
  if (value > todayIso) throw new AppError('medicines/bad-date', `The start date ${value} is in the future (today is ${todayIso}); record a medicine when it is started.`, { field: 'started', value, today: todayIso });
  return value;
}

export type MedicinesService = ReturnType<typeof createMedicinesService>;

export function createMedicinesService({ store, actor, clock = systemClock, onCommitted = () => {}, pgx, resourcesDir, onReview }: MedicinesServiceDeps) {
  const mutate = createMutator({ store, actor, clock, onCommitted });
  const rows = medicationsStore(store.sqlite);
  const patientExists = store.sqlite.prepare('SELECT 1 FROM patients WHERE id = ?');
  let rules: PhenoconversionRules | null = null;
  let catalogue: DrugCatalogue | null = null;
  const loaded = () => {
    rules ??= loadPhenoconversionRules(resourcesDir);
    if (!catalogue) {
      const codes = loadDrugCodes(resourcesDir);
      catalogue = buildDrugCatalogue(pgx.data().allGuidelines(), rules, codes.byDrug, codes.others);
    }
    return { rules, catalogue };
  };

  function requirePatient(patientId: string): void {
    if (!patientExists.get(patientId)) throw new AppError('patients/not-found', 'No patient with this id is registered.', { id: patientId });
  }

  function requireMedication(patientId: string, id: string): MedicationRow {
    const row = rows.get(id);
    if (!row || row.patientId !== patientId) throw new AppError('medicines/not-found', `No medicine with id ${id} is on this patient's list.`, { id, patientId });
    return row;
  }

  function add(patientId: string, draft: MedicationDraft): Medication {
    requirePatient(patientId);
    const { catalogue: cat } = loaded();
    const started = draft.started ? checkStartDate(draft.started.trim(), clock.now()) : null;
    const byName = cat.resolve(draft.drug);
    const byCode = cat.byCode(draft.code);
    if (byName && byCode && byName !== byCode) {
      throw new AppError('medicines/code-mismatch', `The code ${draft.code} is ${byCode.name} (${byCode.codeDisplay}), not ${byName.name}; give the name and code of one medicine.`, {
        drug: byName.name,
        code: draft.code,
        codeDrug: byCode.name,
      });
    }
    // A name GenoDesk does not know (a brand, say) with a code it does is the coded drug.
    const entry = byName ?? byCode;
    const id = randomUUID();
    const result = onReview ? pgxForSnapshot(patientId) : null;
    return mutate(({ at, record }) => {
      const row: MedicationRow = {
        id,
        patientId,
        drug: entry?.name ?? draft.drug.trim(),
        drugKey: entry?.name ?? null,
        // The catalogue's code when the user gave none; a bare SCTID given is stored with its system.
        code: draft.code ? storedCode(draft.code) : (entry?.code ?? null),
        ingredients: JSON.stringify(entry ? [entry.name] : []),
        dose: draft.dose ?? null,
        started,
        stopped: null,
        status: 'active',
        origin: 'local',
        fhirId: null,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      rows.insert(row);
      record({
        entityType: MEDICATION_ENTITY,
        entityId: id,
        action: 'create',
        changes: { patientId, drug: row.drug, checked: entry !== null, code: row.code, dose: row.dose, started },
        outbox: { op: 'create', entityVersion: 1 },
      });
      if (result) reportReview(patientId, result, at);
      return toMedication(row);
    });
  }

  function stop(patientId: string, id: string, stoppedOn?: string): Medication {
    requirePatient(patientId);
    const result = onReview ? pgxForSnapshot(patientId) : null;
    return mutate(({ at, now, record }) => {
      const row = requireMedication(patientId, id);
      if (row.status === 'stopped') throw new AppError('medicines/already-stopped', `${row.drug} was already stopped on ${row.stopped ?? 'an unrecorded date'}; it stays on the list as stopped.`, { id, stopped: row.stopped });
      const date = stoppedOn ? checkStartDate(stoppedOn, now) : now.toISOString().slice(0, 10);
      const next: MedicationRow = { ...row, status: 'stopped', stopped: date, version: row.version + 1, updatedAt: at };
      rows.update(next);
      record({ entityType: MEDICATION_ENTITY, entityId: id, action: 'stop', changes: { status: ['active', 'stopped'], stopped: [null, date] }, outbox: { op: 'update', entityVersion: next.version } });
      if (result) reportReview(patientId, result, at);
      return toMedication(next);
    });
  }

  /**
   * Rows pulled from the central server keep the name as written there; they are matched to the catalogue here,
   * by SNOMED CT code first (a brand or product name such as "Zoloft 50mg tablets" coded as sertraline), then by name.
   */
  function withKey(row: MedicationRow): MedicationRow {
    if (row.drugKey !== null) return row;
    const { catalogue: cat } = loaded();
    const entry = cat.byCode(row.code) ?? cat.resolve(row.drug);
    return entry ? { ...row, drugKey: entry.name } : row;
  }

  function list(patientId: string): Medication[] {
    requirePatient(patientId);
    return rows.list(patientId).map((r) => toMedication(withKey(r)));
  }

  /** The patient's current PGx result, or why there is none yet (never a guess). */
  function pgxFor(patientId: string): PgxAvailability | { missing: string; message: string } {
    try {
      const run = pgx.run(patientId);
      return { genes: run.genes, dataVersions: run.dataVersions };
    } catch (err) {
      if (err instanceof AppError && NO_RESULT_CODES.has(err.code)) return { missing: err.code, message: err.message };
      throw err;
    }
  }

  function buildFor(patientId: string, result: ReturnType<typeof pgxFor>, consider: readonly string[] = []): MedicationReview {
    const { rules: r, catalogue: cat } = loaded();
    const subjects: ReviewSubject[] = rows
      .list(patientId)
      .filter((m) => m.status === 'active')
      .map(withKey)
      .map((m) => ({ drug: m.drug, key: m.drugKey, medicationId: m.id, current: true }));
    for (const name of consider) {
      const entry = cat.resolve(name);
      subjects.push({ drug: entry?.name ?? name.trim(), key: entry?.name ?? null, medicationId: null, current: false });
    }
    const data = pgx.data();
    return buildReview({
      pgx: result,
      guidelines: data.allGuidelines(),
      match: (genes) => matchRecommendations(data, genes),
      catalogue: cat,
      rules: r,
      subjects,
    });
  }

  const hasCurrent = store.sqlite.prepare("SELECT 1 FROM medications WHERE patient_id = ? AND status = 'active' LIMIT 1").pluck();

  /**
   * The PGx result for the alerts snapshot, computed before a medicine change's transaction (the PGx caller is the
   * slow part; the review itself is built inside it). A PGx failure must not block recording a medicine: the
   * snapshot then says there is no result, with the reason.
   */
  function pgxForSnapshot(patientId: string): ReturnType<typeof pgxFor> {
    try {
      return pgxFor(patientId);
    } catch (err) {
      return { missing: err instanceof AppError ? err.code : 'pgx/failed', message: (err as Error).message };
    }
  }

  /** Builds the review of the current medicines from the rows as they stand (inside the caller's transaction) and reports it. */
  function reportReview(patientId: string, result: ReturnType<typeof pgxFor>, at: string): void {
    onReview?.(patientId, buildFor(patientId, result), at);
  }

  function review(patientId: string, consider: readonly string[] = []): MedicationReview {
    requirePatient(patientId);
    const out = buildFor(patientId, pgxFor(patientId), consider);
    // The items of current medicines are the same whatever is considered alongside them (phenoconversion comes from current medicines only).
    if (onReview) onReview(patientId, out, clock.now().toISOString());
    return out;
  }

  /**
   * Recomputes the alerts snapshot (after a PGx input changed: outside calls, an import). Without current
   * medicines there is nothing to alert on, and the PGx caller is not run.
   */
  function refreshAlerts(patientId: string): void {
    if (!onReview) return;
    requirePatient(patientId);
    const result = hasCurrent.get(patientId) === undefined ? ({ missing: 'no-medicines', message: 'No current medicines.' } as const) : pgxForSnapshot(patientId);
    reportReview(patientId, result, clock.now().toISOString());
  }

  return {
    add,
    stop,
    list,
    review,
    refreshAlerts,
    // Matched to the catalogue as list() does, so a pulled medicine reads the same either way.
    get: (patientId: string, id: string) => toMedication(withKey(requireMedication(patientId, id))),
    searchDrugs: (query: string, limit?: number) => loaded().catalogue.search(query, limit),
    suggest: (name: string) => loaded().catalogue.suggest(name),
    rules: () => loaded().rules,
    store: rows,
  };
}
