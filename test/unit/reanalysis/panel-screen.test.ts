// The panel-change screen on the shipped PanelApp panels' genes: each expectation follows from the diagnosis
// workspace's rules (docs/tiering.md) and the gene's PanelApp mode of inheritance, not from running the code.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../helpers/paths.ts';
import { loadPanelPack } from '../../../electron/main/services/diagnosis/panel-pack.ts';
import { panelScreen } from '../../../electron/main/services/reanalysis/panel-screen.ts';
import type { CandidateVariantInput } from '../../../shared/schemas/diagnosis.ts';
import { PASSING_HET_CALL } from '../diagnosis/helpers/passing-call.ts';

const { library } = loadPanelPack(path.join(RESOURCES, 'panels'));
const gene = (panelId: string, symbol: string) => library.get(panelId).genes.find((g) => g.symbol === symbol)!;
const brca2 = gene('635', 'BRCA2').moi; // monoallelic: 0.001
const coq8a = gene('1141', 'COQ8A').moi; // biallelic: 0.01

function v(terms: string[], over: Partial<CandidateVariantInput> = {}): CandidateVariantInput {
  return {
    chrom: 'chr13',
    pos: 32_340_000,
    ref: 'C',
    alt: 'T',
    ...PASSING_HET_CALL,
    consequences: [{ gene: 'BRCA2', transcript: 'NM_000059.4', terms, hgvsc: null, hgvsp: null, impact: null }],
    clinvar: null,
    ...over,
  };
}
const pathogenic = { significance: 'Pathogenic', stars: 2, condition: null };
const af = (x: number) => ({ populationFrequencies: [{ af: x, source: 'gnomAD v4.0 AF_grpmax (nfe)' }] });

describe('panel change screen', () => {
  it.each([['stop_gained'], ['frameshift_variant'], ['splice_donor_variant'], ['missense_variant'], ['inframe_deletion']])('lists a rare %s variant', (term) => {
    expect(panelScreen(v([term]), 'BRCA2', brca2)).toBeNull();
  });

  it.each([['intron_variant'], ['synonymous_variant'], ['3_prime_UTR_variant'], ['upstream_gene_variant']])('leaves out a rare %s variant as low impact', (term) => {
    expect(panelScreen(v([term]), 'BRCA2', brca2)).toBe('lowImpact');
  });

  it('lists an intronic variant ClinVar calls pathogenic', () => {
    expect(panelScreen(v(['intron_variant'], { clinvar: pathogenic }), 'BRCA2', brca2)).toBeNull();
  });

  it('lists a variant whose consequence in the gene is not known: not assumed harmless', () => {
    expect(panelScreen(v([]), 'BRCA2', brca2)).toBeNull();
    expect(panelScreen(v(['missense_variant'], { consequences: [] }), 'BRCA2', brca2)).toBeNull();
  });

  it('uses the consequence in the changed gene, not in an overlapping one', () => {
    const both = v(['intron_variant'], { consequences: [{ gene: 'BRCA2', transcript: null, terms: ['intron_variant'], hgvsc: null, hgvsp: null, impact: null }, { gene: 'OTHER', transcript: null, terms: ['stop_gained'], hgvsc: null, hgvsp: null, impact: null }] });
    expect(panelScreen(both, 'BRCA2', brca2)).toBe('lowImpact');
    expect(panelScreen(both, 'OTHER', null)).toBeNull();
  });

  it('applies the frequency threshold of the gene’s mode of inheritance, as the workspace does', () => {
    expect(panelScreen(v(['stop_gained'], af(0.005)), 'BRCA2', brca2)).toBe('common');
    expect(panelScreen(v(['stop_gained'], af(0.005)), 'COQ8A', coq8a)).toBeNull();
    expect(panelScreen(v(['stop_gained'], af(0.02)), 'COQ8A', coq8a)).toBe('common');
    // Common wins over ClinVar, as in the workspace (frequency is checked before relevance).
    expect(panelScreen(v(['intron_variant'], { ...af(0.2), clinvar: pathogenic }), 'BRCA2', brca2)).toBe('common');
    // Absent from the pack counts as AF 0; no frequency at all is not assumed common.
    expect(panelScreen(v(['stop_gained'], af(0)), 'BRCA2', brca2)).toBeNull();
  });

  it('leaves out calls failing quality and genotypes not carrying the allele, first', () => {
    expect(panelScreen(v(['stop_gained'], { filter: 'LowQual' }), 'BRCA2', brca2)).toBe('quality');
    expect(panelScreen(v(['stop_gained'], { gq: 5 }), 'BRCA2', brca2)).toBe('quality');
    expect(panelScreen(v(['stop_gained'], { zygosity: 'reference', genotype: '0/0' }), 'BRCA2', brca2)).toBe('notCarried');
    expect(panelScreen(v(['intron_variant'], { filter: 'LowQual', ...af(0.3) }), 'BRCA2', brca2)).toBe('quality');
  });
});
