// The worklist (the start screen) and one patient's case overview (issue 17), assembled from the registered
// providers. A worklist query is a fixed number of statements — the patients matching the search, one per
// stage, one per kind of action — then filtering, sorting and paging in memory; 10,000 patients answer well
// within 100 ms (npm run bench:worklist).
import { AppError } from '../../../../shared/errors.ts';
import { CASE_STATUSES } from '../../../../shared/schemas/worklist.ts';
import type { CaseOverview, CaseStatus, NeedsAction, OverviewSection, WorklistOutput, WorklistQuery, WorklistRow } from '../../../../shared/schemas/worklist.ts';
import type { Store } from '../../db/connection.ts';
import { buildPatientSearch } from '../patients/patient-search.ts';
import type { WorklistProvider } from './providers.ts';
import { importsProvider } from './imports-provider.ts';
import { diagnosisProvider } from './diagnosis-provider.ts';
import { syncProvider } from './sync-provider.ts';
import { reanalysisProvider } from './reanalysis-provider.ts';
import { familyProvider } from './family-provider.ts';
import { medicinesProvider } from './medicines-provider.ts';

/**
 * The providers of the domains in this build. A new domain appends its own (see docs/clinic-flow.md). Reanalysis
 * and family read tables their domains' migrations create: until those are in the store they are left out.
 */
export const DEFAULT_PROVIDERS: readonly WorklistProvider[] = [importsProvider, diagnosisProvider, syncProvider, reanalysisProvider, familyProvider, medicinesProvider];

/**
 * Sections the overview always shows, in this order, even when no provider of this build fills them: saying
 * "not recorded in this version" is honest, an absent section would look like "nothing to worry about".
 */
const SECTION_ORDER: { key: string; title: string; tab: OverviewSection['tab']; missing: string }[] = [
  { key: 'medication-alerts', title: 'Medication alerts', tab: 'medicines', missing: 'None: this version of GenoDesk keeps no medication list, so no medication is checked against the pharmacogenomic results.' },
  { key: 'candidates', title: 'Top candidates', tab: 'diagnosis', missing: 'None.' },
  { key: 'consent', title: 'Additional (secondary) findings consent', tab: 'diagnosis', missing: 'None.' },
  { key: 'reanalysis', title: 'Reanalysis changes', tab: 'diagnosis', missing: 'None: this version of GenoDesk does not compare reference releases.' },
  { key: 'family', title: 'Family', tab: 'family', missing: 'None: this version of GenoDesk records no family members or pedigree.' },
  { key: 'sync', title: 'Not yet synced', tab: 'details', missing: 'None.' },
];

const STAGE_RANK = new Map<CaseStatus, number>(CASE_STATUSES.map((s, i) => [s, i]));
const DEFAULT_LIMIT = 50;

interface PatientLite {
  id: string;
  nhs_number: string;
  family_name: string;
  given_name: string;
  birth_date: string;
  updated_at: string;
}

export type WorklistService = ReturnType<typeof createWorklistService>;

