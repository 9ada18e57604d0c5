// The patient's phenotype: HPO terms present or looked for and absent, picked by label, synonym or id, kept
// as HPO ids with the release they were recorded against. A stored term the installed release made obsolete
// is flagged with its replacement. Phenopackets fill the phenotype or carry the case out. HPO's licence asks
// that the release and the attribution be shown with its content: the footer does.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { ChannelOutput } from '../../../../shared/ipc/contract.ts';
import type { PatientPhenotype } from '../../../../shared/schemas/patient-phenotype.ts';
import type { HpoTermInfo } from '../../../../shared/schemas/phenotype.ts';
import { describeError } from '../../lib/error-messages.ts';
import { formatDateTime } from '../../lib/format.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { TermPicker } from './TermPicker.tsx';
import './phenotype.css';

type Info = ChannelOutput<'phenotype:info'>;
interface DraftTerm {
  id: string;
  label: string;
  excluded: boolean;
  definition: string | null;
  status: PatientPhenotype['terms'][number]['status'];
  replacedBy: { id: string; label: string } | null;
  hpoRelease: string | null;
}

const messageOf = (err: unknown) => (err instanceof RequestError ? describeError(err.error) : String(err));
const draftOf = (p: PatientPhenotype): DraftTerm[] => p.terms.map((t) => ({ ...t }));

