// Recording a family: the proband's mother, father and siblings by NHS number (registered patients), who is
// affected, or a PED file. The service checks everything (registered, sex fits the role, no repeats) and the
// error names what to correct; nothing is saved from a refused edit.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Family } from '../../../../shared/schemas/family.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { TextField } from '../../components/TextField.tsx';
import { describeError } from '../../lib/error-messages.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';

const list = (text: string) =>
  text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

function nhsOf(family: Family | null, relation: string): string {
  return family?.members.filter((m) => m.relation === relation).map((m) => m.nhsNumber).join(', ') ?? '';
}

export function FamilyEditor({ patientId, family, onSaved }: { patientId: string; family: Family | null; onSaved: (f: Family) => void }) {
  const [mother, setMother] = useState(nhsOf(family, 'mother'));
  const [father, setFather] = useState(nhsOf(family, 'father'));
  const [siblings, setSiblings] = useState(nhsOf(family, 'sibling'));
  const [affected, setAffected] = useState(family?.members.filter((m) => m.affected === 'affected').map((m) => m.nhsNumber).join(', ') ?? '');
  const [pedigreeNumber, setPedigreeNumber] = useState(family?.pedigreeNumber ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const aff = list(affected);
      const { family: saved } = await call('family:set', {
        draft: {
          proband: patientId,
          mother: mother.trim() || undefined,
          father: father.trim() || undefined,
          siblings: list(siblings),
          affected: aff.length ? aff : undefined,
          version: family && family.proband === patientId ? family.version : undefined,
          // Empty clears a recorded number: the field shows the recorded one, so leaving it is keeping it.
          pedigreeNumber: pedigreeNumber.trim(),
        },
      });
      onSaved(saved);
    } catch (err) {
      setError(err instanceof RequestError ? describeError(err.error) : String(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={save} data-testid="family-editor" noValidate>
      <h3>Record the family</h3>
      {error && (
        <ErrorNotice title="The family was not saved" level={4} testId="family-editor-error" focus>
          {error}
        </ErrorNotice>
      )}
      <div className="gd-family-fields">
        <TextField id="family-mother" label="Mother's NHS number" value={mother} onChange={setMother} width="nhsuk-input--width-10" inputMode="numeric" />
        <TextField id="family-father" label="Father's NHS number" value={father} onChange={setFather} width="nhsuk-input--width-10" inputMode="numeric" />
        <TextField id="family-siblings" label="Siblings' NHS numbers" hint="Separate with commas" value={siblings} onChange={setSiblings} width="nhsuk-input--width-20" />
        <TextField
          id="family-affected"
          label="Affected members' NHS numbers"
          hint="Everyone else is recorded unaffected; empty means only this patient"
          value={affected}
          onChange={setAffected}
          width="nhsuk-input--width-20"
        />
        <TextField
          id="family-pedigree-number"
          label="Pedigree number (optional)"
          hint="The clinical genetics service's number for this family; sent with the relatives"
          value={pedigreeNumber}
          onChange={setPedigreeNumber}
          width="nhsuk-input--width-10"
        />
      </div>
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={saving} data-testid="family-save">
        Save family
      </button>
    </form>
  );
}

export function PedImportForm({ onImported }: { onImported: (f: Family) => void }) {
  const [file, setFile] = useState('');
  const [map, setMap] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const pairs = Object.fromEntries(
        list(map).map((p) => {
          const eq = p.indexOf('=');
          return [p.slice(0, eq).trim(), p.slice(eq + 1).trim()];
        }),
      );
      const { family } = await call('family:import-ped', { file, map: Object.keys(pairs).length ? pairs : undefined });
      onImported(family);
    } catch (err) {
      setError(err instanceof RequestError ? describeError(err.error) : String(err));
    }
  }

  return (
    <form onSubmit={submit} data-testid="family-ped-form" noValidate>
      <h3>Import a PED file</h3>
      {error && (
        <ErrorNotice title="The PED file was not imported" level={4} testId="family-ped-error" focus>
          {error}
        </ErrorNotice>
      )}
      <TextField id="family-ped-file" label="PED file" hint="Path to the .ped file on this computer" value={file} onChange={setFile} width="nhsuk-input--width-30" />
      <TextField
        id="family-ped-map"
        label="Sample to patient (optional)"
        hint="SAMPLE=NHS number, separated by commas, for samples whose name is not an NHS number or an imported sample"
        value={map}
        onChange={setMap}
        width="nhsuk-input--width-30"
      />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" data-testid="family-ped-import">
        Import PED
      </button>
    </form>
  );
}
