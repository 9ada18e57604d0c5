import type { ClinvarClassName } from '../../../../shared/schemas/annotation-runs.ts';

/** ClinVar review status as gold stars (0–4), with the number for screen readers. */
export function Stars({ stars }: { stars: number }) {
  return (
    <span className="gd-stars" aria-label={`${stars} of 4 review stars`} title={`${stars} of 4 review stars`}>
      {'★'.repeat(stars)}
      <span className="gd-muted">{'☆'.repeat(4 - stars)}</span>
    </span>
  );
}

export const CLINVAR_CLASS_LABELS: Record<ClinvarClassName, string> = {
  pathogenic: 'Pathogenic',
  'likely-pathogenic': 'Likely pathogenic',
  'pathogenic-likely-pathogenic': 'Pathogenic/Likely pathogenic',
  'uncertain-significance': 'Uncertain significance',
  'likely-benign': 'Likely benign',
  benign: 'Benign',
  'benign-likely-benign': 'Benign/Likely benign',
  conflicting: 'Conflicting',
  other: 'Other',
};

/** The filter choices group ClinVar's classes as a clinician reads them. */
export const CLINVAR_FILTER_GROUPS: { label: string; classes: ClinvarClassName[] }[] = [
  { label: 'Pathogenic or likely pathogenic', classes: ['pathogenic', 'likely-pathogenic', 'pathogenic-likely-pathogenic'] },
  { label: 'Uncertain significance', classes: ['uncertain-significance'] },
  { label: 'Conflicting interpretations', classes: ['conflicting'] },
  { label: 'Benign or likely benign', classes: ['benign', 'likely-benign', 'benign-likely-benign'] },
  { label: 'Other', classes: ['other'] },
];

/** Consequence terms offered as filters, most severe first (Ensembl VEP's order). */
export const CONSEQUENCE_CHOICES = [
  'transcript_ablation',
  'splice_acceptor_variant',
  'splice_donor_variant',
  'stop_gained',
  'frameshift_variant',
  'stop_lost',
  'start_lost',
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
  '5_prime_UTR_variant',
  '3_prime_UTR_variant',
  'non_coding_transcript_exon_variant',
  'intron_variant',
  'NMD_transcript_variant',
  'non_coding_transcript_variant',
  'upstream_gene_variant',
  'downstream_gene_variant',
  'intergenic_variant',
] as const;
