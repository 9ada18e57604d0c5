import type { MedicationReview, ReviewItem } from '../../../../shared/schemas/medicines.ts';
import { Details } from '../../components/Details.tsx';
import { ACTION_LABELS, ALERT_ACTIONS } from './action-labels.ts';

function ActionTag({ item }: { item: ReviewItem }) {
  // A name GenoDesk does not know was never checked: say that, not "no guideline".
  if (!item.checked) return <strong className="nhsuk-tag nhsuk-tag--grey">Not checked</strong>;
  const a = ACTION_LABELS[item.action];
  return <strong className={`nhsuk-tag ${a.tag}`}>{a.text}</strong>;
}

function strength(c: string | null): string {
  return c === null || c === 'N/A' ? 'not graded' : c.toLowerCase();
}

function ReviewCard({ item }: { item: ReviewItem }) {
  const slug = item.drug.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  const alert = ALERT_ACTIONS.includes(item.action);
  return (
    <li className={`gd-med-review__item${alert ? ' gd-med-review__item--alert' : ''}`} data-testid={`med-review-${slug}`} data-action={item.action}>
      <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">
        <ActionTag item={item} /> {item.drug}
        <span className="gd-muted gd-med-review__status">{item.current ? ' current' : ' being considered'}{item.checked ? '' : ' · not checked'}</span>
      </h3>
      {Object.keys(item.phenotypes).length > 0 && (
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
          Phenotype used: {Object.entries(item.phenotypes).map(([g, p]) => `${g} ${p}`).join('; ')}
        </p>
      )}
      {item.phenoconversion.map((c) => (
        <div key={c.gene} className="gd-med-review__pheno" data-testid={`med-phenoconversion-${slug}-${c.gene}`}>
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
            <strong>{c.gene}:</strong> genotype {c.from} → used as {c.to} because of {c.because.join(' and ')}.
          </p>
          <Details summary="Rule and source">
            <p className="nhsuk-body-s">{c.rule}</p>
            <ul className="nhsuk-list nhsuk-body-s">
              {c.sources.map((s) => (
                <li key={s.id}>
                  {s.title} ({s.url})
                </li>
              ))}
            </ul>
          </Details>
        </div>
      ))}
      {item.recommendation && (
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
          {item.recommendation} <span className="gd-muted">({item.guideline?.replace(/^Annotation of /, '')}, strength {strength(item.classification)})</span>
        </p>
      )}
      {item.alternative && item.alternative !== item.recommendation && (
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
          <strong>Alternative:</strong> {item.alternative}
        </p>
      )}
      {item.wouldPhenoconvert.length > 0 && (
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
          <strong>Interaction:</strong> would change the phenotype used for {item.wouldPhenoconvert.join(', ')}.
        </p>
      )}
      {item.reason && <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">{item.reason}</p>}
      {item.recommendations.length > 1 && (
        <Details summary={`All ${item.recommendations.length} matching recommendations`}>
          <ul className="nhsuk-list nhsuk-body-s">
            {item.recommendations.map((r, i) => (
              <li key={i}>
                <strong>{ACTION_LABELS[r.action].text}</strong> — {r.source}
                {r.population && r.population !== 'general' ? ` (${r.population})` : ''}, strength {strength(r.classification)}: {r.recommendation}
              </li>
            ))}
          </ul>
        </Details>
      )}
    </li>
  );
}

/** The review, most urgent first (the service's order); alerts are counted in the heading line. */
export function ReviewList({ review }: { review: MedicationReview }) {
  const alerts = review.items.filter((i) => ALERT_ACTIONS.includes(i.action)).length;
  return (
    <section aria-labelledby="med-review-heading" data-testid="med-review">
      <h2 className="nhsuk-heading-m nhsuk-u-margin-bottom-2" id="med-review-heading">
        Medication review
      </h2>
      <p className="nhsuk-body-s" data-testid="med-review-summary">
        {review.items.length === 0
          ? 'No current medicines recorded. Add them below, or check a medicine being considered.'
          : `${alerts} of ${review.items.length} need${alerts === 1 ? 's' : ''} action.`}
        {review.pgxStatus !== 'result' && ' No pharmacogenomic result yet, so no medicine can be called standard.'}
      </p>
      <ol className="nhsuk-list gd-med-review" data-testid="med-review-items">
        {review.items.map((item) => (
          <ReviewCard key={`${item.current ? 'c' : 'q'}-${item.medicationId ?? item.drug}`} item={item} />
        ))}
      </ol>
    </section>
  );
}
