// The Reanalysis screen's line under a patient's panel changes: what a changed gene held besides the listed variants.
import { describe, expect, it } from 'vitest';
import { notListedText } from '../../../renderer/src/features/reanalysis/reanalysis-text.ts';
import type { ReanalysisPanelGene } from '../../../shared/schemas/reanalysis.ts';

const gene = (over: Partial<ReanalysisPanelGene>): ReanalysisPanelGene => ({
  patientId: 'p',
  patientName: 'POLYP, Pat',
  nhsNumber: '9434765919',
  importId: 'i',
  panelId: '504',
  gene: 'BRCA2',
  inGene: 3,
  listed: 1,
  leftOut: { quality: 0, notCarried: 0, common: 0, lowImpact: 0 },
  screened: true,
  pack: { id: 'panelapp-504', version: '3.12' },
  previousPack: { id: 'panelapp-504', version: '3.11' },
  detectedAt: '2026-12-07T14:00:00.000Z',
  ...over,
});

describe('not-listed line', () => {
  it('names each reason with its count: not protein-altering and common first, the reasons a genome has most of', () => {
    expect(notListedText(gene({ inGene: 5, listed: 1, leftOut: { quality: 1, notCarried: 0, common: 2, lowImpact: 1 } }))).toBe(
      'and 4 other variants in BRCA2 not listed: 1 intronic, synonymous or otherwise not protein-altering; 2 common for the gene’s inheritance; 1 failed call quality',
    );
  });

  it('drops "and … other" when nothing in the gene is listed', () => {
    expect(notListedText(gene({ inGene: 1, listed: 0, leftOut: { quality: 0, notCarried: 0, common: 0, lowImpact: 1 } }))).toBe(
      '1 variant in BRCA2 not listed: 1 intronic, synonymous or otherwise not protein-altering',
    );
  });

  it('says nothing when every variant is listed after screening, and says an unscreened gene was not screened', () => {
    expect(notListedText(gene({ inGene: 2, listed: 2 }))).toBeNull();
    expect(notListedText(gene({ inGene: 2, listed: 2, screened: false }))).toMatch(/^BRCA2: all 2 variants listed, not screened/);
  });
});
