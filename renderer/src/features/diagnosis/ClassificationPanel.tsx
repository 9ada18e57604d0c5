// Classifying one variant: tick ACMG/AMP criteria (as ACGS adapts them) with a strength each, see the
// class and points computed live (Tavtigian et al. 2020) or the explicit conflict, add a comment and save
// a new version. Earlier versions stay listed: a re-classification never overwrites one.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { ChannelOutput } from '../../../../shared/ipc/contract.ts';
import type { AppliedCriterion, ClassificationResult, CriterionCode, Strength } from '../../../../shared/schemas/diagnosis.ts';
import type { LabClassificationRecord } from '../../../../shared/schemas/diagnosis-workspace.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { describeError } from '../../lib/error-messages.ts';
import { formatDateTime } from '../../lib/format.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import type { Candidate } from './CandidateList.tsx';
import { CLASS_LABEL, CLASS_TAG, hgvsText, STRENGTH_LABEL } from './diagnosis-text.ts';
import { TableHead } from '../../components/TableHead.tsx';

type Criteria = ChannelOutput<'diagnosis:criteria-list'>;
type History = ChannelOutput<'diagnosis:classification-history'>;

function ticksFrom(c: LabClassificationRecord | null): Partial<Record<CriterionCode, Strength>> {
  return Object.fromEntries((c?.criteria ?? []).map((x) => [x.code, x.strength]));
}

function Outcome({ result }: { result: ClassificationResult | null }) {
  if (!result) return null;
  if (result.status === 'conflict') {
    return (
      <div className="nhsuk-warning-callout" data-testid="dx-conflict" role="status">
        <h4 className="nhsuk-warning-callout__label">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">Important: </span>No class: the criteria conflict
          </span>
        </h4>
        <ul className="nhsuk-list nhsuk-list--bullet">
          {result.conflicts.map((c) => (
            <li key={c.criteria.join('+')}>
              <strong>{c.criteria.join(' + ')}</strong>: {c.reason}
            </li>
          ))}
        </ul>
        <p className="nhsuk-body-s">Resolve the evidence before saving; a conflicting classification cannot be saved.</p>
      </div>
    );
  }
  return (
    <div className="nhsuk-inset-text" data-testid="dx-computed" role="status" aria-live="polite">
      <p>
        <strong className={`nhsuk-tag ${CLASS_TAG[result.acmgClass]}`} data-testid="dx-computed-class">
          {CLASS_LABEL[result.acmgClass]}
        </strong>{' '}
        <span data-testid="dx-computed-points">{result.points} points</span>
      </p>
      <p className="nhsuk-body-s">{result.explanation}</p>
    </div>
  );
}

