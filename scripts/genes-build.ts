// Builds resources/genes/ (gene symbol -> coordinates, GRCh38 and GRCh37) from the PanelApp data in
// ../shared/data/panels/panelapp (see its PROVENANCE.md). Run it only to refresh the bundle:
//   npm run genes:build -- [PANELAPP_DIR] [OUT_DIR]
// test/unit/vcf/gene-table.test.ts rebuilds the table from the same sources and compares, so the bundled
// file provably is what the sources say.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GenomeBuild } from '../shared/schemas/vcf.ts';
import { normaliseChrom } from '../electron/main/services/vcf/normalise-allele.ts';
import { standardChromCode } from '../electron/main/services/vcf/chrom-codes.ts';
import { GENE_TABLE_FILES } from '../electron/main/services/vcf/gene-table.ts';

export { GENE_TABLE_FILES };

export interface GeneRow {
  symbol: string;
  hgncId: string;
  chrom: string;
  /** 1-based, inclusive. */
  start: number;
  end: number;
  source: 'panelapp-bed' | 'panelapp-api';
}

export const GENE_TABLE_COLUMNS = ['symbol', 'hgnc_id', 'chrom', 'start', 'end', 'source'];

/** Ensembl release PanelApp reports coordinates from (its gene_data.ensembl_genes); used when several are listed. */
const ENSEMBL_RELEASE: Record<GenomeBuild, string> = { GRCh38: '90', GRCh37: '82' };
const API_BUILD_KEY: Record<GenomeBuild, string> = { GRCh38: 'GRch38', GRCh37: 'GRch37' };

interface ApiGene {
  gene_data?: {
    gene_symbol?: string;
    hgnc_id?: string;
    ensembl_genes?: Record<string, Record<string, { location?: string }>>;
  };
}

export interface GeneTables {
  rows: Record<GenomeBuild, GeneRow[]>;
  sources: { path: string; sha256: string }[];
  /** Genes whose BED and API (Ensembl 90) GRCh38 coordinates differ; the BED's are used. */
  disagreements: { symbol: string; bed: string; api: string }[];
}

