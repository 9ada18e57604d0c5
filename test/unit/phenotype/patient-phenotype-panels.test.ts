// Panel suggestions from a phenotype-only ranking: green genes count, amber/red are listed only, the
// smaller panel wins a tie, and a panel with none of the top genes is not suggested.
import { describe, expect, it } from 'vitest';
import { suggestPanels } from '../../../electron/main/services/phenotype/patient-phenotype/panel-suggestions.ts';

const panel = (id: string, genes: [string, string][]) => ({ id, name: `Panel ${id}`, version: '1.0', genes: genes.map(([symbol, confidence]) => ({ symbol, confidence })) });

describe('suggestPanels', () => {
  const top = [
    { gene: 'SCN1A', score: 6 },
    { gene: 'KCNT1', score: 3 },
    { gene: 'FBN1', score: 1 },
  ];

  it('ranks panels by the share of the top genes’ score their green genes hold', () => {
    const out = suggestPanels(top, [
      panel('marfan', [['FBN1', 'green'], ['TGFBR1', 'green']]),
      panel('epilepsy', [['SCN1A', 'green'], ['KCNT1', 'amber'], ['STXBP1', 'green']]),
      panel('unrelated', [['BRCA1', 'green']]),
    ]);
    expect(out.map((p) => p.id)).toEqual(['epilepsy', 'marfan']);
    expect(out[0]).toMatchObject({ greenGenes: ['SCN1A'], otherGenes: ['KCNT1'], panelSize: 3 });
    expect(out[0].coverage).toBeCloseTo(0.6);
    expect(out[1].coverage).toBeCloseTo(0.1);
  });

  it('prefers the smaller panel when two cover the same genes, and suggests none without a score', () => {
    const out = suggestPanels(top, [panel('big', [['SCN1A', 'green'], ['A', 'green'], ['B', 'green']]), panel('small', [['scn1a', 'green']])]);
    expect(out.map((p) => p.id)).toEqual(['small', 'big']);
    expect(suggestPanels([], [panel('x', [['SCN1A', 'green']])])).toEqual([]);
  });
});
