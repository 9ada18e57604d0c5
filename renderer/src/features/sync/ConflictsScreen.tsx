import { useCallback, useEffect, useState } from 'react';
import type { ConflictChoice, SyncConflict } from '../../../../shared/schemas/sync.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import type { Navigate } from '../../navigation.ts';

type PerField = Extract<ConflictChoice, { perField: unknown }>['perField'];

/** One conflict, of any kind (patient, medicine, family member): both versions side by side, field by field. */
function ConflictCard({ conflict, onResolved }: { conflict: SyncConflict; onResolved: () => void }) {
  const [picks, setPicks] = useState<Record<string, 'mine' | 'theirs'>>({});
  const [error, setError] = useState<string | null>(null);
  const resolve = async (choice: ConflictChoice) => {
    setError(null);
    try {
      await call('sync:resolve', { id: conflict.id, choice });
      onResolved();
    } catch (err) {
      setError(err instanceof RequestError ? describeError(err.error) : String(err));
    }
  };
  const differing = conflict.fields.filter((f) => f.differs);
  const allPicked = differing.every((f) => picks[f.field]);
  const whole = !conflict.perFieldAllowed;
  return (
    <div className="nhsuk-card" data-testid="conflict" data-entity-type={conflict.entityType}>
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-m">{conflict.label}</h2>
        {conflict.entityType !== 'patient' && conflict.patientName && (
          <p className="nhsuk-body" data-testid="conflict-patient">
            Patient: {conflict.patientName}
          </p>
        )}
        <p className="nhsuk-body-s">
          {conflict.kind === 'update-rejected'
            ? 'Your change was refused by the central service because the record was changed there too.'
            : 'The central service sent a change to a record you had also changed here.'}{' '}
          Nothing has been overwritten.{' '}
          {whole ? 'Choose which version to keep: this record is kept or taken whole.' : 'Choose which version to keep for each field that differs.'}
        </p>
        {error && (
          <p className="nhsuk-error-message" role="alert">
            {error}
          </p>
        )}
        <table className="nhsuk-table">
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th className="nhsuk-table__header" scope="col">Field</th>
              <th className="nhsuk-table__header" scope="col">On this computer</th>
              <th className="nhsuk-table__header" scope="col">Central record</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {conflict.fields.map((row) => (
              <tr className="nhsuk-table__row" key={row.field} data-differs={row.differs ? 'yes' : 'no'}>
                <th className="nhsuk-table__header" scope="row">
                  {row.label}
                </th>
                {(['mine', 'theirs'] as const).map((side) => (
                  <td className="nhsuk-table__cell" key={side}>
                    {row.differs && !whole ? (
                      <div className="nhsuk-radios__item">
                        <input
                          className="nhsuk-radios__input"
                          type="radio"
                          id={`c${conflict.id}-${row.field}-${side}`}
                          name={`c${conflict.id}-${row.field}`}
                          checked={picks[row.field] === side}
                          onChange={() => setPicks({ ...picks, [row.field]: side })}
                        />
                        <label className="nhsuk-label nhsuk-radios__label" htmlFor={`c${conflict.id}-${row.field}-${side}`}>
                          <strong>{row[side]}</strong>
                        </label>
                      </div>
                    ) : row.differs ? (
                      <strong>{row[side]}</strong>
                    ) : (
                      row[side]
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <div className="nhsuk-button-group">
          <button type="button" className="nhsuk-button" onClick={() => resolve('keep-mine')}>
            Keep this computer’s version
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => resolve('take-theirs')}>
            Take the central version
          </button>
          {!whole && (
            <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={!allPicked} onClick={() => resolve({ perField: picks as PerField })}>
              Use the fields I chose
            </button>
          )}
        </div>
      </div>
    </div>
  );
}

export function ConflictsScreen({ navigate }: { navigate: Navigate }) {
  const [conflicts, setConflicts] = useState<SyncConflict[] | null>(null);
  const reload = useCallback(() => {
    void call('sync:conflicts', {}).then((r) => setConflicts(r.conflicts));
  }, []);
  useEffect(reload, [reload]);
  return (
    <>
      <a
        className="nhsuk-back-link"
        href="#"
        onClick={(e) => {
          e.preventDefault();
          navigate({ screen: 'patients' });
        }}
      >
        Patients
      </a>
      <h1 className="nhsuk-heading-l">Changes to reconcile</h1>
      {conflicts?.length === 0 && (
        <p className="nhsuk-body" data-testid="no-conflicts">
          There are no conflicts. Every change here and centrally agrees.
        </p>
      )}
      {conflicts?.map((c) => <ConflictCard key={c.id} conflict={c} onResolved={reload} />)}
    </>
  );
}
