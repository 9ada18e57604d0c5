// ClinVar review status → "gold stars", as ClinVar displays them
// (https://www.ncbi.nlm.nih.gov/clinvar/docs/review_status/): practice guideline 4; reviewed by expert
// panel 3; criteria provided, multiple submitters, no conflicts 2; criteria provided, single submitter or
// conflicting classifications 1; anything without assertion criteria 0.

/** Review status as ClinVar writes it in prose, from CLNREVSTAT (`criteria_provided,_single_submitter`) or
 *  the MacArthur-lab table form (`criteria_provided..single_submitter`). */
export function reviewStatusText(raw: string): string {
  return raw.replace(/\.\./g, ', ').replace(/_/g, ' ').replace(/\s*,\s*/g, ', ').trim();
}

export function reviewStars(status: string): 0 | 1 | 2 | 3 | 4 {
  const s = reviewStatusText(status).toLowerCase();
  if (s.startsWith('practice guideline')) return 4;
  if (s.startsWith('reviewed by expert panel')) return 3;
  if (s.startsWith('criteria provided, multiple submitters')) return 2;
  if (s.startsWith('criteria provided, single submitter')) return 1;
  if (s.startsWith('criteria provided, conflicting')) return 1;
  return 0;
}
