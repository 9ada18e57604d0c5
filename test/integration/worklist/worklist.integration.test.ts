import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/main/db/connection.ts';
import type { Store } from '../../../electron/main/db/connection.ts';
import { createWorklistService, DEFAULT_PROVIDERS } from '../../../electron/main/services/worklist/worklist-service.ts';
import type { WorklistService } from '../../../electron/main/services/worklist/worklist-service.ts';
import { createCandidateSnapshot } from '../../../electron/main/services/worklist/candidate-snapshot.ts';
import type { WorklistProvider } from '../../../electron/main/services/worklist/providers.ts';
import { CASE_STATUSES } from '../../../shared/schemas/worklist.ts';
import type { CandidatesOutput } from '../../../shared/schemas/diagnosis-workspace.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { storeChecksum } from '../../helpers/store.ts';
import { seedWorklistCases } from '../../helpers/worklist-cases.ts';
import type { SeededCase } from '../../helpers/worklist-cases.ts';

describe('worklist', () => {
  let cleanup: () => void;
  let store: Store;
  let worklist: WorklistService;
  let cases: SeededCase[];
  beforeEach(() => {
    const t = makeTempDir();
    cleanup = t.cleanup;
    store = openStore({ file: path.join(t.dir, 'g.db'), key: 'k' });
    cases = seedWorklistCases(store, 200);
    worklist = createWorklistService({ store });
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('gives every patient the case status and the actions the seeded tables imply', () => {
    const out = worklist.list({ limit: 500 });
    expect(out.total).toBe(200);
    expect(out.registered).toBe(200);
    for (const s of CASE_STATUSES) expect(out.byStatus[s]).toBe(40);
    const byId = new Map(out.rows.map((r) => [r.patientId, r]));
    for (const c of cases) {
      const row = byId.get(c.id)!;
      expect(row.status, c.id).toBe(c.status);
      const counts = Object.fromEntries(row.actions.map((a) => [a.kind, a.count]));
      expect(counts['unclassified-candidates'] ?? 0, c.id).toBe(c.unclassified);
      expect(counts['not-synced'] ?? 0, c.id).toBe(c.unsynced);
      expect(counts['sync-conflicts'] ?? 0, c.id).toBe(c.conflicts);
      expect(counts['medication-alerts'] ?? 0, c.id).toBe(c.alerts);
    }
    expect(out.kinds.find((k) => k.kind === 'sync-conflicts')?.patients).toBe(4);
  });

  it('filters by status, action and search; sorts; pages; says when nothing matches', () => {
    const drafts = worklist.list({ statuses: ['report-draft'], limit: 500 });
    expect(drafts.total).toBe(40);
    expect(drafts.rows.every((r) => r.status === 'report-draft')).toBe(true);
    const conflicts = worklist.list({ needs: 'sync-conflicts' });
    expect(conflicts.rows.map((r) => r.patientId).sort()).toEqual(cases.filter((c) => c.conflicts).map((c) => c.id).sort());
    const any = worklist.list({ needs: 'any', limit: 500 });
    expect(any.total).toBe(cases.filter((c) => c.unclassified + c.unsynced + c.conflicts + c.alerts > 0).length);
    const smith = worklist.list({ search: 'smi' });
    expect(smith.total).toBe(2);
    expect(smith.rows.every((r) => r.familyName === 'Smith')).toBe(true);
    const byName = worklist.list({ sort: 'name', limit: 500 }).rows.map((r) => r.familyName);
    expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b, 'en-GB')));
    const desc = worklist.list({ sort: 'name', direction: 'desc', limit: 3 }).rows.map((r) => r.familyName);
    expect(desc[0]).toBe('Young');
    const busiest = worklist.list({ limit: 1 }).rows[0];
    expect(busiest.actions.reduce((n, a) => n + a.count, 0)).toBe(Math.max(...cases.map((c) => c.unclassified + c.unsynced + c.conflicts + c.alerts)));
    const page2 = worklist.list({ sort: 'name', offset: 10, limit: 10 });
    expect(page2.rows).toEqual(worklist.list({ sort: 'name', limit: 20 }).rows.slice(10));
    const none = worklist.list({ search: 'zzzz', statuses: ['report-issued'] });
    expect(none).toMatchObject({ total: 0, rows: [], registered: 200 });
  });

  it('builds the case overview with every section, saying "None" where this build has no such records', () => {
    const c = cases.find((x) => x.status === 'report-draft' && x.conflicts === 0 && x.unsynced === 1 && x.alerts === 0)!;
    const o = worklist.overview(c.id);
    const section = (k: string) => o.sections.find((s) => s.key === k)!;
    expect(o.status).toBe('report-draft');
    expect(o.sections.map((s) => s.key)).toEqual(['medication-alerts', 'candidates', 'consent', 'reanalysis', 'family', 'sync', 'sequencing', 'reports']);
    expect(section('reanalysis').items).toEqual([]);
    expect(section('reanalysis').empty).toMatch(/^No newer reference release/);
    expect(section('medication-alerts').items).toEqual([]);
    expect(section('medication-alerts').empty).toMatch(/^No medication alerts/);
    expect(section('medication-alerts').tab).toBe('medicines');
    expect(section('candidates').items.filter((i) => i.action)).toHaveLength(c.unclassified);
    expect(section('candidates').items[0].detail).toBe('Classified by the lab: Pathogenic');
    expect(section('consent').items[0].text).toMatch(/Consented/);
    expect(section('sync').items).toEqual([{ text: 'Patient details: 1 change waiting', action: false }]);
  });

  it('refuses the overview of a patient no longer in the register (removed or merged by sync) and changes nothing', () => {
    const before = storeChecksum(store);
    expect(() => worklist.overview('gone')).toThrowError(expect.objectContaining({ code: 'patients/not-found' }));
    expect(storeChecksum(store)).toBe(before);
  });

  it('a new domain registers one provider and its actions, stages and section appear', () => {
    // A hypothetical domain (medicines has its own provider now): clinic letters waiting to be sent.
    const letters: WorklistProvider = {
      domain: 'letters',
      needs: [{ kind: 'letters-to-send', title: 'Letters to send', tab: 'details', label: (n) => `${n} letter(s) to send`, sql: "SELECT id AS patient_id, 1 AS n FROM patients WHERE family_name = 'Patel'" }],
      sections: [{ key: 'letters', title: 'Letters', tab: 'details', empty: 'No letters.', items: () => [{ text: 'Clinic letter to the GP: not sent', action: true }] }],
    };
    const extended = createWorklistService({ store, providers: [...DEFAULT_PROVIDERS, letters] });
    const waiting = extended.list({ needs: 'letters-to-send' });
    expect(waiting.total).toBe(2);
    expect(waiting.rows[0].actions.some((a) => a.label === '1 letter(s) to send')).toBe(true);
    expect(extended.overview(waiting.rows[0].patientId).sections.find((x) => x.key === 'letters')!.items[0].text).toMatch(/Clinic letter/);
    expect(() => createWorklistService({ store, providers: [...DEFAULT_PROVIDERS, { domain: 'x', needs: letters.needs }, letters] })).toThrow(/letters-to-send/);
  });

  it('the candidate snapshot replaces the previous run whole and keys variants as the lab classifications do', () => {
    const snapshot = createCandidateSnapshot(store.sqlite);
    const patientId = cases[0].id;
    const candidate = (rank: number, tier: 1 | 2 | 3, pos: number) => ({ key: `chr17-${pos}-GC-GT`, rank, tier, chrom: '17', pos, ref: 'GC', alt: 'GT', gene: 'BRCA1', hgvsc: null, hgvsp: 'p.X' });
    const output = (candidates: ReturnType<typeof candidate>[]) =>
      ({ analysis: { id: 'an-x', patientId, build: 'GRCh38' }, candidates }) as unknown as CandidatesOutput;
    snapshot.record(output([candidate(1, 1, 500), candidate(2, 3, 600), candidate(9, 3, 700)]), '2026-06-02T00:00:00Z');
    const rows = () => store.sqlite.prepare('SELECT variant_id, tier FROM worklist_candidates WHERE patient_id = ? ORDER BY rank').all(patientId);
    // Trimmed to the minimal representation (GC>GT at 500 is C>T at 501) and chrom as chr17, as variantIdOf does.
    expect(rows()).toEqual([{ variant_id: 'GRCh38:chr17-501-C-T', tier: 1 }, { variant_id: 'GRCh38:chr17-601-C-T', tier: 3 }]);
    snapshot.record(output([]), '2026-06-03T00:00:00Z');
    expect(rows()).toEqual([]);
  });

  it('reanalysis changes after the latest candidate run and the recorded family appear on the worklist and the overview', () => {
    const db = store.sqlite;
    const c = cases.find((x) => x.status === 'report-draft')!;
    // Rows as the reanalysis and family services write them (their migrations create the tables); the runs, imports
    // and families they point at are not what this test is about, so foreign keys are off while seeding.
    db.pragma('foreign_keys = OFF');
    const insertChange = db.prepare(`INSERT INTO reanalysis_changes (run_id, patient_id, import_id, chrom, pos, ref, alt, kind, detected_at) VALUES ('r1', ?, 'imp', 'chr17', 100, 'C', 'T', 'clinvar-class', ?)`);
    insertChange.run(c.id, '2026-01-01T00:00:00.000Z'); // before the seeded analysis (2026-06-01): already looked at
    insertChange.run(c.id, '2026-07-01T00:00:00.000Z'); // after it: needs a person
    db.prepare(`INSERT INTO family_members (family_id, patient_id, relation, sex, affected, position) VALUES ('f1', ?, 'proband', 'female', 'affected', 0), ('f1', ?, 'mother', 'female', 'unaffected', 1)`).run(c.id, cases[1].id);
    db.pragma('foreign_keys = ON');
    const fresh = createWorklistService({ store });
    const row = fresh.list({ needs: 'reanalysis-changes' }).rows;
    expect(row.map((r) => r.patientId)).toEqual([c.id]);
    expect(row[0].actions.find((a) => a.kind === 'reanalysis-changes')).toMatchObject({ count: 1, label: '1 change from reanalysis', tab: 'diagnosis' });
    const o = fresh.overview(c.id);
    const section = (k: string) => o.sections.find((s) => s.key === k)!;
    expect(section('reanalysis').items.map((i) => i.action)).toEqual([true, false]);
    expect(section('family').items.map((i) => i.text)).toEqual([expect.stringMatching(/^Proband: .*\(this patient\)$/), expect.stringMatching(/^Mother: /)]);
  });
});
