// The patient's Pharmacogenomics tab: PharmCAT-equivalent calls from the stored import (plus outside
// calls), what needs attention, each medicine's CPIC and DPWG recommendation, outside-call import and the
// clinician PDF. Everything shown comes from one `pgx:run` result, the same document the CLI prints.
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { SerializedError } from '../../../../shared/errors.ts';
import type { PgxMatchOptionsInput, PgxSavedResult, PgxStoredOutsideCall, PgxStoredRun } from '../../../../shared/schemas/pgx.ts';
import type { ImportRecord } from '../../../../shared/schemas/vcf.ts';
import { describeError } from '../../lib/error-messages.ts';
import { formatDateTime } from '../../lib/format.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { DrugRecommendations, ResultSummary } from './DrugRecommendations.tsx';
import { GeneResults } from './GeneResults.tsx';
import { attentionReasons, geneFlags } from './gene-flags.ts';
import { OutsideCallsForm } from './OutsideCallsForm.tsx';
import { SaveReportForm } from './SaveReportForm.tsx';
import './pgx.css';
import { Details } from '../../components/Details.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

interface Choices {
  importId: string;
  allMatches: boolean;
  findCombinations: boolean;
  noExemptions: boolean;
}

function optionsOf(c: Choices): PgxMatchOptionsInput {
  return { topCandidateOnly: !c.allMatches, findCombinations: c.findCombinations, withExemptions: !c.noExemptions };
}

