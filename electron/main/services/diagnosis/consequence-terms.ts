// Sequence Ontology consequence terms as Ensembl VEP names, orders and rates them (VEP's "Calculated
// variant consequences" table: term, SO accession, IMPACT; listed most to least severe), and how the
// tiering groups them.
import type { ConsequenceClass, Impact } from '../../../../shared/schemas/diagnosis.ts';

interface TermInfo {
  so: string;
  impact: Impact;
}

// Order matters: index = severity rank (0 most severe), as VEP orders them.
const VEP_TERMS: ReadonlyArray<[string, TermInfo]> = [
  ['transcript_ablation', { so: 'SO:0001893', impact: 'HIGH' }],
  ['splice_acceptor_variant', { so: 'SO:0001574', impact: 'HIGH' }],
  ['splice_donor_variant', { so: 'SO:0001575', impact: 'HIGH' }],
  ['stop_gained', { so: 'SO:0001587', impact: 'HIGH' }],
  ['frameshift_variant', { so: 'SO:0001589', impact: 'HIGH' }],
  ['stop_lost', { so: 'SO:0001578', impact: 'HIGH' }],
  ['start_lost', { so: 'SO:0002012', impact: 'HIGH' }],
  ['transcript_amplification', { so: 'SO:0001889', impact: 'HIGH' }],
  ['feature_elongation', { so: 'SO:0001907', impact: 'HIGH' }],
  ['feature_truncation', { so: 'SO:0001906', impact: 'HIGH' }],
  ['inframe_insertion', { so: 'SO:0001821', impact: 'MODERATE' }],
  ['inframe_deletion', { so: 'SO:0001822', impact: 'MODERATE' }],
  ['missense_variant', { so: 'SO:0001583', impact: 'MODERATE' }],
  ['protein_altering_variant', { so: 'SO:0001818', impact: 'MODERATE' }],
  ['splice_donor_5th_base_variant', { so: 'SO:0001787', impact: 'LOW' }],
  ['splice_region_variant', { so: 'SO:0001630', impact: 'LOW' }],
  ['splice_donor_region_variant', { so: 'SO:0002170', impact: 'LOW' }],
  ['splice_polypyrimidine_tract_variant', { so: 'SO:0002169', impact: 'LOW' }],
  ['incomplete_terminal_codon_variant', { so: 'SO:0001626', impact: 'LOW' }],
  ['start_retained_variant', { so: 'SO:0002019', impact: 'LOW' }],
  ['stop_retained_variant', { so: 'SO:0001567', impact: 'LOW' }],
  ['synonymous_variant', { so: 'SO:0001819', impact: 'LOW' }],
  ['coding_sequence_variant', { so: 'SO:0001580', impact: 'MODIFIER' }],
  ['mature_miRNA_variant', { so: 'SO:0001620', impact: 'MODIFIER' }],
  ['5_prime_UTR_variant', { so: 'SO:0001623', impact: 'MODIFIER' }],
  ['3_prime_UTR_variant', { so: 'SO:0001624', impact: 'MODIFIER' }],
  ['non_coding_transcript_exon_variant', { so: 'SO:0001792', impact: 'MODIFIER' }],
  ['intron_variant', { so: 'SO:0001627', impact: 'MODIFIER' }],
  ['NMD_transcript_variant', { so: 'SO:0001621', impact: 'MODIFIER' }],
  ['non_coding_transcript_variant', { so: 'SO:0001619', impact: 'MODIFIER' }],
  ['coding_transcript_variant', { so: 'SO:0001968', impact: 'MODIFIER' }],
  ['upstream_gene_variant', { so: 'SO:0001631', impact: 'MODIFIER' }],
  ['downstream_gene_variant', { so: 'SO:0001632', impact: 'MODIFIER' }],
  ['TFBS_ablation', { so: 'SO:0001895', impact: 'MODIFIER' }],
  ['TFBS_amplification', { so: 'SO:0001892', impact: 'MODIFIER' }],
  ['TF_binding_site_variant', { so: 'SO:0001782', impact: 'MODIFIER' }],
  ['regulatory_region_ablation', { so: 'SO:0001894', impact: 'MODIFIER' }],
  ['regulatory_region_amplification', { so: 'SO:0001891', impact: 'MODIFIER' }],
  ['regulatory_region_variant', { so: 'SO:0001566', impact: 'MODIFIER' }],
  ['intergenic_variant', { so: 'SO:0001628', impact: 'MODIFIER' }],
  ['sequence_variant', { so: 'SO:0001060', impact: 'MODIFIER' }],
];

const INFO = new Map(VEP_TERMS.map(([term, info], rank) => [term, { ...info, rank }]));
const UNKNOWN_RANK = VEP_TERMS.length;

/**
 * Tier 1 consequences: protein-truncating, as the issue and Genomics England's "high impact, likely loss
 * of function" define them. transcript_ablation (whole transcript deleted) is loss of function too.
 */
export const PROTEIN_TRUNCATING_TERMS: ReadonlySet<string> = new Set([
  'transcript_ablation',
  'stop_gained',
  'frameshift_variant',
  'splice_donor_variant',
  'splice_acceptor_variant',
  'start_lost',
]);

/**
 * Tier 2 consequences: other changes to the protein or its splicing (VEP HIGH/MODERATE impact that are
 * not truncating, and the splice-region terms, which Genomics England tiering also keeps).
 */
export const PROTEIN_ALTERING_TERMS: ReadonlySet<string> = new Set([
  'stop_lost',
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
  'incomplete_terminal_codon_variant',
]);

export function severityRank(term: string): number {
  return INFO.get(term)?.rank ?? UNKNOWN_RANK;
}

/** The most severe rank among a consequence's terms (lower = more severe). */
export function mostSevereRank(terms: readonly string[]): number {
  let best = UNKNOWN_RANK;
  for (const t of terms) best = Math.min(best, severityRank(t));
  return best;
}

export function soAccession(term: string): string | null {
  return INFO.get(term)?.so ?? null;
}

export function termForSoAccession(accession: string): string | null {
  for (const [term, info] of VEP_TERMS) if (info.so === accession) return term;
  return null;
}

export function impactOf(terms: readonly string[]): Impact | null {
  const rank = mostSevereRank(terms);
  return rank < UNKNOWN_RANK ? VEP_TERMS[rank][1].impact : null;
}

export function isKnownTerm(term: string): boolean {
  return INFO.has(term);
}

/** VEP marks every consequence on a non-coding transcript with one of these. */
const NON_CODING_MARKERS: ReadonlySet<string> = new Set(['non_coding_transcript_variant', 'non_coding_transcript_exon_variant', 'mature_miRNA_variant']);

export function consequenceClass(terms: readonly string[]): ConsequenceClass {
  if (terms.length === 0) return 'unknown';
  // A splice or "stop" change on a non-coding transcript changes no protein.
  if (terms.some((t) => NON_CODING_MARKERS.has(t))) return 'other';
  if (terms.some((t) => PROTEIN_TRUNCATING_TERMS.has(t))) return 'protein-truncating';
  if (terms.some((t) => PROTEIN_ALTERING_TERMS.has(t))) return 'protein-altering';
  return 'other';
}
