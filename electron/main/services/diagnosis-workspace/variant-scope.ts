// Which stored variants an analysis reads: those within the genes it is about (the panels' genes for
// candidates, the ACMG SF genes for secondary findings), located by PanelApp's own gene coordinates for
// the import's build, else by GenoDesk's bundled gene table. Reading gene regions rather than the whole
// genome keeps an analysis of a 5-million-variant genome to the few thousand rows it can use.
import { AppError } from '../../../../shared/errors.ts';
import type { GeneRegion } from '../../../../shared/schemas/diagnosis.ts';
import type { GenomeBuild, VariantPage, VariantQuery, VariantRow } from '../../../../shared/schemas/vcf.ts';
import { VARIANT_PAGE_MAX } from '../../../../shared/schemas/vcf.ts';

export interface ScopeGene {
  symbol: string;
  /** PanelApp's coordinates for this build, when the panel gives them. */
  region: GeneRegion | null;
}

export interface GeneScope {
  rows: VariantRow[];
  genes: number;
  /** Genes neither PanelApp nor the gene table could place on this build: not searched. */
  genesWithoutCoordinates: string[];
}

interface Interval {
  chrom: string;
  start: number;
  end: number;
}

export interface ScopeDeps {
  queryVariants(q: VariantQuery): VariantPage;
  /** Gene table lookup (vcf/unknown-gene when absent). */
  lookupGene(symbol: string, build: GenomeBuild): { chrom: string; start: number; end: number };
}

function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.chrom.localeCompare(b.chrom) || a.start - b.start);
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && last.chrom === iv.chrom && iv.start <= last.end + 1) last.end = Math.max(last.end, iv.end);
    else out.push({ ...iv });
  }
  return out;
}

export function readGeneScope(deps: ScopeDeps, q: { patientId: string; importId: string; build: GenomeBuild; genes: readonly ScopeGene[] }): GeneScope {
  const intervals: Interval[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const g of q.genes) {
    if (seen.has(g.symbol)) continue;
    seen.add(g.symbol);
    if (g.region) {
      intervals.push({ chrom: g.region.chrom, start: g.region.start, end: g.region.end });
      continue;
    }
    try {
      const hit = deps.lookupGene(g.symbol, q.build);
      intervals.push({ chrom: hit.chrom, start: hit.start, end: hit.end });
    } catch (err) {
      if (err instanceof AppError && err.code === 'vcf/unknown-gene') missing.push(g.symbol);
      else throw err;
    }
  }
  const rows: VariantRow[] = [];
  const ids = new Set<string>();
  for (const iv of mergeIntervals(intervals)) {
    for (let offset = 0; ; offset += VARIANT_PAGE_MAX) {
      const page = deps.queryVariants({ patientId: q.patientId, importId: q.importId, region: `${iv.chrom}:${iv.start}-${iv.end}`, offset, limit: VARIANT_PAGE_MAX });
      for (const v of page.variants) {
        if (ids.has(v.id)) continue;
        ids.add(v.id);
        rows.push(v);
      }
      if (page.variants.length < VARIANT_PAGE_MAX) break;
    }
  }
  return { rows, genes: seen.size, genesWithoutCoordinates: missing.sort() };
}
