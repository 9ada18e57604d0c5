import type { PgxRecommendation, PgxStoredRun } from '../../../../shared/schemas/pgx.ts';
import { callText, phenotypeText } from './gene-flags.ts';
import { Details } from '../../components/Details.tsx';

/** CPIC strength (Strong/Moderate/Optional) or DPWG classification as a tag; N/A means not graded. */
function strengthTag(c: string | null) {
  const text = c === null || c === 'N/A' ? 'Not graded' : c;
  const colour = text === 'Strong' ? 'nhsuk-tag--green' : text === 'Moderate' ? 'nhsuk-tag--aqua-green' : text === 'Optional' ? 'nhsuk-tag--blue' : 'nhsuk-tag--grey';
  return <strong className={`nhsuk-tag ${colour}`}>{text}</strong>;
}

function RecommendationCell({ recs, source }: { recs: PgxRecommendation[]; source: 'CPIC' | 'DPWG' }) {
  if (recs.length === 0) return <p className="nhsuk-body-s gd-muted">No {source} recommendation for this result</p>;
  return (
    <>
      {recs.map((r, i) => (
        <div className="gd-pgx-rec" key={i} data-testid={`pgx-rec-${source}`}>
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
            <span className="nhsuk-u-visually-hidden">Strength: </span>
            {strengthTag(r.classification)}
            {r.population && r.population !== 'general' && <span className="gd-muted"> For {r.population}.</span>}
          </p>
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">{r.recommendation}</p>
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
          <p className="nhsuk-body-s gd-muted" title={r.guidelineUrl}>
            {r.guideline}
          </p>
        </div>
      ))}
    </>
  );
}

/** Each medicine with its CPIC and DPWG recommendation for this patient's results. */
export function DrugRecommendations({ run }: { run: PgxStoredRun }) {
  const byDrug = new Map<string, PgxRecommendation[]>();
  for (const r of run.recommendations) byDrug.set(r.drug, [...(byDrug.get(r.drug) ?? []), r]);
  const drugs = [...byDrug.keys()].sort((a, b) => a.localeCompare(b));
  const phenotypeOf = new Map(run.genes.map((g) => [g.gene, g.phenotypes.some((p) => p !== 'n/a') ? phenotypeText(g) : callText(g)]));
  const unmatched = new Map<string, string[]>();
  for (const u of run.unmatchedGuidelines) unmatched.set(u.reason, [...(unmatched.get(u.reason) ?? []), `${u.drug} (${u.source})`]);
  return (
    <>
      <table className="nhsuk-table gd-pgx-drugs" data-testid="pgx-drugs">
        <caption className="nhsuk-table__caption nhsuk-table__caption--m">Medicines</caption>
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