export function ClassificationPanel({
  candidate,
  build,
  patientId,
  analysisId,
  criteria,
  onSaved,
  onClose,
}: {
  candidate: Candidate;
  build: 'GRCh37' | 'GRCh38';
  patientId: string;
  analysisId: string;
  criteria: Criteria;
  onSaved: (c: LabClassificationRecord) => void;
  onClose: () => void;
}) {
  const current = candidate.labClassification;
  const [ticks, setTicks] = useState<Partial<Record<CriterionCode, Strength>>>(() => ticksFrom(current));
  const [comment, setComment] = useState('');
  const [result, setResult] = useState<ClassificationResult | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ field?: string; message: string }[]>([]);
  const [history, setHistory] = useState<History | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const variant = { build, chrom: candidate.chrom, pos: candidate.pos, ref: candidate.ref, alt: candidate.alt };

  useEffect(() => {
    heading.current?.focus();
    setTicks(ticksFrom(candidate.labClassification));
    setComment('');
    setNotice(null);
    setErrors([]);
    void call('diagnosis:classification-history', { variant: { build, chrom: candidate.chrom, pos: candidate.pos, ref: candidate.ref, alt: candidate.alt } }).then(setHistory);
    // Keyed on the variant, not the object: the list reloads after a save and must not wipe the notice.
  }, [candidate.key, build]);

  const applied: AppliedCriterion[] = Object.entries(ticks).map(([code, strength]) => ({ code: code as CriterionCode, strength: strength as Strength }));
  const appliedKey = JSON.stringify(applied);
  useEffect(() => {
    let live = true;
    call('diagnosis:classify-preview', { criteria: JSON.parse(appliedKey) as AppliedCriterion[] })
      .then((r) => {
        if (!live) return;
        setResult(r);
        setPreviewError(null);
      })
      .catch((err) => {
        if (!live) return;
        setResult(null);
        setPreviewError(err instanceof RequestError ? describeError(err.error) : String(err));
      });
    return () => {
      live = false;
    };
  }, [appliedKey]);

  async function save(e: FormEvent) {
    e.preventDefault();
    const problems: { field?: string; message: string }[] = [];
    if (applied.length === 0) problems.push({ field: 'criteria', message: 'Tick at least one criterion' });
    if (!comment.trim()) problems.push({ field: 'comment', message: 'Enter a comment saying why (the evidence behind the criteria)' });
    if (result?.status === 'conflict') problems.push({ field: 'criteria', message: 'The criteria conflict: resolve them before saving' });
    setErrors(problems);
    if (problems.length) return;
    try {
      const { classification } = await call('diagnosis:classification-save', {
        variant,
        criteria: applied,
        comment: comment.trim(),
        gene: candidate.gene,
        transcript: candidate.transcript ?? undefined,
        hgvsc: candidate.hgvsc ?? undefined,
        hgvsp: candidate.hgvsp ?? undefined,
        patientId,
        analysisId,
        basedOnVersion: history?.versions[0]?.version,
      });
      setNotice(`Saved as version ${classification.version}: ${CLASS_LABEL[classification.acmgClass]} (${classification.points} points).`);
      setComment('');
      setHistory(await call('diagnosis:classification-history', { variant }));
      onSaved(classification);
    } catch (err) {
      setErrors([{ message: err instanceof RequestError ? describeError(err.error) : String(err) }]);
    }
  }

  const group = (direction: 'pathogenic' | 'benign', legend: string) => (
    <fieldset className="nhsuk-fieldset gd-dx-criteria" data-testid={`dx-criteria-${direction}`}>
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
      <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
        {criteria.criteria
          .filter((c) => c.direction === direction)
          .map((c) => {
            const on = ticks[c.code] !== undefined;
            return (
              <div className="nhsuk-checkboxes__item gd-dx-criterion" key={c.code}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={`dx-crit-${c.code}`}
                  type="checkbox"
                  checked={on}
                  disabled={!c.inUse}
                  aria-describedby={`dx-crit-${c.code}-hint`}
                  onChange={(e) => {
                    const next = { ...ticks };
                    if (e.target.checked) next[c.code] = c.defaultStrength;
                    else delete next[c.code];
                    setTicks(next);
                  }}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`dx-crit-${c.code}`}>
                  <strong>{c.code}</strong>
                </label>
                <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`dx-crit-${c.code}-hint`}>
                  {c.summary} {c.inUse ? '' : `Not used: ${c.guidance}`}
                </div>
                {on && (
                  <div className="gd-dx-strength">
                    <label className="nhsuk-label nhsuk-u-font-size-16" htmlFor={`dx-crit-${c.code}-strength`}>
                      Strength of {c.code}
                    </label>
                    <select
                      className="nhsuk-select"
                      id={`dx-crit-${c.code}-strength`}
                      value={ticks[c.code]}
                      onChange={(e) => setTicks({ ...ticks, [c.code]: e.target.value as Strength })}
                    >
                      {c.allowedStrengths.map((s) => (
                        <option key={s} value={s}>
                          {STRENGTH_LABEL[s]}
                          {s !== 'stand-alone' ? ` (${criteria.strengthPoints[s] * (direction === 'pathogenic' ? 1 : -1)})` : ''}
                        </option>
                      ))}
                    </select>
                  </div>
                )}
              </div>
            );
          })}
      </div>
    </fieldset>
  );

  return (
    <section className="gd-dx-classify" aria-labelledby="dx-classify-heading" data-testid="dx-classification">
      <h3 className="nhsuk-heading-m" id="dx-classify-heading" tabIndex={-1} ref={heading}>
        Classify {candidate.gene} {hgvsText(candidate)}
      </h3>
      <p className="nhsuk-body-s">
        {build} {candidate.chrom}:{candidate.pos.toLocaleString('en-GB')} {candidate.ref}&gt;{candidate.alt} · {candidate.zygosity} · tier {candidate.tier}.{' '}
        {history && (
          <span data-testid="dx-carriers">
            Carried by {history.carriers} patient{history.carriers === 1 ? '' : 's'} in this store; the lab’s classification applies to all of them.
          </span>
        )}
      </p>
      <p className="nhsuk-body-s gd-muted">{criteria.source}</p>
      {notice && (
        <div className="nhsuk-inset-text" role="status" data-testid="dx-classify-notice">
          <p>{notice}</p>
        </div>
      )}
      <form noValidate onSubmit={save} data-testid="dx-classify-form">
        <ErrorSummary items={errors} fieldIds={{ criteria: 'dx-crit-PVS1', comment: 'dx-classify-comment' }} />
        <div className="gd-dx-outcome">{previewError ? <p className="nhsuk-error-message">{previewError}</p> : <Outcome result={result} />}</div>
        <div className="gd-dx-criteria-grid">
          {group('pathogenic', 'Pathogenic criteria')}
          {group('benign', 'Benign criteria')}
        </div>
        {/* The result again beside Save: the criteria list is long. */}
        {result && (
          <p className="nhsuk-body nhsuk-u-margin-top-4" data-testid="dx-computed-summary">
            {result.status === 'conflict' ? (
              <strong>No class: the criteria conflict (see above).</strong>
            ) : (
              <>
                Computed class: <strong className={`nhsuk-tag ${CLASS_TAG[result.acmgClass]}`}>{CLASS_LABEL[result.acmgClass]}</strong> ({result.points} points)
              </>
            )}
          </p>
        )}
        <div className={`nhsuk-form-group${errors.some((x) => x.field === 'comment') ? ' nhsuk-form-group--error' : ''}`}>
          <label className="nhsuk-label" htmlFor="dx-classify-comment">
            Comment
          </label>
          <div className="nhsuk-hint" id="dx-classify-comment-hint">
            The evidence behind the criteria; it is kept with this version and printed on the report.
          </div>
          <textarea className="nhsuk-textarea" id="dx-classify-comment" rows={3} aria-describedby="dx-classify-comment-hint" value={comment} onChange={(e) => setComment(e.target.value)} />
        </div>
        <div className="gd-search-row">
          <button className="nhsuk-button" type="submit">
            {history && history.versions.length > 0 ? 'Save as a new version' : 'Save classification'}
          </button>
          <button className="nhsuk-button nhsuk-button--secondary" type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
      <h4 className="nhsuk-heading-s">Classification history</h4>
      {history && history.versions.length > 0 ? (
        <table className="nhsuk-table" data-testid="dx-history">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Every saved version, newest first</caption>
          <TableHead columns={['Version', 'Class', 'Criteria', 'Comment', 'By', 'When']} />
          <tbody className="nhsuk-table__body">
            {history.versions.map((v) => (
              <tr className="nhsuk-table__row" key={v.id}>
                <td className="nhsuk-table__cell">{v.version}</td>
                <td className="nhsuk-table__cell">
                  <strong className={`nhsuk-tag ${CLASS_TAG[v.acmgClass]}`}>{CLASS_LABEL[v.acmgClass]}</strong> {v.points} pts
                </td>
                <td className="nhsuk-table__cell">{v.criteria.map((c) => `${c.code} ${STRENGTH_LABEL[c.strength].toLowerCase()}`).join(', ')}</td>
                <td className="nhsuk-table__cell">{v.comment}</td>
                <td className="nhsuk-table__cell">{v.createdBy}</td>
                <td className="nhsuk-table__cell">{formatDateTime(v.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="nhsuk-body-s">No saved classification of this variant in this store yet.</p>
      )}
    </section>
  );
}
