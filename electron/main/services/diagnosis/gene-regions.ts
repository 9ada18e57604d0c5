// Places a variant that has no annotation in the panel genes whose extent covers it, using the gene
// coordinates PanelApp ships with each gene (Ensembl, per build). Such a hit says "in the gene region,
// consequence unknown": it can reach tier 3, never tier 1 or 2, and its reason says why.
import type { Consequence, Panel } from '../../../../shared/schemas/diagnosis.ts';

export const PANEL_GENE_REGION_SOURCE = 'panel-gene-region';

interface Region {
  gene: string;
  start: number;
  end: number;
  source: string;
}

export class PanelGeneRegions {
  private readonly byChrom = new Map<string, Region[]>();

  constructor(panels: readonly Panel[], build: 'GRCh37' | 'GRCh38') {
    const seen = new Set<string>();
    for (const p of panels) {
      for (const g of p.genes) {
        const r = build === 'GRCh38' ? g.grch38 : g.grch37;
        if (!r || seen.has(g.symbol)) continue;
        seen.add(g.symbol);
        const list = this.byChrom.get(r.chrom) ?? [];
        list.push({ gene: g.symbol, start: r.start, end: r.end, source: r.source });
        this.byChrom.set(r.chrom, list);
      }
    }
  }

  get size(): number {
    let n = 0;
    for (const l of this.byChrom.values()) n += l.length;
    return n;
  }

  consequencesAt(chrom: string, pos: number, ref: string): Consequence[] {
    const list = this.byChrom.get(chrom);
    if (!list) return [];
    const end = pos + Math.max(ref.length, 1) - 1;
    return list
      .filter((r) => r.start <= end && pos <= r.end)
      .map((r) => ({ gene: r.gene, transcript: null, terms: [], hgvsc: null, hgvsp: null, impact: null, source: `${PANEL_GENE_REGION_SOURCE} (${r.source})` }));
  }
}
