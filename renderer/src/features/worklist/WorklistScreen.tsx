import { useEffect, useRef, useState } from 'react';
import { CASE_STATUSES, CASE_STATUS_LABELS } from '../../../../shared/schemas/worklist.ts';
import type { CaseStatus, WorklistOutput, WorklistQuery } from '../../../../shared/schemas/worklist.ts';
import { formatNhsNumber } from '../../../../shared/nhs-number.ts';
import { call, RequestError, subscribe } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import type { Navigate } from '../../navigation.ts';
import { formatDate } from '../../lib/format.ts';
import { StatusTag } from './StatusTag.tsx';
import { markStartupReady } from './startup-timing.ts';
import './worklist.css';

type Sort = NonNullable<WorklistQuery['sort']>;
const PAGE = 25;
const COLUMNS: { sort: Sort | null; label: string }[] = [
  { sort: 'name', label: 'Name' },
  { sort: null, label: 'NHS number' },
  { sort: null, label: 'Date of birth' },
  { sort: 'status', label: 'Case status' },
  { sort: 'actions', label: 'Needs action' },
];

/**
 * The start screen: every patient with where the case stands and what needs doing, most to do first. Search,
 * filters, sort and paging are answered by the main process (worklist:list) over the whole register.
 */
export function WorklistScreen({ navigate }: { navigate: Navigate }) {
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<CaseStatus | ''>('');
  const [needs, setNeeds] = useState('');
  const [sort, setSort] = useState<{ by: Sort; direction: 'asc' | 'desc' }>({ by: 'actions', direction: 'asc' });
  const [offset, setOffset] = useState(0);
  const [result, setResult] = useState<WorklistOutput | null>(null);
  const [error, setError] = useState<string | null>(null);
  const first = useRef(true);
  // Any change recorded or synced (the sync status counts waiting changes) may move a case: ask again.
  const [changes, setChanges] = useState(0);
  useEffect(() => subscribe('sync:status-changed', () => setChanges((n) => n + 1)), []);

  // Search as the user types (a short pause first); a stale answer never replaces a newer one.
  useEffect(() => {
    let current = true;
    const query: WorklistQuery = { search, sort: sort.by, direction: sort.direction, offset, limit: PAGE };
    if (status) query.statuses = [status];
    if (needs) query.needs = needs;
    const timer = setTimeout(
      () => {
        call('worklist:list', query)
          .then((r) => {
            if (!current) return;
            setResult(r);
            setError(null);
          })
          .catch((e) => current && setError(e instanceof RequestError ? describeError(e.error) : String(e)));
      },
      first.current ? 0 : 150,
    );
    first.current = false;
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [search, status, needs, sort, offset, changes]);

  useEffect(() => {
    if (result) markStartupReady();
  }, [result]);

  const filtered = search !== '' || status !== '' || needs !== '';
  const clear = () => {
    setSearch('');
    setStatus('');
    setNeeds('');
    setOffset(0);
  };
  const sortBy = (by: Sort) => {
    setSort((s) => ({ by, direction: s.by === by && s.direction === 'asc' ? 'desc' : 'asc' }));
    setOffset(0);
  };

  return (
    <>
      <div className="gd-worklist__head">
        <h1 className="nhsuk-heading-l gd-worklist__title">Worklist</h1>
        <button className="nhsuk-button gd-worklist__register" type="button" onClick={() => navigate({ screen: 'patient-new' })}>
          Register a patient
        </button>
      </div>
      <div className="gd-worklist__controls" role="search" aria-label="Find and filter patients">
        <div className={`nhsuk-form-group gd-worklist__search${error ? ' nhsuk-form-group--error' : ''}`}>
          <label className="nhsuk-label" htmlFor="patient-search">
            Find a patient
          </label>
          <div className="nhsuk-hint" id="patient-search-hint">
            Name, NHS number or date of birth
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
            value={search}
            aria-describedby="patient-search-hint"
            onChange={(e) => {
              setSearch(e.target.value);
              setOffset(0);
            }}
          />
        </div>
        <FilterSelect
          id="worklist-status"
          label="Case status"
          value={status}
          onChange={(v) => {
            setStatus(v as CaseStatus | '');
            setOffset(0);
          }}
          options={[['', 'Any status'], ...CASE_STATUSES.map((s): [string, string] => [s, `${CASE_STATUS_LABELS[s]}${result ? ` (${result.byStatus[s]})` : ''}`])]}
        />
        <FilterSelect
          id="worklist-needs"
          label="Needs action"
          value={needs}
          onChange={(v) => {
            setNeeds(v);
            setOffset(0);
          }}
          options={[['', 'Show everyone'], ['any', 'Anything to do'], ...(result?.kinds ?? []).map((k): [string, string] => [k.kind, `${k.title} (${k.patients})`])]}
        />
      </div>
      {result && (
        <p className="nhsuk-body gd-worklist__count" role="status">
          <span data-testid="patient-count">{result.total === 1 ? '1 patient' : `${result.total} patients`}</span>
          {result.total > result.rows.length && ` (showing ${offset + 1}–${offset + result.rows.length})`}
        </p>
      )}
      {result && result.total === 0 && (
        <div className="nhsuk-inset-text" data-testid="worklist-empty">
          {result.registered === 0 ? (
            <p>No patients are registered yet. Register a patient to start.</p>
          ) : (
            <p>
              No patient matches {describeFilters(search, status, needs, result)}.{' '}
              {filtered && (
                <button type="button" className="gd-link-button" onClick={clear}>
                  Clear the search and filters
                </button>
              )}
            </p>
          )}
        </div>
      )}
      {result && result.rows.length > 0 && (
        <div className="gd-worklist__table-wrap">
          <table className="nhsuk-table gd-worklist__table" data-testid="patient-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Patients and what their cases need</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                {COLUMNS.map((c) => (
                  <th className="nhsuk-table__header" scope="col" key={c.label} aria-sort={c.sort && sort.by === c.sort ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                    {c.sort ? (
                      <button type="button" className="gd-sort" onClick={() => sortBy(c.sort!)}>
                        {c.label}
                        <span className="nhsuk-u-visually-hidden">, sort</span>
                        {sort.by === c.sort && <span aria-hidden="true">{sort.direction === 'asc' ? ' ▲' : ' ▼'}</span>}
                      </button>
                    ) : (
                      c.label
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {result.rows.map((r) => (
                <tr className="nhsuk-table__row" key={r.patientId}>
                  <td className="nhsuk-table__cell">
                    <a
                      href="#"
                      onClick={(e) => {
                        e.preventDefault();
                        navigate({ screen: 'patient', id: r.patientId });
                      }}
                    >
                      {r.familyName.toUpperCase()}, {r.givenName}
                    </a>
                  </td>
                  <td className="nhsuk-table__cell gd-nowrap">{formatNhsNumber(r.nhsNumber)}</td>
                  <td className="nhsuk-table__cell gd-nowrap">{formatDate(r.birthDate)}</td>
                  <td className="nhsuk-table__cell">
                    <StatusTag status={r.status} />
                  </td>
                  <td className="nhsuk-table__cell" data-testid="needs-action">
                    {r.actions.length === 0 ? (
                      <span className="gd-muted">Nothing</span>
                    ) : (
                      <ul className="gd-worklist__actions">
                        {r.actions.map((a) => (
                          <li key={a.kind}>
                            <a
                              href="#"
                              onClick={(e) => {
                                e.preventDefault();
                                navigate({ screen: 'patient', id: r.patientId, tab: a.tab });
                              }}
                            >
                              {a.label}
                              <span className="nhsuk-u-visually-hidden">
                                {' '}
                                for {r.givenName} {r.familyName}
                              </span>
                            </a>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result && result.total > PAGE && (
        <nav className="gd-worklist__pages" aria-label="Worklist pages">
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous page
          </button>
          <span className="nhsuk-body gd-worklist__page-of">
            Page {Math.floor(offset / PAGE) + 1} of {Math.ceil(result.total / PAGE)}
          </span>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={offset + PAGE >= result.total} onClick={() => setOffset(offset + PAGE)}>
            Next page
          </button>
        </nav>
      )}
    </>
  );
}

function FilterSelect({ id, label, value, onChange, options }: { id: string; label: string; value: string; onChange: (v: string) => void; options: [string, string][] }) {
  return (
    <div className="nhsuk-form-group">
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <select className="nhsuk-select" id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function describeFilters(search: string, status: CaseStatus | '', needs: string, result: WorklistOutput): string {
  const parts: string[] = [];
  if (search) parts.push(`“${search}”`);
  if (status) parts.push(`case status “${CASE_STATUS_LABELS[status]}”`);
  if (needs) parts.push(needs === 'any' ? 'anything to do' : `“${result.kinds.find((k) => k.kind === needs)?.title ?? needs}”`);
  return parts.length > 0 ? parts.join(' with ') : 'this search';
}