export function buildGeneTables(panelappDir: string): GeneTables {
  const bedPath = path.join(panelappDir, 'PanelAppData_genes_combined.bed');
  const apiDir = path.join(panelappDir, 'api_panel_details');
  const apiFiles = fs
    .readdirSync(apiDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const sources = [bedPath, ...apiFiles.map((f) => path.join(apiDir, f))].map((p) => ({
    path: path.relative(path.dirname(path.dirname(panelappDir)), p),
    sha256: createHash('sha256').update(fs.readFileSync(p)).digest('hex'),
  }));

  const api: Record<GenomeBuild, Map<string, GeneRow>> = { GRCh38: new Map(), GRCh37: new Map() };
  for (const f of apiFiles) {
    const panel = JSON.parse(fs.readFileSync(path.join(apiDir, f), 'utf8')) as { genes?: ApiGene[] };
    for (const g of panel.genes ?? []) {
      const d = g.gene_data;
      if (!d?.gene_symbol) continue;
      for (const build of ['GRCh38', 'GRCh37'] as const) {
        const releases = d.ensembl_genes?.[API_BUILD_KEY[build]];
        if (!releases) continue;
        const loc = (releases[ENSEMBL_RELEASE[build]] ?? releases[Object.keys(releases).sort((a, b) => Number(b) - Number(a))[0]])?.location;
        const m = loc ? /^([^:]+):(\d+)-(\d+)$/.exec(loc) : null;
        if (!m) continue;
        const chrom = normaliseChrom(m[1]);
        if (standardChromCode(chrom) === undefined) continue;
        api[build].set(d.gene_symbol, { symbol: d.gene_symbol, hgncId: d.hgnc_id ?? '', chrom, start: Number(m[2]), end: Number(m[3]), source: 'panelapp-api' });
      }
    }
  }

  // The BED is the named source for GRCh38 (0-based, half-open): it wins where both list a gene.
  const grch38 = new Map(api.GRCh38);
  const disagreements: GeneTables['disagreements'] = [];
  for (const line of fs.readFileSync(bedPath, 'utf8').split('\n')) {
    const [chromText, start, end, symbol] = line.trim().split('\t');
    if (!symbol) continue;
    const row: GeneRow = {
      symbol,
      hgncId: api.GRCh38.get(symbol)?.hgncId ?? api.GRCh37.get(symbol)?.hgncId ?? '',
      chrom: normaliseChrom(chromText),
      start: Number(start) + 1,
      end: Number(end),
      source: 'panelapp-bed',
    };
    const fromApi = api.GRCh38.get(symbol);
    if (fromApi && (fromApi.chrom !== row.chrom || fromApi.start !== row.start || fromApi.end !== row.end)) {
      disagreements.push({ symbol, bed: `${row.chrom}:${row.start}-${row.end}`, api: `${fromApi.chrom}:${fromApi.start}-${fromApi.end}` });
    }
    grch38.set(symbol, row);
  }
  return { rows: { GRCh38: sortRows([...grch38.values()]), GRCh37: sortRows([...api.GRCh37.values()]) }, sources, disagreements };
}

function sortRows(rows: GeneRow[]): GeneRow[] {
  return rows.sort(
    (a, b) => (standardChromCode(a.chrom) ?? 999) - (standardChromCode(b.chrom) ?? 999) || a.start - b.start || a.end - b.end || a.symbol.localeCompare(b.symbol),
  );
}

export function formatGeneTable(rows: GeneRow[]): string {
  return [GENE_TABLE_COLUMNS.join('\t'), ...rows.map((r) => [r.symbol, r.hgncId, r.chrom, r.start, r.end, r.source].join('\t'))].join('\n') + '\n';
}

function writeGeneTables(panelappDir: string, outDir: string): void {
  const built = buildGeneTables(panelappDir);
  fs.mkdirSync(outDir, { recursive: true });
  const builds: Record<string, unknown> = {};
  for (const build of ['GRCh38', 'GRCh37'] as const) {
    const text = formatGeneTable(built.rows[build]);
    fs.writeFileSync(path.join(outDir, GENE_TABLE_FILES[build]), text);
    builds[build] = {
      file: GENE_TABLE_FILES[build],
      genes: built.rows[build].length,
      sha256: createHash('sha256').update(text).digest('hex'),
      coordinates: build === 'GRCh38' ? 'PanelAppData_genes_combined.bed (BED, converted to 1-based inclusive); other genes from PanelApp API gene_data Ensembl 90' : 'PanelApp API gene_data.ensembl_genes.GRch37, Ensembl 82',
    };
  }
  const manifest = {
    name: 'genodesk-gene-coordinates',
    description: 'Gene symbol -> genomic interval (1-based, inclusive) for the variant browser gene filter and gene column.',
    version: '2026-11-panelapprex-a223d12f',
    builds,
    sources: {
      repository: 'DylanLawless/PanelAppRex',
      commit: 'a223d12f9552cc165a7cdf014fc595f61e467d7b',
      licence: 'MIT (repository); content from Genomics England PanelApp',
      caveat:
        'PanelAppRex states its use of PanelApp data "was for research purposes and is not for healthcare or commercial services". This table is a development fixture; production must take gene coordinates from an authoritative source (Ensembl/RefSeq) under its own terms.',
      files: built.sources,
    },
    /** Where the BED and the API's Ensembl 90 coordinates differ; the BED's are in the table. */
    disagreements: built.disagreements,
    generatedBy: 'scripts/genes-build.ts',
    columns: GENE_TABLE_COLUMNS,
  };
  fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

if (import.meta.main) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  writeGeneTables(process.argv[2] ?? path.resolve(root, '../shared/data/panels/panelapp'), process.argv[3] ?? path.join(root, 'resources/genes'));
}
