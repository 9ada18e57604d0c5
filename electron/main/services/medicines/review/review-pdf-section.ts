// The medication review as the PGx PDF's first-page section (drawn through report-pdf.ts's
// firstPageSection hook): the patient's current medicines, most urgent first, with the phenotype used,
// any phenoconversion and its cause, the recommendation with its strength, and the alternative.
import type { MedicationReview, ReviewItem } from '../../../../../shared/schemas/medicines.ts';
import type { PgxReportSectionDraw } from '../../pgx/report-pdf.ts';

const ACTION_TEXT: Record<ReviewItem['action'], string> = {
  avoid: 'AVOID',
  adjust: 'ADJUST DOSE',
  monitor: 'MONITOR',
  'no-result': 'No result yet',
  'no-guideline': 'No guideline',
  standard: 'Standard',
};

function shorten(text: string, max = 360): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

function phenotypeCell(item: ReviewItem): string {
  const converted = new Set(item.phenoconversion.map((c) => c.gene));
  const lines = Object.entries(item.phenotypes)
    .filter(([gene]) => !converted.has(gene))
    .map(([gene, p]) => `${gene}: ${p}`);
  for (const c of item.phenoconversion) lines.push(`${c.gene}: genotype ${c.from} -> used as ${c.to} because of ${c.because.join(' and ')} (${c.rule.replace(/^.*\(method: /, 'method: ').replace(/\)$/, '')})`);
  return lines.join('\n') || '—';
}

function recommendationCell(item: ReviewItem): string {
  const parts: string[] = [];
  if (item.recommendation) {
    const strength = item.classification && item.classification !== 'N/A' ? item.classification : 'not graded';
    parts.push(`${shorten(item.recommendation)} [${item.guideline?.replace(/^Annotation of /, '') ?? ''}; strength: ${strength}]`);
  }
  if (item.alternative && item.alternative !== item.recommendation) parts.push(`Alternative: ${shorten(item.alternative, 200)}`);
  if (item.reason) parts.push(item.reason);
  return parts.join('\n') || '—';
}

export function reviewPdfSection(review: MedicationReview): (draw: PgxReportSectionDraw) => void {
  return (draw) => {
    const current = review.items.filter((i) => i.current);
    draw.heading('Medication review: the patient’s current medicines');
    if (current.length === 0) {
      draw.paragraph('No current medicines are recorded for this patient in GenoDesk. The recommendations below apply to any medicine prescribed.');
      return;
    }
    draw.table(
      [
        { header: 'Medicine', width: 0.14, get: (i: ReviewItem) => `${i.drug}${i.checked ? '' : ' (not checked)'}`, bold: true },
        { header: 'Action', width: 0.12, get: (i: ReviewItem) => ACTION_TEXT[i.action], bold: true },
        { header: 'Phenotype used', width: 0.3, get: phenotypeCell },
        { header: 'Recommendation and alternative', width: 0.44, get: recommendationCell },
      ],
      current,
    );
    draw.paragraph(
      `Most urgent first. Phenoconversion rules ${review.dataVersions.phenoconversion}; action derived from the guideline wording by GenoDesk's rules (${review.dataVersions.actionRules}). "Standard" is never given without a result for every gene of the guideline. The table that follows is by genotype alone, without phenoconversion.`,
      7.5,
    );
  };
}
