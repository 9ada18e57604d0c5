// The bundled gene-coordinate table (resources/genes, built by scripts/genes-build.ts from PanelApp data:
// see resources/genes/manifest.json for sources, versions and the licence caveat). Gives the variant
// browser its gene filter (symbol -> interval) and gene column (position -> symbols) per build.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../../shared/errors.ts';
import type { GenomeBuild } from '../../../../shared/schemas/vcf.ts';

/** The bundled gene-coordinate tables (resources/genes, built by scripts/genes-build.ts). */
export const GENE_TABLE_FILES: Record<GenomeBuild, string> = { GRCh38: 'genes-grch38.tsv', GRCh37: 'genes-grch37.tsv' };

export const DEFAULT_GENES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../resources/genes');

export interface GeneInterval {
  symbol: string;
  hgncId: string;
  chrom: string;
  start: number;
  end: number;
}

export interface GeneTable {
  /** The gene's interval on a build, or vcf/unknown-gene. */
  lookup(symbol: string, build: GenomeBuild): GeneInterval;
  /** Symbols of genes overlapping chrom:start-end on a build. */
  overlapping(build: GenomeBuild, chrom: string, start: number, end: number): string[];
  size(build: GenomeBuild): number;
  /** Every symbol the table has for a build, sorted (for a gene picker). */
  symbols(build: GenomeBuild): string[];
}

interface BuildIndex {
  bySymbol: Map<string, GeneInterval>;
  /** Per chromosome, sorted by start, with the running maximum end for overlap search. */
  byChrom: Map<string, { genes: GeneInterval[]; maxEnd: number[] }>;
}

export function loadGeneTable(dir: string = DEFAULT_GENES_DIR): GeneTable {
  const builds = new Map<GenomeBuild, BuildIndex>();
  const index = (build: GenomeBuild): BuildIndex => {
    let idx = builds.get(build);
    if (!idx) {
      idx = readBuild(path.join(dir, GENE_TABLE_FILES[build]));
      builds.set(build, idx);
    }
    return idx;
  };
  return {
    lookup(symbol, build) {
      const idx = index(build);
      const g = idx.bySymbol.get(symbol) ?? idx.bySymbol.get(symbol.toUpperCase());
      if (!g) {
        throw new AppError('vcf/unknown-gene', `The gene ${symbol} is not in GenoDesk's ${build} gene table (${idx.bySymbol.size} genes from PanelApp).`, { gene: symbol, build });
      }
      return g;
    },
    overlapping(build, chrom, start, end) {
      const e = index(build).byChrom.get(chrom);
      if (!e) return [];
      const out: string[] = [];
      // Genes are sorted by start: walk back from the last gene starting at or before `end` while some
      // earlier gene could still reach `start` (running max end).
      let hi = upperBound(e.genes, end) - 1;
      while (hi >= 0 && e.maxEnd[hi] >= start) {
        if (e.genes[hi].end >= start) out.push(e.genes[hi].symbol);
        hi -= 1;
      }
      return out.reverse();
    },
    size(build) {
      return index(build).bySymbol.size;
    },
    symbols(build) {
      return [...index(build).bySymbol.keys()].sort();
    },
  };
}

function readBuild(file: string): BuildIndex {
  const bySymbol = new Map<string, GeneInterval>();
  const lists = new Map<string, GeneInterval[]>();
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const [symbol, hgncId, chrom, start, end] = line.split('\t');
    const g: GeneInterval = { symbol, hgncId, chrom, start: Number(start), end: Number(end) };
    bySymbol.set(symbol, g);
    let l = lists.get(chrom);
    if (!l) lists.set(chrom, (l = []));
    l.push(g);
  }
  const byChrom = new Map<string, { genes: GeneInterval[]; maxEnd: number[] }>();
  for (const [chrom, genes] of lists) {
    genes.sort((a, b) => a.start - b.start);
    const maxEnd: number[] = [];
    let m = 0;
    for (const g of genes) maxEnd.push((m = Math.max(m, g.end)));
    byChrom.set(chrom, { genes, maxEnd });
  }
  return { bySymbol, byChrom };
}

function upperBound(genes: GeneInterval[], pos: number): number {
  let lo = 0;
  let hi = genes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (genes[mid].start <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
