// The stored record of a reanalysis: one reanalysis_runs row per release comparison (pack or panel) and one
// reanalysis_changes row per patient variant whose evidence changed (and, for panels, one reanalysis_panel_genes
// row per patient import and changed gene counting what was not listed). One set of statements for every kind of
// comparison, so ClinVar/gnomAD and PanelApp reanalysis cannot drift apart in what they record.
import type Database from 'better-sqlite3-multiple-ciphers';

export interface RunRecord {
  id: string;
  kind: string;
  build: string;
  from: { id: string; version: string; sha256: string };
  to: { id: string; version: string; sha256: string };
  changedAlleles: number;
  patientChanges: number;
  finishedAt: string;
}

export interface ChangeRecord {
  runId: string;
  patientId: string;
  importId: string;
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  kind: string;
  before: unknown;
  after: unknown;
  detectedAt: string;
}

export interface PanelGeneRecord {
  runId: string;
  patientId: string;
  importId: string;
  panelId: string;
  gene: string;
  inGene: number;
  listed: number;
  leftOut: Record<string, number>;
  screened: boolean;
  /** What the screen used (annotation run and frequency pack); null when unscreened. */
  screenedWith: string | null;
  detectedAt: string;
}

export function createReanalysisRecords(sqlite: Database.Database) {
  const runDone = sqlite.prepare('SELECT 1 FROM reanalysis_runs WHERE kind = ? AND build = ? AND from_sha256 = ? AND to_sha256 = ?');
  const insertRun = sqlite.prepare(
    'INSERT INTO reanalysis_runs (id, kind, build, from_pack_id, from_version, from_sha256, to_pack_id, to_version, to_sha256, changed_alleles, patient_changes, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertChange = sqlite.prepare(
    'INSERT INTO reanalysis_changes (run_id, patient_id, import_id, chrom, pos, ref, alt, kind, before, after, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertPanelGene = sqlite.prepare(
    'INSERT INTO reanalysis_panel_genes (run_id, patient_id, import_id, panel_id, gene, in_gene, listed, left_out, screened, screened_with, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  return {
    /** Whether this comparison (kind, build, from → to by content hash) was already made. */
    done: (kind: string, build: string, fromSha256: string, toSha256: string): boolean => runDone.get(kind, build, fromSha256, toSha256) !== undefined,
    addRun(r: RunRecord): void {
      insertRun.run(r.id, r.kind, r.build, r.from.id, r.from.version, r.from.sha256, r.to.id, r.to.version, r.to.sha256, r.changedAlleles, r.patientChanges, r.finishedAt);
    },
    addChange(c: ChangeRecord): void {
      insertChange.run(c.runId, c.patientId, c.importId, c.chrom, c.pos, c.ref, c.alt, c.kind, json(c.before), json(c.after), c.detectedAt);
    },
    addPanelGene(g: PanelGeneRecord): void {
      insertPanelGene.run(g.runId, g.patientId, g.importId, g.panelId, g.gene, g.inGene, g.listed, JSON.stringify(g.leftOut), g.screened ? 1 : 0, g.screenedWith, g.detectedAt);
    },
  };
}
