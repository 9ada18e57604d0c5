import { useEffect, useState } from 'react';
import type { AuditEntry, Patient } from '../../../../shared/schemas/patient.ts';
import { formatNhsNumber } from '../../../../shared/nhs-number.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import type { Navigate } from '../../navigation.ts';
import { formatDate } from './PatientListScreen.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import type { TabSpec } from '../../components/Tabs.tsx';
import { patientTabs } from '../patient-tabs.tsx';

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

export function PatientScreen({ navigate, patientId, notice }: { navigate: Navigate; patientId: string; notice?: string }) {
  const [patient, setPatient] = useState<Patient | null>(null);
  const [tab, setTab] = useState('details');
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    Promise.all([call('patients:get', { id: patientId }), call('audit:list', { entityType: 'patient', entityId: patientId })])
      .then(([{ patient }, { entries }]) => {
        setPatient(patient);
        setAudit(entries);
      })
      .catch((e) => setError(e instanceof RequestError ? describeError(e.error) : String(e)));
  }, [patientId]);

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
      <a
        className="nhsuk-back-link"
        href="#"
        onClick={(e) => {
          e.preventDefault();
          navigate({ screen: 'patients' });
        }}
      >
        All patients
      </a>
      {notice && (
        <div className="nhsuk-inset-text" role="status" data-testid="notice">
          <p>{notice}</p>
        </div>
      )}
      <h1 className="nhsuk-heading-l" data-testid="patient-name">
        {patient.givenName} {patient.familyName.toUpperCase()}
      </h1>
      <Tabs title="Patient record" selected={tab} onSelect={setTab} tabs={[{ id: 'details', label: 'Details', render: () => details }, ...patientTabs(patient, navigate)] satisfies TabSpec[]} />
    </>
  );
}
