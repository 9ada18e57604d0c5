// Reanalysis: when a newer ClinVar or frequency pack becomes the active one for a build, what changed for
// the stored patients. The two releases are compared once (release-diff.ts); then every complete import
// of that build is read through (stored-variants.ts, whole-import batches) and each variant looked up in
// the small set of changed alleles. Findings are stored as new rows beside earlier ones, never replacing
// them, with one audit entry per patient through the mutator (a local fact: no sync outbox entry).
// Nothing else is touched: annotation runs, classifications and reports stay as they were.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Store } from '../../db/connection.ts';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { createMutator } from '../mutator.ts';
import { createStoredVariants } from '../vcf/stored-variants.ts';
import { normaliseVcfAllele } from '../annotation/consequence/genomic-allele.ts';
import { CLINVAR_TABLE_FILE } from '../annotation/clinvar/clinvar-table.ts';
import { FREQUENCY_INDEX_FILE } from '../frequency/frequency-index.ts';
import type { PackInfo, PackList } from '../../../../shared/schemas/packs.ts';
import type { ReanalysisPanelGene } from '../../../../shared/schemas/reanalysis.ts';
import { alleleKey, diffReleases } from './release-diff.ts';
import type { AlleleChange, ReanalysisKind } from './release-diff.ts';
import type { PanelReanalysis } from './panel-changes.ts';
import { CHANGE_CURRENT, PANEL_ROWS_CURRENT } from './current-findings.ts';
import { createReanalysisRecords } from './reanalysis-records.ts';

export interface ReanalysisServiceDeps {
  store: Store;
  actor: string;
  clock?: Clock;
  packs: { list(): PackList; root: string };
  /** PanelApp panel releases (panel-changes.ts): compared after the ClinVar and frequency packs. */
  panels?: PanelReanalysis;
}

export interface ReanalysisChange {
  patientId: string;
  patientName: string;
  nhsNumber: string;
  importId: string;
  variant: { chrom: string; pos: number; ref: string; alt: string };
  kind: ReanalysisKind | 'panel';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  pack: { id: string; version: string };
  previousPack: { id: string; version: string };
  detectedAt: string;
}

export interface ReanalysisRunSummary {
  kind: ReanalysisKind | 'panel';
  build: string;
  from: { id: string; version: string };
  to: { id: string; version: string };
  changedAlleles: number;
  patientChanges: number;
  /** Seconds comparing the two releases (once, whoever is stored) and reading the stored imports. */
  compareSeconds: number;
  importsSeconds: number;
  imports: number;
}

const KINDS: ReanalysisKind[] = ['clinvar', 'frequency'];
const TABLE_OF: Record<ReanalysisKind, string> = { clinvar: CLINVAR_TABLE_FILE, frequency: FREQUENCY_INDEX_FILE };
/** Longest common prefix trimmed off an allele that the position pre-check allows for (see affected()). */
const MAX_TRIM = 64;

/** Sorted changed positions per normalised chromosome. */
function changedPositions(changed: Map<string, AlleleChange>): Map<string, Int32Array> {
  const lists = new Map<string, number[]>();
  for (const key of changed.keys()) {
    const [chrom, pos] = key.split('\t');
    let l = lists.get(chrom);
    if (!l) lists.set(chrom, (l = []));
    l.push(Number(pos));
  }
  return new Map([...lists].map(([chrom, l]) => [chrom, Int32Array.from(l).sort()]));
}

/** Whether a sorted array holds a value in [from, to]. */
function anyIn(sorted: Int32Array, from: number, to: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] <= to;
}

interface ImportRow {
  id: string;
  key: number;
  patientId: string;
}

interface PatientColumns {
  patient_id: string;
  family_name: string;
  given_name: string;
  nhs_number: string;
}

interface PackColumns {
  to_pack_id: string;
  to_version: string;
  from_pack_id: string;
  from_version: string;
}

interface ChangeRow extends PatientColumns, PackColumns {
  import_id: string;
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  kind: ReanalysisKind | 'panel';
  before: string | null;
  after: string | null;
  detected_at: string;
}

interface PanelGeneColumns {
  import_id: string;
  panel_id: string;
  gene: string;
  in_gene: number;
  listed: number;
  left_out: string;
  screened: number;
  detected_at: string;
}

const patientOf = (r: PatientColumns) => ({ patientId: r.patient_id, patientName: `${r.family_name.toUpperCase()}, ${r.given_name}`, nhsNumber: r.nhs_number });
const packsOf = (r: PackColumns) => ({ pack: { id: r.to_pack_id, version: r.to_version }, previousPack: { id: r.from_pack_id, version: r.from_version } });

