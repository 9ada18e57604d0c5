// How a reanalysis finding reads: the evidence before and after, in the words ClinVar, gnomAD and PanelApp use.
import type { ReanalysisChange, ReanalysisPanelGene } from '../../../../shared/schemas/reanalysis.ts';
import { formatAf } from '../../../../shared/schemas/frequency.ts';

const fmtAf = (af: unknown): string => formatAf(typeof af === 'number' ? af : null);

export function evidenceText(kind: ReanalysisChange['kind'], e: Record<string, unknown> | null, pack: string): string {
  if (kind === 'clinvar') return e ? `${String(e.significance)} (${String(e.stars)}★)` : `Not in ClinVar ${pack}`;
  if (kind === 'frequency') {
    if (!e) return `Not seen in gnomAD ${pack}`;
    const group = e.grpmaxAf !== null && e.grpmaxAf !== undefined ? `; highest group ${fmtAf(e.grpmaxAf)}${e.grpmax ? ` (${String(e.grpmax)})` : ''}` : '';
    return `AF ${fmtAf(e.af)}${group}`;
  }
  if (kind === 'panel') {
    if (!e) return '—';
    // PanelApp's ratings: green is diagnostic-grade; amber and red are not used for diagnosis.
    return `${String(e.gene)}: ${e.rating ? String(e.rating) : 'not on the panel'} (v${String(e.version)})`;
  }
  return e ? JSON.stringify(e) : '—';
}

export const KIND_TEXT: Record<ReanalysisChange['kind'], string> = {
  clinvar: 'ClinVar classification changed',
  frequency: 'Became common (≥ 5 % in gnomAD)',
  panel: 'Gene entered or left a panel, or changed rating',
};

/** What changed, in words: for a panel, which way the gene moved and on which panel. */
export function changeText(c: Pick<ReanalysisChange, 'kind' | 'before' | 'after'>): string {
  if (c.kind !== 'panel') return KIND_TEXT[c.kind];
  const panel = String(c.after?.panel ?? c.before?.panel ?? '');
  if (!c.before?.rating) return `Gene entered panel ${panel}`;
  if (!c.after?.rating) return `Gene left panel ${panel}`;
  return `Gene rating changed on panel ${panel}`;
}

export function variantText(v: ReanalysisChange['variant']): string {
  return `${v.chrom}:${v.pos.toLocaleString('en-GB')} ${v.ref}>${v.alt}`;
}

const LEFT_OUT_TEXT: Record<keyof ReanalysisPanelGene['leftOut'], string> = {
  lowImpact: 'intronic, synonymous or otherwise not protein-altering',
  common: 'common for the gene’s inheritance',
  quality: 'failed call quality',
  notCarried: 'not carried',
};

/**
 * What a changed panel gene held besides the listed variants, so a shortened list hides nothing silently; null when
 * every variant in it is listed after screening.
 */
export function notListedText(g: ReanalysisPanelGene): string | null {
  if (!g.screened) {
    return `${g.gene}: all ${g.inGene} variant${g.inGene === 1 ? '' : 's'} listed, not screened (this sequencing file had no annotation at the comparison; once it is annotated, they are screened again and intronic and common variants left out)`;
  }
  const left = g.inGene - g.listed;
  if (left === 0) return null;
  const why = (Object.keys(LEFT_OUT_TEXT) as (keyof typeof LEFT_OUT_TEXT)[]).filter((k) => g.leftOut[k] > 0).map((k) => `${g.leftOut[k]} ${LEFT_OUT_TEXT[k]}`);
  return `${g.listed > 0 ? 'and ' : ''}${left} ${g.listed > 0 ? 'other ' : ''}variant${left === 1 ? '' : 's'} in ${g.gene} not listed: ${why.join('; ')}`;
}
