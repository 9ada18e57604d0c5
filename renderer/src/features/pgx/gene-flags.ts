// What a counsellor must notice about a gene result before trusting it, derived from the result alone
// (the same fields the CLI prints and the PDF is drawn from).
import type { PgxGeneResult, PgxPosition } from '../../../../shared/schemas/pgx.ts';

/**
 * Warnings that the bundled data sources differ in version (allele definitions newer than the phenotype or
 * guideline data). Only the CALL_ codes affect this patient's call; the gene-wide note is informational.
 */
export const VERSION_SKEW_CODES = new Set(['definitions-newer-than-phenotypes', 'lookup-key-not-in-guidelines', 'allele-newer-than-phenotype-data', 'diplotype-not-in-phenotype-data']);
const CALL_VERSION_SKEW_CODES = new Set(['lookup-key-not-in-guidelines', 'allele-newer-than-phenotype-data', 'diplotype-not-in-phenotype-data']);

export interface GeneFlags {
  missing: boolean;
  ambiguous: boolean;
  outsideCall: boolean;
  referenceBlocks: boolean;
  /** This call has no phenotype or recommendation because its alleles or result are newer than the data. */
  versionSkew: boolean;
  /** No phenotype table for the gene is bundled (CYP4F2 has none in PharmCAT). */
  noPhenotypeData: boolean;
  notCalled: boolean;
  /** An outside call names an allele no bundled data knows: no phenotype, no recommendation for this gene. */
  notInterpretable: boolean;
}

export function geneFlags(g: PgxGeneResult): GeneFlags {
  return {
    missing: g.missingPositions.length > 0,
    ambiguous: g.callStatus === 'ambiguous' || g.diplotypes.length > 1,
    outsideCall: g.source === 'outside-call',
    referenceBlocks: g.referenceBlockPositions.length > 0,
    versionSkew: g.warnings.some((w) => CALL_VERSION_SKEW_CODES.has(w.code)),
    noPhenotypeData: g.warnings.some((w) => w.code === 'no-phenotype-data'),
    notCalled: g.callStatus === 'not-called' || g.callStatus === 'no-data',
    notInterpretable: g.callStatus === 'not-interpretable',
  };
}

export function formatPosition(p: PgxPosition): string {
  return `${p.chrom}:${p.pos.toLocaleString('en-GB')}${p.rsid ? ` (${p.rsid})` : ''}`;
}

/** The call as a person reads it: diplotypes (alternatives joined by "or"), or the variants found. */
export function callText(g: PgxGeneResult): string {
  if (g.haplotypes.length) return `Variants found: ${g.haplotypes.join(', ')}`;
  if (g.diplotypes.length) return g.diplotypes.join(' or ');
  return g.callStatus === 'no-data' ? 'No data' : 'Not called';
}

export function phenotypeText(g: PgxGeneResult): string {
  if (g.callStatus === 'not-interpretable') return 'Not interpretable';
  const shown = g.phenotypes.filter((p) => p !== 'n/a');
  if (shown.length) return shown.join(g.gene.startsWith('HLA-') ? '; ' : ' or ');
  return g.phenotypes.includes('n/a') ? 'Not assigned' : '—';
}

const NORMAL_PHENOTYPE = /\bnormal\b|\bnegative\b/i;

/**
 * Why a gene is listed first (issue 17): a phenotype other than normal, not interpretable or not called,
 * positions missing, more than one diplotype, or any warning. Empty when nothing needs attention.
 */
export function attentionReasons(g: PgxGeneResult): string[] {
  const f = geneFlags(g);
  const out: string[] = [];
  const shown = g.phenotypes.filter((p) => p !== 'n/a');
  if (f.notInterpretable) out.push('not interpretable');
  else if (f.notCalled) out.push('not called');
  else if (shown.some((p) => !NORMAL_PHENOTYPE.test(p))) out.push('phenotype');
  if (f.missing) out.push('missing positions');
  if (f.ambiguous) out.push('ambiguous');
  if (g.warnings.length > 0) out.push('warnings');
  return out;
}