/** The warning callout: everything that limits what the calls below can be trusted for. */
function Attention({ run }: { run: PgxStoredRun }) {
  const list = (pred: (g: PgxStoredRun['genes'][number]) => boolean) => run.genes.filter(pred);
  const missing = list((g) => geneFlags(g).missing);
  const ambiguous = list((g) => geneFlags(g).ambiguous);
  const outside = list((g) => geneFlags(g).outsideCall);
  const blocks = list((g) => geneFlags(g).referenceBlocks);
  const skew = list((g) => geneFlags(g).versionSkew);
  const noPhenotype = list((g) => geneFlags(g).noPhenotypeData);
  const notCalled = list((g) => geneFlags(g).notCalled);
  const notInterpretable = list((g) => geneFlags(g).notInterpretable);
  const items: [string, string][] = [];
  if (notInterpretable.length) items.push(['not-interpretable', `Not interpretable (the outside call names an allele no bundled data knows; no phenotype or recommendation): ${notInterpretable.map((g) => `${g.gene} (${g.diplotypes.join(' or ') || 'no diplotype'})`).join('; ')}. Check the name with the laboratory.`]);
  if (missing.length) items.push(['missing', `Positions missing from the file (never assumed reference): ${missing.map((g) => `${g.gene} (${g.missingPositions.length})`).join(', ')}.`]);
  if (ambiguous.length) items.push(['ambiguous', `More than one diplotype fits: ${ambiguous.map((g) => `${g.gene} (${g.diplotypes.join(' or ')})`).join('; ')}. Every candidate is listed under the gene.`]);
  if (outside.length) items.push(['outside', `From outside calls, not from sequencing: ${outside.map((g) => g.gene).join(', ')}.`]);
  if (blocks.length) items.push(['blocks', `Called reference from gVCF reference blocks: ${blocks.map((g) => `${g.gene} (${g.referenceBlockPositions.length})`).join(', ')}.`]);
  if (skew.length) items.push(['skew', `Called alleles or results newer than the bundled phenotype or guideline data: ${skew.map((g) => `${g.gene} (${g.diplotypes.join(' or ')})`).join('; ')}. They get no phenotype or recommendation rather than a guessed one.`]);
  if (noPhenotype.length) items.push(['no-phenotype', `No phenotype data bundled, so no phenotype and no recommendation: ${noPhenotype.map((g) => g.gene).join(', ')}.`]);
  if (notCalled.length) items.push(['not-called', `Not called: ${notCalled.map((g) => g.gene).join(', ')}.`]);
  for (const w of run.warnings) items.push([w.code, w.message]);
  if (items.length === 0) return null;
  return (
    <div className="nhsuk-card nhsuk-card--warning" data-testid="pgx-attention">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading">
          <span className="nhsuk-u-visually-hidden">Important: </span>Check before use
        </h3>
        <ul className="nhsuk-list nhsuk-list--bullet nhsuk-card__description">
          {items.map(([key, text]) => (
            <li key={key} data-testid={`pgx-attention-${key}`}>
              {text}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function Provenance({ run }: { run: PgxStoredRun }) {
  const v = run.dataVersions;
  const s = run.genotypeSource;
  const rows: [string, string][] = [
    ['Sequencing file', `${s.fileName}${s.sample ? `, sample ${s.sample}` : ''}${s.importedAt ? `, imported ${formatDateTime(s.importedAt)}` : ''}`],
    ['Outside-call files', s.outsideCallFiles.length ? s.outsideCallFiles.map((f) => `${f.fileName} (${f.genes.join(', ')})`).join('; ') : 'None'],
    ['Genome build', v.genomeBuild],
    ['Allele definitions', `${v.definitions.version} (PharmCAT ${v.definitions.commit.slice(0, 8)})`],
    ['Phenotype tables', `${v.phenotypes.version}; CYP2D6 ${v.cyp2d6Phenotypes.version}`],
    ['CPIC/DPWG guidelines', `${v.guidelines.version}`],
    ['Matching', `${run.options.topCandidateOnly ? 'Top-scoring diplotypes' : 'Every candidate diplotype'}${run.options.findCombinations ? ', combinations' : ''}${run.options.withExemptions ? '' : ', exemptions off'}`],
  ];
  return (
    <dl className="nhsuk-summary-list" data-testid="pgx-provenance">
      {rows.map(([k, val]) => (
        <div className="nhsuk-summary-list__row" key={k}>
          <dt className="nhsuk-summary-list__key">{k}</dt>
          <dd className="nhsuk-summary-list__value">{val}</dd>
        </div>
      ))}
    </dl>
  );
}

export function PharmacogenomicsTab({ patientId }: { patientId: string }) {
  const [imports, setImports] = useState<ImportRecord[] | null>(null);
  const [choices, setChoices] = useState<Choices>({ importId: '', allMatches: false, findCombinations: false, noExemptions: false });
  const [run, setRun] = useState<PgxStoredRun | null>(null);
  const [error, setError] = useState<SerializedError | null>(null);
  const [loading, setLoading] = useState(false);
  const [outsideCalls, setOutsideCalls] = useState<PgxStoredOutsideCall[]>([]);
  const [reports, setReports] = useState<PgxSavedResult[]>([]);
  const [notice, setNotice] = useState<string | null>(null);

  const compute = useCallback(
    async (c: Choices) => {
      setLoading(true);
      setError(null);
      try {
        const { result } = await call('pgx:run', { patientId, importId: c.importId || undefined, options: optionsOf(c) });
        setRun(result);
      } catch (err) {
        setRun(null);
        setError(err instanceof RequestError ? err.error : { code: 'ipc/internal', message: String(err), details: {} });
      } finally {
        setLoading(false);
      }
    },
    [patientId],
  );

  const reloadLists = useCallback(() => {
    void call('pgx:outside-calls', { patientId }).then((r) => setOutsideCalls(r.calls));
    void call('pgx:reports', { patientId }).then((r) => setReports(r.reports));
  }, [patientId]);

  useEffect(() => {
    void call('imports:list', { patientId }).then((r) => setImports(r.imports));
    reloadLists();
    void compute({ importId: '', allMatches: false, findCombinations: false, noExemptions: false });
  }, [patientId, compute, reloadLists]);

  function submit(e: FormEvent) {
    e.preventDefault();
    void compute(choices);
  }

  const check = (key: 'allMatches' | 'findCombinations' | 'noExemptions', label: string, hint: string) => (
    <div className="nhsuk-checkboxes__item">
      <input className="nhsuk-checkboxes__input" id={`pgx-${key}`} type="checkbox" checked={choices[key]} aria-describedby={`pgx-${key}-hint`} onChange={(e) => setChoices({ ...choices, [key]: e.target.checked })} />
      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`pgx-${key}`}>
        {label}
      </label>
      <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`pgx-${key}-hint`}>
        {hint}
      </div>
    </div>
  );

  return (
    <div data-testid="pgx-tab">
      <h2 className="nhsuk-heading-l nhsuk-u-margin-bottom-3">Pharmacogenomics</h2>
      {notice && (
        <div className="nhsuk-inset-text" role="status" data-testid="pgx-notice">
          <p>{notice}</p>
        </div>
      )}
      {loading && (
        <p className="nhsuk-body" role="status" data-testid="pgx-loading">
          Calling star alleles and matching guidelines…
        </p>
      )}
      {error &&
        (error.code === 'pgx/no-import' ? (
          <div className="nhsuk-inset-text" data-testid="pgx-no-import">
            <p>No sequencing file has been imported for this patient yet. Import a GRCh38 VCF on the Sequencing tab, then come back here.</p>
          </div>
        ) : (
          <ErrorNotice title="Pharmacogenomics could not be called" level={3} testId="pgx-error">
            {describeError(error)}
          </ErrorNotice>
        ))}
      {run && !loading && (
        <>
          <ResultSummary run={run} genesNeedingAttention={run.genes.filter((g) => attentionReasons(g).length > 0).length} />
          <Attention run={run} />
          <DrugRecommendations run={run} />
          <GeneResults run={run} />
          <Details summary="Where this result comes from" testId="pgx-provenance-details">
            <Provenance run={run} />
          </Details>
        </>
      )}
      {/* Results come first (issue 17: at 1366 × 768 the first screen shows the result); the options that change
          how the result is called, and outside calls, are collapsed below it. */}
      {imports !== null && imports.length > 0 && (
        <Details summary="Matching options and sequencing file" testId="pgx-options-details">
        <form noValidate onSubmit={submit} data-testid="pgx-options" className="gd-pgx-options">
          {imports.length > 1 && (
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="pgx-import">
                Sequencing file
              </label>
              <select className="nhsuk-select" id="pgx-import" value={choices.importId} onChange={(e) => setChoices({ ...choices, importId: e.target.value })}>
                <option value="">Newest ({imports[0].fileName})</option>
                {imports.map((i) => (
                  <option value={i.id} key={i.id}>
                    {i.fileName}
                    {i.sample ? `, sample ${i.sample}` : ''} ({i.build}, {formatDateTime(i.importedAt)})
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="nhsuk-form-group">
            <fieldset className="nhsuk-fieldset">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Matching options (as PharmCAT)</legend>
              <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
                {check('allMatches', 'List every candidate diplotype', 'By default only the top-scoring diplotypes are listed (ties all shown).')}
                {check('findCombinations', 'Find combinations and partial alleles', 'Research option: alleles made of several defined alleles on one gene copy.')}
                {check('noExemptions', 'Ignore PharmCAT’s gene exemptions', 'Research option: exemptions adjust calling for particular genes and alleles.')}
              </div>
            </fieldset>
          </div>
          <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={loading}>
            Call again
          </button>
        </form>
        </Details>
      )}
      <Details summary="Outside calls (CYP2D6, HLA and others called elsewhere)" testId="pgx-outside-calls-details">
        <OutsideCallsForm
          patientId={patientId}
          calls={outsideCalls}
          onImported={(message) => {
            setNotice(message);
            reloadLists();
            void compute(choices);
          }}
        />
      </Details>
      {run && (
        <SaveReportForm
          patientId={patientId}
          // the report is of the result on screen, whatever the option boxes say now
          importId={run.genotypeSource.importId ?? undefined}
          options={{ topCandidateOnly: run.options.topCandidateOnly, findCombinations: run.options.findCombinations, withExemptions: run.options.withExemptions }}
          reports={reports}
          onSaved={(report) => {
            setNotice(`Report saved to ${report.file}.`);
            reloadLists();
          }}
        />
      )}
    </div>
  );
}
