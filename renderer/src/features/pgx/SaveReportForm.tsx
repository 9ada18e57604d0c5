import { useState } from 'react';
import type { FormEvent } from 'react';
import type { PgxMatchOptionsInput, PgxSavedResult } from '../../../../shared/schemas/pgx.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { describeError } from '../../lib/error-messages.ts';
import { formatDateTime } from '../../lib/format.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { PathField } from './PathField.tsx';

const FIELD = 'pgx-report-file';

/** Saves the clinician PDF and keeps the result as an issued report (sent to central services by sync). */
export function SaveReportForm({
  patientId,
  importId,
  options,
  reports,
  onSaved,
}: {
  patientId: string;
  importId: string | undefined;
  options: PgxMatchOptionsInput;
  reports: PgxSavedResult[];
  onSaved: (report: PgxSavedResult) => void;
}) {
  const [file, setFile] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!file.trim()) {
      setError('Enter where to save the report, ending in .pdf');
      return;
    }
    if (!/\.pdf$/i.test(file.trim())) {
      setError('The report file name must end in .pdf');
      return;
    }
    setBusy(true);
    try {
      const { report } = await call('pgx:save-report', { patientId, file: file.trim(), importId, options });
      setFile('');
      onSaved(report);
    } catch (err) {
      setError(err instanceof RequestError ? describeError(err.error) : String(err));
    } finally {
      setBusy(false);
    }
  }

  const issued = reports.filter((r) => r.kind === 'report');
  return (
    <section aria-labelledby="pgx-report-heading">
      <h3 className="nhsuk-heading-m" id="pgx-report-heading">
        Clinician report
      </h3>
      <form noValidate onSubmit={submit} data-testid="pgx-report-form">
        <ErrorSummary items={error ? [{ field: FIELD, message: error }] : []} fieldIds={{ [FIELD]: FIELD }} />
        <PathField
          id={FIELD}
          label="Save the report as"
          hint="A PDF for the clinician: each medicine's recommendation first, then the gene results, limitations and data versions. Choose where to save it, or type the full path ending in .pdf."
          value={file}
          error={error ?? undefined}
          disabled={busy}
          purpose="save-pdf"
          chooseLabel="Choose where…"
          onChange={setFile}
        />
        <button className="nhsuk-button" type="submit" disabled={busy}>
          {busy ? 'Saving report…' : 'Save report (PDF)'}
        </button>
      </form>
      {issued.length > 0 && (
        <table className="nhsuk-table" data-testid="pgx-reports">
          <caption className="nhsuk-table__caption nhsuk-table__caption--s">Reports issued for this patient</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              {['Issued', 'By', 'File', 'Reference data'].map((h) => (
                <th className="nhsuk-table__header" scope="col" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {issued.map((r) => (
              <tr className="nhsuk-table__row" key={r.id}>
                <td className="nhsuk-table__cell">{formatDateTime(r.createdAt)}</td>
                <td className="nhsuk-table__cell">{r.actor}</td>
                <td className="nhsuk-table__cell gd-pgx-path">{r.file}</td>
                <td className="nhsuk-table__cell">{r.dataVersions.bundle}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
