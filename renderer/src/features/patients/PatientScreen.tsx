import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry, Patient } from '../../../../shared/schemas/patient.ts';
import { formatNhsNumber } from '../../../../shared/nhs-number.ts';
import { call, RequestError, subscribe } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import type { Navigate } from '../../navigation.ts';
import { formatDate } from '../../lib/format.ts';
import { Tabs } from '../../components/Tabs.tsx';
import type { TabSpec } from '../../components/Tabs.tsx';
import { patientTabs } from '../patient-tabs.tsx';
import type { PatientTab } from '../../../../shared/schemas/worklist.ts';
import { CaseOverviewTab } from '../overview/CaseOverviewTab.tsx';

/** The worklist names tabs by domain; the page's tab ids are the features' own. */
const TAB_ID: Record<PatientTab, string> = { overview: 'overview', details: 'details', medicines: 'medicines', sequencing: 'sequencing', pgx: 'pharmacogenomics', diagnosis: 'diagnosis', family: 'family' };

const FIELD_LABELS: Record<string, string> = {
  nhsNumber: 'NHS number',
  familyName: 'Family name',
  givenName: 'Given name',
  birthDate: 'Date of birth',
  sex: 'Sex',
};

function describeChanges(entry: AuditEntry): string {
  if (entry.action === 'create') return 'Registered';
  return Object.entries(entry.changes)
    .map(([field, change]) => {
      const [before, after] = change as [unknown, unknown];
      return `${FIELD_LABELS[field] ?? field}: ${String(before)} → ${String(after)}`;
    })
    .join('\n');
}

export function PatientScreen({ navigate, patientId, notice, tab: initialTab }: { navigate: Navigate; patientId: string; notice?: string; tab?: PatientTab }) {
  const [patient, setPatient] = useState<Patient | null>(null);
  const [tab, setTab] = useState(TAB_ID[initialTab ?? 'overview']);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [gone, setGone] = useState<string | null>(null);
  const onGone = useCallback((message: string) => setGone(message), []);

  useEffect(() => setTab(TAB_ID[initialTab ?? 'overview']), [patientId, initialTab]);

  useEffect(() => {
    let current = true;
    const load = () =>
      Promise.all([call('patients:get', { id: patientId }), call('audit:list', { entityType: 'patient', entityId: patientId })])
        .then(([{ patient }, { entries }]) => {
          if (!current) return;
          setPatient(patient);
          setAudit(entries);
        })
        .catch((e) => {
          if (!current) return;
          if (e instanceof RequestError && e.error.code === 'patients/not-found') setGone(describeError(e.error));
          else setError(e instanceof RequestError ? describeError(e.error) : String(e));
        });
    void load();
    // A sync can remove or merge this record while it is open: re-read it after each sync so the page never
    // goes on showing (and accepting edits to) a record that is no longer there.
    const unsubscribe = subscribe('sync:status-changed', () => void load());
    return () => {
      current = false;
      unsubscribe();
    };
  }, [patientId]);

  const backLink = (
    <a
      className="nhsuk-back-link"
      href="#"
      onClick={(e) => {
        e.preventDefault();
        navigate({ screen: 'patients' });
      }}
    >
      Worklist
    </a>
  );
  if (gone) {
    return (
      <>
        {backLink}
        <div className="nhsuk-error-summary" role="alert" tabIndex={-1} data-testid="patient-gone">
          <h1 className="nhsuk-error-summary__title">This patient's record is no longer available</h1>
          <div className="nhsuk-error-summary__body">
            <p>{gone}</p>
            <p>Nothing more can be recorded against it here. Find the patient again from the worklist (a merged record appears under its surviving NHS number).</p>
          </div>
        </div>
      </>
    );
  }
  if (error) return <p className="nhsuk-error-message">{error}</p>;
  if (!patient) return <p className="nhsuk-body">Loading…</p>;

  const rows: [string, string][] = [
    ['NHS number', formatNhsNumber(patient.nhsNumber)],
    ['Family name', patient.familyName],
    ['Given name', patient.givenName],
    ['Date of birth', formatDate(patient.birthDate)],
    ['Sex', patient.sex[0].toUpperCase() + patient.sex.slice(1)],
  ];
  const details = (
    <>
      <h2 className="nhsuk-heading-m">Demographics</h2>
        <dl className="nhsuk-summary-list" data-testid="demographics">
          {rows.map(([key, value]) => (
            <div className="nhsuk-summary-list__row" key={key}>
              <dt className="nhsuk-summary-list__key">{key}</dt>
              <dd className="nhsuk-summary-list__value">{value}</dd>
            </div>
          ))}
        </dl>
        <button className="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => navigate({ screen: 'patient-edit', id: patient.id })}>
          Change details
        </button>
        <h2 className="nhsuk-heading-m">History</h2>
        <table className="nhsuk-table" data-testid="audit-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Who changed what and when</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th className="nhsuk-table__header" scope="col">When</th>
              <th className="nhsuk-table__header" scope="col">Who</th>
              <th className="nhsuk-table__header" scope="col">What changed</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {audit.map((entry) => (
              <tr className="nhsuk-table__row" key={entry.id}>
                <td className="nhsuk-table__cell">{new Date(entry.at).toLocaleString('en-GB')}</td>
                <td className="nhsuk-table__cell">{entry.actor}</td>
                <td className="nhsuk-table__cell">
                  <pre className="gd-audit-change">{describeChanges(entry)}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
  );
  return (
    <>
      {backLink}
      {notice && (
        <div className="nhsuk-inset-text" role="status" data-testid="notice">
          <p>{notice}</p>
        </div>
      )}
      <h1 className="nhsuk-heading-l" data-testid="patient-name">
        {patient.givenName} {patient.familyName.toUpperCase()}
      </h1>
      <Tabs
        title="Patient record"
        selected={tab}
        onSelect={setTab}
        tabs={
          [
            { id: 'overview', label: 'Overview', render: () => <CaseOverviewTab patientId={patient.id} openTab={(t) => setTab(TAB_ID[t])} onGone={onGone} /> },
            { id: 'details', label: 'Details', render: () => details },
            ...patientTabs(patient, navigate),
          ] satisfies TabSpec[]
        }
      />
    </>
  );
}
