// Sequence Ontology consequence terms with the severity order and IMPACT that Ensembl VEP assigns them
// (Ensembl "Calculated variant consequences" table, VEP release 105 onwards, which added the
// splice_donor_5th_base / splice_donor_region / splice_polypyrimidine_tract terms).

export const SO_TERMS = [
  'transcript_ablation',
  'splice_acceptor_variant',
  'splice_donor_variant',
  'stop_gained',
  'frameshift_variant',
  'stop_lost',
  'start_lost',
  'transcript_amplification',
  'feature_elongation',
  'feature_truncation',
  'inframe_insertion',
  'inframe_deletion',
  'missense_variant',
  'protein_altering_variant',
  'splice_donor_5th_base_variant',
  'splice_region_variant',
  'splice_donor_region_variant',
  'splice_polypyrimidine_tract_variant',
  'incomplete_terminal_codon_variant',
  'start_retained_variant',
  'stop_retained_variant',
  'synonymous_variant',
  'coding_sequence_variant',
  'mature_miRNA_variant',
  '5_prime_UTR_variant',
  '3_prime_UTR_variant',
  'non_coding_transcript_exon_variant',
  'intron_variant',
  'NMD_transcript_variant',
  'non_coding_transcript_variant',
  'coding_transcript_variant',
  'upstream_gene_variant',
  'downstream_gene_variant',
  'intergenic_variant',
] as const;

export type SoTerm = (typeof SO_TERMS)[number];
export type Impact = 'HIGH' | 'MODERATE' | 'LOW' | 'MODIFIER';

const RANK = new Map<string, number>(SO_TERMS.map((t, i) => [t, i]));

const IMPACT: Record<SoTerm, Impact> = {
  transcript_ablation: 'HIGH',
  splice_acceptor_variant: 'HIGH',
  splice_donor_variant: 'HIGH',
  stop_gained: 'HIGH',
  frameshift_variant: 'HIGH',
  stop_lost: 'HIGH',
  start_lost: 'HIGH',
  transcript_amplification: 'HIGH',
  feature_elongation: 'HIGH',
  feature_truncation: 'HIGH',
  inframe_insertion: 'MODERATE',
  inframe_deletion: 'MODERATE',
  missense_variant: 'MODERATE',
  protein_altering_variant: 'MODERATE',
  splice_donor_5th_base_variant: 'LOW',
  splice_region_variant: 'LOW',
  splice_donor_region_variant: 'LOW',
  splice_polypyrimidine_tract_variant: 'LOW',
  incomplete_terminal_codon_variant: 'LOW',
  start_retained_variant: 'LOW',
  stop_retained_variant: 'LOW',
  synonymous_variant: 'LOW',
  coding_sequence_variant: 'MODIFIER',
  mature_miRNA_variant: 'MODIFIER',
  '5_prime_UTR_variant': 'MODIFIER',
  '3_prime_UTR_variant': 'MODIFIER',
  non_coding_transcript_exon_variant: 'MODIFIER',
  intron_variant: 'MODIFIER',
  NMD_transcript_variant: 'MODIFIER',
  non_coding_transcript_variant: 'MODIFIER',
  coding_transcript_variant: 'MODIFIER',
  upstream_gene_variant: 'MODIFIER',
  downstream_gene_variant: 'MODIFIER',
  intergenic_variant: 'MODIFIER',
};

export function termRank(term: string): number {
  return RANK.get(term) ?? SO_TERMS.length;
}

export function sortTerms(terms: Iterable<SoTerm>): SoTerm[] {
  // Most transcripts get one term: no Set and no sort for them (this runs for every variant × transcript).
  if (Array.isArray(terms) && terms.length === 1) return [terms[0] as SoTerm];
  return [...new Set(terms)].sort((a, b) => termRank(a) - termRank(b));
}

/** IMPACT of a set of terms: that of its most severe term (as VEP's IMPACT column). */
export function impactOf(terms: readonly SoTerm[]): Impact {
  let best: SoTerm | undefined;
  for (const t of terms) if (best === undefined || termRank(t) < termRank(best)) best = t;
  return best ? IMPACT[best] : 'MODIFIER';
}

export function isSoTerm(value: string): value is SoTerm {
  return RANK.has(value);
}

const IMPACT_ORDER: Record<Impact, number> = { HIGH: 0, MODERATE: 1, LOW: 2, MODIFIER: 3 };
export function impactRank(impact: Impact): number {
  return IMPACT_ORDER[impact];
}
