import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { FieldError, Patient, PatientDraft } from '../../../../shared/schemas/patient.ts';
import { SEXES } from '../../../../shared/schemas/patient.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import type { SummaryItem } from '../../components/ErrorSummary.tsx';
import { TextField } from '../../components/TextField.tsx';
import type { Navigate } from '../../navigation.ts';

const FIELD_IDS: Record<string, string> = {
  nhsNumber: 'nhs-number',
  familyName: 'family-name',
  givenName: 'given-name',
  birthDate: 'birth-date',
  sex: 'sex-female',
};

const EMPTY: Required<PatientDraft> = { nhsNumber: '', familyName: '', givenName: '', birthDate: '', sex: 'unknown' };

/** Register a patient, or correct one (patientId given). Every rejection is shown in the summary and next to its field. */
export function PatientFormScreen({ navigate, patientId }: { navigate: Navigate; patientId?: string }) {
  const [draft, setDraft] = useState<Required<PatientDraft>>(EMPTY);
  const [original, setOriginal] = useState<Patient | null>(null);
  const [errors, setErrors] = useState<SummaryItem[]>([]);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!patientId) return;
    call('patients:get', { id: patientId })
      .then(({ patient }) => {
        setOriginal(patient);
        setDraft({ nhsNumber: patient.nhsNumber, familyName: patient.familyName, givenName: patient.givenName, birthDate: patient.birthDate, sex: patient.sex });
      })
      .catch((e) => setErrors([{ message: e instanceof RequestError ? describeError(e.error) : String(e) }]));
  }, [patientId]);

  const set = (field: keyof PatientDraft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    try {
      const saved = original ? await call('patients:update', { id: original.id, version: original.version, changes: draft }) : await call('patients:create', { draft });
      navigate({ screen: 'patient', id: saved.id, tab: 'details', notice: original ? 'Patient details updated' : 'Patient registered' });
    } catch (err) {
      if (err instanceof RequestError) {
        const fieldErrors = (err.error.details.fieldErrors as FieldError[] | undefined) ?? [];
        setErrors(fieldErrors.length ? fieldErrors.map((f) => ({ field: f.field, message: f.message })) : [{ message: describeError(err.error) }]);
      } else {
        setErrors([{ message: String(err) }]);
      }
    } finally {
      setSaving(false);
    }
  }

  // Editing: show the form only once the patient has loaded, so nothing typed is overwritten by the load.
  if (patientId && !original) return errors.length ? <ErrorSummary items={errors} /> : <p className="nhsuk-body">Loading…</p>;
  const title = original ? `Change details for ${original.givenName} ${original.familyName}` : 'Register a patient';
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <a
          className="nhsuk-back-link"
          href="#"
          onClick={(e) => {
            e.preventDefault();
            navigate(original ? { screen: 'patient', id: original.id, tab: 'details' } : { screen: 'patients' });
          }}
        >
          Back
        </a>
        <ErrorSummary items={errors} fieldIds={FIELD_IDS} />
        <h1 className="nhsuk-heading-l">{title}</h1>
        <form noValidate onSubmit={submit}>
          <TextField id="nhs-number" label="NHS number" hint="10 digits, for example 943 476 5919" value={draft.nhsNumber} error={errorFor('nhsNumber')} onChange={set('nhsNumber')} width="nhsuk-input--width-10" inputMode="numeric" />
          <TextField id="family-name" label="Family name" value={draft.familyName} error={errorFor('familyName')} onChange={set('familyName')} width="nhsuk-input--width-20" />
          <TextField id="given-name" label="Given name" value={draft.givenName} error={errorFor('givenName')} onChange={set('givenName')} width="nhsuk-input--width-20" />
          <TextField id="birth-date" label="Date of birth" hint="Year-month-day, for example 1985-03-27" value={draft.birthDate} error={errorFor('birthDate')} onChange={set('birthDate')} width="nhsuk-input--width-10" />
          <div className={`nhsuk-form-group${errorFor('sex') ? ' nhsuk-form-group--error' : ''}`}>
            <fieldset className="nhsuk-fieldset">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Sex</legend>
              {errorFor('sex') && <span className="nhsuk-error-message">{errorFor('sex')}</span>}
              <div className="nhsuk-radios nhsuk-radios--inline">
                {SEXES.map((s) => (
                  <div className="nhsuk-radios__item" key={s}>
                    <input className="nhsuk-radios__input" id={`sex-${s}`} name="sex" type="radio" value={s} checked={draft.sex === s} onChange={() => set('sex')(s)} />
                    <label className="nhsuk-label nhsuk-radios__label" htmlFor={`sex-${s}`}>
                      {s[0].toUpperCase() + s.slice(1)}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <button className="nhsuk-button" type="submit" disabled={saving}>
            {original ? 'Save changes' : 'Register patient'}
          </button>
        </form>
      </div>
    </div>
  );
}
