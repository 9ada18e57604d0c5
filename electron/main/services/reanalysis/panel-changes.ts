// Reanalysis for PanelApp panels: when a newer release of a panel arrives (a panel pack updated, or a newer
// PanelApp export installed in the workspace), which genes entered or left the panel or changed rating,
// and which stored variants of the patients whose case uses that panel lie in those genes.
//
// A panel pack is replaced under the same pack id, so its earlier release would be gone by the time anyone
// compares: every release seen is recorded whole in reanalysis_panel_releases (recordReleases, called after
// each pack install and before each comparison). Consecutive recorded versions of a panel are compared once
// (a run keyed on both releases' gene checksums, as ClinVar and gnomAD runs are keyed on their packs).
// Findings go to reanalysis_changes with kind "panel", never replacing earlier ones, audited per patient.
// Only the variants worth a second look are findings (panel-screen.ts: the diagnosis workspace's own rules on
// the import's stored annotation and the installed frequency pack); how many others lay in each changed gene,
// and why they were left out, goes to reanalysis_panel_genes so nothing is hidden without a count. An import
// with no annotation run cannot be screened: all its variants in the gene are listed, as before, and its
// count row says it was not screened.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Store } from '../../db/connection.ts';
import { PanelSchema, RankingFiltersSchema } from '../../../../shared/schemas/diagnosis.ts';
import type { ModeOfInheritance, Panel, RankingFilters } from '../../../../shared/schemas/diagnosis.ts';
import type { GenomeBuild, VariantPage, VariantQuery, VariantRow } from '../../../../shared/schemas/vcf.ts';
import type { Clock } from '../clock.ts';
import { AppError } from '../../../../shared/errors.ts';
import { createMutator } from '../mutator.ts';
import { normaliseVcfAllele } from '../annotation/consequence/genomic-allele.ts';
import { candidateInputFromStore } from '../diagnosis/candidate-input.ts';
import { rowNumber, storedAnnotationRun } from '../diagnosis-workspace/stored-annotations.ts';
import { readGeneScope } from '../diagnosis-workspace/variant-scope.ts';
import { withPackFrequencies } from '../frequency/candidate-frequencies.ts';
import type { FrequencyService } from '../frequency/frequency-service.ts';
import { comparePanelVersions } from '../diagnosis/panel-library.ts';
import { readPanelExportFile } from '../diagnosis/panel-export-file.ts';
import type { GeneTable } from '../vcf/gene-table.ts';
import type { PackVersion } from '../../../../shared/schemas/annotation.ts';
import type { ReanalysisRunSummary } from './reanalysis-service.ts';
import { createReanalysisRecords } from './reanalysis-records.ts';
import { PANEL_ROWS_CURRENT, RESCREEN_KIND } from './current-findings.ts';
import { noneLeftOut, PANEL_SCREEN_FILTERS, panelScreen, type LeftOutCounts } from './panel-screen.ts';

export interface PanelReanalysisDeps {
  store: Store;
  actor: string;
  clock: Clock;
  /** Files of the installed panel packs (packs-service panelFiles). */
  panelPacks: () => { id: string; version: string; file: string }[];
  /** The bundled gene coordinates, for genes whose PanelApp entry has no coordinates (flat TSV exports). */
  genes?: () => GeneTable;
  /** The stored variants of an import (the import service's query), read gene by gene as the diagnosis workspace reads them. */
  queryVariants: (q: VariantQuery) => VariantPage;
  /** The active gnomAD frequency pack of each build, for the rarity rule; without one only the VCF's own frequencies count. */
  frequency?: Pick<FrequencyService, 'reader' | 'activePack'>;
}

/** What a finding records on each side: the gene on that release of the panel (rating null: not on it). */
export interface PanelGeneEvidence extends Record<string, unknown> {
  panelId: string;
  panel: string;
  version: string;
  gene: string;
  /** PanelApp's rating: green (diagnostic-grade), amber, red or not rated; null when the gene is not on this release. */
  rating: Panel['genes'][number]['confidence'] | null;
  /** PanelApp's mode of inheritance as written, when on the panel. */
  moi: string | null;
}

