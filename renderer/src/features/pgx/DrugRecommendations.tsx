import type { PgxRecommendation, PgxStoredRun } from '../../../../shared/schemas/pgx.ts';
import { callText, phenotypeText } from './gene-flags.ts';
import { Details } from '../../components/Details.tsx';
import { deriveAction, urgency } from '../../../../shared/pgx-action.ts';
import type { ReviewAction } from '../../../../shared/schemas/medicines.ts';

/** The groups, most urgent first; the action groups are open, standard and no-recommendation collapsed. */
const GROUPS: { action: ReviewAction; title: string; open: boolean }[] = [
  { action: 'avoid', title: 'Avoid or choose an alternative', open: true },
  { action: 'adjust', title: 'Adjust the dose', open: true },
  { action: 'monitor', title: 'Monitor or read the guidance', open: true },
  { action: 'standard', title: 'Standard prescribing', open: false },
  { action: 'no-guideline', title: 'No recommendation', open: false },
];

/** A recommendation's action, by the same rules as the medication review (shared/pgx-action.ts). */
export function recommendationAction(r: PgxRecommendation): ReviewAction {
  return deriveAction(r.recommendation, r.classification).action;
}

/** Each medicine's action, most urgent first by name: the summary at the top of the tab uses it too. */
export function drugActions(run: PgxStoredRun): Map<string, ReviewAction> {
  const byDrug = new Map<string, PgxRecommendation[]>();
  for (const r of run.recommendations) byDrug.set(r.drug, [...(byDrug.get(r.drug) ?? []), r]);
  return new Map([...byDrug].map(([d, recs]) => [d, drugAction(recs)]));
}

/** One line above everything else: how many medicines need action, and how many genes need attention. */
export function ResultSummary({ run, genesNeedingAttention }: { run: PgxStoredRun; genesNeedingAttention: number }) {
  const actions = [...drugActions(run).values()];
  const count = (a: ReviewAction) => actions.filter((x) => x === a).length;
  return (
    <ul className="gd-pgx-tags gd-pgx-summary" data-testid="pgx-summary" aria-label="Summary">
      {GROUPS.map(({ action }) => {
        const [text, cls] = ACTION_TAG[action] ?? [action, 'nhsuk-tag--grey'];
        return (
          <li key={action}>
            <strong className={`nhsuk-tag ${cls}`}>
              {text}: {count(action)}
            </strong>
          </li>
        );
      })}
      <li>
        <strong className="nhsuk-tag nhsuk-tag--orange">Genes needing attention: {genesNeedingAttention}</strong>
      </li>
    </ul>
  );
}

/** A medicine's action: the most urgent of its CPIC and DPWG recommendations. */
// A guideline that gives no recommendation does not outweigh one that says "standard dose": the medicine is
// standard then (the CPIC clopidogrel rows for a normal metabolizer, with DPWG silent).
export function drugAction(recs: PgxRecommendation[]): ReviewAction {
  const actions = recs.map(recommendationAction);
  const acting = actions.filter((a) => a !== 'standard' && a !== 'no-guideline');
  if (acting.length > 0) return acting.reduce((a, b) => (urgency(b) < urgency(a) ? b : a));
  return actions.includes('standard') ? 'standard' : 'no-guideline';
}

const ACTION_TAG: Partial<Record<ReviewAction, [string, string]>> = {
  avoid: ['Avoid', 'nhsuk-tag--red'],
  adjust: ['Adjust dose', 'nhsuk-tag--orange'],
  monitor: ['Monitor', 'nhsuk-tag--yellow'],
  standard: ['Standard', 'nhsuk-tag--green'],
  'no-guideline': ['No recommendation', 'nhsuk-tag--grey'],
};

/** CPIC strength (Strong/Moderate/Optional) or DPWG classification as a tag; N/A means not graded. */
function strengthTag(c: string | null) {
  const text = c === null || c === 'N/A' ? 'Not graded' : c;
  const colour = text === 'Strong' ? 'nhsuk-tag--green' : text === 'Moderate' ? 'nhsuk-tag--aqua-green' : text === 'Optional' ? 'nhsuk-tag--blue' : 'nhsuk-tag--grey';
  return <strong className={`nhsuk-tag ${colour}`}>{text}</strong>;
}

/** The recommendation's first sentence, so a row is short; the full text is one click away. */
function firstSentence(text: string): string {
  const body = text.split(/\n\s*other considerations\b/i)[0].trim();
  const first = body.split(/(?<=[.;])\s+|\n+/)[0] ?? body;
  return first.length < body.length ? `${first} …` : first;
}

function ActionTag({ action }: { action: ReviewAction }) {
  const [text, cls] = ACTION_TAG[action] ?? [action, 'nhsuk-tag--grey'];
  return <strong className={`nhsuk-tag ${cls}`} data-testid="pgx-rec-action">{text}</strong>;
}

