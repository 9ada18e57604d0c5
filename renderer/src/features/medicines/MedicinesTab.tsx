// The patient's Medicines tab: the medication review first (alerts at the top, most urgent first), then
// the medicine list with search, stopped medicines kept with their dates, and a check for a medicine being
// considered. Everything shown comes from `medicines:review` and `medicines:list`, as the CLI prints them.
import { useCallback, useEffect, useState } from 'react';
import type { Medication, MedicationReview } from '../../../../shared/schemas/medicines.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { describeError } from '../../lib/error-messages.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { codeLabel } from './code-label.ts';
import { AddMedicineForm, ConsiderForm } from './MedicineForms.tsx';
import { ReviewList } from './ReviewList.tsx';
import './medicines.css';

function MedicationTable({ medications, onStop, caption, testId }: { medications: Medication[]; onStop?: (m: Medication) => void; caption: string; testId: string }) {
  return (
    <table className="nhsuk-table" data-testid={testId}>
      <caption className="nhsuk-table__caption nhsuk-table__caption--s">{caption}</caption>
      <TableHead columns={onStop ? ['Medicine', 'Dose', 'Started', 'Action'] : ['Medicine', 'Started', 'Stopped']} />
      <tbody className="nhsuk-table__body">
        {medications.map((m) => (
          <tr className="nhsuk-table__row" key={m.id} data-testid={`med-row-${m.drug.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`}>
            <th className="nhsuk-table__header" scope="row">
              {m.drug}
              {!m.checked && <span className="gd-muted"> (not checked)</span>}
              {m.origin === 'fhir' && <span className="gd-muted"> (from central record)</span>}
              {m.code && <span className="gd-med-code gd-med-code--row">{codeLabel(m.code)}</span>}
            </th>
            {onStop && <td className="nhsuk-table__cell">{m.dose ?? '—'}</td>}
            <td className="nhsuk-table__cell">{m.started ?? '—'}</td>
            {onStop ? (
              <td className="nhsuk-table__cell">
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" onClick={() => onStop(m)}>
                  Stop<span className="nhsuk-u-visually-hidden"> {m.drug}</span>
                </button>
              </td>
            ) : (
              <td className="nhsuk-table__cell">{m.stopped ?? '—'}</td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MedicinesTab({ patientId }: { patientId: string }) {
  const [medications, setMedications] = useState<Medication[] | null>(null);
  const [review, setReview] = useState<MedicationReview | null>(null);
  const [consider, setConsider] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [list, r] = await Promise.all([call('medicines:list', { patientId }), call('medicines:review', { patientId, consider })]);
      setMedications(list.medications);
      setReview(r.review);
      setError(null);
    } catch (err) {
      setError(err instanceof RequestError ? describeError(err.error) : String(err));
    }
  }, [patientId, consider]);

  useEffect(() => {
    void load();
  }, [load]);

  async function stop(m: Medication) {
    try {
      await call('medicines:stop', { patientId, id: m.id });
      setNotice(`Stopped ${m.drug}. It stays on the list as stopped.`);
      await load();
    } catch (err) {
      setError(err instanceof RequestError ? describeError(err.error) : String(err));
    }
  }

  const current = medications?.filter((m) => m.status === 'active') ?? [];
  const stopped = medications?.filter((m) => m.status === 'stopped') ?? [];
  return (
    <div data-testid="medicines-tab">
      {error && (
        <ErrorNotice title="The medicines could not be shown" testId="med-error">
          {error}
        </ErrorNotice>
      )}
      {review ? <ReviewList review={review} /> : !error && <p className="nhsuk-body">Loading the review…</p>}
      {consider.length > 0 && (
        <p className="nhsuk-body-s">
          Being considered: {consider.join(', ')}.{' '}
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" onClick={() => setConsider([])}>
            Clear
          </button>
        </p>
      )}
      <h2 className="nhsuk-heading-m nhsuk-u-margin-top-4 nhsuk-u-margin-bottom-2">Medicine list</h2>
      {notice && (
        <div className="nhsuk-inset-text nhsuk-u-margin-top-0 nhsuk-u-margin-bottom-3" role="status" data-testid="med-notice">
          <p>{notice}</p>
        </div>
      )}
      <div className="gd-med-columns">
        <div>
          {medications && current.length === 0 && <p className="nhsuk-body">No current medicines recorded.</p>}
          {current.length > 0 && <MedicationTable medications={current} onStop={(m) => void stop(m)} caption="Current medicines" testId="med-current" />}
          <AddMedicineForm
            patientId={patientId}
            onAdded={(message) => {
              setNotice(message);
              void load();
            }}
          />
        </div>
        <div>
          <ConsiderForm onConsider={(name) => setConsider((c) => (c.includes(name) ? c : [...c, name]))} />
          {stopped.length > 0 && <MedicationTable medications={stopped} caption="Stopped medicines (kept with their dates)" testId="med-stopped" />}
        </div>
      </div>
    </div>
  );
}
