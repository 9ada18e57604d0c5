import { useState } from 'react';
import type { FormEvent } from 'react';
import type { PgxStoredOutsideCall } from '../../../../shared/schemas/pgx.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { describeError } from '../../lib/error-messages.ts';
import { formatDateTime } from '../../lib/format.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { PathField } from '../../components/PathField.tsx';
import { TableHead } from '../../components/TableHead.tsx';

const FIELD = 'pgx-outside-call-file';

/** The outside calls in force, and the form that imports PharmCAT's outside-call TSV. */
export function OutsideCallsForm({ patientId, calls, onImported }: { patientId: string; calls: PgxStoredOutsideCall[]; onImported: (message: string) => void }) {
  const [file, setFile] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!file.trim()) {
      setError('Enter the path of the outside-call file');
      return;
    }
    setBusy(true);
    try {
      const r = await call('pgx:import-outside-calls', { patientId, file: file.trim() });
      setFile('');
      const unread = r.file.notInterpretable ?? [];
      onImported(`Imported ${r.file.calls.length} outside call${r.file.calls.length === 1 ? '' : 's'} from ${r.file.fileName} (${r.file.calls.map((c) => c.gene).join(', ')}).${unread.length ? ` Not interpretable (an allele no bundled data knows): ${unread.join(', ')}.` : ''}`);
    } catch (err) {
      setError(err instanceof RequestError ? describeError(err.error) : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="pgx-outside-heading">
      <h3 className="nhsuk-heading-m" id="pgx-outside-heading">
        Outside calls
      </h3>
      {calls.length === 0 ? (
        <p className="nhsuk-body">No outside calls have been imported for this patient.</p>
      ) : (
        <table className="nhsuk-table" data-testid="pgx-outside-calls">
          <caption className="nhsuk-table__caption nhsuk-table__caption--s">Outside calls in use (they replace what the sequencing file gives for their gene)</caption>
          <TableHead columns={['Gene', 'Diplotype', 'Phenotype', 'Activity score', 'From']} />
          <tbody className="nhsuk-table__body">
            {calls.map((c) => (
              <tr className="nhsuk-table__row" key={c.gene}>
                <th className="nhsuk-table__header" scope="row">
                  {c.gene}
                </th>
                <td className="nhsuk-table__cell">{c.diplotype ?? '—'}</td>
                <td className="nhsuk-table__cell">{c.phenotype ?? '—'}</td>
                <td className="nhsuk-table__cell">{c.activityScore ?? '—'}</td>
                <td className="nhsuk-table__cell">
                  {c.fileName} line {c.line}, {formatDateTime(c.importedAt)} by {c.actor}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form noValidate onSubmit={submit} data-testid="pgx-outside-call-form">
        <ErrorSummary items={error ? [{ field: FIELD, message: error }] : []} fieldIds={{ [FIELD]: FIELD }} />
        <PathField
          id={FIELD}
          label="Outside-call file"
          hint="PharmCAT's outside-call format: a tab-separated file with gene, diplotype, phenotype and activity score, one gene per line (for example a CYP2D6 call from a laboratory, Aldy or StellarPGx, or HLA typing). Choose it, or type its full path."
          value={file}
          error={error ?? undefined}
          disabled={busy}
          purpose="outside-call"
          chooseLabel="Choose file…"
          onChange={setFile}
        />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
          Import outside calls
        </button>
      </form>
    </section>
  );
}
