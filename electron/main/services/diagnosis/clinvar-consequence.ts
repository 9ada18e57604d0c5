// A stop-gap consequence source while the annotation engine (issue 7) is not wired in: ClinVar records
// carry a molecular consequence per variant (VCF INFO/MC "SO:0001587|nonsense"; tabular exports
// "NM_020247.4:c.1042C>T:nonsense"). Those names are ClinVar's, so they are mapped to the terms VEP uses
// (nonsense → stop_gained, initiator_codon_variant → start_lost, 2KB upstream → upstream_gene_variant).
// Every consequence made here says so in `source`, and the ranking repeats it in its reasons.
// Swap for the annotation engine's consequences (MANE Select first) when it lands; see docs/tiering.md.
import type { Consequence } from '../../../../shared/schemas/diagnosis.ts';
import { impactOf, termForSoAccession } from './consequence-terms.ts';

export const CLINVAR_CONSEQUENCE_SOURCE = 'clinvar-molecular-consequence';

const CLINVAR_NAME_TO_VEP: ReadonlyMap<string, string> = new Map([
  ['nonsense', 'stop_gained'],
  ['stop gained', 'stop_gained'],
  ['missense variant', 'missense_variant'],
  ['frameshift variant', 'frameshift_variant'],
  ['splice donor variant', 'splice_donor_variant'],
  ['splice acceptor variant', 'splice_acceptor_variant'],
  ['initiator codon variant', 'start_lost'],
  ['start lost', 'start_lost'],
  ['stop lost', 'stop_lost'],
  ['synonymous variant', 'synonymous_variant'],
  ['intron variant', 'intron_variant'],
  ['3 prime utr variant', '3_prime_UTR_variant'],
  ['5 prime utr variant', '5_prime_UTR_variant'],
  ['non-coding transcript variant', 'non_coding_transcript_variant'],
  ['non coding transcript variant', 'non_coding_transcript_variant'],
  ['2kb upstream variant', 'upstream_gene_variant'],
  ['500b downstream variant', 'downstream_gene_variant'],
  ['inframe deletion', 'inframe_deletion'],
  ['inframe insertion', 'inframe_insertion'],
  ['inframe indel', 'protein_altering_variant'],
]);

// ClinVar accessions whose SO name differs from VEP's term.
const CLINVAR_SO_TO_VEP: ReadonlyMap<string, string> = new Map([
  ['SO:0001582', 'start_lost'], // initiator_codon_variant
  ['SO:0001636', 'upstream_gene_variant'], // 2KB_upstream_variant
  ['SO:0001634', 'downstream_gene_variant'], // 500B_downstream_variant
]);

/**
 * ClinVar's in-frame umbrella term ("inframe_variant", SO:0001650) does not say insertion or deletion;
 * the alleles do.
 */
function inframeTerm(ref: string, alt: string): string {
  if (ref.length > alt.length) return 'inframe_deletion';
  if (alt.length > ref.length) return 'inframe_insertion';
  return 'protein_altering_variant';
}

/** One ClinVar consequence label (name or "SO:…|name") → a VEP term, or the label itself (normalised) if unknown. */
export function vepTermForClinvar(label: string, ref: string, alt: string): string {
  const trimmed = label.trim();
  const [maybeSo, maybeName] = trimmed.includes('|') ? trimmed.split('|') : [null, trimmed];
  if (maybeSo) {
    const mapped = CLINVAR_SO_TO_VEP.get(maybeSo) ?? termForSoAccession(maybeSo);
    if (mapped) return mapped;
    if (maybeSo === 'SO:0001650') return inframeTerm(ref, alt);
  }
  const name = (maybeName ?? trimmed).toLowerCase().replace(/_/g, ' ').trim();
  if (name === 'inframe variant') return inframeTerm(ref, alt);
  const mapped = CLINVAR_NAME_TO_VEP.get(name);
  if (mapped) return mapped;
  // Not a ClinVar label GenoDesk knows: keep it (underscored) so it is shown, but it will not tier as
  // protein-altering unless it is one of VEP's terms.
  return name.replace(/ /g, '_');
}

export interface ClinvarTabularRecord {
  symbol: string;
  hgvs_c: string;
  hgvs_p: string;
  molecular_consequence: string;
  ref: string;
  alt: string;
}

/**
 * Consequences from a ClinVar tabular record (macarthur-lab/clinvar export): one per transcript named in
 * `molecular_consequence` ("NM_…:c.…:nonsense;NM_…:c.…:missense variant").
 */
export function consequencesFromClinvarRecord(r: ClinvarTabularRecord): Consequence[] {
  const out: Consequence[] = [];
  const hgvsp = r.hgvs_p.trim() || null;
  for (const part of r.molecular_consequence.split(';')) {
    const bits = part.trim().split(':');
    if (bits.length < 2) continue;
    const label = bits[bits.length - 1];
    const transcript = bits.length >= 3 ? bits[0] : null;
    const hgvsc = bits.length >= 3 ? `${bits[0]}:${bits.slice(1, -1).join(':')}` : null;
    const term = vepTermForClinvar(label, r.ref, r.alt);
    out.push({
      gene: r.symbol,
      transcript,
      terms: [term],
      hgvsc,
      // ClinVar gives one protein change per record, for its preferred transcript.
      hgvsp: hgvsc && r.hgvs_c && hgvsc === r.hgvs_c ? hgvsp : null,
      impact: impactOf([term]),
      source: CLINVAR_CONSEQUENCE_SOURCE,
    });
  }
  return out;
}

/** Consequences from a ClinVar VCF record's INFO (GENEINFO "SYMBOL:id|…", MC "SO:…|name,…"). */
export function consequencesFromClinvarVcfInfo(info: { GENEINFO?: string; MC?: string }, ref: string, alt: string): Consequence[] {
  if (!info.GENEINFO || !info.MC) return [];
  const genes = info.GENEINFO.split('|').map((g) => g.split(':')[0]).filter(Boolean);
  const terms = [...new Set(info.MC.split(',').map((m) => vepTermForClinvar(m, ref, alt)))];
  // ClinVar's MC is per variant, not per gene or transcript: attach it to each gene it names.
  return genes.map((gene) => ({ gene, transcript: null, terms, hgvsc: null, hgvsp: null, impact: impactOf(terms), source: CLINVAR_CONSEQUENCE_SOURCE }));
}
