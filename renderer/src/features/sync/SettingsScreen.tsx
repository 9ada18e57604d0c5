import { useState } from 'react';
import type { FormEvent } from 'react';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import { TextField } from '../../components/TextField.tsx';
import type { Navigate } from '../../navigation.ts';

/** Where the central FHIR server is and GenoDesk's client credentials; the secret is stored encrypted and never shown again. */
export function SettingsScreen({ navigate }: { navigate: Navigate }) {
  const [values, setValues] = useState({ serverUrl: '', tokenUrl: '', clientId: '', clientSecret: '' });
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const set = (k: keyof typeof values) => (v: string) => setValues({ ...values, [k]: v });
  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await call('sync:configure', values);
      setSaved(true);
      setValues({ ...values, clientSecret: '' });
    } catch (err) {
      setError(err instanceof RequestError ? describeError(err.error) : String(err));
    }
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
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
        <h1 className="nhsuk-heading-l">Sync settings</h1>
        <p className="nhsuk-body">GenoDesk works fully offline. When the central FHIR server can be reached, changes are sent and received in the background.</p>
        {error && (
          <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
            <h2 className="nhsuk-error-summary__title">There is a problem</h2>
            <div className="nhsuk-error-summary__body">
              <p>{error}</p>
            </div>
          </div>
        )}
        {saved && (
          <div className="nhsuk-inset-text" role="status">
            <p>Sync settings saved.</p>
          </div>
        )}
        <form noValidate onSubmit={save}>
          <TextField id="server-url" label="FHIR server URL" hint="For example https://fhir.example.nhs.uk/R4" value={values.serverUrl} onChange={set('serverUrl')} />
          <TextField id="token-url" label="Token URL (OAuth2 client credentials)" value={values.tokenUrl} onChange={set('tokenUrl')} />
          <TextField id="client-id" label="Client ID" value={values.clientId} onChange={set('clientId')} width="nhsuk-input--width-20" />
          <TextField id="client-secret" label="Client secret" hint="Stored encrypted on this computer; never shown again" value={values.clientSecret} onChange={set('clientSecret')} width="nhsuk-input--width-20" />
          <button className="nhsuk-button" type="submit">
            Save settings
          </button>
        </form>
      </div>
    </div>
  );
}