function RecommendationCell({ recs, source }: { recs: PgxRecommendation[]; source: 'CPIC' | 'DPWG' }) {
  if (recs.length === 0) return <p className="nhsuk-body-s gd-muted">No {source} recommendation for this result</p>;
  return (
    <>
      {recs.map((r, i) => (
        <div className="gd-pgx-rec" key={i} data-testid={`pgx-rec-${source}`}>
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
            <ActionTag action={recommendationAction(r)} /> <span className="nhsuk-u-visually-hidden">Strength: </span>
            {r.classification !== 'No recommendation' && strengthTag(r.classification)}
            {r.population && r.population !== 'general' && <span className="gd-muted"> For {r.population}.</span>}
          </p>
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">{firstSentence(r.recommendation)}</p>
          {Object.values(r.diplotypes).some((d) => d.length > 1) && (
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
              <strong className="nhsuk-tag nhsuk-tag--orange">Ambiguous</strong> From {Object.entries(r.diplotypes).map(([g, d]) => `${g} ${d.join(' or ')}`).join('; ')}.
            </p>
          )}
          {r.warnings.map((w, j) => (
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-1" key={j}>
              {w.message}
            </p>
          ))}
          <details className="nhsuk-details gd-pgx-rec-more">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">Full {source} recommendation</span>
            </summary>
            <div className="nhsuk-details__text">
              <p className="nhsuk-body-s nhsuk-u-margin-bottom-1 gd-pgx-rec-text">{r.recommendation}</p>
              <p className="nhsuk-body-s gd-muted nhsuk-u-margin-bottom-0" title={r.guidelineUrl}>
                {r.guideline}
              </p>
            </div>
          </details>
        </div>
      ))}
    </>
  );
}

function DrugTable({ drugs, byDrug, phenotypeOf, caption }: { drugs: string[]; byDrug: Map<string, PgxRecommendation[]>; phenotypeOf: Map<string, string>; caption: string }) {
  return (
    <table className="nhsuk-table gd-pgx-drugs">
      <caption className="nhsuk-u-visually-hidden">{caption}</caption>
      <colgroup>
        <col className="gd-pgx-drugs__drug" />
        <col className="gd-pgx-drugs__genes" />
        <col />
        <col />
      </colgroup>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th className="nhsuk-table__header" scope="col">
            Medicine
          </th>
          <th className="nhsuk-table__header" scope="col">
            Gene results used
          </th>
          <th className="nhsuk-table__header" scope="col">
            CPIC recommendation
          </th>
          <th className="nhsuk-table__header" scope="col">
            DPWG recommendation
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {drugs.map((drug) => {
          const recs = byDrug.get(drug)!;
          const genes = [...new Set(recs.flatMap((r) => r.genes))];
          return (
            <tr className="nhsuk-table__row" key={drug} data-testid={`pgx-drug-${drug}`}>
              <th className="nhsuk-table__header" scope="row">
                {drug}
              </th>
              <td className="nhsuk-table__cell">
                <ul className="nhsuk-list nhsuk-body-s gd-pgx-compact">
                  {genes.map((g) => (
                    <li key={g}>
                      {g}: {phenotypeOf.get(g) || '—'}
                    </li>
                  ))}
                </ul>
              </td>
              <td className="nhsuk-table__cell">
                <RecommendationCell recs={recs.filter((r) => r.source === 'CPIC')} source="CPIC" />
              </td>
              <td className="nhsuk-table__cell">
                <RecommendationCell recs={recs.filter((r) => r.source === 'DPWG')} source="DPWG" />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Each medicine with its CPIC and DPWG recommendation for this patient's results. */
export function DrugRecommendations({ run }: { run: PgxStoredRun }) {
  const byDrug = new Map<string, PgxRecommendation[]>();
  for (const r of run.recommendations) byDrug.set(r.drug, [...(byDrug.get(r.drug) ?? []), r]);
  const drugs = [...byDrug.keys()].sort((a, b) => a.localeCompare(b));
  const phenotypeOf = new Map(run.genes.map((g) => [g.gene, g.phenotypes.some((p) => p !== 'n/a') ? phenotypeText(g) : callText(g)]));
  const actionOf = new Map(drugs.map((d) => [d, drugAction(byDrug.get(d)!)]));
  const unmatched = new Map<string, string[]>();
  for (const u of run.unmatchedGuidelines) unmatched.set(u.reason, [...(unmatched.get(u.reason) ?? []), `${u.drug} (${u.source})`]);
  return (
    <>
      <div data-testid="pgx-drugs">
        <h3 className="nhsuk-heading-m">Medicines</h3>
        {GROUPS.map(({ action, title, open }) => {
          const list = drugs.filter((d) => actionOf.get(d) === action);
          if (list.length === 0) return null;
          const summary = `${title} (${list.length} medicine${list.length > 1 ? 's' : ''})`;
          const table = <DrugTable drugs={list} byDrug={byDrug} phenotypeOf={phenotypeOf} caption={summary} />;
          return open ? (
            <div key={action} data-testid={`pgx-drugs-${action}`}>
              <h4 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">{summary}</h4>
              {table}
            </div>
          ) : (
            <Details key={action} summary={summary} testId={`pgx-drugs-${action}`}>
              {table}
            </Details>
          );
        })}
      </div>
      {unmatched.size > 0 && (
        <Details summary={<>Guidelines without a recommendation for this patient ({run.unmatchedGuidelines.length})</>} testId="pgx-unmatched">
          <p className="nhsuk-body-s">A medicine without a recommendation is not shown to be safe.</p>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {[...unmatched].map(([reason, ds]) => (
              <li key={reason}>
                <strong>{[...new Set(ds)].join(', ')}</strong>: {reason}
              </li>
            ))}
          </ul>
        </Details>
      )}
    </>
  );
}
