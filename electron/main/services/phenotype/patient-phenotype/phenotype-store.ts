// A patient's stored phenotype: HPO ids observed or excluded, each with the label and HPO release it was
// recorded against. One save replaces the whole list (the picker sends what is on screen) and is based on a
// version, so two people editing at once cannot silently overwrite each other (`phenotype/stale`). Every
// save goes through the mutator: term rows, the audit entry (what was added, removed, flipped) and the
// outbox row that syncs the phenotype as FHIR Observations commit together or not at all.
import { AppError } from '../../../../../shared/errors.ts';
import type { PatientPhenotype, PhenotypeSetInput, RecordedPhenotypeTerm, StoredPhenotypeTerm } from '../../../../../shared/schemas/patient-phenotype.ts';
import { HPO_ID_PATTERN, phenotypeSetInputSchema } from '../../../../../shared/schemas/patient-phenotype.ts';
import type { Store } from '../../../db/connection.ts';
import type { Mutate } from '../../mutator.ts';
import type { HpoCatalogue } from './hpo-catalogue.ts';

export const PHENOTYPE_ENTITY = 'phenotype';

interface TermRow {
  patient_id: string;
  term_id: string;
  label: string;
  excluded: number;
  hpo_release: string | null;
  recorded_at: string;
  recorded_by: string;
  removed_at: string | null;
}

interface HeaderRow {
  version: number;
  updated_at: string;
  updated_by: string;
}

export type RecordedTerm = RecordedPhenotypeTerm;

const toRecorded = (r: TermRow): RecordedTerm => ({
  id: r.term_id,
  label: r.label,
  excluded: r.excluded === 1,
  hpoRelease: r.hpo_release,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
  removedAt: r.removed_at,
});

export type PhenotypeStore = ReturnType<typeof createPhenotypeStore>;

