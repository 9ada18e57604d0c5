// Reads the flat PanelApp table (one row per panel and gene: id, mode_of_inheritance, Gene,
// confidence_level, name, disease_group, disease_sub_group, status), as PanelAppRex publishes it.
// The table carries no panel versions, so the installer must say which version (or export date) it is:
// an analysis must always be able to state the panel version it used.
import { AppError } from '../../../../shared/errors.ts';
import type { Panel, PanelGene } from '../../../../shared/schemas/diagnosis.ts';
import { mapPanelAppMoi } from './panelapp-moi.ts';
import { confidenceFromLevel, mergeDuplicateGenes } from './panel-genes.ts';

const REQUIRED_COLUMNS = ['id', 'mode_of_inheritance', 'Gene', 'confidence_level', 'name'] as const;

export interface FlatTsvOptions {
  /** Version per panel id (e.g. from PanelApp's /panels/ list); panels not in it get `fallbackVersion`. */
  versions?: ReadonlyMap<string, string>;
  /** Label for panels with no known version, e.g. "flat export 2026-03-09". Required: never invent one. */
  fallbackVersion: string;
  origin?: string;
}

export function parsePanelAppFlatTsv(text: string, options: FlatTsvOptions): Panel[] {
  const origin = options.origin ?? 'PanelApp flat TSV';
  if (!options.fallbackVersion.trim()) {
    throw new AppError('diagnosis/panel-malformed', `${origin}: the flat table has no panel versions; give the export's version or date when installing it.`, { origin });
  }
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.split('\t') ?? [];
  const col = new Map(header.map((h, i) => [h.trim(), i]));
  const missing = REQUIRED_COLUMNS.filter((c) => !col.has(c));
  if (missing.length > 0) {
    throw new AppError('diagnosis/panel-malformed', `${origin}: missing column(s) ${missing.join(', ')}; expected PanelApp's flat table header.`, {
      origin,
      line: 1,
      expected: REQUIRED_COLUMNS.join(', '),
    });
  }
  const at = (cells: string[], name: string): string => (col.has(name) ? (cells[col.get(name)!] ?? '').trim() : '');

  const panels = new Map<string, { name: string; diseaseGroup: string | null; genes: PanelGene[] }>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    const id = at(cells, 'id');
    const gene = at(cells, 'Gene');
    const levelText = at(cells, 'confidence_level');
    const level = Number(levelText);
    if (!id || !gene || levelText === '' || !Number.isInteger(level) || level < 0 || level > 4) {
      throw new AppError('diagnosis/panel-malformed', `${origin} line ${i + 1}: expected a panel id, a gene symbol and a confidence level 0 to 4.`, {
        origin,
        line: i + 1,
        expected: 'id, Gene, confidence_level 0..4',
      });
    }
    let panel = panels.get(id);
    if (!panel) {
      panel = { name: at(cells, 'name') || `PanelApp panel ${id}`, diseaseGroup: at(cells, 'disease_group') || null, genes: [] };
      panels.set(id, panel);
    }
    panel.genes.push({
      symbol: gene,
      hgncId: null,
      confidence: confidenceFromLevel(level),
      confidenceLevel: level,
      moi: mapPanelAppMoi(at(cells, 'mode_of_inheritance')),
      grch37: null,
      grch38: null,
      phenotypes: [],
      evidence: [],
    });
  }

  return [...panels.entries()].map(([id, p]) => {
    const warnings: string[] = [];
    const version = options.versions?.get(id);
    if (!version) warnings.push(`Version not recorded in the flat table; labelled "${options.fallbackVersion}".`);
    return {
      id,
      name: p.name,
      version: version ?? options.fallbackVersion,
      versionCreated: null,
      diseaseGroup: p.diseaseGroup,
      sourceKind: 'panelapp-flat-tsv' as const,
      genes: mergeDuplicateGenes(p.genes, warnings),
      strCount: 0,
      regionCount: 0,
      warnings,
    };
  });
}

/** Panel id → version from PanelApp's paged `/api/v1/panels/` list responses. */
export function versionsFromPanelList(pages: unknown[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const page of pages) {
    const results = (page as { results?: unknown }).results;
    if (!Array.isArray(results)) {
      throw new AppError('diagnosis/panel-malformed', 'A PanelApp /panels/ list page has no "results" array.', { expected: 'PanelApp API v1 /panels/ page' });
    }
    for (const r of results as { id?: unknown; version?: unknown }[]) {
      if ((typeof r.id === 'number' || typeof r.id === 'string') && typeof r.version === 'string') out.set(String(r.id), r.version);
    }
  }
  return out;
}
