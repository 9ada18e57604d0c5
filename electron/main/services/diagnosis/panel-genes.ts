// Gene-level rules shared by both PanelApp readers.
import type { PanelConfidence, PanelGene } from '../../../../shared/schemas/diagnosis.ts';

/**
 * PanelApp ratings: 3 green, 2 amber, 1 red; 0 = not rated or removed by expert review. Some PanelApp
 * exports use 4 for expert-reviewed green, so anything ≥ 3 is green (diagnostic grade).
 */
export function confidenceFromLevel(level: number): PanelConfidence {
  if (level >= 3) return 'green';
  if (level === 2) return 'amber';
  if (level === 1) return 'red';
  return 'not-rated';
}

/**
 * A gene listed more than once (PanelApp super-panels repeat a gene once per component panel) keeps its
 * highest rating: a super-panel treats a gene as diagnostic grade if any component does. A different
 * mode of inheritance at that rating is kept as a warning rather than silently dropped.
 */
export function mergeDuplicateGenes(genes: PanelGene[], warnings: string[]): PanelGene[] {
  const bySymbol = new Map<string, PanelGene>();
  for (const g of genes) {
    const prev = bySymbol.get(g.symbol);
    if (!prev) {
      bySymbol.set(g.symbol, g);
      continue;
    }
    const keep = g.confidenceLevel > prev.confidenceLevel ? g : prev;
    const other = keep === g ? prev : g;
    if (other.confidenceLevel === keep.confidenceLevel && other.moi.source !== keep.moi.source) {
      warnings.push(`${g.symbol} is listed twice at the same rating with different modes of inheritance ("${keep.moi.source}" kept, "${other.moi.source}" ignored).`);
    }
    bySymbol.set(g.symbol, keep);
  }
  return [...bySymbol.values()];
}