export function createPhenotypeStore({ store, mutate, hpo }: { store: Store; mutate: Mutate; hpo: () => HpoCatalogue }) {
  const { sqlite } = store;
  const patientExists = sqlite.prepare('SELECT 1 FROM patients WHERE id = ?').pluck();
  const header = sqlite.prepare('SELECT version, updated_at, updated_by FROM patient_phenotypes WHERE patient_id = ?');
  const allTerms = sqlite.prepare('SELECT * FROM patient_phenotype_terms WHERE patient_id = ? ORDER BY recorded_at, term_id');
  const insertHeader = sqlite.prepare('INSERT INTO patient_phenotypes (patient_id, version, updated_at, updated_by) VALUES (?, 1, ?, ?)');
  const bumpHeader = sqlite.prepare('UPDATE patient_phenotypes SET version = version + 1, updated_at = ?, updated_by = ? WHERE patient_id = ? AND version = ?');
  const upsertTerm = sqlite.prepare(
    `INSERT INTO patient_phenotype_terms (patient_id, term_id, label, excluded, hpo_release, recorded_at, recorded_by, removed_at)
     VALUES (@patientId, @termId, @label, @excluded, @release, @at, @actor, NULL)
     ON CONFLICT (patient_id, term_id) DO UPDATE SET label = excluded.label, excluded = excluded.excluded, hpo_release = excluded.hpo_release,
       recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by, removed_at = NULL`,
  );
  const removeTerm = sqlite.prepare('UPDATE patient_phenotype_terms SET removed_at = ? WHERE patient_id = ? AND term_id = ? AND removed_at IS NULL');

  function requirePatient(patientId: string): void {
    if (!patientExists.get(patientId)) throw new AppError('patients/not-found', 'No patient with this id is registered.', { id: patientId });
  }

  /** Every term ever recorded for the patient, removed ones included (sync withdraws those). */
  function recorded(patientId: string): RecordedTerm[] {
    return (allTerms.all(patientId) as TermRow[]).map(toRecorded);
  }

  function current(patientId: string): RecordedTerm[] {
    return recorded(patientId).filter((t) => t.removedAt === null);
  }

  function version(patientId: string): number {
    return (header.get(patientId) as HeaderRow | undefined)?.version ?? 0;
  }

  function get(patientId: string): PatientPhenotype {
    requirePatient(patientId);
    const h = header.get(patientId) as HeaderRow | undefined;
    const catalogue = hpo();
    const terms: StoredPhenotypeTerm[] = current(patientId).map((t) => {
      const found = catalogue.lookup(t.id);
      const replaced = found.term && found.term.id !== t.id ? { id: found.term.id, label: found.term.label } : null;
      return { ...t, status: found.status, replacedBy: replaced, definition: found.term?.definition ?? null };
    });
    return {
      patientId,
      version: h?.version ?? 0,
      terms,
      installedHpoRelease: catalogue.version(),
      updatedAt: h?.updated_at ?? null,
      updatedBy: h?.updated_by ?? null,
    };
  }

  /**
   * Replaces the patient's terms with `input.terms`. A term already stored with the same id keeps its label,
   * release and recording (an obsolete one stays as recorded, shown with its replacement, until someone
   * swaps it); a new id is looked up in the installed release: unknown ids are refused naming the id, and an
   * obsolete or alternative id is stored as the term that replaces it. Nothing is written on any refusal.
   */
  function set(raw: PhenotypeSetInput & { action?: string }): PatientPhenotype {
    const input = phenotypeSetInputSchema.parse(raw);
    requirePatient(input.patientId);
    const catalogue = hpo();
    const release = catalogue.version();
    const before = new Map(current(input.patientId).map((t) => [t.id, t]));
    const wanted = new Map<string, { id: string; label: string; excluded: boolean; release: string | null; given: string }>();
    for (const t of input.terms) {
      const kept = before.get(t.id);
      let entry;
      if (kept) entry = { id: t.id, label: kept.label, excluded: t.excluded, release: kept.excluded === t.excluded ? kept.hpoRelease : release, given: t.id };
      else {
        const found = HPO_ID_PATTERN.test(t.id) ? catalogue.lookup(t.id) : { status: 'unknown' as const, term: null };
        if (!HPO_ID_PATTERN.test(t.id)) {
          throw new AppError('phenotype/unknown-term', `"${t.id}" is not an HPO id: expected HP: and seven digits, such as HP:0001250.`, { id: t.id });
        }
        if (!found.term) {
          throw new AppError('phenotype/unknown-term', `${t.id} is not a term of HPO ${release}. Check the id or search for the term by name.`, { id: t.id, hpoVersion: release });
        }
        entry = { id: found.term.id, label: found.term.label, excluded: t.excluded, release, given: t.id };
      }
      const clash = wanted.get(entry.id);
      if (clash) {
        throw new AppError(
          'phenotype/conflicting-terms',
          clash.given === entry.given
            ? `${entry.id} (${entry.label}) is listed twice. Keep it once, as seen or as absent.`
            : `${entry.given} and ${clash.given} are the same term in HPO ${release} (${entry.id} ${entry.label}). Keep one.`,
          { id: entry.id, given: [clash.given, entry.given] },
        );
      }
      wanted.set(entry.id, entry);
    }

    const added = [...wanted.values()].filter((t) => !before.has(t.id));
    const removed = [...before.values()].filter((t) => !wanted.has(t.id));
    const flipped = [...wanted.values()].filter((t) => before.has(t.id) && before.get(t.id)!.excluded !== t.excluded);
    const currentVersion = version(input.patientId);
    const basedOn = input.basedOnVersion ?? currentVersion;
    if (basedOn !== currentVersion) throw stale(input.patientId, basedOn, currentVersion);
    if (added.length + removed.length + flipped.length === 0) return get(input.patientId);

    mutate(({ at, actor, record }) => {
      if (currentVersion === 0) insertHeader.run(input.patientId, at, actor);
      else if (bumpHeader.run(at, actor, input.patientId, currentVersion).changes === 0) throw stale(input.patientId, basedOn, version(input.patientId));
      for (const t of [...added, ...flipped]) {
        upsertTerm.run({ patientId: input.patientId, termId: t.id, label: t.label, excluded: t.excluded ? 1 : 0, release: t.release, at, actor });
      }
      for (const t of removed) removeTerm.run(at, input.patientId, t.id);
      const brief = (t: { id: string; label: string; excluded: boolean }) => ({ id: t.id, label: t.label, excluded: t.excluded });
      record({
        entityType: PHENOTYPE_ENTITY,
        entityId: input.patientId,
        action: raw.action ?? (currentVersion === 0 ? 'create' : 'update'),
        changes: { hpoRelease: release, added: added.map(brief), removed: removed.map(brief), changed: flipped.map(brief) },
        outbox: { op: currentVersion === 0 ? 'create' : 'update', entityVersion: currentVersion + 1 },
      });
    });
    return get(input.patientId);
  }

  return { get, set, recorded, current, version };
}

function stale(patientId: string, basedOnVersion: number, currentVersion: number): AppError {
  return new AppError('phenotype/stale', 'Someone else changed this phenotype since you opened it. Reload it and make your change again.', {
    patientId,
    basedOnVersion,
    currentVersion,
  });
}
