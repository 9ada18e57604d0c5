import { useCallback, useEffect, useState } from 'react';
import type { SyncConflict, SyncedPatientField } from '../../../../shared/schemas/sync.ts';
import { SYNCED_PATIENT_FIELDS } from '../../../../shared/schemas/sync.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import type { Navigate } from '../../navigation.ts';

const FIELD_LABELS: Record<SyncedPatientField, string> = {
  nhsNumber: 'NHS number',
  familyName: 'Family name',
  givenName: 'Given name',
  birthDate: 'Date of birth',
  sex: 'Sex',
};

function ConflictCard({ conflict, onResolved }: { conflict: SyncConflict; onResolved: () => void }) {
  const [picks, setPicks] = useState<Partial<Record<SyncedPatientField, 'mine' | 'theirs'>>>({});
  const [error, setError] = useState<string | null>(null);
  const resolve = async (choice: Parameters<typeof call<'sync:resolve'>>[1]['choice']) => {
    setError(null);
    try {
      await call('sync:resolve', { id: conflict.id, choice });
      onResolved();
    } catch (err) {
      setError(err instanceof RequestError ? describeError(err.error) : String(err));
    }
  };
  const allPicked = conflict.differingFields.every((f) => picks[f]);
  return (
    <div className="nhsuk-card" data-testid="conflict">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-m">
          {conflict.mine.givenName} {conflict.mine.familyName.toUpperCase()}
        </h2>
        <p className="nhsuk-body-s">
          {conflict.kind === 'update-rejected'
            ? 'Your change was refused by the central service because the record was changed there too.'
            : 'The central service sent a change to a record you had also changed here.'}{' '}
          Nothing has been overwritten. Choose which version to keep for each field that differs.
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
            {SYNCED_PATIENT_FIELDS.map((field) => {
              const differs = conflict.differingFields.includes(field);
              return (
                <tr className="nhsuk-table__row" key={field}>
                  <th className="nhsuk-table__header" scope="row">
                    {FIELD_LABELS[field]}
                  </th>
                  {(['mine', 'theirs'] as const).map((side) => (
                    <td className="nhsuk-table__cell" key={side}>
                      {differs ? (
                        <div className="nhsuk-radios__item">
                          <input
                            className="nhsuk-radios__input"
                            type="radio"
                            id={`c${conflict.id}-${field}-${side}`}
                            name={`c${conflict.id}-${field}`}
                            checked={picks[field] === side}
                            onChange={() => setPicks({ ...picks, [field]: side })}
                          />
                          <label className="nhsuk-label nhsuk-radios__label" htmlFor={`c${conflict.id}-${field}-${side}`}>
                            <strong>{conflict[side][field]}</strong>
                          </label>
                        </div>
                      ) : (
                        conflict[side][field]
                      )}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="nhsuk-button-group">
          <button type="button" className="nhsuk-button" onClick={() => resolve('keep-mine')}>
            Keep this computer’s version
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => resolve('take-theirs')}>
            Take the central version
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={!allPicked} onClick={() => resolve({ perField: picks })}>
            Use the fields I chose
          </button>
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
