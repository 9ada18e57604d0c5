// "Which diseases and genes fit?": the patient's phenotype ranked against HPO's disease annotations with no
// VCF (and the installed panels that cover the top genes: help in choosing the test), and once a VCF is
// imported, the combined candidate list over the whole import with each gene's explanation. The panel
// tiering above stays as it is; this is the phenotype-driven view beside it. A ranking runs in the main
// process's phenotype worker: this view shows how far it got and can cancel it.
import { useEffect, useRef, useState } from 'react';
import type { ChannelOutput } from '../../../../shared/ipc/contract.ts';
import type { PrioritiseResult, RankProgress } from '../../../../shared/schemas/phenotype.ts';
import { describeError } from '../../lib/error-messages.ts';
import { formatCount } from '../../lib/format.ts';
import { call, RequestError, subscribe } from '../../lib/ipc-client.ts';
import { GeneExplanation } from './GeneExplanation.tsx';

type Rank = ChannelOutput<'phenotype:rank'>;
const messageOf = (err: unknown) => (err instanceof RequestError ? describeError(err.error) : String(err));

function progressText(p: RankProgress | null, percent: number): string {
  if (!p) return 'Starting…';
  switch (p.phase) {
    case 'variants':
      // Read, annotated and handed to the ranking a page at a time: the count is how far through the import it is.
      return p.total > 0 ? `Reading and weighing ${formatCount(p.done)} of ${formatCount(p.total)} carried variants…` : 'Reading the imported variants…';
    case 'loading':
      return 'Opening the HPO release…';
    case 'sending':
      return `Handing ${formatCount(p.done)} of ${formatCount(p.total)} variants to the ranking…`;
    case 'ranking':
      return `${percent}% ranked`;
  }
}

