import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { ImportProgress, ImportRecord } from '../../../../shared/schemas/vcf.ts';
import { call, RequestError, subscribe } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import { formatBytes, formatCount, formatDuration } from '../../lib/format.ts';

type Build = '' | 'GRCh37' | 'GRCh38';

function newRequestId(): string {
  return crypto.randomUUID();
}

/**
 * Import a VCF for this patient: choose the file (or type its path), choose the sample when the file
 * holds several, optionally say the build; then a progress bar with records/s, time left and Cancel.
 */
export function ImportForm({ patientId, onImported }: { patientId: string; onImported: (record: ImportRecord, duplicate: boolean) => void }) {
  const [file, setFile] = useState('');
  const [samples, setSamples] = useState<string[] | null>(null);
  const [sample, setSample] = useState('');
  const [build, setBuild] = useState<Build>('');
  const [error, setError] = useState<{ message: string; details?: string } | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [running, setRunning] = useState(false);
  const requestId = useRef<string | null>(null);

  useEffect(
    () =>
      subscribe('imports:progress', (p) => {
        if (p.requestId === requestId.current) setProgress(p);
      }),
    [],
  );

  async function choose() {
    const { path } = await call('app:choose-file', { purpose: 'vcf' });
    if (path) {
      setFile(path);
      setSamples(null);
    }
  }

  async function start(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!file.trim()) {
      setError({ message: 'Enter the path of the VCF file to import' });
      return;
    }
    try {
      // Ask which sample is this patient before starting, when the file holds more than one.
      let chosen = sample;
      if (samples === null) {
        const found = await call('imports:samples', { file: file.trim() });
        setSamples(found.samples);
        if (found.samples.length > 1 && !chosen) return;
        chosen = found.samples.length === 1 ? found.samples[0] : chosen;
      }
      requestId.current = newRequestId();
      setRunning(true);
      setProgress(null);
      const result = await call('imports:start', {
        requestId: requestId.current,
        file: file.trim(),
        patientId,
        sample: chosen || undefined,
        build: build || undefined,
      });
      onImported(result.import, result.import.status === 'duplicate');
      setFile('');
      setSamples(null);
      setSample('');
    } catch (err) {
      if (err instanceof RequestError) {
        const d = err.error.details as { line?: number; column?: number; expected?: string };
        const where = d.line ? `Line ${d.line}${d.column ? `, column ${d.column}` : ''}${d.expected ? `: expected ${d.expected}` : ''}` : undefined;
        setError({ message: describeError(err.error), details: where });
      } else setError({ message: String(err) });
    } finally {
      setRunning(false);
      requestId.current = null;
    }
  }

  async function cancel() {
    if (requestId.current) await call('imports:cancel', { requestId: requestId.current });
  }

  const percent = progress && progress.totalBytes > 0 ? Math.min(100, Math.round((progress.bytes / progress.totalBytes) * 100)) : 0;
  return (
    <form noValidate onSubmit={start} data-testid="import-form">
      <h3 className="nhsuk-heading-s">Import a sequencing file</h3>
      {error && (
        <div className="nhsuk-error-summary" role="alert" tabIndex={-1} data-testid="import-error">
          <h2 className="nhsuk-error-summary__title">The file was not imported</h2>
          <div className="nhsuk-error-summary__body">
            <p>{error.message}</p>
            {error.details && <p data-testid="import-error-where">{error.details}</p>}
          </div>
        </div>
      )}
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="vcf-path">
          VCF file
        </label>
        <div className="nhsuk-hint" id="vcf-path-hint">
          A .vcf or bgzipped .vcf.gz file. Choose it, or type its full path.
        </div>
        <div className="gd-search-row">
          <input
            className="nhsuk-input"
            id="vcf-path"
            type="text"
            value={file}
            aria-describedby="vcf-path-hint"
            disabled={running}
            onChange={(e) => {
              setFile(e.target.value);
              setSamples(null);
              setSample('');
            }}
          />
          <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="button" onClick={choose} disabled={running}>
            Choose file…
          </button>
        </div>
      </div>
      {samples && samples.length > 1 && (
        <div className="nhsuk-form-group">
          <fieldset className="nhsuk-fieldset" data-testid="sample-choice">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">This file holds {samples.length} samples. Which sample is this patient?</legend>
            <div className="nhsuk-radios nhsuk-radios--small">
              {samples.map((s) => (
                <div className="nhsuk-radios__item" key={s}>
                  <input className="nhsuk-radios__input" id={`sample-${s}`} name="sample" type="radio" value={s} checked={sample === s} onChange={() => setSample(s)} />
                  <label className="nhsuk-label nhsuk-radios__label" htmlFor={`sample-${s}`}>
                    {s}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
      )}
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="vcf-build">
          Genome build
        </label>
        <select className="nhsuk-select" id="vcf-build" value={build} onChange={(e) => setBuild(e.target.value as Build)} disabled={running}>
          <option value="">Detect from the file</option>
          <option value="GRCh38">GRCh38</option>
          <option value="GRCh37">GRCh37</option>
        </select>
      </div>
      {running ? (
        <div data-testid="import-progress" role="status" aria-live="polite">
          <progress className="gd-progress" max={100} value={percent} aria-label="Import progress">
            {percent}%
          </progress>
          <p className="nhsuk-body-s">
            {progress
              ? progress.phase === 'hashing'
                ? `Checking the file (${percent}% of ${formatBytes(progress.totalBytes)})`
                : `${percent}% · ${formatBytes(progress.bytes)} of ${formatBytes(progress.totalBytes)} · ${formatCount(progress.records)} records · ${formatCount(Math.round(progress.recordsPerSecond))} records/s · ${formatDuration(progress.etaSeconds)} left`
              : 'Starting…'}
          </p>
          <button className="nhsuk-button nhsuk-button--warning" type="button" onClick={cancel}>
            Cancel import
          </button>
        </div>
      ) : (
        <button className="nhsuk-button" type="submit">
          {samples && samples.length > 1 ? 'Import this sample' : 'Import'}
        </button>
      )}
    </form>
  );
}
