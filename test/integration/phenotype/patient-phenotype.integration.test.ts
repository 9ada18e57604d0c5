// The stored phenotype on a real encrypted store and the real HPO release: terms kept as HPO ids with their
// release, audited and queued for sync in one transaction; obsolete terms shown with their replacement; bad
// input refused naming the term and leaving the store exactly as it was; the referral's old free HPO terms
// carried over by migration 0008 from a store of the previous version.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/main/db/connection.ts';
import type { Store } from '../../../electron/main/db/connection.ts';
import { createMutator } from '../../../electron/main/services/mutator.ts';
import { createPhenotypeStore } from '../../../electron/main/services/phenotype/patient-phenotype/phenotype-store.ts';
import type { HpoCatalogue } from '../../../electron/main/services/phenotype/patient-phenotype/hpo-catalogue.ts';
import { AppError } from '../../../shared/errors.ts';
import { storeChecksum } from '../../helpers/store.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { bundledCatalogue } from './helpers-hpo.ts';

const MIGRATIONS = path.join(REPO_ROOT, 'electron/main/db/migrations');
let hpo: HpoCatalogue;
beforeAll(() => {
  hpo = bundledCatalogue();
});

function addPatient(store: Store, id: string): void {
  store.sqlite
    .prepare(
      `INSERT INTO patients (id, nhs_number, family_name, given_name, family_fold, given_fold, birth_date, sex, version, created_at, updated_at)
       VALUES (?, ?, 'Test', 'Pat', 'test', 'pat', '2001-02-03', 'unknown', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    )
    .run(id, `nhs-${id}`);
}

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
  return undefined;
};

describe('patient phenotype store', () => {
  let tmp: { dir: string; cleanup: () => void };
  let store: Store;
  beforeEach(() => {
    tmp = makeTempDir();
    store = openStore({ file: path.join(tmp.dir, 'genodesk.db'), key: 'k' });
    addPatient(store, 'p1');
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });
  const phenotypes = () => createPhenotypeStore({ store, mutate: createMutator({ store, actor: 'counsellor' }), hpo: () => hpo });

  it('stores observed and excluded HPO ids with labels and the release, audited and queued for sync', () => {
    const s = phenotypes();
    expect(s.get('p1')).toMatchObject({ version: 0, terms: [], installedHpoRelease: '2026-02-16' });
    const saved = s.set({ patientId: 'p1', terms: [{ id: 'HP:0001250' }, { id: 'HP:0001263', excluded: true }], basedOnVersion: 0 });
    expect(saved.version).toBe(1);
    expect(saved.terms.map((t) => [t.id, t.label, t.excluded, t.hpoRelease, t.status])).toEqual([
      ['HP:0001250', 'Seizure', false, '2026-02-16', 'current'],
      ['HP:0001263', 'Global developmental delay', true, '2026-02-16', 'current'],
    ]);
    expect(saved.terms[0].definition).toMatch(/seizure/i);
    const audit = store.sqlite.prepare("SELECT action, changes FROM audit_log WHERE entity_type = 'phenotype'").all() as { action: string; changes: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].changes).added).toHaveLength(2);
    expect(store.sqlite.prepare("SELECT entity_id, op, entity_version FROM sync_outbox WHERE entity_type = 'phenotype'").all()).toEqual([{ entity_id: 'p1', op: 'create', entity_version: 1 }]);

    // Removing one and flipping the other: the removed row is kept (sync withdraws it), the version moves on.
    const next = s.set({ patientId: 'p1', terms: [{ id: 'HP:0001263', excluded: false }], basedOnVersion: 1 });
    expect(next.terms.map((t) => [t.id, t.excluded])).toEqual([['HP:0001263', false]]);
    expect(s.recorded('p1').find((t) => t.id === 'HP:0001250')?.removedAt).not.toBeNull();
    expect(store.sqlite.prepare("SELECT count(*) FROM sync_outbox WHERE entity_type = 'phenotype'").pluck().get()).toBe(2);
  });

  it('resolves an obsolete or alternative id given now to the current term, and shows a stored obsolete term with its replacement', () => {
    const s = phenotypes();
    // HP:0001275 is an alt_id of Seizure (HP:0001250) in HPO 2026-02-16.
    expect(s.set({ patientId: 'p1', terms: [{ id: 'HP:0001275' }] }).terms.map((t) => t.id)).toEqual(['HP:0001250']);
    // A term recorded under an older release that has since been obsoleted (HP:0000057 → HP:0008665).
    store.sqlite
      .prepare("INSERT INTO patient_phenotype_terms VALUES ('p1', 'HP:0000057', 'Clitoromegaly', 0, '2019-01-01', '2019-01-01T00:00:00Z', 'old', NULL)")
      .run();
    const got = s.get('p1').terms.find((t) => t.id === 'HP:0000057')!;
    // HPO 2026-02-16 lists it both as an obsolete stanza and as an alt_id of its replacement.
    expect(got).toMatchObject({ label: 'Clitoromegaly', hpoRelease: '2019-01-01' });
    expect(['obsolete', 'alternative']).toContain(got.status);
    expect(got.replacedBy?.id).toBe('HP:0008665');
  });

  it('refuses unknown, malformed, duplicated and stale input naming the term, leaving the store exactly as it was', () => {
    const s = phenotypes();
    s.set({ patientId: 'p1', terms: [{ id: 'HP:0001250' }] });
    const before = storeChecksum(store);
    for (const [terms, code, id] of [
      [[{ id: 'HP:9999999' }], 'phenotype/unknown-term', 'HP:9999999'],
      [[{ id: 'seizure' }], 'phenotype/unknown-term', 'seizure'],
      [[{ id: 'HP:0001250' }, { id: 'HP:0001250', excluded: true }], 'phenotype/conflicting-terms', 'HP:0001250'],
      [[{ id: 'HP:0001250' }, { id: 'HP:0001275' }], 'phenotype/conflicting-terms', 'HP:0001250'],
    ] as const) {
      let err: AppError | undefined;
      try {
        s.set({ patientId: 'p1', terms: [...terms] });
      } catch (e) {
        err = e as AppError;
      }
      expect(err?.code).toBe(code);
      expect(err?.details.id).toBe(id);
      expect(err?.message).toContain(id);
    }
    expect(codeOf(() => s.set({ patientId: 'p1', terms: [], basedOnVersion: 0 }))).toBe('phenotype/stale');
    expect(codeOf(() => s.set({ patientId: 'nobody', terms: [] }))).toBe('patients/not-found');
    expect(storeChecksum(store)).toBe(before);
  });
});

describe('migration 0008: the referral’s HPO terms become the patient’s phenotype', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('carries existing referral terms over from a store of the previous version, audited and queued for sync', () => {
    // The previous version's store: the same migrations up to 0007.
    const previous = path.join(tmp.dir, 'migrations-0007');
    fs.cpSync(MIGRATIONS, previous, { recursive: true });
    const journalFile = path.join(previous, 'meta/_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((e) => e.tag < '0008');
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const file = path.join(tmp.dir, 'genodesk.db');
    const old = openStore({ file, key: 'k', migrationsFolder: previous });
    expect(old.sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'patient_phenotypes'").pluck().get()).toBe(0);
    addPatient(old, 'p1');
    addPatient(old, 'p2');
    const insert = old.sqlite.prepare(
      "INSERT INTO diagnosis_referrals VALUES (?, 'Seizures', ?, '[]', 3, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', 'dr who')",
    );
    insert.run('p1', JSON.stringify([{ id: 'HP:0001250', label: 'Seizure' }, { id: 'HP:0003201', label: 'Rhabdomyolysis' }]));
    insert.run('p2', '[]');
    old.close();

    const store = openStore({ file, key: 'k' });
    try {
      const s = createPhenotypeStore({ store, mutate: createMutator({ store, actor: 'x' }), hpo: () => hpo });
      const p1 = s.get('p1');
      expect(p1.version).toBe(1);
      expect(p1.terms.map((t) => [t.id, t.label, t.excluded, t.hpoRelease, t.recordedBy, t.recordedAt])).toEqual([
        ['HP:0001250', 'Seizure', false, null, 'dr who', '2026-02-01T00:00:00Z'],
        ['HP:0003201', 'Rhabdomyolysis', false, null, 'dr who', '2026-02-01T00:00:00Z'],
      ]);
      expect(s.get('p2').version).toBe(0);
      expect(store.sqlite.prepare("SELECT entity_id, action FROM audit_log WHERE entity_type = 'phenotype'").all()).toEqual([{ entity_id: 'p1', action: 'migrate-from-referral' }]);
      expect(store.sqlite.prepare("SELECT entity_id, entity_version FROM sync_outbox WHERE entity_type = 'phenotype'").all()).toEqual([{ entity_id: 'p1', entity_version: 1 }]);
    } finally {
      store.close();
    }
  });
});
