import { useState } from 'react';
import type { FormEvent } from 'react';
import type { PgxMatchOptionsInput, PgxSavedResult } from '../../../../shared/schemas/pgx.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { describeError } from '../../lib/error-messages.ts';
import { formatDateTime } from '../../lib/format.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { pdfPathProblem, SavePdfForm } from '../../components/SavePdfForm.tsx';
import { TableHead } from '../../components/TableHead.tsx';

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
    const problem = pdfPathProblem(file);
    if (problem) {
      setError(problem);
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
      <SavePdfForm
        id={FIELD}
        testId="pgx-report-form"
        hint="A PDF for the clinician: each medicine's recommendation first, then the gene results, limitations and data versions. Choose where to save it, or type the full path ending in .pdf."
        file={file}
        error={error ?? undefined}
        busy={busy}
        submitLabel={busy ? 'Saving report…' : 'Save report (PDF)'}
        onFileChange={setFile}
        onSubmit={submit}
      >
        <ErrorSummary items={error ? [{ field: FIELD, message: error }] : []} fieldIds={{ [FIELD]: FIELD }} />
      </SavePdfForm>
      {issued.length > 0 && (
        <table className="nhsuk-table" data-testid="pgx-reports">
          <caption className="nhsuk-table__caption nhsuk-table__caption--s">Reports issued for this patient</caption>
          <TableHead columns={['Issued', 'By', 'File', 'Reference data']} />
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
