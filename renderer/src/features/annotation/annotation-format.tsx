import type { ClinvarClassName } from '../../../../shared/schemas/annotation-runs.ts';
import { SO_TERMS } from '../../../../shared/so-terms.ts';

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

/** Terms the annotator never emits for small variants, so not offered as filters. */
const NOT_OFFERED: ReadonlySet<string> = new Set(['transcript_amplification', 'feature_elongation', 'feature_truncation', 'mature_miRNA_variant', 'coding_transcript_variant']);

/** Consequence terms offered as filters, most severe first (Ensembl VEP's order, shared/so-terms.ts). */
export const CONSEQUENCE_CHOICES = SO_TERMS.filter((t) => !NOT_OFFERED.has(t));
