// Two releases of a real PanelApp panel for reanalysis tests. Shared data holds one release of each panel
// (the PanelApp API export of panel 504, Inherited polyposis and early onset colorectal cancer, v3.11), so
// the newer release is derived from it by a documented edit:
//  - version 3.11 → 3.12;
//  - the first green gene is removed (left the panel);
//  - the second green gene is downgraded to amber (confidence_level 3 → 2: rating changed);
//  - BRCA2, copied whole from the real panel 635 export, is added green (entered the panel).
// `sites` are one position inside each of those genes and in an unchanged green gene (PanelApp's own GRCh38
// coordinates, gene_data.ensembl_genes.GRch38), plus one between genes, in VCF order.
import fs from 'node:fs';
import path from 'node:path';
import { SHARED_DATA } from './paths.ts';

const DETAILS = path.join(SHARED_DATA, 'panels', 'panelapp', 'api_panel_details');

export interface ApiGene {
  entity_name: string;
  confidence_level: string | number;
  gene_data: { ensembl_genes: { GRch38?: Record<string, { location: string }> } };
}
interface ApiPanel {
  id: number;
  name: string;
  version: string;
  genes: ApiGene[];
  [k: string]: unknown;
}

const readApi = (id: number) => JSON.parse(fs.readFileSync(path.join(DETAILS, `panel_${id}.json`), 'utf8')) as ApiPanel;

/** The middle of a gene on GRCh38, as PanelApp gives its location. */
export function geneMiddle(g: ApiGene): { chrom: string; pos: number } {
  const [chrom, range] = Object.values(g.gene_data.ensembl_genes.GRch38 ?? {})[0].location.split(':');
  const [start, end] = range.split('-').map(Number);
  return { chrom, pos: Math.floor((start + end) / 2) };
}

export function panelReleases(dir: string) {
  const v1 = readApi(504);
  const green = v1.genes.filter((g) => String(g.confidence_level) === '3');
  const [leaving, downgraded, unchanged] = green;
  const entering = readApi(635).genes.find((g) => g.entity_name === 'BRCA2') as ApiGene;
  const v2: ApiPanel = {
    ...v1,
    version: '3.12',
    genes: [...v1.genes.filter((g) => g !== leaving).map((g) => (g === downgraded ? { ...g, confidence_level: '2' } : g)), entering],
  };
  const files = { v1: path.join(dir, 'panel_504_v3.11.json'), v2: path.join(dir, 'panel_504_v3.12.json') };
  fs.writeFileSync(files.v1, JSON.stringify(v1));
  fs.writeFileSync(files.v2, JSON.stringify(v2));
  const sites = [geneMiddle(leaving), geneMiddle(downgraded), geneMiddle(unchanged), geneMiddle(entering), { chrom: '1', pos: 1_000_000 }].sort(
    (a, b) => a.chrom.localeCompare(b.chrom, 'en', { numeric: true }) || a.pos - b.pos,
  );
  const vcf = path.join(dir, 'panel-patient.vcf');
  fs.writeFileSync(
    vcf,
    [
      '##fileformat=VCFv4.2',
      '##reference=GRCh38',
      '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
      ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT', 'S1'].join('\t'),
      ...sites.map((s) => [s.chrom, s.pos, '.', 'A', 'G', '50', 'PASS', '.', 'GT', '0/1'].join('\t')),
    ].join('\n') + '\n',
  );
  return { name: v1.name, files, vcf, genes: { leaving, downgraded, unchanged, entering } };
}
