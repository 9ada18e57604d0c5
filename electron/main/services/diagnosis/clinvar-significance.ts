// ClinVar clinical significance and review status, read the way ClinVar writes them in its VCF (CLNSIG
// "Likely_pathogenic", CLNREVSTAT "criteria_provided,_multiple_submitters,_no_conflicts") and in its
// tabular exports ("Likely pathogenic", "criteria provided, multiple submitters, no conflicts").
// Stars follow ClinVar's review-status scale (0 no criteria … 4 practice guideline).
import type { ClinvarAssertion } from '../../../../shared/schemas/diagnosis.ts';

export type ClinvarClass =
  | 'pathogenic'
  | 'likely-pathogenic'
  | 'pathogenic-likely-pathogenic'
  | 'uncertain-significance'
  | 'likely-benign'
  | 'benign'
  | 'benign-likely-benign'
  | 'conflicting'
  | 'other';

export function normaliseClinvarSignificance(raw: string): ClinvarClass {
  const s = raw.toLowerCase().replace(/_/g, ' ').trim();
  // "Pathogenic, risk factor" / "Pathogenic|other": the first assertion is the germline one.
  const first = s.split(/[,;|]/)[0].trim();
  if (first.startsWith('conflicting')) return 'conflicting';
  if (first === 'pathogenic/likely pathogenic') return 'pathogenic-likely-pathogenic';
  if (first === 'pathogenic') return 'pathogenic';
  if (first === 'likely pathogenic') return 'likely-pathogenic';
  if (first === 'uncertain significance') return 'uncertain-significance';
  if (first === 'benign/likely benign') return 'benign-likely-benign';
  if (first === 'likely benign') return 'likely-benign';
  if (first === 'benign') return 'benign';
  return 'other';
}

export function isClinvarPathogenicOrLikely(c: ClinvarAssertion | null): boolean {
  if (!c) return false;
  const k = normaliseClinvarSignificance(c.significance);
  return k === 'pathogenic' || k === 'likely-pathogenic' || k === 'pathogenic-likely-pathogenic';
}

const STARS_BY_STATUS: ReadonlyArray<[string, number]> = [
  ['practice guideline', 4],
  ['reviewed by expert panel', 3],
  ['criteria provided, multiple submitters, no conflicts', 2],
  ['criteria provided, conflicting interpretations', 1],
  ['criteria provided, conflicting classifications', 1],
  ['criteria provided, single submitter', 1],
  ['no assertion criteria provided', 0],
  ['no assertion provided', 0],
  ['no interpretation for the single variant', 0],
  ['no assertion for the individual variant', 0],
];

/** Stars for a ClinVar review status; null if the status is not one ClinVar uses. */
export function starsForReviewStatus(raw: string): number | null {
  const s = raw.toLowerCase().replace(/_/g, ' ').replace(/\s*,\s*/g, ', ').trim();
  for (const [status, stars] of STARS_BY_STATUS) if (s === status) return stars;
  return null;
}

export function describeStars(stars: number): string {
  switch (stars) {
    case 4:
      return '4 stars: practice guideline';
    case 3:
      return '3 stars: reviewed by expert panel';
    case 2:
      return '2 stars: criteria provided, multiple submitters, no conflicts';
    case 1:
      return '1 star: criteria provided, single submitter or conflicting';
    default:
      return '0 stars: no assertion criteria';
  }
}
