import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { PackInfo, PackInstallProgress, PackList } from '../../../../shared/schemas/packs.ts';
import { call, RequestError, subscribe } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import { formatBytes, formatDateTime } from '../../lib/format.ts';
import '../annotation/annotation.css';

type Build = '' | 'GRCh37' | 'GRCh38';

const KIND_LABELS: Record<PackInfo['kind'], string> = {
  transcripts: 'Transcripts (GFF3 + FASTA)',
  clinvar: 'ClinVar',
  panel: 'Gene panel (PanelApp)',
  frequency: 'Population frequencies (gnomAD)',
};
const PHASE_LABELS: Record<PackInstallProgress['phase'], string> = {
  copying: 'Copying',
  verifying: 'Checking checksums',
  checking: 'Reading the files to the end and checking the genome build',
  finishing: 'Switching to the new pack',
};

function PackFacts({ pack }: { pack: PackInfo }) {
  return (
    <dl className="nhsuk-summary-list gd-pack-facts">
      {(
        [
          ['Kind', KIND_LABELS[pack.kind]],
          ['Genome build', pack.build === 'any' ? 'Any (panel)' : pack.build],
          ['Version', pack.version],
          ['Date', pack.date],
          ['Source', pack.source],
          ['Licence', pack.licence],
          ['Checksum (SHA-256)', pack.sha256],
          ['Size', `${formatBytes(pack.bytes)} in ${pack.files.length} file${pack.files.length === 1 ? '' : 's'}`],
          ...(pack.installedAt ? [['Installed', `${formatDateTime(pack.installedAt)}${pack.installedBy ? ` by ${pack.installedBy}` : ''}`]] : []),
          ...(pack.panels ? [['Panels', pack.panels.map((p) => `${p.name} v${p.version}`).join('; ')]] : []),
          ...(pack.notes ? [['Notes', pack.notes]] : []),
        ] as [string, string][]
      ).map(([k, v]) => (
        <div className="nhsuk-summary-list__row" key={k}>
          <dt className="nhsuk-summary-list__key">{k}</dt>
          <dd className={`nhsuk-summary-list__value${k.startsWith('Checksum') ? ' gd-break' : ''}`}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Reference packs: what annotation uses (transcripts, ClinVar, panels) with the facts a lab audits
 * (build, version, source, licence, checksum), installing from files with progress and Cancel, removing.
 */
export function PacksScreen() {
  const [list, setList] = useState<PackList | null>(null);
  const [paths, setPaths] = useState<string[]>(['']);
  const [build, setBuild] = useState<Build>('');
  const [version, setVersion] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [progress, setProgress] = useState<PackInstallProgress | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const requestId = useRef<string | null>(null);

  const reload = useCallback(() => {
    void call('packs:list', {})
      .then(setList)
      .catch((err: unknown) => setError(err instanceof RequestError ? describeError(err.error) : String(err)));
  }, []);
  useEffect(reload, [reload]);
  useEffect(
    () =>
      subscribe('packs:progress', (p) => {
        if (p.requestId === requestId.current) setProgress(p);
      }),
    [],
  );

  async function install(request: { paths: string[]; build?: 'GRCh37' | 'GRCh38'; version?: string } | { builtInId: string }, label: string) {
    setError(null);
    setNotice(null);
    requestId.current = crypto.randomUUID();
    setRunning(label);
    setProgress(null);
    try {
      const { pack } = await call('packs:install', { requestId: requestId.current, ...request });
      setNotice(`Installed ${pack.name} (version ${pack.version}).${pack.active ? ' Annotation now uses it.' : ''}`);
      setPaths(['']);
      setVersion('');
      reload();
    } catch (err) {
      setError(err instanceof RequestError ? describeError(err.error) : String(err));
    } finally {
      setRunning(null);
      requestId.current = null;
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const given = paths.map((p) => p.trim()).filter(Boolean);
    if (given.length === 0) {
      setError('Enter the path of the pack file (or files) to install');
      return;
    }
    void install({ paths: given, build: build || undefined, version: version.trim() || undefined }, given.join(', '));
  }

  async function choose(i: number) {
    const { path } = await call('app:choose-file', { purpose: 'pack' });
    if (path) setPaths((ps) => ps.map((p, j) => (j === i ? path : p)));
  }

  async function remove(pack: PackInfo) {
    setError(null);
    try {
      await call('packs:remove', { id: pack.id });
      setNotice(`Removed ${pack.name}. Annotations already made with it keep their record of it.`);
      reload();
    } catch (err) {
      setError(err instanceof RequestError ? describeError(err.error) : String(err));
    }
  }

  const percent = progress && progress.totalBytes > 0 ? Math.min(100, Math.round((progress.bytes / progress.totalBytes) * 100)) : 0;
  return (
    <div data-testid="packs-screen">
      <h1 className="nhsuk-heading-l">Reference packs</h1>
      <p className="nhsuk-body">
        Annotation uses the most recently installed transcript pack and ClinVar pack of a variant&apos;s genome build. Every annotation records the pack
        versions that made it.
      </p>
      {error && (
        <div className="nhsuk-error-summary" role="alert" tabIndex={-1} data-testid="packs-error">
          <h2 className="nhsuk-error-summary__title">There is a problem</h2>
          <div className="nhsuk-error-summary__body">
            <p>{error}</p>
          </div>
        </div>
      )}
      {notice && (
        <div className="nhsuk-inset-text" role="status" data-testid="packs-notice">
          <p>{notice}</p>
        </div>
      )}
      {running && (
        <div data-testid="packs-progress" role="status" aria-live="polite" className="nhsuk-u-margin-bottom-5">
          <p className="nhsuk-body-s">Installing {running}</p>
          <progress className="gd-progress" max={100} value={percent} aria-label="Installation progress">
            {percent}%
          </progress>
          <p className="nhsuk-body-s">{progress ? `${PHASE_LABELS[progress.phase]} ${progress.file} · ${formatBytes(progress.bytes)} of ${formatBytes(progress.totalBytes)}` : 'Starting…'}</p>
          <button className="nhsuk-button nhsuk-button--warning" type="button" onClick={() => requestId.current && void call('packs:cancel', { requestId: requestId.current })}>
            Cancel installation
          </button>
        </div>
      )}

      <h2 className="nhsuk-heading-m">Installed packs</h2>
      {list && list.installed.length === 0 && <p className="nhsuk-body" data-testid="packs-none">No packs are installed. Annotation needs a transcript pack.</p>}
      {list?.installed.map((p) => (
        <section className="nhsuk-card" key={p.id} data-testid="installed-pack" aria-labelledby={`pack-${p.id}`}>
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-card__heading nhsuk-heading-s" id={`pack-${p.id}`}>
              {p.name} {p.active ? <strong className="nhsuk-tag nhsuk-tag--green">In use</strong> : <strong className="nhsuk-tag nhsuk-tag--grey">Not in use</strong>}
            </h3>
            <p className="nhsuk-body-s gd-muted">{p.id}</p>
            <PackFacts pack={p} />
            <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="button" disabled={running !== null} onClick={() => void remove(p)}>
              Remove {p.name}
            </button>
          </div>
        </section>
      ))}

      <h2 className="nhsuk-heading-m">Install from files</h2>
      <form noValidate onSubmit={submit} data-testid="pack-install-form">
        <p className="nhsuk-body-s">
          One pack at a time: a GFF3 and a FASTA of the same genome build (its .fai and .gzi are picked up from beside it), or one ClinVar VCF, or one gnomAD sites VCF, or one PanelApp
          export, or a pack folder.
        </p>
        {paths.map((p, i) => (
          <div className="nhsuk-form-group" key={i}>
            <label className="nhsuk-label" htmlFor={`pack-path-${i}`}>
              {i === 0 ? 'Pack file or folder' : `Another file of the same pack (${i + 1})`}
            </label>
            <div className="gd-search-row">
              <input
                className="nhsuk-input"
                id={`pack-path-${i}`}
                type="text"
                value={p}
                disabled={running !== null}
                onChange={(e) => setPaths((ps) => ps.map((x, j) => (j === i ? e.target.value : x)))}
              />
              <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="button" onClick={() => void choose(i)} disabled={running !== null}>
                Choose file…
              </button>
            </div>
          </div>
        ))}
        {paths.length < 4 && (
          <p>
            <button type="button" className="gd-sort" onClick={() => setPaths((ps) => [...ps, ''])} disabled={running !== null}>
              Add another file (for example the FASTA of a transcript pack)
            </button>
          </p>
        )}
        <div className="gd-filters">
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="pack-build">
              Genome build
            </label>
            <div className="nhsuk-hint">Only when the files do not say</div>
            <select className="nhsuk-select" id="pack-build" value={build} onChange={(e) => setBuild(e.target.value as Build)} disabled={running !== null}>
              <option value="">Detect from the files</option>
              <option value="GRCh38">GRCh38</option>
              <option value="GRCh37">GRCh37</option>
            </select>
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="pack-version">
              Version label
            </label>
            <div className="nhsuk-hint">Only when the files do not say (for example a PanelApp flat export)</div>
            <input className="nhsuk-input nhsuk-input--width-20" id="pack-version" value={version} onChange={(e) => setVersion(e.target.value)} disabled={running !== null} />
          </div>
        </div>
        <button className="nhsuk-button" type="submit" disabled={running !== null}>
          Install pack
        </button>
      </form>

      <h2 className="nhsuk-heading-m">Packs shipped with GenoDesk</h2>
      <p className="nhsuk-body-s">Small real extracts for demonstration and testing, not for clinical use.</p>
      {list?.builtIn.map((p) => (
        <section className="nhsuk-card" key={p.id} data-testid="builtin-pack" aria-labelledby={`builtin-${p.id}`}>
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-card__heading nhsuk-heading-s" id={`builtin-${p.id}`}>
              {p.name} {p.installed && <strong className="nhsuk-tag nhsuk-tag--green">Installed</strong>}
            </h3>
            <p className="nhsuk-body-s">
              {KIND_LABELS[p.kind]} · {p.build} · version {p.version} · {formatBytes(p.bytes)}
            </p>
            <button
              className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
              type="button"
              disabled={running !== null}
              onClick={() => void install({ builtInId: p.id }, p.name)}
            >
              {p.installed ? 'Reinstall' : 'Install'} {p.name}
            </button>
          </div>
        </section>
      ))}
    </div>
  );
}
