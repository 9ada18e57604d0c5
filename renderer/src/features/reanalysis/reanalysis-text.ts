// How a reanalysis finding reads: the evidence before and after, in the words ClinVar and gnomAD use.
import type { ReanalysisChange } from '../../../../shared/schemas/reanalysis.ts';

const fmtAf = (af: unknown): string => (typeof af !== 'number' ? '—' : af === 0 ? '0' : af < 0.0001 ? af.toExponential(2) : String(Number(af.toPrecision(3))));

export function evidenceText(kind: ReanalysisChange['kind'], e: Record<string, unknown> | null, pack: string): string {
  if (kind === 'clinvar') return e ? `${String(e.significance)} (${String(e.stars)}★)` : `Not in ClinVar ${pack}`;
  if (kind === 'frequency') {
    if (!e) return `Not seen in gnomAD ${pack}`;
    const group = e.grpmaxAf !== null && e.grpmaxAf !== undefined ? `; highest group ${fmtAf(e.grpmaxAf)}${e.grpmax ? ` (${String(e.grpmax)})` : ''}` : '';
    return `AF ${fmtAf(e.af)}${group}`;
  }
  return e ? JSON.stringify(e) : '—';
}

export const KIND_TEXT: Record<ReanalysisChange['kind'], string> = {
  clinvar: 'ClinVar classification changed',
  frequency: 'Became common (≥ 5 % in gnomAD)',
  panel: 'Panel changed',
};

export function variantText(v: ReanalysisChange['variant']): string {
  return `${v.chrom}:${v.pos.toLocaleString('en-GB')} ${v.ref}>${v.alt}`;
}
