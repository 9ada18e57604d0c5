// Consent to additional (secondary) findings: recorded with who and when; the latest decision is in force
// and earlier ones stay listed. Secondary findings are looked for only while consent is recorded.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ConsentRecord } from '../../../../shared/schemas/diagnosis-workspace.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { describeError } from '../../lib/error-messages.ts';
import { formatDateTime } from '../../lib/format.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { Details } from '../../components/Details.tsx';

export function ConsentForm({ patientId, history, onSaved }: { patientId: string; history: ConsentRecord[]; onSaved: (c: ConsentRecord) => void }) {
  const current = history[0] ?? null;
  const [choice, setChoice] = useState<'' | 'yes' | 'no'>('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!choice) {
      setError('Choose whether the patient consents to additional findings');
      return;
    }
    setError(null);
    try {
      const { consent } = await call('diagnosis:consent-save', { patientId, additionalFindings: choice === 'yes', note: note.trim() || undefined });
      setChoice('');
      setNote('');
      onSaved(consent);
    } catch (err) {
      setError(err instanceof RequestError ? describeError(err.error) : String(err));
    }
  }

  return (
    <section aria-labelledby="dx-consent-heading" data-testid="dx-consent">
      <h3 className="nhsuk-heading-m" id="dx-consent-heading">
        Consent to additional findings
      </h3>
      <p className="nhsuk-body" data-testid="dx-consent-status">
        {current
          ? `${current.additionalFindings ? 'Consented' : 'Declined'}: recorded by ${current.recordedBy} on ${formatDateTime(current.recordedAt)}${current.note ? ` (${current.note})` : ''}.`
          : 'Not recorded. Secondary findings are not looked for until the patient’s consent is recorded.'}
      </p>
      <form noValidate onSubmit={save} data-testid="dx-consent-form">
        <ErrorSummary items={error ? [{ field: 'choice', message: error }] : []} fieldIds={{ choice: 'dx-consent-yes' }} />
        <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
          <fieldset className="nhsuk-fieldset" aria-describedby="dx-consent-hint">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{current ? 'Record a new decision' : 'Record the patient’s decision'}</legend>
            <div className="nhsuk-hint" id="dx-consent-hint">
              Additional findings are pathogenic or likely pathogenic variants in the ACMG secondary-findings genes (v3.2), unrelated to the referral.
            </div>
            <div className="nhsuk-radios nhsuk-radios--small">
              <div className="nhsuk-radios__item">
                <input className="nhsuk-radios__input" id="dx-consent-yes" name="dx-consent" type="radio" checked={choice === 'yes'} onChange={() => setChoice('yes')} />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor="dx-consent-yes">
                  The patient consents to additional findings
                </label>
              </div>
              <div className="nhsuk-radios__item">
                <input className="nhsuk-radios__input" id="dx-consent-no" name="dx-consent" type="radio" checked={choice === 'no'} onChange={() => setChoice('no')} />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor="dx-consent-no">
                  The patient does not consent
                </label>
              </div>
            </div>
          </fieldset>
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="dx-consent-note">
            Where the consent was taken (optional)
          </label>
          <input className="nhsuk-input" id="dx-consent-note" value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          Record consent decision
        </button>
      </form>
      {history.length > 1 && (
        <Details summary="Earlier decisions">
          <ul className="nhsuk-list">
            {history.slice(1).map((c) => (
              <li key={c.recordedAt + c.recordedBy}>
                {c.additionalFindings ? 'Consented' : 'Declined'}, {c.recordedBy}, {formatDateTime(c.recordedAt)}
              </li>
            ))}
          </ul>
        </Details>
      )}
    </section>
  );
}
