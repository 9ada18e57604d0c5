// The referral: clinical indication and the panels chosen (each installed panel with
// its version; the chosen version is pinned with the referral). A lab can install its own PanelApp export.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { ChannelOutput } from '../../../../shared/ipc/contract.ts';
import type { InstalledPanel, Referral } from '../../../../shared/schemas/diagnosis-workspace.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import type { SummaryItem } from '../../components/ErrorSummary.tsx';
import { describeError } from '../../lib/error-messages.ts';
import { formatDateTime } from '../../lib/format.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { PathField } from '../../components/PathField.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Details } from '../../components/Details.tsx';

type PanelsList = ChannelOutput<'diagnosis:panels-list'>;

const FIELDS = { indication: 'dx-indication', panels: 'dx-panels' };

function panelLabel(p: InstalledPanel): string {
  return `${p.name} (PanelApp ${p.id})`;
}

export function ReferralForm({
  patientId,
  panels,
  referral,
  onSaved,
  onPanelsChanged,
  hpoSummary,
}: {
  /** The patient's HPO terms as the phenotype section holds them (the referral shows them, never edits them). */
  hpoSummary: string;
  patientId: string;
  panels: PanelsList;
  referral: Referral | null;
  onSaved: (r: Referral) => void;
  onPanelsChanged: () => void;
}) {
  const [indication, setIndication] = useState(referral?.clinicalIndication ?? '');
  // panel id -> chosen version ('' = not chosen)
  const [chosen, setChosen] = useState<Record<string, string>>(() => Object.fromEntries((referral?.panels ?? []).map((p) => [p.id, p.version])));
  const [errors, setErrors] = useState<SummaryItem[]>([]);
  const [busy, setBusy] = useState(false);
  const [installFile, setInstallFile] = useState('');
  const [installVersion, setInstallVersion] = useState('');
  const [installMessage, setInstallMessage] = useState<string | null>(null);
  const [installError, setInstallError] = useState<string | null>(null);
  const [editing, setEditing] = useState(referral === null);

  useEffect(() => {
    setIndication(referral?.clinicalIndication ?? '');
    setChosen(Object.fromEntries((referral?.panels ?? []).map((p) => [p.id, p.version])));
  }, [referral]);

  // One row per panel id; its versions newest first (the list is sorted that way).
  const byId = new Map<string, InstalledPanel[]>();
  for (const p of panels.panels) byId.set(p.id, [...(byId.get(p.id) ?? []), p]);

  async function save(e: FormEvent) {
    e.preventDefault();
    const problems: SummaryItem[] = [];
    if (!indication.trim()) problems.push({ field: 'indication', message: 'Enter the clinical indication' });
    // In the order the chooser lists them (by name), not the order they were ticked.
    const selected = [...byId.keys()].filter((id) => chosen[id]).map((id) => [id, chosen[id]] as const);
    if (selected.length === 0) problems.push({ field: 'panels', message: 'Choose at least one gene panel' });
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const { referral: saved } = await call('diagnosis:referral-save', {
        patientId,
        clinicalIndication: indication.trim(),
        // HPO terms live in the patient's phenotype (the Phenotype section); the referral's own list is kept as it was.
        hpoTerms: referral?.hpoTerms ?? [],
        panels: selected.map(([id, version]) => ({ id, version })),
        basedOnVersion: referral?.version,
      });
      setEditing(false);
      onSaved(saved);
    } catch (err) {
      setErrors([{ message: err instanceof RequestError ? describeError(err.error) : String(err) }]);
    } finally {
      setBusy(false);
    }
  }

  async function install(e: FormEvent) {
    e.preventDefault();
    setInstallMessage(null);
    setInstallError(null);
    if (!installFile.trim()) {
      setInstallError('Enter the path of the PanelApp export to install');
      return;
    }
    try {
      const r = await call('diagnosis:panels-install', { file: installFile.trim(), version: installVersion.trim() || undefined });
      const names = (list: InstalledPanel[]) => list.map((p) => `${p.name} v${p.version}`).join(', ');
      setInstallMessage(
        [r.installed.length ? `Installed ${names(r.installed)}.` : '', r.alreadyInstalled.length ? `Already installed: ${names(r.alreadyInstalled)}.` : ''].filter(Boolean).join(' '),
      );
      setInstallFile('');
      setInstallVersion('');
      onPanelsChanged();
    } catch (err) {
      setInstallError(err instanceof RequestError ? describeError(err.error) : String(err));
    }
  }

  const fieldError = (f: string) => errors.find((x) => x.field === f)?.message;
  return (
    <section aria-labelledby="dx-referral-heading" data-testid="dx-referral">
      <h3 className="nhsuk-heading-m" id="dx-referral-heading">
        Referral
      </h3>
      {referral && (
        <p className="nhsuk-body-s gd-muted" data-testid="dx-referral-saved">
          Saved by {referral.updatedBy} on {formatDateTime(referral.updatedAt)} (version {referral.version}).
        </p>
      )}
      {referral && !editing && (
        <>
          <dl className="nhsuk-summary-list" data-testid="dx-referral-summary">
            {[
              ['Clinical indication', referral.clinicalIndication],
              ['HPO terms', hpoSummary],
              ['Panels', referral.panels.map((p) => `${p.name} v${p.version} (PanelApp ${p.id})`).join('; ')],
            ].map(([k, v]) => (
              <div className="nhsuk-summary-list__row" key={k}>
                <dt className="nhsuk-summary-list__key">{k}</dt>
                <dd className="nhsuk-summary-list__value">{v}</dd>
              </div>
            ))}
          </dl>
          <button className="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => setEditing(true)}>
            Change the referral
          </button>
        </>
      )}
      {editing && (
        <form noValidate onSubmit={save} data-testid="dx-referral-form">
          <ErrorSummary items={errors} fieldIds={{ indication: FIELDS.indication, panels: `${FIELDS.panels}-first` }} />
          <div className={`nhsuk-form-group${fieldError('indication') ? ' nhsuk-form-group--error' : ''}`}>
            <label className="nhsuk-label" htmlFor={FIELDS.indication}>
              Clinical indication
            </label>
            <div className="nhsuk-hint" id={`${FIELDS.indication}-hint`}>
              Why the patient was referred, as on the test request form.
            </div>
            {fieldError('indication') && (
              <span className="nhsuk-error-message" id={`${FIELDS.indication}-error`}>
                <span className="nhsuk-u-visually-hidden">Error:</span> {fieldError('indication')}
              </span>
            )}
            <textarea
              className={`nhsuk-textarea${fieldError('indication') ? ' nhsuk-textarea--error' : ''}`}
              id={FIELDS.indication}
              rows={2}
              value={indication}
              aria-describedby={`${FIELDS.indication}-hint${fieldError('indication') ? ` ${FIELDS.indication}-error` : ''}`}
              onChange={(e) => setIndication(e.target.value)}
            />
          </div>
          <div className={`nhsuk-form-group${fieldError('panels') ? ' nhsuk-form-group--error' : ''}`}>
            <fieldset className="nhsuk-fieldset" aria-describedby={`${FIELDS.panels}-hint`} data-testid="dx-panel-chooser">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Gene panels</legend>
              <div className="nhsuk-hint" id={`${FIELDS.panels}-hint`}>
                Installed PanelApp panels. The version chosen is kept with the referral and every analysis of it.
              </div>
              {fieldError('panels') && (
                <span className="nhsuk-error-message">
                  <span className="nhsuk-u-visually-hidden">Error:</span> {fieldError('panels')}
                </span>
              )}
              <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
                {[...byId.entries()].map(([id, versions], index) => {
                  const newest = versions[0];
                  const checkboxId = index === 0 ? `${FIELDS.panels}-first` : `dx-panel-${id}`;
                  return (
                    <div className="nhsuk-checkboxes__item gd-dx-panel" key={id}>
                      <input
                        className="nhsuk-checkboxes__input"
                        id={checkboxId}
                        type="checkbox"
                        checked={Boolean(chosen[id])}
                        onChange={(e) => setChosen({ ...chosen, [id]: e.target.checked ? (chosen[id] || newest.version) : '' })}
                      />
                      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={checkboxId}>
                        {panelLabel(newest)}
                      </label>
                      <div className="nhsuk-hint nhsuk-checkboxes__hint">
                        {newest.greenGenes} green of {newest.genes} genes
                        {newest.diseaseGroup ? ` · ${newest.diseaseGroup}` : ''}{' '}
                        {newest.origin === 'shipped' ? <strong className="nhsuk-tag nhsuk-tag--grey">Demo pack: tests only</strong> : <strong className="nhsuk-tag nhsuk-tag--blue">Installed by the lab</strong>}
                      </div>
                      {versions.length > 1 ? (
                        <div className="gd-dx-version">
                          <label className="nhsuk-label nhsuk-u-font-size-16" htmlFor={`dx-panel-version-${id}`}>
                            Version of {newest.name}
                          </label>
                          <select className="nhsuk-select" id={`dx-panel-version-${id}`} value={chosen[id] || newest.version} onChange={(e) => setChosen({ ...chosen, [id]: e.target.value })}>
                            {versions.map((v) => (
                              <option key={v.version} value={v.version}>
                                {v.version}
                              </option>
                            ))}
                          </select>
                        </div>
                      ) : (
                        <div className="nhsuk-hint nhsuk-checkboxes__hint" data-testid={`dx-panel-version-${id}`}>
                          Version {chosen[id] || newest.version}
                        </div>
                      )}
                    </div>
                  );
                })}
              </div>
            </fieldset>
          </div>
          <button className="nhsuk-button" type="submit" disabled={busy}>
            {referral ? 'Save changes to the referral' : 'Save referral'}
          </button>
          {referral && (
            <button className="nhsuk-button nhsuk-button--secondary gd-dx-cancel" type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          )}
        </form>
      )}
      <Details summary="Install a PanelApp export" testId="dx-install-panel">
        <p className="nhsuk-body-s">
          The panels shipped with GenoDesk are for the demonstration and tests only. Install the lab’s own export from PanelApp (the API v1 panel JSON, or the flat table
          with the version it was exported at), under Genomics England’s terms.
        </p>
        <form noValidate onSubmit={install}>
          {installError && (
            <ErrorNotice title="The panel was not installed" level={4} testId="dx-install-error">
              {installError}
            </ErrorNotice>
          )}
          {installMessage && (
            <p className="nhsuk-body-s" role="status" data-testid="dx-install-notice">
              {installMessage}
            </p>
          )}
          <PathField id="dx-install-file" label="PanelApp export file" hint="A panel .json from PanelApp’s API, or its flat .tsv export." value={installFile} purpose="pack" chooseLabel="Choose file…" onChange={setInstallFile} />
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="dx-install-version">
              Version label (flat table only)
            </label>
            <div className="nhsuk-hint" id="dx-install-version-hint">
              The flat table carries no versions: give the version or export date, for example 3.12 or 2026-11-20.
            </div>
            <input className="nhsuk-input nhsuk-input--width-10" id="dx-install-version" aria-describedby="dx-install-version-hint" value={installVersion} onChange={(e) => setInstallVersion(e.target.value)} />
          </div>
          <button className="nhsuk-button nhsuk-button--secondary" type="submit">
            Install panel
          </button>
        </form>
      </Details>
    </section>
  );
}
