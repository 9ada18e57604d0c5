// Ranked candidates by tier, each with every reason it is there; the quality and frequency filters are
// shown and adjustable, and where the VCF carries no population frequency the list says so.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { CandidatesOutput } from '../../../../shared/schemas/diagnosis-workspace.ts';
import type { RankingFilters } from '../../../../shared/schemas/diagnosis.ts';
import { formatCount } from '../../lib/format.ts';
import { CLASS_LABEL, CLASS_TAG, clinvarText, frequencyText, hgvsText, TIER_HINT } from './diagnosis-text.ts';
import { Hgvs } from './Hgvs.tsx';
import { Details } from '../../components/Details.tsx';

export type Candidate = CandidatesOutput['candidates'][number];

interface FilterDraft {
  requirePass: boolean;
  minGq: string;
  minDp: string;
  maxAfMonoallelic: string;
  maxAfBiallelic: string;
  tier3Scope: 'relevant' | 'all';
}

function draftOf(f: RankingFilters): FilterDraft {
  const s = (n: number | null) => (n === null ? '' : String(n));
  return { requirePass: f.requirePass, minGq: s(f.minGq), minDp: s(f.minDp), maxAfMonoallelic: s(f.maxAfMonoallelic), maxAfBiallelic: s(f.maxAfBiallelic), tier3Scope: f.tier3Scope };
}

function parseNumber(raw: string, max?: number): number | null | 'bad' {
  if (raw.trim() === '') return null;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (max !== undefined && n > max)) return 'bad';
  return n;
}

const TIER3_PAGE = 50;

function Filters({ filters, busy, onApply }: { filters: RankingFilters; busy: boolean; onApply: (f: Partial<RankingFilters>) => void }) {
  const [d, setD] = useState<FilterDraft>(() => draftOf(filters));
  const [error, setError] = useState<string | null>(null);
  function submit(e: FormEvent) {
    e.preventDefault();
    const gq = parseNumber(d.minGq);
    const dp = parseNumber(d.minDp);
    const mono = parseNumber(d.maxAfMonoallelic, 1);
    const bi = parseNumber(d.maxAfBiallelic, 1);
    if ([gq, dp, mono, bi].includes('bad')) {
      setError('Quality minimums must be 0 or more, and allele frequencies between 0 and 1 (leave empty for no limit)');
      return;
    }
    setError(null);
    onApply({
      requirePass: d.requirePass,
      minGq: gq as number | null,
      minDp: dp as number | null,
      maxAfMonoallelic: mono as number | null,
      maxAfBiallelic: bi as number | null,
      tier3Scope: d.tier3Scope,
    });
  }
  const num = (key: 'minGq' | 'minDp' | 'maxAfMonoallelic' | 'maxAfBiallelic', label: string, hint: string) => (
    <div className="nhsuk-form-group">
      <label className="nhsuk-label" htmlFor={`dx-f-${key}`}>
        {label}
      </label>
      <div className="nhsuk-hint" id={`dx-f-${key}-hint`}>
        {hint}
      </div>
      <input
        className="nhsuk-input nhsuk-input--width-5"
        id={`dx-f-${key}`}
        inputMode="decimal"
        aria-describedby={`dx-f-${key}-hint`}
        value={d[key]}
        onChange={(e) => setD({ ...d, [key]: e.target.value })}
      />
    </div>
  );
  return (
    <form noValidate onSubmit={submit} data-testid="dx-filters">
      {error && (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </p>
      )}
      <div className="gd-filters">
        <div className="nhsuk-form-group">
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
            <div className="nhsuk-checkboxes__item">
              <input className="nhsuk-checkboxes__input" id="dx-f-pass" type="checkbox" checked={d.requirePass} onChange={(e) => setD({ ...d, requirePass: e.target.checked })} />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="dx-f-pass">
                FILTER must be PASS
              </label>
            </div>
          </div>
        </div>
        {num('minGq', 'Minimum GQ', 'Genotype quality')}
        {num('minDp', 'Minimum DP', 'Read depth')}
        {num('maxAfMonoallelic', 'Maximum AF, dominant', 'Monoallelic genes')}
        {num('maxAfBiallelic', 'Maximum AF, recessive', 'Biallelic, X-linked')}
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="dx-f-tier3">
            Tier 3 shows
          </label>
          <select className="nhsuk-select" id="dx-f-tier3" value={d.tier3Scope} onChange={(e) => setD({ ...d, tier3Scope: e.target.value as 'relevant' | 'all' })}>
            <option value="relevant">Panel genes and protein-altering variants</option>
            <option value="all">Every passing variant in a gene</option>
          </select>
        </div>
        <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
          Apply filters
        </button>
      </div>
    </form>
  );
}

