// The patient's Family tab: the pedigree, family QC that needs action (Mendelian errors, sex check,
// relatedness), where the proband's variants came from and the de novo calls that passed every quality check
// — then the editor and PED import. The analysis runs over every stored site of the members' imports.
import { useCallback, useEffect, useState } from 'react';
import type { FamilyAnalysis } from '../../../../shared/ipc/contracts/family.ts';
import type { Family } from '../../../../shared/schemas/family.ts';
import { Details } from '../../components/Details.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { describeError } from '../../lib/error-messages.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { FamilyEditor, PedImportForm } from './FamilyEditor.tsx';
import { Pedigree } from './Pedigree.tsx';
import './family.css';

const SEGREGATION_LABELS: [keyof FamilyAnalysis['counts'], string][] = [
  ['de_novo', 'De novo'],
  ['maternal', 'From the mother'],
  ['paternal', 'From the father'],
  ['both_parents', 'Both parents'],
  ['unknown', 'Origin unknown'],
];

function QcPanel({ analysis }: { analysis: FamilyAnalysis }) {
  const { qc } = analysis;
  const problems = qc.warnings.filter((w) => !w.startsWith('too few chrX'));
  return (
    <div className={`nhsuk-card ${problems.length ? 'nhsuk-card--warning' : ''}`} data-testid="family-qc">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading">{problems.length ? 'Check the samples before interpreting' : 'Family QC passed'}</h3>
        {/* Problems first: they are what needs action; the measurements follow in smaller type. */}
        {problems.length > 0 && (
          <ul className="nhsuk-list nhsuk-list--bullet">
            {problems.map((w) => (
              <li key={w} className="gd-family-warning">
                {w}
              </li>
            ))}
          </ul>
        )}
        <ul className="nhsuk-list nhsuk-list--bullet nhsuk-body-s gd-family-qc-list">
          <li>
            Mendelian errors: {qc.mendelianErrorRate === null ? 'no trio sites' : `${(qc.mendelianErrorRate * 100).toFixed(2)} % of ${qc.sites.toLocaleString('en-GB')} sites`}
          </li>
          {qc.relatedness.map((r) => (
            <li key={`${r.a}-${r.b}`} data-testid="family-qc-pair" data-ok={String(r.ok)}>
              {r.expected === 'unrelated' ? 'Unrelated pair' : r.expected === 'parent-child' ? 'Parent and child' : 'Siblings'}: kinship{' '}
              {r.kinship === null ? 'not measured (too few sites)' : r.kinship.toFixed(3)}
              {r.ok ? '' : ' — does not fit'}
            </li>
          ))}
          {qc.warnings
            .filter((w) => !problems.includes(w))
            .map((w) => (
              <li key={w}>{w}</li>
            ))}
        </ul>
      </div>
    </div>
  );
}

/** Where the proband's variants came from, one row of counts so it takes one line of the first screen. */
function SegregationCounts({ analysis }: { analysis: FamilyAnalysis }) {
  return (
    <table className="nhsuk-table gd-family-counts" data-testid="family-segregation-counts">
      <caption className="nhsuk-table__caption nhsuk-table__caption--s">Where the proband’s variants came from</caption>
      <thead className="nhsuk-table__head">
        <tr>
          {SEGREGATION_LABELS.map(([k, label]) => (
            <th scope="col" key={k}>
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        <tr>
          {SEGREGATION_LABELS.map(([k]) => (
            <td key={k}>{(analysis.counts[k] ?? 0).toLocaleString('en-GB')}</td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

function DeNovoTable({ analysis }: { analysis: FamilyAnalysis }) {
  return (
    <table className="nhsuk-table gd-family-table" data-testid="family-de-novo">
      <caption className="nhsuk-table__caption nhsuk-table__caption--s">
        De novo calls that passed every quality check ({analysis.deNovo.length}; {analysis.lowConfidenceDeNovo.toLocaleString('en-GB')} more failed a check)
      </caption>
      <thead className="nhsuk-table__head">
        <tr>
          <th scope="col" className="gd-family-key">
            Variant
          </th>
          <th scope="col">Why it is de novo</th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {analysis.deNovo.map((d) => (
          <tr key={d.key}>
            <td className="gd-family-key">{d.key}</td>
            <td>{d.result.reasons.join('; ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FamilyTab({ patientId }: { patientId: string }) {
  const [family, setFamily] = useState<Family | null | undefined>(undefined);
  const [analysis, setAnalysis] = useState<FamilyAnalysis | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  const analyse = useCallback(async () => {
    setAnalysis(undefined);
    try {
      setAnalysis((await call('family:analyse', { patientId })).analysis);
    } catch (err) {
      setError(err instanceof RequestError ? describeError(err.error) : String(err));
      setAnalysis(null);
    }
  }, [patientId]);

  useEffect(() => {
    let live = true;
    call('family:get', { patientId })
      .then(({ family: f }) => {
        if (!live) return;
        setFamily(f);
        if (f) void analyse();
      })
      .catch((err) => live && setError(err instanceof RequestError ? describeError(err.error) : String(err)));
    return () => {
      live = false;
    };
  }, [patientId, analyse]);

  const saved = (f: Family) => {
    setFamily(f);
    void analyse();
    // Back to the results: the pedigree and the QC are what the person checks next.
    document.getElementById('family-heading')?.scrollIntoView();
  };

  return (
    <section data-testid="family-tab" aria-labelledby="family-heading">
      <h2 id="family-heading">Family</h2>
      {error && (
        <ErrorNotice title="The family could not be loaded" level={3} testId="family-error">
          {error}
        </ErrorNotice>
      )}
      {family === undefined && <p>Loading the family…</p>}
      {family === null && <p data-testid="family-none">No family is recorded for this patient. Record the mother, father and siblings below, or import a PED file.</p>}
      {family && (
        <div className="gd-family-top">
          <Pedigree family={family} />
          <div className="gd-family-results">
            {analysis === undefined && <p data-testid="family-analysing">Analysing the family’s variants…</p>}
            {analysis === null && <p data-testid="family-no-analysis">No analysis yet: import the VCF of the proband and at least one relative.</p>}
            {analysis && (
              <>
                <QcPanel analysis={analysis} />
                <SegregationCounts analysis={analysis} />
              </>
            )}
          </div>
        </div>
      )}
      {analysis && <DeNovoTable analysis={analysis} />}
      <Details summary={family ? 'Change the family' : 'Record the family'} testId="family-edit">
        <FamilyEditor patientId={patientId} family={family ?? null} onSaved={saved} />
        <PedImportForm onImported={saved} />
      </Details>
    </section>
  );
}
