import { useEffect, useState } from 'react';
import type { Patient } from '../../../../shared/schemas/patient.ts';
import { formatNhsNumber } from '../../../../shared/nhs-number.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import type { Navigate } from '../../navigation.ts';

export function PatientListScreen({ navigate }: { navigate: Navigate }) {
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<{ patients: Patient[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Search as the user types; a stale answer never replaces a newer one.
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      call('patients:search', { query, limit: 50 })
        .then((r) => current && (setResult(r), setError(null)))
        .catch((e) => current && setError(e instanceof RequestError ? describeError(e.error) : String(e)));
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  return (
    <>
      <h1 className="nhsuk-heading-l">Patients</h1>
      <div className="gd-search-row">
        <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
          <label className="nhsuk-label" htmlFor="patient-search">
            Find a patient
          </label>
          <div className="nhsuk-hint" id="patient-search-hint">
            Name, NHS number or date of birth (for example Smith, 943 476 5919 or 27/03/1985)
          </div>
          {error && (
            <span className="nhsuk-error-message" id="patient-search-error">
              <span className="nhsuk-u-visually-hidden">Error:</span> {error}
            </span>
          )}
          <input
            className="nhsuk-input"
            id="patient-search"
            type="search"
            value={query}
            aria-describedby="patient-search-hint"
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <button className="nhsuk-button nhsuk-u-margin-bottom-0" type="button" onClick={() => navigate({ screen: 'patient-new' })}>
          Register a patient
        </button>
      </div>
      {result && (
        <p className="nhsuk-body nhsuk-u-margin-top-4" data-testid="patient-count" role="status">
          {result.total === 1 ? '1 patient' : `${result.total} patients`}
          {result.total > result.patients.length ? ` (showing the first ${result.patients.length})` : ''}
        </p>
      )}
      {result && result.patients.length > 0 && (
        <table className="nhsuk-table" data-testid="patient-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Patients</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th className="nhsuk-table__header" scope="col">Name</th>
              <th className="nhsuk-table__header" scope="col">NHS number</th>
              <th className="nhsuk-table__header" scope="col">Date of birth</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {result.patients.map((p) => (
              <tr className="nhsuk-table__row" key={p.id}>
                <td className="nhsuk-table__cell">
                  <a
                    href="#"
                    onClick={(e) => {
                      e.preventDefault();
                      navigate({ screen: 'patient', id: p.id });
                    }}
                  >
                    {p.familyName.toUpperCase()}, {p.givenName}
                  </a>
                </td>
                <td className="nhsuk-table__cell">{formatNhsNumber(p.nhsNumber)}</td>
                <td className="nhsuk-table__cell">{formatDate(p.birthDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** NHS style for dates: 27 March 1985. */
export function formatDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