export type ReanalysisService = ReturnType<typeof createReanalysisService>;

export function createReanalysisService({ store, actor, clock = systemClock, packs, panels }: ReanalysisServiceDeps) {
  const { sqlite } = store;
  const mutate = createMutator({ store, actor, clock });
  const stored = createStoredVariants(store);
  const records = createReanalysisRecords(sqlite);
  const completeImports = sqlite.prepare("SELECT id, key, patient_id AS patientId FROM imports WHERE status = 'complete' AND build = ? ORDER BY key");
  const contigs = sqlite.prepare('SELECT code, chrom FROM import_contigs WHERE import_key = ?');

  /** The active pack of a kind and build and the one it replaced: the two most recently installed. */
  function pairs(): Array<{ kind: ReanalysisKind; build: string; from: PackInfo; to: PackInfo }> {
    const out: Array<{ kind: ReanalysisKind; build: string; from: PackInfo; to: PackInfo }> = [];
    const installed = packs.list().installed;
    for (const kind of KINDS) {
      for (const build of new Set(installed.filter((p) => p.kind === kind).map((p) => p.build))) {
        const ofKind = installed.filter((p) => p.kind === kind && p.build === build).sort((a, b) => (b.installedAt ?? '').localeCompare(a.installedAt ?? ''));
        if (ofKind.length >= 2 && ofKind[0].sha256 !== ofKind[1].sha256) out.push({ kind, build, from: ofKind[1], to: ofKind[0] });
      }
    }
    return out;
  }

  /**
   * One import's variants whose allele is among the changed ones. Only the chunks holding a changed position
   * are decoded, and only rows at such a position are unpacked and normalised: a whole genome is read as
   * typed arrays of positions, not as millions of row objects. Normalising moves an indel's POS forward by
   * its trimmed common prefix, so a row is a candidate when a changed position lies within MAX_TRIM after it.
   */
  function affected(imp: ImportRow, changed: Map<string, AlleleChange>, positions: Map<string, Int32Array>): Array<{ chrom: string; pos: number; ref: string; alt: string; change: AlleleChange }> {
    const names = new Map((contigs.all(imp.key) as { code: number; chrom: string }[]).map((c) => [c.code, c.chrom]));
    const hits: Array<{ chrom: string; pos: number; ref: string; alt: string; change: AlleleChange }> = [];
    for (const h of stored.headers(imp.key)) {
      const name = names.get(h.chrom);
      const at = name === undefined ? undefined : positions.get(name);
      if (!at || !anyIn(at, h.minPos, h.maxPos + MAX_TRIM)) continue;
      const c = stored.decode(h);
      const pos = c.numbers('pos');
      for (let i = 0; i < c.count; i++) {
        if (!anyIn(at, pos[i], pos[i] + MAX_TRIM)) continue;
        const n = normaliseVcfAllele({ chrom: name as string, pos: pos[i], ref: c.textAtRow('ref', i) as string, alt: c.textAtRow('alt', i) as string });
        const change = changed.get(alleleKey(n.chrom, n.pos, n.ref, n.alt));
        if (change) hits.push({ chrom: n.chrom, pos: n.pos, ref: n.ref, alt: n.alt, change });
      }
    }
    return hits;
  }

  /**
   * Compares every newly active pack with the one it replaced, if not done already, and stores what changed
   * for each patient. Returns the runs made now (none when everything is up to date).
   */
  function runPending(): ReanalysisRunSummary[] {
    const made: ReanalysisRunSummary[] = [];
    for (const { kind, build, from, to } of pairs()) {
      if (records.done(kind, build, from.sha256, to.sha256)) continue;
      const fromDir = path.join(packs.root, from.id);
      const toDir = path.join(packs.root, to.id);
      // A pack installed before its kind had a table (or damaged) cannot be compared; nothing is guessed.
      if (!fs.existsSync(path.join(fromDir, TABLE_OF[kind])) || !fs.existsSync(path.join(toDir, TABLE_OF[kind]))) continue;
      const started = performance.now();
      const changed = diffReleases(kind, fromDir, toDir);
      const compared = performance.now();
      const positions = changedPositions(changed);
      const perImport = (completeImports.all(build) as ImportRow[]).map((imp) => ({ imp, hits: changed.size ? affected(imp, changed, positions) : [] }));
      const patientChanges = perImport.reduce((n, p) => n + p.hits.length, 0);
      const read = performance.now();
      const runId = randomUUID();
      mutate(({ at, record }) => {
        records.addRun({ id: runId, kind, build, from, to, changedAlleles: changed.size, patientChanges, finishedAt: at });
        const perPatient = new Map<string, number>();
        for (const { imp, hits } of perImport) {
          for (const h of hits) {
            records.addChange({ runId, patientId: imp.patientId, importId: imp.id, chrom: h.chrom, pos: h.pos, ref: h.ref, alt: h.alt, kind, before: h.change.before, after: h.change.after, detectedAt: at });
          }
          if (hits.length) perPatient.set(imp.patientId, (perPatient.get(imp.patientId) ?? 0) + hits.length);
        }
        // Audit changes are {field: [before, after]}, as every audit entry (the patient screen lists them so).
        const release = { [kind === 'clinvar' ? 'ClinVar release' : 'gnomAD release']: [`${from.id} ${from.version}`, `${to.id} ${to.version}`] };
        record({ entityType: 'reanalysis-run', entityId: runId, action: 'reanalyse', changes: { ...release, 'Changed alleles': [0, changed.size], 'Patient findings': [0, patientChanges] } });
        for (const [patientId, count] of perPatient) {
          record({ entityType: 'patient', entityId: patientId, action: 'reanalysis', changes: { ...release, 'Variants to review': [0, count] } });
        }
      });
      made.push({ kind, build, from: { id: from.id, version: from.version }, to: { id: to.id, version: to.version }, changedAlleles: changed.size, patientChanges,
        compareSeconds: (compared - started) / 1000,
        importsSeconds: (read - compared) / 1000,
        imports: perImport.length,
      });
    }
    if (panels) made.push(...panels.runPending());
    return made;
  }

  /** Stored findings, newest first; one patient's or everyone's. Panel findings re-screened since are passed over. */
  function list(filter: { patientId?: string; limit?: number } = {}): ReanalysisChange[] {
    const rows = sqlite
      .prepare(
        `SELECT c.patient_id, p.family_name, p.given_name, p.nhs_number, c.import_id, c.chrom, c.pos, c.ref, c.alt, c.kind, c.before, c.after, c.detected_at,
                r.to_pack_id, r.to_version, r.from_pack_id, r.from_version
           FROM reanalysis_changes c JOIN reanalysis_runs r ON r.id = c.run_id JOIN patients p ON p.id = c.patient_id
          WHERE ${CHANGE_CURRENT('c', 'r')} ${filter.patientId ? 'AND c.patient_id = @patientId' : ''}
          ORDER BY c.id DESC LIMIT @limit`,
      )
      .all({ ...(filter.patientId ? { patientId: filter.patientId } : {}), limit: filter.limit ?? -1 }) as ChangeRow[];
    return rows.map((r) => ({
      ...patientOf(r),
      importId: r.import_id,
      variant: { chrom: r.chrom, pos: r.pos, ref: r.ref, alt: r.alt },
      kind: r.kind,
      before: r.before === null ? null : (JSON.parse(r.before) as Record<string, unknown>),
      after: r.after === null ? null : (JSON.parse(r.after) as Record<string, unknown>),
      ...packsOf(r),
      detectedAt: r.detected_at,
    }));
  }

  /** Per patient import and changed panel gene, newest first: variants in the gene, listed and left out by reason. */
  function panelGenes(filter: { patientId?: string; limit?: number } = {}): ReanalysisPanelGene[] {
    const rows = sqlite
      .prepare(
        `SELECT g.patient_id, p.family_name, p.given_name, p.nhs_number, g.import_id, g.panel_id, g.gene, g.in_gene, g.listed, g.left_out, g.screened, g.detected_at,
                r.to_pack_id, r.to_version, r.from_pack_id, r.from_version
           FROM reanalysis_panel_genes g JOIN reanalysis_runs r ON r.id = g.run_id JOIN patients p ON p.id = g.patient_id
          WHERE ${PANEL_ROWS_CURRENT('r', { importId: 'g.import_id', patientId: 'g.patient_id' })} ${filter.patientId ? 'AND g.patient_id = @patientId' : ''}
          ORDER BY g.id DESC LIMIT @limit`,
      )
      .all({ ...(filter.patientId ? { patientId: filter.patientId } : {}), limit: filter.limit ?? -1 }) as (PatientColumns & PackColumns & PanelGeneColumns)[];
    return rows.map((r) => ({
      ...patientOf(r),
      importId: r.import_id,
      panelId: r.panel_id,
      gene: r.gene,
      inGene: r.in_gene,
      listed: r.listed,
      leftOut: JSON.parse(r.left_out) as ReanalysisPanelGene['leftOut'],
      screened: r.screened === 1,
      ...packsOf(r),
      detectedAt: r.detected_at,
    }));
  }

  return { runPending, list, panelGenes, recordPanelReleases: () => panels?.recordReleases(), rescreenPanels: () => panels?.rescreenAnnotated() ?? [] };
}
