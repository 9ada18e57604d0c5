// The diagnostic report on screen (the same content the PDF and the FHIR resources carry), then "Save PDF",
// which issues it: the PDF written, the report stored with its sync-outbox row.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { DiagnosticReportContent, RankingFilters } from '../../../../shared/schemas/diagnosis.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { describeError } from '../../lib/error-messages.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { CLASS_LABEL, CLASS_TAG, STRENGTH_LABEL } from './diagnosis-text.ts';
import { Hgvs } from './Hgvs.tsx';
import { formatNhsNumber } from '../../../../shared/nhs-number.ts';
import { pdfPathProblem, SavePdfForm } from '../../components/SavePdfForm.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { Details } from '../../components/Details.tsx';

const OUTCOME: Record<DiagnosticReportContent['result']['outcome'], string> = {
  positive: 'Positive: pathogenic or likely pathogenic variant identified',
  inconclusive: 'Inconclusive: variant(s) of uncertain significance only',
  negative: 'Negative: no reportable variant identified',
};

function Content({ content }: { content: DiagnosticReportContent }) {
  return (
    <div className="gd-dx-report" data-testid="dx-report-content">
      <div className={`nhsuk-card ${content.result.outcome === 'positive' ? 'nhsuk-card--warning' : ''}`}>
        <div className="nhsuk-card__content">
          <h4 className="nhsuk-card__heading" data-testid="dx-report-outcome">
            {OUTCOME[content.result.outcome]}
          </h4>
          <p className="nhsuk-card__description" data-testid="dx-report-summary">
            {content.result.summary}
          </p>
        </div>
      </div>
      <dl className="nhsuk-summary-list">
        {[
          ['Patient', `${content.patient.name}, NHS number ${content.patient.nhsNumber ? formatNhsNumber(content.patient.nhsNumber) : 'not recorded'}`],
          ['Clinical indication', content.referral.clinicalIndication],
          [
            content.referral.hpoRelease ? `HPO terms (HPO ${content.referral.hpoRelease})` : 'HPO terms',
            [
              content.referral.hpoTerms.map((t) => `${t.id} ${t.label}`).join('; '),
              content.referral.excludedHpoTerms?.length ? `absent: ${content.referral.excludedHpoTerms.map((t) => `${t.id} ${t.label}`).join('; ')}` : '',
            ]
              .filter(Boolean)
              .join('; ') || 'None given',
          ],
          ['Genome build', content.build],
          ['Panels', content.panels.map((p) => `${p.name} v${p.version} (PanelApp ${p.id}; ${p.source})`).join('; ')],
        ].map(([k, v]) => (
          <div className="nhsuk-summary-list__row" key={k}>
            <dt className="nhsuk-summary-list__key">{k}</dt>
            <dd className="nhsuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>
      <h4 className="nhsuk-heading-s">Variants reported</h4>
      {content.variants.length === 0 ? (
        <p className="nhsuk-body">No variant reported.</p>
      ) : (
        <table className="nhsuk-table" data-testid="dx-report-variants">
          <TableHead columns={['Gene', 'Variant (HGVS)', 'Zygosity', 'Classification', 'Criteria']} />
          <tbody className="nhsuk-table__body">
            {content.variants.map((v) => (
              <tr className="nhsuk-table__row" key={v.key}>
                <td className="nhsuk-table__cell">{v.gene}</td>
                <td className="nhsuk-table__cell gd-dx-hgvs">
                  <Hgvs v={v} />
                </td>
                <td className="nhsuk-table__cell">{v.zygosity}</td>
                <td className="nhsuk-table__cell">
                  <strong className={`nhsuk-tag ${CLASS_TAG[v.acmgClass]}`}>{CLASS_LABEL[v.acmgClass]}</strong> ({v.points} points)
                </td>
                <td className="nhsuk-table__cell">{v.criteria.map((c) => `${c.code} ${STRENGTH_LABEL[c.strength].toLowerCase()}`).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4 className="nhsuk-heading-s">Secondary findings</h4>
      <p className="nhsuk-body" data-testid="dx-report-sf">
        {content.secondaryFindings.status === 'not-consented'
          ? 'Not sought: no consent to additional findings.'
          : content.secondaryFindings.flags.length
            ? content.secondaryFindings.flags.map((f) => `${f.gene} (${f.category})`).join('; ')
            : `None found in the ACMG SF v${content.secondaryFindings.listVersion} genes.`}
      </p>
      <Details summary="Method and limitations">
        <ul className="nhsuk-list nhsuk-list--bullet">
          {content.method.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
        <ul className="nhsuk-list nhsuk-list--bullet" data-testid="dx-report-limitations">
          {content.limitations.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      </Details>
    </div>
  );
}

export function ReportSection({ patientId, filters, refreshKey }: { patientId: string; filters: Partial<RankingFilters>; refreshKey: number }) {
  const [content, setContent] = useState<DiagnosticReportContent | null>(null);
  const [authorisedBy, setAuthorisedBy] = useState('');
  const [file, setFile] = useState('');
  const [errors, setErrors] = useState<{ field?: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<{ reportId: string; file: string } | null>(null);
  const [shownFor, setShownFor] = useState(-1);

  async function preview() {
    setErrors([]);
    setBusy(true);
    try {
      const r = await call('diagnosis:report-preview', { patientId, filters, authorisedBy: authorisedBy.trim() || undefined });
      setContent(r.content);
      setShownFor(refreshKey);
    } catch (err) {
      setErrors([{ message: err instanceof RequestError ? describeError(err.error) : String(err) }]);
    } finally {
      setBusy(false);
    }
  }

  async function savePdf(e: FormEvent) {
    e.preventDefault();
    const f = file.trim();
    const problem = pdfPathProblem(f);
    if (problem) {
      setErrors([{ field: 'file', message: problem }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      const r = await call('diagnosis:report-pdf', { patientId, filters, file: f, authorisedBy: authorisedBy.trim() || undefined });
      setContent(r.content);
      setIssued({ reportId: r.reportId, file: r.file });
      setFile('');
    } catch (err) {
      setErrors([{ message: err instanceof RequestError ? describeError(err.error) : String(err) }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="dx-report-heading" data-testid="dx-report">
      <h3 className="nhsuk-heading-m" id="dx-report-heading">
        Diagnostic report
      </h3>
      <ErrorSummary items={errors} fieldIds={{ file: 'dx-report-file' }} />
      {issued && (
        <div className="nhsuk-inset-text" role="status" data-testid="dx-report-issued">
          <p>
            Report {issued.reportId} issued and saved to {issued.file}.
          </p>
        </div>
      )}
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="dx-authorised-by">
          Authorised by (optional)
        </label>
        <input className="nhsuk-input nhsuk-input--width-30" id="dx-authorised-by" value={authorisedBy} onChange={(e) => setAuthorisedBy(e.target.value)} />
      </div>
      <button className="nhsuk-button nhsuk-button--secondary" type="button" onClick={preview} disabled={busy}>
        {content ? 'Refresh the report preview' : 'Preview the report'}
      </button>
      {content && shownFor !== refreshKey && !issued && <p className="nhsuk-body-s gd-muted">Classifications changed since this preview: refresh it.</p>}
      {content && <Content content={content} />}
      {content && (
        <SavePdfForm
          id="dx-report-file"
          testId="dx-report-form"
          hint="Issues the report: the PDF for the clinician is written here, and the report is kept with the patient and sent to central services by sync."
          file={file}
          error={errors.find((x) => x.field === 'file')?.message}
          busy={busy}
          submitLabel={busy ? 'Saving…' : 'Save PDF'}
          onFileChange={setFile}
          onSubmit={savePdf}
        />
      )}
    </section>
  );
}