function Row({ c, selected, onClassify }: { c: Candidate; selected: boolean; onClassify: (c: Candidate) => void }) {
  const lab = c.labClassification;
  return (
    <>
      <tr className={`nhsuk-table__row${selected ? ' gd-dx-selected' : ''}`} data-testid="dx-candidate" data-key={c.key} data-tier={c.tier}>
        <td className="nhsuk-table__cell">{c.rank}</td>
        <td className="nhsuk-table__cell">
          <strong>{c.gene}</strong>
        </td>
        <td className="nhsuk-table__cell gd-dx-hgvs">
          <Hgvs v={c} />
        </td>
        <td className="nhsuk-table__cell">{c.terms.length ? c.terms.join(', ') : <span className="gd-muted">Not known</span>}</td>
        <td className="nhsuk-table__cell">
          {c.zygosity}
          {c.genotype ? <span className="gd-muted"> ({c.genotype})</span> : null}
        </td>
        <td className="nhsuk-table__cell">{clinvarText(c.clinvar)}</td>
        <td className="nhsuk-table__cell" data-testid="dx-frequency">
          {c.populationFrequency ? frequencyText(c.populationFrequency) : <span className="gd-muted">Not available</span>}
        </td>
        <td className="nhsuk-table__cell" data-testid="dx-lab-class">
          {lab ? (
            <strong className={`nhsuk-tag ${CLASS_TAG[lab.acmgClass]}`} title={`Lab classification v${lab.version} by ${lab.createdBy}`}>
              {CLASS_LABEL[lab.acmgClass]} (v{lab.version})
            </strong>
          ) : (
            <span className="gd-muted">None</span>
          )}
        </td>
        <td className="nhsuk-table__cell">
          <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small gd-dx-small" type="button" onClick={() => onClassify(c)} aria-label={`Classify ${c.gene} ${hgvsText(c)}`}>
            Classify
          </button>
        </td>
      </tr>
      <tr className="nhsuk-table__row gd-dx-reasons-row">
        <td className="nhsuk-table__cell" colSpan={9}>
          <details className="nhsuk-details gd-dx-reasons">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">Why it is here</span>
            </summary>
            <div className="nhsuk-details__text">
              <ul className="nhsuk-list nhsuk-list--bullet" data-testid="dx-reasons">
                {c.reasons.map((r, i) => (
                  <li key={i} data-kind={r.kind}>
                    {r.text}
                  </li>
                ))}
              </ul>
            </div>
          </details>
        </td>
      </tr>
    </>
  );
}

export function CandidateList({
  result,
  busy,
  selectedKey,
  onApplyFilters,
  onClassify,
}: {
  result: CandidatesOutput;
  busy: boolean;
  selectedKey: string | null;
  onApplyFilters: (f: Partial<RankingFilters>) => void;
  onClassify: (c: Candidate) => void;
}) {
  const [showAllTier3, setShowAllTier3] = useState(false);
  const s = result.summary;
  const a = result.analysis;
  return (
    <section aria-labelledby="dx-candidates-heading" data-testid="dx-candidates">
      <h3 className="nhsuk-heading-m" id="dx-candidates-heading">
        Candidate variants
      </h3>
      <p className="nhsuk-body-s" data-testid="dx-analysis">
        Panels: {a.panels.map((p) => `${p.name} v${p.version}`).join('; ')} · genome build {a.build} · {formatCount(result.scope.variantsRead)} variants in {result.scope.genes} panel genes read ·{' '}
        {formatCount(s.failedQuality)} failed quality (FILTER {s.failedQualityBy.filter}, GQ {s.failedQualityBy.gq}, DP {s.failedQualityBy.dp}) · {formatCount(s.tooCommon)} too common in the population
      </p>
      <Filters key={JSON.stringify(a.filters)} filters={a.filters} busy={busy} onApply={onApplyFilters} />
      {result.notes.length > 0 && (
        <div className="nhsuk-inset-text" data-testid="dx-notes">
          <ul className="nhsuk-list nhsuk-list--bullet">
            {result.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      )}
      {([1, 2, 3] as const).map((tier) => {
        const list = result.candidates.filter((c) => c.tier === tier);
        const shown = tier === 3 && !showAllTier3 ? list.slice(0, TIER3_PAGE) : list;
        const table = list.length > 0 && (
          <table className="nhsuk-table gd-dx-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Tier {tier} candidates, best first</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                {['Rank', 'Gene', 'Variant', 'Consequence', 'Genotype', 'ClinVar', 'Population frequency', 'Lab classification', ''].map((h, i) => (
                  <th className="nhsuk-table__header" scope="col" key={i}>
                    {h || <span className="nhsuk-u-visually-hidden">Action</span>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {shown.map((c) => (
                <Row key={`${c.key}-${c.gene}`} c={c} selected={selectedKey === c.key} onClassify={onClassify} />
              ))}
            </tbody>
          </table>
        );
        const more = tier === 3 && list.length > shown.length && (
          <button className="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => setShowAllTier3(true)}>
            Show all {list.length} tier 3 candidates
          </button>
        );
        const title = `Tier ${tier}: ${list.length} candidate${list.length === 1 ? '' : 's'}`;
        // Tier 3 is long and rarely diagnostic (GE does not expect it to be reviewed routinely): folded by default.
        if (tier === 3 && list.length > 0) {
          return (
            <Details summary={title} key={tier} testId="dx-tier-3">
              <p className="nhsuk-body-s gd-muted">{TIER_HINT[tier]}.</p>
              {table}
              {more}
            </Details>
          );
        }
        return (
          <div key={tier} data-testid={`dx-tier-${tier}`}>
            <h4 className="nhsuk-heading-s">{title}</h4>
            <p className="nhsuk-body-s gd-muted">{TIER_HINT[tier]}.</p>
            {table}
          </div>
        );
      })}
    </section>
  );
}
