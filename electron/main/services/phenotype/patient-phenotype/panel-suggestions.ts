// Which installed PanelApp panels best cover the genes a phenotype-only ranking puts on top: help in
// choosing the test before any sequencing. A panel is scored by the share of the top genes' phenotype score
// that its green genes hold (PanelApp green = diagnostic-grade evidence, the genes Genomics England tiers;
// amber and red genes are listed but not counted). Ties go to the smaller panel: the narrower test that
// still covers the same genes.
import type { PanelSuggestion } from '../../../../../shared/schemas/patient-phenotype.ts';

export interface PanelForSuggestion {
  id: string;
  name: string;
  version: string;
  genes: { symbol: string; confidence: string }[];
}

export function suggestPanels(topGenes: { gene: string; score: number }[], panels: readonly PanelForSuggestion[], limit = 5): PanelSuggestion[] {
  const total = topGenes.reduce((sum, g) => sum + Math.max(g.score, 0), 0);
  if (topGenes.length === 0 || total <= 0) return [];
  const scored = panels.map((p) => {
    const confidence = new Map(p.genes.map((g) => [g.symbol.toUpperCase(), g.confidence]));
    const green = topGenes.filter((g) => confidence.get(g.gene.toUpperCase()) === 'green');
    const other = topGenes.filter((g) => {
      const c = confidence.get(g.gene.toUpperCase());
      return c !== undefined && c !== 'green';
    });
    return {
      id: p.id,
      name: p.name,
      version: p.version,
      greenGenes: green.map((g) => g.gene),
      otherGenes: other.map((g) => g.gene),
      coverage: green.reduce((sum, g) => sum + Math.max(g.score, 0), 0) / total,
      panelSize: p.genes.length,
    };
  });
  return scored
    .filter((s) => s.greenGenes.length + s.otherGenes.length > 0)
    .sort((a, b) => b.coverage - a.coverage || b.greenGenes.length - a.greenGenes.length || a.panelSize - b.panelSize || a.name.localeCompare(b.name))
    .slice(0, limit);
}