export function createWorklistService({ store, providers: registered = DEFAULT_PROVIDERS }: { store: Store; providers?: readonly WorklistProvider[] }) {
  const { sqlite } = store;
  const tableExists = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").pluck();
  const providers = registered.filter((p) => (p.requires ?? []).every((t) => tableExists.get(t) !== undefined));
  const stages = providers.flatMap((p) => p.stages ?? []).sort((a, b) => STAGE_RANK.get(a.stage)! - STAGE_RANK.get(b.stage)!);
  const needs = providers.flatMap((p) => p.needs ?? []);
  const sections = providers.flatMap((p) => p.sections ?? []);
  const kinds = new Set<string>();
  for (const n of needs) {
    if (kinds.has(n.kind)) throw new Error(`Two worklist providers register the action kind "${n.kind}"`);
    kinds.add(n.kind);
  }
  const stageStatements = stages.map((s) => ({ stage: s.stage, stmt: sqlite.prepare(s.sql).pluck() }));
  const needStatements = needs.map((n) => ({ need: n, stmt: sqlite.prepare(n.sql).raw() }));
  const patientById = sqlite.prepare('SELECT id FROM patients WHERE id = ?').pluck();

  // Every patient's row (stage and actions included) is reused until the store changes, and each sort order is
  // computed once: typing in the search box, filtering, sorting and paging then cost a filter pass over an
  // array. total_changes() counts this connection's writes, data_version another connection's (a CLI import),
  // so a change from anywhere rebuilds them.
  const changeMarks = sqlite.prepare('SELECT total_changes()').pluck();
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  // Names sort on the register's folded search columns (case- and accent-free), in SQLite: the rows arrive in name
  // order, and every other order is a stable sort on one number, so ties stay in name order.
  const allPatients = sqlite.prepare('SELECT id, nhs_number, family_name, given_name, birth_date, updated_at FROM patients ORDER BY family_fold, given_fold, id');
  interface Snapshot {
    mark: string;
    rows: WorklistRow[];
    byId: Map<string, WorklistRow>;
    sorted: Map<string, WorklistRow[]>;
    weight: Map<string, number>;
  }
  let cache: Snapshot | null = null;
  function snapshot(): Snapshot {
    const mark = `${changeMarks.get() as number}:${dataVersion.get() as number}`;
    if (cache?.mark === mark) return cache;
    const status = statusMap();
    const actions = actionMap();
    const patients = allPatients.all() as PatientLite[];
    const rows = patients.map(
      (p): WorklistRow => ({
        patientId: p.id,
        nhsNumber: p.nhs_number,
        familyName: p.family_name,
        givenName: p.given_name,
        birthDate: p.birth_date,
        status: status.get(p.id) ?? 'awaiting-import',
        actions: actions.get(p.id) ?? [],
        updatedAt: p.updated_at,
      }),
    );
    const weight = new Map(rows.map((r) => [r.patientId, r.actions.reduce((n, a) => n + a.count, 0)]));
    cache = { mark, rows, byId: new Map(rows.map((r) => [r.patientId, r])), sorted: new Map(), weight };
    return cache;
  }
  function sortedRows(snap: Snapshot, sort: NonNullable<WorklistQuery['sort']>, direction: WorklistQuery['direction']): WorklistRow[] {
    const key = `${sort}:${direction ?? 'asc'}`;
    let rows = snap.sorted.get(key);
    if (!rows) {
      const ascending = sort === 'name' ? snap.rows : snap.rows.slice().sort(byColumn(sort, snap.weight));
      rows = direction === 'desc' ? ascending.slice().reverse() : ascending;
      snap.sorted.set(key, rows);
    }
    return rows;
  }

  /** Every patient's stage: the latest stage any provider says the patient reached. */
  function statusMap(): Map<string, CaseStatus> {
    const status = new Map<string, CaseStatus>();
    // Stages run in order, so a later stage overwrites an earlier one.
    for (const { stage, stmt } of stageStatements) for (const id of stmt.all() as string[]) status.set(id, stage);
    return status;
  }

  function actionMap(): Map<string, NeedsAction[]> {
    const actions = new Map<string, NeedsAction[]>();
    for (const { need, stmt } of needStatements) {
      for (const [id, n] of stmt.all() as [string, number][]) {
        if (n <= 0) continue;
        const list = actions.get(id) ?? [];
        list.push({ kind: need.kind, label: need.label(n), count: n, tab: need.tab });
        actions.set(id, list);
      }
    }
    return actions;
  }

  function list(query: WorklistQuery = {}): WorklistOutput {
    const snap = snapshot();
    const search = buildPatientSearch(query.search ?? '');
    // A search narrows by the register's own indexed search (names, NHS number, date of birth), as the patient list does.
    const matching = search.where === '' ? null : new Set(sqlite.prepare(`SELECT id FROM patients ${search.where}`).pluck().all(...search.args) as string[]);
    const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
    const kindCounts = new Map<string, number>(needs.map((n) => [n.kind, 0]));
    const wantStatus = query.statuses && query.statuses.length > 0 ? new Set(query.statuses) : null;
    const rows: WorklistRow[] = [];
    for (const r of sortedRows(snap, query.sort ?? 'actions', query.direction)) {
      if (matching && !matching.has(r.patientId)) continue;
      byStatus[r.status] += 1;
      for (const x of r.actions) kindCounts.set(x.kind, (kindCounts.get(x.kind) ?? 0) + 1);
      if (wantStatus && !wantStatus.has(r.status)) continue;
      if (query.needs && (query.needs === 'any' ? r.actions.length === 0 : !r.actions.some((x) => x.kind === query.needs))) continue;
      rows.push(r);
    }
    const offset = query.offset ?? 0;
    return {
      rows: rows.slice(offset, offset + (query.limit ?? DEFAULT_LIMIT)),
      total: rows.length,
      registered: snap.rows.length,
      byStatus,
      kinds: needs.map((n) => ({ kind: n.kind, title: n.title, patients: kindCounts.get(n.kind) ?? 0 })),
    };
  }

  function overview(patientId: string): CaseOverview {
    if (patientById.get(patientId) === undefined) {
      throw new AppError('patients/not-found', 'This patient is not in the register: the record was removed or merged with another.', { id: patientId });
    }
    // The whole-register snapshot gives one patient's status and actions exactly as the worklist shows them.
    const row = snapshot().byId.get(patientId);
    const status = row?.status ?? 'awaiting-import';
    const actions = row?.actions ?? [];
    const built = new Map<string, OverviewSection>();
    for (const s of sections) built.set(s.key, { key: s.key, title: s.title, tab: s.tab, items: s.items(sqlite, patientId), empty: s.empty });
    const ordered: OverviewSection[] = SECTION_ORDER.map((o) => built.get(o.key) ?? { key: o.key, title: o.title, tab: o.tab, items: [], empty: o.missing });
    for (const [key, s] of built) if (!SECTION_ORDER.some((o) => o.key === key)) ordered.push(s);
    return { patientId, status, actions, sections: ordered };
  }

  return { list, overview };
}

/** One column's order for rows already in name order; Array.prototype.sort is stable, so ties keep name order. */
function byColumn(sort: Exclude<NonNullable<WorklistQuery['sort']>, 'name'>, weight: Map<string, number>): (a: WorklistRow, b: WorklistRow) => number {
  switch (sort) {
    case 'status':
      return (a, b) => STAGE_RANK.get(a.status)! - STAGE_RANK.get(b.status)!;
    case 'actions':
      // "Most to do first" is the natural ascending order of this column.
      return (a, b) => weight.get(b.patientId)! - weight.get(a.patientId)!;
    case 'updated':
      return (a, b) => (a.updatedAt === b.updatedAt ? 0 : a.updatedAt < b.updatedAt ? 1 : -1);
  }
}