export function PhenotypeSection({ patientId, onSaved }: { patientId: string; onSaved: (p: PatientPhenotype) => void }) {
  const [phenotype, setPhenotype] = useState<PatientPhenotype | null>(null);
  const [info, setInfo] = useState<Info | null>(null);
  const [draft, setDraft] = useState<DraftTerm[]>([]);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [packetPath, setPacketPath] = useState('');

  function show(p: PatientPhenotype) {
    setPhenotype(p);
    setDraft(draftOf(p));
    setDirty(false);
    onSaved(p);
  }

  useEffect(() => {
    call('phenotype:get', { patientId }).then(show, (e) => setError(messageOf(e)));
    call('phenotype:info', {}).then(setInfo, (e) => setError(messageOf(e)));
  }, [patientId]);

  function edit(next: DraftTerm[]) {
    setDraft(next);
    setDirty(true);
    setMessage(null);
  }

  function pick(t: HpoTermInfo, excluded: boolean) {
    edit([...draft, { id: t.id, label: t.label, excluded, definition: t.definition, status: 'current', replacedBy: null, hpoRelease: info?.hpoVersion ?? null }]);
  }

  async function save(e?: FormEvent) {
    e?.preventDefault();
    if (!phenotype) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await call('phenotype:set', { patientId, terms: draft.map((t) => ({ id: t.id, excluded: t.excluded })), basedOnVersion: phenotype.version });
      show(saved);
      setMessage(`Phenotype saved: ${saved.terms.filter((t) => !t.excluded).length} present, ${saved.terms.filter((t) => t.excluded).length} absent.`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function importPacket() {
    setError(null);
    setMessage(null);
    if (!packetPath.trim()) return setError('Enter the path of a phenopacket JSON file.');
    setBusy(true);
    try {
      const r = await call('phenotype:import-phenopacket', { patientId, file: packetPath.trim(), basedOnVersion: phenotype?.version });
      show(r.phenotype);
      setMessage([`Imported ${r.imported.observed} present and ${r.imported.excluded} absent terms from the phenopacket.`, ...r.warnings].join(' '));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function exportPacket() {
    setError(null);
    setMessage(null);
    if (!packetPath.trim()) return setError('Enter the path to write the phenopacket to (a .json file).');
    try {
      const r = await call('phenotype:export-phenopacket', { patientId, file: packetPath.trim() });
      setMessage(`Phenopacket written to ${r.file}.`);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const chosen = new Set(draft.map((t) => t.id));
  return (
    <section aria-labelledby="ph-heading" className="gd-ph" data-testid="ph-section">
      <h3 className="nhsuk-heading-m" id="ph-heading">
        Phenotype (HPO)
      </h3>
      {message && (
        <div className="nhsuk-inset-text gd-ph-message" role="status" data-testid="ph-message">
          <p>{message}</p>
        </div>
      )}
      {error && (
        <p className="nhsuk-error-message" role="alert" data-testid="ph-error">
          {error}
        </p>
      )}
      <div className="gd-ph-columns">
        <div>
          <TermPicker chosenIds={chosen} onPick={pick} />
        </div>
        <form onSubmit={save} noValidate>
          <table className="nhsuk-table gd-dx-table gd-ph-terms" data-testid="ph-terms">
            <caption className="nhsuk-table__caption nhsuk-u-font-size-19">
              {draft.length ? `${draft.length} terms${phenotype?.updatedBy ? ` · saved by ${phenotype.updatedBy}, ${formatDateTime(phenotype.updatedAt!)}` : ''}` : 'No HPO terms yet'}
            </caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Term</th>
                <th scope="col">Finding (absent = looked for, not found)</th>
                <th scope="col">
                  <span className="nhsuk-u-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.map((t, i) => (
                <tr key={t.id} data-testid="ph-term" data-term={t.id} data-excluded={t.excluded}>
                  <td className="nhsuk-table__cell">
                    <strong>{t.label || t.id}</strong> <span className="gd-muted">{t.id}</span>
                    {t.status !== 'current' && (
                      <div className="gd-ph-obsolete" data-testid="ph-obsolete">
                        {t.status === 'unknown'
                          ? `Not in the installed HPO ${phenotype?.installedHpoRelease ?? ''}; recorded with ${t.hpoRelease ? `HPO ${t.hpoRelease}` : 'an unrecorded release'}.`
                          : `${t.status === 'obsolete' ? 'Obsolete' : 'Merged'} in HPO ${phenotype?.installedHpoRelease}: replaced by ${t.replacedBy?.label} (${t.replacedBy?.id}).`}{' '}
                        {t.replacedBy && (
                          <button
                            type="button"
                            className="gd-ph-link"
                            onClick={() => edit(draft.map((d, j) => (j === i ? { ...d, id: t.replacedBy!.id, label: t.replacedBy!.label, status: 'current', replacedBy: null } : d)))}
                          >
                            Use {t.replacedBy.id} instead
                          </button>
                        )}
                      </div>
                    )}
                    {t.definition && (
                      <details className="gd-ph-definition">
                        <summary>Definition</summary>
                        <p className="nhsuk-body-s">{t.definition}</p>
                      </details>
                    )}
                  </td>
                  <td className="nhsuk-table__cell">
                    <select
                      className="nhsuk-select gd-ph-select"
                      aria-label={`Finding for ${t.label || t.id}`}
                      value={t.excluded ? 'absent' : 'present'}
                      onChange={(e) => edit(draft.map((d, j) => (j === i ? { ...d, excluded: e.target.value === 'absent' } : d)))}
                    >
                      <option value="present">Present</option>
                      <option value="absent">Absent</option>
                    </select>
                  </td>
                  <td className="nhsuk-table__cell">
                    <button type="button" className="gd-ph-link gd-ph-remove" aria-label={`Remove ${t.label || t.id}`} onClick={() => edit(draft.filter((_, j) => j !== i))}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button className="nhsuk-button" type="submit" disabled={!dirty || busy} data-testid="ph-save">
            Save phenotype
          </button>
          {dirty && <span className="gd-ph-unsaved nhsuk-body-s">Unsaved changes</span>}
        </form>
      </div>
      <details className="nhsuk-details" data-testid="ph-phenopacket">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Phenopacket (GA4GH v2) import or export</span>
        </summary>
        <div className="nhsuk-details__text">
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="ph-packet">
              Phenopacket file
            </label>
            <div className="nhsuk-hint" id="ph-packet-hint">
              The path of a phenopacket JSON file. Import replaces the terms above; export writes this case (for Exomiser, LIRICAL or PhEval).
            </div>
            <input className="nhsuk-input" id="ph-packet" aria-describedby="ph-packet-hint" spellCheck={false} value={packetPath} onChange={(e) => setPacketPath(e.target.value)} />
          </div>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={() => void importPacket()}>
            Import phenopacket
          </button>{' '}
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={() => void exportPacket()}>
            Export phenopacket
          </button>
        </div>
      </details>
      {info && (
        <p className="nhsuk-body-s gd-muted gd-ph-attribution" data-testid="ph-attribution">
          HPO release {info.hpoVersion} ({info.dataVersion.source === 'pack' ? 'installed pack' : 'shipped with GenoDesk'}). {info.attribution}
        </p>
      )}
    </section>
  );
}
