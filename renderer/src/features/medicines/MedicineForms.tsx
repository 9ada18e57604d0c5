import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { DrugEntry } from '../../../../shared/schemas/medicines.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { TextField } from '../../components/TextField.tsx';
import { describeError } from '../../lib/error-messages.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { codeLabel } from './code-label.ts';

/** Catalogue names matching what is typed, to pick from (the list is the drugs GenoDesk can check). */
function useMatches(query: string): DrugEntry[] {
  const [drugs, setDrugs] = useState<DrugEntry[]>([]);
  useEffect(() => {
    if (query.trim().length < 2) {
      setDrugs([]);
      return;
    }
    let live = true;
    call('medicines:search', { query })
      .then((r) => live && setDrugs(r.drugs.slice(0, 6)))
      .catch(() => live && setDrugs([]));
    return () => {
      live = false;
    };
  }, [query]);
  return drugs;
}

function Matches({ query, onPick, testId }: { query: string; onPick: (name: string) => void; testId: string }) {
  const drugs = useMatches(query);
  if (drugs.length === 0 || drugs.some((d) => d.name === query.trim().toLowerCase())) return null;
  return (
    <div className="gd-med-matches" data-testid={testId} aria-label="Matching medicines">
      {drugs.map((d) => (
        <span key={d.name} className="gd-med-match">
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => onPick(d.name)}>
            {d.name}
          </button>
          {d.code && <span className="gd-med-code">{codeLabel(d.code)}</span>}
        </span>
      ))}
    </div>
  );
}

/** Adds a current medicine by name; an unknown name is kept as free text and said to be unchecked. */
export function AddMedicineForm({ patientId, onAdded }: { patientId: string; onAdded: (message: string) => void }) {
  const [drug, setDrug] = useState('');
  const [dose, setDose] = useState('');
  const [started, setStarted] = useState('');
  const [errors, setErrors] = useState<{ field: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!drug.trim()) {
      setErrors([{ field: 'med-drug', message: 'Enter the name of the medicine' }]);
      return;
    }
    setBusy(true);
    setErrors([]);
    try {
      const r = await call('medicines:add', { patientId, draft: { drug: drug.trim(), dose: dose.trim() || undefined, started: started.trim() || undefined } });
      setDrug('');
      setDose('');
      setStarted('');
      onAdded(
        r.medication.checked
          ? `Added ${r.medication.drug}.`
          : `Added “${r.medication.drug}” as free text: not a medicine GenoDesk knows, so it is not checked.${r.suggestions.length ? ` Did you mean ${r.suggestions.join(', ')}?` : ''}`,
      );
    } catch (err) {
      const message = err instanceof RequestError ? describeError(err.error) : String(err);
      const field = err instanceof RequestError && err.error.code === 'medicines/bad-date' ? 'med-started' : 'med-drug';
      setErrors([{ field, message }]);
    } finally {
      setBusy(false);
    }
  }

  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <form onSubmit={submit} noValidate data-testid="med-add-form" aria-labelledby="med-add-heading">
      <h3 className="nhsuk-heading-s" id="med-add-heading">
        Add a current medicine
      </h3>
      <ErrorSummary items={errors} fieldIds={{ 'med-drug': 'med-drug', 'med-started': 'med-started' }} />
      <TextField id="med-drug" label="Medicine (generic name)" value={drug} error={errorFor('med-drug')} onChange={setDrug} width="nhsuk-input--width-20" />
      <Matches query={drug} onPick={setDrug} testId="med-add-matches" />
      <TextField id="med-dose" label="Dose (optional)" value={dose} onChange={setDose} width="nhsuk-input--width-20" />
      <TextField id="med-started" label="Started (optional)" hint="For example, 2024-03-27" value={started} error={errorFor('med-started')} onChange={setStarted} width="nhsuk-input--width-10" />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
        Add medicine
      </button>
    </form>
  );
}

/** A medicine a prescriber is considering: checked alongside the current ones, nothing stored. */
export function ConsiderForm({ onConsider }: { onConsider: (name: string) => void }) {
  const [drug, setDrug] = useState('');
  const [error, setError] = useState<string | undefined>();
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!drug.trim()) {
      setError('Enter the name of the medicine to check');
      return;
    }
    setError(undefined);
    onConsider(drug.trim());
    setDrug('');
  }
  return (
    <form onSubmit={submit} noValidate data-testid="med-consider-form" aria-labelledby="med-consider-heading">
      <h3 className="nhsuk-heading-s" id="med-consider-heading">
        Check a medicine being considered
      </h3>
      <TextField id="med-consider" label="Medicine (generic name)" hint="Not added to the list; checked against the result and the current medicines." value={drug} error={error} onChange={setDrug} width="nhsuk-input--width-20" />
      <Matches query={drug} onPick={setDrug} testId="med-consider-matches" />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit">
        Check
      </button>
    </form>
  );
}