export interface PanelGeneChange {
  gene: string;
  change: 'entered' | 'left' | 'rating-changed';
  before: PanelGeneEvidence;
  after: PanelGeneEvidence;
  /** GRCh38/GRCh37 interval of the gene (PanelApp's own, else the bundled gene table's). */
  regions: Partial<Record<GenomeBuild, { chrom: string; start: number; end: number }>>;
  /** The gene's parsed mode of inheritance on the release that has it (the newer one when both): picks the frequency threshold. */
  moi: ModeOfInheritance | null;
}

/** Per patient import and changed gene: how many variants lay in it, how many are listed, how many were left out and why. */
export interface PanelGeneCount {
  gene: string;
  inGene: number;
  listed: number;
  leftOut: LeftOutCounts;
  /** False: the import had no annotation run, so nothing could be screened out and every variant is listed. */
  screened: boolean;
}

/** A panel run as the ClinVar and frequency runs are summarised; changedAlleles counts changed genes. */
export type PanelRunSummary = ReanalysisRunSummary & { kind: 'panel'; build: 'any' };

interface ReleaseRow {
  panel_id: string;
  version: string;
  name: string;
  source: string;
  sha256: string;
  panel_json: string;
}

/** Where a workspace-installed PanelApp export (diagnosis_panels) is recorded from. */
const WORKSPACE_SOURCE = 'workspace';
interface RescreenRow {
  run_rowid: number;
  from_pack_id: string;
  from_version: string;
  from_sha256: string;
  to_pack_id: string;
  to_version: string;
  to_sha256: string;
  patient_id: string;
  import_id: string;
  panel_id: string;
  /** What the rows were screened with; null when listed unscreened. */
  screened_with: string | null;
  build: string;
}

/** A screen basis for the audit trail: "annotation run <id>, frequency pack <id@version> (sha256 <first 12>), <filters>". */
function describeBasis(basis: string): string {
  const [run, pack, sha, filters] = basis.split('|');
  return `annotation run ${run}, ${pack === 'no frequency pack' ? 'no frequency pack' : `frequency pack ${pack}${sha ? ` (sha256 ${sha.slice(0, 12)})` : ''}`}, ${filters}`;
}

/** What the comparison looks at, so a re-export of the same release with other evidence text is not "changed". */
function geneChecksum(p: Panel): string {
  const genes = [...p.genes].sort((a, b) => a.symbol.localeCompare(b.symbol)).map((g) => [g.symbol, g.confidence, g.moi.source]);
  return createHash('sha256').update(JSON.stringify(genes)).digest('hex');
}

/** Genes that entered, left or changed rating between two releases of one panel. */
export function diffPanels(from: Panel, to: Panel, genes?: GeneTable): PanelGeneChange[] {
  const before = new Map(from.genes.map((g) => [g.symbol, g]));
  const after = new Map(to.genes.map((g) => [g.symbol, g]));
  const out: PanelGeneChange[] = [];
  for (const symbol of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(symbol);
    const a = after.get(symbol);
    if (b && a && b.confidence === a.confidence) continue;
    const side = (p: Panel, g: typeof a): PanelGeneEvidence => ({ panelId: p.id, panel: p.name, version: p.version, gene: symbol, rating: g?.confidence ?? null, moi: g?.moi.source ?? null });
    const regions: PanelGeneChange['regions'] = {};
    for (const build of ['GRCh38', 'GRCh37'] as const) {
      const own = (a ?? b)?.[build === 'GRCh38' ? 'grch38' : 'grch37'];
      if (own) regions[build] = { chrom: own.chrom, start: own.start, end: own.end };
      else {
        try {
          const g = genes?.lookup(symbol, build);
          if (g) regions[build] = { chrom: g.chrom, start: g.start, end: g.end };
        } catch {
          // Not in the bundled table either: the change is still counted, no variant can be placed in it.
        }
      }
    }
    out.push({ gene: symbol, change: !b ? 'entered' : !a ? 'left' : 'rating-changed', before: side(from, b), after: side(to, a), regions, moi: (a ?? b)?.moi ?? null });
  }
  return out;
}

export type PanelReanalysis = ReturnType<typeof createPanelReanalysis>;