function GeneTable({ result, testId }: { result: PrioritiseResult; testId: string }) {
  const withVariants = result.mode === 'variants';
  return (
    <table className="nhsuk-table gd-dx-table" data-testid={testId}>
      <caption className="nhsuk-table__caption nhsuk-u-font-size-19">
        {withVariants ? `Candidate genes with variants (${result.totals.genes} scored)` : `Genes by phenotype (${result.totals.genes} scored)`}
      </caption>
      <thead className="nhsuk-table__head">
        <tr>
          <th scope="col">Rank</th>
          <th scope="col">Gene</th>
          <th scope="col">Score (phenotype · variant)</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {result.genes.map((g) => (
          <tr key={g.gene} data-testid="ph-gene" data-gene={g.gene}>
            <td className="nhsuk-table__cell">{g.rank}</td>
            <td className="nhsuk-table__cell">
              <strong>{g.gene}</strong>
            </td>
            <td className="nhsuk-table__cell gd-ph-scores">
              {g.score.toFixed(2)} ({g.phenotypeScore.toFixed(2)} · {g.variantScore === null ? '—' : g.variantScore.toFixed(2)})
            </td>
            <td className="nhsuk-table__cell">
              <details className="gd-ph-definition">
                <summary>
                  {(g.diseases.find((d) => d.id === g.bestDisease) ?? g.diseases[0])?.name ?? 'No disease'} · {g.matchedTerms.filter((m) => m.disease).length} terms matched
                  {g.variants.length ? ` · ${g.variants.length} variant${g.variants.length > 1 ? 's' : ''}` : ''}
                </summary>
                <GeneExplanation gene={g} />
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Versions({ result }: { result: PrioritiseResult }) {
  return (
    <p className="nhsuk-body-s gd-muted" data-testid="ph-method">
      {result.dataVersions.method} HPO {result.dataVersions.hpo.version}
      {result.dataVersions.hpo.diseaseNames ? `; disease names ${result.dataVersions.hpo.diseaseNames}` : ''}.{' '}
      {[...result.warnings, ...result.observed.concat(result.excluded).flatMap((t) => (t.warning ? [t.warning] : []))].join(' ')}
    </p>
  );
}

export function PhenotypeRanking({ patientId, phenotypeVersion, hasTerms }: { patientId: string; phenotypeVersion: number; hasTerms: boolean }) {
  const [rank, setRank] = useState<Rank | null>(null);
  const [combined, setCombined] = useState<PrioritiseResult | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [progress, setProgress] = useState<RankProgress | null>(null);
  const [hasImport, setHasImport] = useState(false);
  const requestId = useRef<string | null>(null);

  useEffect(
    () =>
      subscribe('phenotype:progress', (p) => {
        if (p.requestId === requestId.current) setProgress(p);
      }),
    [],
  );

  useEffect(() => {
    call('imports:list', { patientId }).then((r) => setHasImport(r.imports.length > 0), () => setHasImport(false));
  }, [patientId]);
  // A saved change of phenotype makes earlier rankings stale: they are cleared rather than shown as current.
  useEffect(() => {
    setRank(null);
    setCombined(null);
  }, [phenotypeVersion]);

  async function run(kind: 'rank' | 'prioritise') {
    setBusy(kind === 'rank' ? 'Ranking diseases and genes by phenotype…' : 'Ranking the imported variants by phenotype and variant evidence…');
    setError(null);
    setCancelled(false);
    setProgress(null);
    // The ranking being replaced is cleared at once: after a Cancel, no earlier list may pass for this one.
    if (kind === 'rank') setRank(null);
    else setCombined(null);
    const id = crypto.randomUUID();
    requestId.current = id;
    try {
      if (kind === 'rank') setRank(await call('phenotype:rank', { patientId, limit: 15, requestId: id }));
      else setCombined(await call('phenotype:prioritise', { patientId, limit: 15, requestId: id }));
    } catch (err) {
      if (err instanceof RequestError && err.error.code === 'phenotype/cancelled') setCancelled(true);
      else setError(messageOf(err));
    } finally {
      requestId.current = null;
      setBusy(null);
    }
  }

  const percent = progress && progress.total > 0 ? Math.min(100, Math.floor((progress.done / progress.total) * 100)) : 0;

  return (
    <section aria-labelledby="ph-rank-heading" className="gd-ph-ranking" data-testid="ph-ranking">
      <h3 className="nhsuk-heading-m" id="ph-rank-heading">
        Which diseases and genes fit?
      </h3>
      {!hasTerms && <p className="nhsuk-body">Add and save at least one present HPO term to rank diseases and genes by phenotype.</p>}
      <button type="button" className="nhsuk-button" disabled={!hasTerms || busy !== null} onClick={() => void run('rank')} data-testid="ph-rank">
        Rank by phenotype
      </button>{' '}
      {hasImport && (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={!hasTerms || busy !== null} onClick={() => void run('prioritise')} data-testid="ph-prioritise">
          Rank imported variants by phenotype
        </button>
      )}
      {busy && (
        <div data-testid="ph-rank-running" role="status" aria-live="polite">
          <p className="nhsuk-body nhsuk-u-margin-bottom-2">{busy}</p>
          <progress className="gd-progress" max={100} value={progress?.phase === 'ranking' || (progress?.phase === 'variants' && progress.total > 0) ? percent : undefined} aria-label="Ranking progress">
            {percent}%
          </progress>
          <p className="nhsuk-body-s" data-testid="ph-rank-progress">
            {progressText(progress, percent)}
          </p>
          <button className="nhsuk-button nhsuk-button--warning" type="button" data-testid="ph-rank-cancel" onClick={() => requestId.current && void call('phenotype:cancel', { requestId: requestId.current })}>
            Cancel ranking
          </button>
        </div>
      )}
      {cancelled && (
        <p className="nhsuk-body" role="status" data-testid="ph-rank-cancelled">
          Ranking cancelled. Nothing from it is shown; rank again when you are ready.
        </p>
      )}
      {error && (
        <p className="nhsuk-error-message" role="alert" data-testid="ph-rank-error">
          {error}
        </p>
      )}
      {combined && (
        <div data-testid="ph-combined">
          <h4 className="nhsuk-heading-s">Candidates across the whole import, ranked by phenotype and variant evidence</h4>
          <GeneTable result={combined} testId="ph-combined-genes" />
          <Versions result={combined} />
        </div>
      )}
      {rank && (
        <div data-testid="ph-phenotype-only">
          <h4 className="nhsuk-heading-s">By phenotype alone (no variants)</h4>
          {rank.panels.length > 0 ? (
            <div className="nhsuk-inset-text" data-testid="ph-panels">
              <p>Installed panels that cover the top {rank.topGenes} genes:</p>
              <ul>
                {rank.panels.map((p) => (
                  <li key={`${p.id}-${p.version}`}>
                    <strong>{p.name}</strong> v{p.version} (PanelApp {p.id}): {Math.round(p.coverage * 100)}% of the top genes’ phenotype score on green genes
                    {p.greenGenes.length ? ` (${p.greenGenes.join(', ')})` : ''}
                    {p.otherGenes.length ? `; amber or red: ${p.otherGenes.join(', ')}` : ''}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="nhsuk-body-s" data-testid="ph-no-panels">
              None of the installed panels holds any of the top {rank.topGenes} genes. Install a PanelApp panel that covers them, or consider exome or genome sequencing.
            </p>
          )}
          <GeneTable result={rank.result} testId="ph-genes" />
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">Diseases ranked by phenotype</span>
            </summary>
            <div className="nhsuk-details__text">
              <ol className="nhsuk-list nhsuk-list--number" data-testid="ph-diseases">
                {rank.result.diseases.map((d) => (
                  <li key={d.id}>
                    {d.name} ({d.id}) — {d.score.toFixed(2)}; genes {d.genes.join(', ') || 'none known'}
                  </li>
                ))}
              </ol>
            </div>
          </details>
          <Versions result={rank.result} />
        </div>
      )}
    </section>
  );
}
