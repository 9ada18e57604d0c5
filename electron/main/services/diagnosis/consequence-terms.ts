// Sequence Ontology consequence terms as Ensembl VEP names, orders and rates them (VEP's "Calculated
// variant consequences" table: term, SO accession, IMPACT; listed most to least severe), and how the
// tiering groups them. The order and IMPACT of the terms GenoDesk's annotator predicts come from its
// list (annotation/consequence/so-terms.ts), so ranking and annotation can never disagree.
import type { ConsequenceClass, Impact } from '../../../../shared/schemas/diagnosis.ts';
import { impactOf as annotatorImpactOf, isSoTerm, SO_TERMS } from '../annotation/consequence/so-terms.ts';

/**
 * Terms VEP and ClinVar can give that the annotator never predicts (it has no regulatory build), all
 * MODIFIER: VEP ranks the regulatory ones after downstream_gene_variant and before intergenic_variant, and
 * sequence_variant last.
 */
const REGULATORY_TERMS = ['TFBS_ablation', 'TFBS_amplification', 'TF_binding_site_variant', 'regulatory_region_ablation', 'regulatory_region_amplification', 'regulatory_region_variant'];
const INTERGENIC_AT = SO_TERMS.indexOf('intergenic_variant');
// Order matters: index = severity rank (0 most severe), as VEP orders them.
const VEP_ORDER: readonly string[] = [...SO_TERMS.slice(0, INTERGENIC_AT), ...REGULATORY_TERMS, ...SO_TERMS.slice(INTERGENIC_AT), 'sequence_variant'];

/** Sequence Ontology accession of each term (sequenceontology.org), as VEP's table lists them. */
const SO_ACCESSION: Readonly<Record<string, string>> = {
  transcript_ablation: 'SO:0001893',
  splice_acceptor_variant: 'SO:0001574',
  splice_donor_variant: 'SO:0001575',
  stop_gained: 'SO:0001587',
  frameshift_variant: 'SO:0001589',
  stop_lost: 'SO:0001578',
  start_lost: 'SO:0002012',
  transcript_amplification: 'SO:0001889',
  feature_elongation: 'SO:0001907',
  feature_truncation: 'SO:0001906',
  inframe_insertion: 'SO:0001821',
  inframe_deletion: 'SO:0001822',
  missense_variant: 'SO:0001583',
  protein_altering_variant: 'SO:0001818',
  splice_donor_5th_base_variant: 'SO:0001787',
  splice_region_variant: 'SO:0001630',
  splice_donor_region_variant: 'SO:0002170',
  splice_polypyrimidine_tract_variant: 'SO:0002169',
  incomplete_terminal_codon_variant: 'SO:0001626',
  start_retained_variant: 'SO:0002019',
  stop_retained_variant: 'SO:0001567',
  synonymous_variant: 'SO:0001819',
  coding_sequence_variant: 'SO:0001580',
  mature_miRNA_variant: 'SO:0001620',
  '5_prime_UTR_variant': 'SO:0001623',
  '3_prime_UTR_variant': 'SO:0001624',
  non_coding_transcript_exon_variant: 'SO:0001792',
  intron_variant: 'SO:0001627',
  NMD_transcript_variant: 'SO:0001621',
  non_coding_transcript_variant: 'SO:0001619',
  coding_transcript_variant: 'SO:0001968',
  upstream_gene_variant: 'SO:0001631',
  downstream_gene_variant: 'SO:0001632',
  TFBS_ablation: 'SO:0001895',
  TFBS_amplification: 'SO:0001892',
  TF_binding_site_variant: 'SO:0001782',
  regulatory_region_ablation: 'SO:0001894',
  regulatory_region_amplification: 'SO:0001891',
  regulatory_region_variant: 'SO:0001566',
  intergenic_variant: 'SO:0001628',
  sequence_variant: 'SO:0001060',
};

interface TermInfo {
  so: string;
  impact: Impact;
}

const VEP_TERMS: ReadonlyArray<[string, TermInfo]> = VEP_ORDER.map((term) => [
  term,
  { so: SO_ACCESSION[term], impact: isSoTerm(term) ? annotatorImpactOf([term]) : 'MODIFIER' },
]);

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