export function createPanelReanalysis({ store, actor, clock, panelPacks, genes, queryVariants, frequency }: PanelReanalysisDeps) {
  const { sqlite } = store;
  const mutate = createMutator({ store, actor, clock });
  const insertRelease = sqlite.prepare(
    'INSERT OR IGNORE INTO reanalysis_panel_releases (panel_id, version, name, source, sha256, panel_json, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const releases = sqlite.prepare('SELECT panel_id, version, name, source, sha256, panel_json FROM reanalysis_panel_releases');
  const workspacePanels = sqlite.prepare('SELECT panel_json FROM diagnosis_panels');
  const records = createReanalysisRecords(sqlite);
  // A patient's case uses a panel when the referral names it or an analysis was run with it (any version).
  const casesUsing = sqlite.prepare(
    `SELECT patient_id FROM diagnosis_referrals r WHERE EXISTS (SELECT 1 FROM json_each(r.panels) WHERE json_extract(value, '$.id') = @panelId)
     UNION SELECT patient_id FROM diagnosis_analyses a WHERE EXISTS (SELECT 1 FROM json_each(a.panels) WHERE json_extract(value, '$.id') = @panelId)`,
  );
  const importsOf = sqlite.prepare("SELECT id, key, build FROM imports WHERE status = 'complete' AND patient_id = ? ORDER BY key");
  // Current panel findings that may need a (new) screen: listed unscreened, or screened with what the screen
  // recorded (rows screened before migration 0018 recorded nothing and are left as they are). One row per
  // comparison, import and basis; a later panel run of the same two releases with rows for the import supersedes them.
  const toRescreen = sqlite.prepare(
    `SELECT DISTINCT r.rowid AS run_rowid, r.from_pack_id, r.from_version, r.from_sha256, r.to_pack_id, r.to_version, r.to_sha256,
            g.patient_id, g.import_id, g.panel_id, g.screened_with, i.build
       FROM reanalysis_panel_genes g JOIN reanalysis_runs r ON r.id = g.run_id JOIN imports i ON i.id = g.import_id AND i.status = 'complete'
      WHERE (g.screened = 0 OR g.screened_with IS NOT NULL) AND r.kind IN ('panel', '${RESCREEN_KIND}')
        AND ${PANEL_ROWS_CURRENT('r', { importId: 'g.import_id', patientId: 'g.patient_id' })}`,
  );
  const releaseByHash = sqlite.prepare('SELECT panel_json FROM reanalysis_panel_releases WHERE panel_id = ? AND sha256 = ? ORDER BY recorded_at LIMIT 1').pluck();
  const listedBefore = sqlite
    .prepare("SELECT count(*) FROM reanalysis_changes c JOIN reanalysis_runs r ON r.id = c.run_id WHERE r.rowid = ? AND c.import_id = ? AND c.kind = 'panel'")
    .pluck();
  // The import's current annotation run, as storedAnnotationRun picks it.
  const currentRunId = sqlite.prepare("SELECT id FROM annotation_runs WHERE import_id = ? AND status = 'complete' ORDER BY completed_at DESC LIMIT 1").pluck();
  const latestAnalysisFilters = sqlite
    .prepare('SELECT filters FROM diagnosis_analyses WHERE patient_id = ? AND import_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
    .pluck();

  /**
   * The filters the case was last analysed with for this import (a counsellor may have relaxed call quality or
   * the rarity thresholds), so the screen agrees with the workspace's view; else the workspace's defaults.
   */
  function caseFilters(patientId: string, importId: string): RankingFilters {
    const json = latestAnalysisFilters.get(patientId, importId) as string | undefined;
    const parsed = json ? RankingFiltersSchema.safeParse(JSON.parse(json)) : null;
    return parsed?.success ? parsed.data : PANEL_SCREEN_FILTERS;
  }

  /** Records every panel release now available (panel packs and workspace installs) that is not yet recorded. */
  function recordReleases(): void {
    const at = clock.now().toISOString();
    const seen: { panel: Panel; source: string }[] = [];
    for (const p of panelPacks()) {
      if (!fs.existsSync(p.file)) continue;
      for (const panel of readPanelExportFile(p.file, { fallbackVersion: p.version })) seen.push({ panel, source: p.id });
    }
    for (const row of workspacePanels.all() as { panel_json: string }[]) seen.push({ panel: PanelSchema.parse(JSON.parse(row.panel_json)), source: WORKSPACE_SOURCE });
    sqlite.transaction(() => {
      for (const { panel, source } of seen) insertRelease.run(panel.id, panel.version, panel.name, source, geneChecksum(panel), JSON.stringify(panel), at);
    })();
  }

  /** A gene's stored rows of one import, located as the diagnosis workspace locates them (its interval, REF overlap included). */
  function rowsInGene(patientId: string, imp: { id: string; build: string }, change: PanelGeneChange): VariantRow[] {
    const region = change.regions[imp.build as GenomeBuild];
    if (!region) return [];
    const lookupGene = (symbol: string, build: GenomeBuild): never => {
      throw new AppError('vcf/unknown-gene', `No ${build} coordinates for ${symbol}.`, { gene: symbol, build });
    };
    const gene = { symbol: change.gene, region: { ...region, source: 'panel reanalysis' } };
    return readGeneScope({ queryVariants, lookupGene }, { patientId, importId: imp.id, build: imp.build as GenomeBuild, genes: [gene] }).rows;
  }

  /**
   * What a screen of the import would use now: its current annotation run, the build's frequency pack (the
   * rarity rule) and the case's latest analysis filters, as stored in reanalysis_panel_genes.screened_with;
   * null when it has no annotation.
   */
  function screenBasis(patientId: string, importId: string, build: string, annotationRunId: string | null, packs: Map<string, PackVersion | undefined> = new Map()): string | null {
    if (annotationRunId === null) return null;
    if (!packs.has(build)) packs.set(build, frequency?.activePack(build as GenomeBuild));
    const pack = packs.get(build);
    const filters = latestAnalysisFilters.get(patientId, importId) as string | undefined;
    const filtersPart = filters && RankingFiltersSchema.safeParse(JSON.parse(filters)).success ? `analysis filters ${createHash('sha256').update(filters).digest('hex').slice(0, 12)}` : 'default filters';
    return [annotationRunId, pack ? `${pack.id}@${pack.version}` : 'no frequency pack', pack?.sha256 ?? '', filtersPart].join('|');
  }

  /** The variants of the changed genes worth re-reviewing in one import, and per gene what was left out. */
  function findingsIn(patientId: string, imp: { id: string; build: string }, changes: PanelGeneChange[]) {
    const hits: { chrom: string; pos: number; ref: string; alt: string; change: PanelGeneChange }[] = [];
    const counts: PanelGeneCount[] = [];
    const annotation = storedAnnotationRun(sqlite, imp.id);
    const basis = screenBasis(patientId, imp.id, imp.build, annotation?.id ?? null);
    const filters = caseFilters(patientId, imp.id);
    for (const change of changes) {
      const rows = rowsInGene(patientId, imp, change);
      if (rows.length === 0) continue;
      const count: PanelGeneCount = { gene: change.gene, inGene: rows.length, listed: 0, leftOut: noneLeftOut(), screened: annotation !== null };
      let inputs: ReturnType<typeof candidateInputFromStore>[] | null = null;
      if (annotation) {
        const byRow = annotation.read(rows);
        const made = { variants: rows.map((r) => candidateInputFromStore(r, byRow.get(rowNumber(r)) ?? null)), packs: [], notes: [] };
        inputs = withPackFrequencies(made, imp.build as GenomeBuild, frequency).variants;
      }
      rows.forEach((row, i) => {
        const reason = inputs ? panelScreen(inputs[i], change.gene, change.moi, filters) : null;
        if (reason) {
          count.leftOut[reason]++;
          return;
        }
        count.listed++;
        const n = normaliseVcfAllele({ chrom: row.chrom, pos: row.pos, ref: row.ref, alt: row.alt });
        hits.push({ chrom: n.chrom, pos: n.pos, ref: n.ref, alt: n.alt, change });
      });
      counts.push(count);
    }
    return { hits, counts, basis };
  }

  type Findings = ReturnType<typeof findingsIn>;

  /** One import's listed variants and per-gene counts under a run (inside the caller's mutator transaction). */
  function storeFindings(runId: string, at: string, where: { patientId: string; importId: string; panelId: string }, { hits, counts, basis }: Findings): void {
    const { patientId, importId, panelId } = where;
    for (const h of hits) records.addChange({ runId, patientId, importId, chrom: h.chrom, pos: h.pos, ref: h.ref, alt: h.alt, kind: 'panel', before: h.change.before, after: h.change.after, detectedAt: at });
    for (const c of counts) records.addPanelGene({ runId, patientId, importId, panelId, ...c, screenedWith: c.screened ? basis : null, detectedAt: at });
  }

  function summary(from: { id: string; version: string }, to: { id: string; version: string }, changedAlleles: number, patientChanges: number, t: { started: number; compared: number; read: number }, imports: number): PanelRunSummary {
    return { kind: 'panel', build: 'any', from, to, changedAlleles, patientChanges, compareSeconds: (t.compared - t.started) / 1000, importsSeconds: (t.read - t.compared) / 1000, imports };
  }

  /**
   * Re-screens current panel findings whose screen is out of date: listed unscreened because the import had no
   * annotation run at the time of the comparison, or screened with an annotation run, frequency pack or
   * filters since replaced (re-annotation, a newer gnomAD pack, an analysis with other filters). The same two
   * releases, the import's variants in the changed genes screened with its annotation and the case's filters,
   * stored as a new run beside the earlier rows (which readers then pass over, PANEL_ROWS_CURRENT) and audited
   * with the before and after.
   */
  function rescreenAnnotated(): PanelRunSummary[] {
    const made: PanelRunSummary[] = [];
    // An import's basis once per call: every current finding of every case is looked at on each reanalysis look.
    const bases = new Map<string, string | null>();
    const packs = new Map<string, PackVersion | undefined>();
    for (const u of toRescreen.all() as RescreenRow[]) {
      let basis = bases.get(u.import_id);
      if (basis === undefined) bases.set(u.import_id, (basis = screenBasis(u.patient_id, u.import_id, u.build, (currentRunId.get(u.import_id) as string | undefined) ?? null, packs)));
      if (basis === null || u.screened_with === basis) continue;
      // Once per import, pair of releases and screen basis, even if it found no rows to supersede the earlier ones.
      const key = `import:${u.import_id}@${basis}`;
      if (records.done(RESCREEN_KIND, key, u.from_sha256, u.to_sha256)) continue;
      const fromJson = releaseByHash.get(u.panel_id, u.from_sha256) as string | undefined;
      const toJson = releaseByHash.get(u.panel_id, u.to_sha256) as string | undefined;
      if (!fromJson || !toJson) continue;
      const started = performance.now();
      const changes = diffPanels(PanelSchema.parse(JSON.parse(fromJson)), PanelSchema.parse(JSON.parse(toJson)), genes?.());
      const compared = performance.now();
      let found: Findings;
      try {
        found = findingsIn(u.patient_id, { id: u.import_id, build: u.build }, changes);
      } catch (err) {
        // One import that cannot be read (a damaged annotation run, say) must not stop the Reanalysis screen:
        // its findings stay as listed, unscreened, and the next look tries again.
        console.warn(`Re-screening panel ${u.panel_id} findings of import ${u.import_id} failed: ${(err as Error).message}`);
        continue;
      }
      const { hits } = found;
      const read = performance.now();
      const before = listedBefore.get(u.run_rowid, u.import_id) as number;
      const runId = randomUUID();
      const fromRef = { id: u.from_pack_id, version: u.from_version };
      const toRef = { id: u.to_pack_id, version: u.to_version };
      mutate(({ at, record }) => {
        // A re-screen is one import's: its run is keyed (panel-rescreen, import:<id>@<basis>, from, to), so the
        // runs table's unique key lets each import re-screen a pair of releases once per basis.
        records.addRun({ id: runId, kind: RESCREEN_KIND, build: key, from: { ...fromRef, sha256: u.from_sha256 }, to: { ...toRef, sha256: u.to_sha256 }, changedAlleles: changes.length, patientChanges: hits.length, finishedAt: at });
        storeFindings(runId, at, { patientId: u.patient_id, importId: u.import_id, panelId: u.panel_id }, found);
        const release = { [`PanelApp panel ${u.panel_id}`]: [u.from_version, u.to_version] };
        const screened = {
          'Variants to review': [before, hits.length],
          'Screened with': [u.screened_with ? describeBasis(u.screened_with) : 'nothing (import not annotated)', describeBasis(basis)],
        };
        record({ entityType: 'reanalysis-run', entityId: runId, action: 'rescreen', changes: { ...release, ...screened } });
        record({ entityType: 'patient', entityId: u.patient_id, action: 'reanalysis', changes: { ...release, ...screened } });
      });
      made.push(summary(fromRef, toRef, changes.length, hits.length, { started, compared, read }, 1));
    }
    return made;
  }

  /**
   * Compares each panel's consecutive recorded releases not compared yet; stores and audits the findings. Then
   * re-screens earlier findings of imports annotated since (rescreenAnnotated).
   */
  function runPending(): PanelRunSummary[] {
    recordReleases();
    const byPanel = new Map<string, ReleaseRow[]>();
    for (const r of releases.all() as ReleaseRow[]) {
      const list = byPanel.get(r.panel_id);
      if (list) list.push(r);
      else byPanel.set(r.panel_id, [r]);
    }
    const made: PanelRunSummary[] = [];
    for (const [panelId, list] of byPanel) {
      list.sort((a, b) => comparePanelVersions(a.version, b.version));
      for (let k = 1; k < list.length; k++) {
        const from = list[k - 1];
        const to = list[k];
        if (from.sha256 === to.sha256 || records.done('panel', 'any', from.sha256, to.sha256)) continue;
        const started = performance.now();
        const changes = diffPanels(PanelSchema.parse(JSON.parse(from.panel_json)), PanelSchema.parse(JSON.parse(to.panel_json)), genes?.());
        const compared = performance.now();
        const patients = (casesUsing.all({ panelId }) as { patient_id: string }[]).map((r) => r.patient_id);
        const perImport = patients.flatMap((patientId) =>
          (importsOf.all(patientId) as { id: string; key: number; build: string }[]).map((imp) => ({ patientId, imp, ...findingsIn(patientId, imp, changes) })),
        );
        const patientChanges = perImport.reduce((n, p) => n + p.hits.length, 0);
        const read = performance.now();
        const runId = randomUUID();
        const fromRef = { id: from.source, version: from.version };
        const toRef = { id: to.source, version: to.version };
        mutate(({ at, record }) => {
          records.addRun({
            id: runId,
            kind: 'panel',
            build: 'any',
            from: { ...fromRef, sha256: from.sha256 },
            to: { ...toRef, sha256: to.sha256 },
            changedAlleles: changes.length,
            patientChanges,
            finishedAt: at,
          });
          const perPatient = new Map<string, { listed: number; leftOut: number }>();
          for (const { patientId, imp, hits, counts, basis } of perImport) {
            storeFindings(runId, at, { patientId, importId: imp.id, panelId }, { hits, counts, basis });
            const leftOut = counts.reduce((n, c) => n + c.inGene - c.listed, 0);
            if (hits.length || leftOut) {
              const p = perPatient.get(patientId) ?? { listed: 0, leftOut: 0 };
              perPatient.set(patientId, { listed: p.listed + hits.length, leftOut: p.leftOut + leftOut });
            }
          }
          // Audit changes are {field: [before, after]}, as every audit entry (the patient screen lists them so).
          const release = { [`PanelApp panel ${panelId} (${to.name})`]: [from.version, to.version] };
          const genesChanged = Object.fromEntries(changes.map((c) => [`Gene ${c.gene}`, [c.before.rating ?? 'not on panel', c.after.rating ?? 'not on panel']]));
          record({ entityType: 'reanalysis-run', entityId: runId, action: 'reanalyse', changes: { ...release, ...genesChanged, 'Patient findings': [0, patientChanges] } });
          for (const [patientId, { listed, leftOut }] of perPatient) {
            const notListed = leftOut ? { 'Variants in changed genes not listed': [0, leftOut] } : {};
            record({ entityType: 'patient', entityId: patientId, action: 'reanalysis', changes: { ...release, 'Variants to review': [0, listed], ...notListed } });
          }
        });
        made.push(summary(fromRef, toRef, changes.length, patientChanges, { started, compared, read }, perImport.length));
      }
    }
    made.push(...rescreenAnnotated());
    return made;
  }

  return { recordReleases, runPending, rescreenAnnotated };
}
