import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnnotateProgress, AnnotationStatus } from '../../../../shared/schemas/annotation-runs.ts';
import { call, RequestError, subscribe } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import { formatCount, formatDateTime } from '../../lib/format.ts';
import './annotation.css';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

/**
 * Annotation of the patient's imports, on demand: which packs annotated each import (and whether newer
 * packs are installed), an Annotate button, progress with Cancel, and any variants refused because their
 * REF contradicts the reference.
 */
export function AnnotationPanel({ patientId, refreshKey, onAnnotated }: { patientId: string; refreshKey: number; onAnnotated: () => void }) {
  const [status, setStatus] = useState<AnnotationStatus | null>(null);
  const [progress, setProgress] = useState<AnnotateProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const requestId = useRef<string | null>(null);

  const reload = useCallback(() => {
    void call('annotation:status', { patientId })
      .then(setStatus)
      .catch((err: unknown) => setError(err instanceof RequestError ? describeError(err.error) : String(err)));
  }, [patientId]);
  useEffect(reload, [reload, refreshKey]);
  useEffect(
    () =>
      subscribe('annotation:progress', (p) => {
        if (p.requestId === requestId.current) setProgress(p);
      }),
    [],
  );

  async function annotate() {
    setError(null);
    setNotice(null);
    requestId.current = crypto.randomUUID();
    setRunning(true);
    setProgress(null);
    try {
      const result = await call('annotation:start', { requestId: requestId.current, patientId, rerun: true });
      const n = result.runs.reduce((s, r) => s + r.variants, 0);
      const refused = result.runs.reduce((s, r) => s + r.referenceMismatches, 0);
      setNotice(
        `Annotated ${formatCount(n)} variants in ${result.runs.length} import${result.runs.length === 1 ? '' : 's'}.` +
          (refused > 0 ? ` ${formatCount(refused)} were not annotated because their REF does not match the reference.` : ''),
      );
      reload();
      onAnnotated();
    } catch (err) {
      setError(err instanceof RequestError ? describeError(err.error) : String(err));
    } finally {
      setRunning(false);
      requestId.current = null;
    }
  }

  if (!status || status.imports.length === 0) return null;
  const noPacks = status.imports.every((i) => i.packs.length === 0);
  const percent = progress && progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0;
  return (
    <section aria-labelledby="annotation-heading" data-testid="annotation-panel" className="nhsuk-u-margin-bottom-5">
      <h3 className="nhsuk-heading-s" id="annotation-heading">
        Annotation
      </h3>
      {error && (
        <ErrorNotice title="The variants were not annotated" testId="annotation-error">
          {error}
        </ErrorNotice>
      )}
      {notice && (
        <div className="nhsuk-inset-text" role="status" data-testid="annotation-notice">
          <p>{notice}</p>
        </div>
      )}
      <ul className="nhsuk-list nhsuk-body-s" data-testid="annotation-status">
        {status.imports.map((i) => (
          <li key={i.importId}>
            <strong>{i.fileName}</strong> ({i.build}):{' '}
            {i.run ? (
              <>
                annotated {formatDateTime(i.run.completedAt)} with {i.run.packs.map((p) => `${p.id} (${p.version})`).join(' and ')}
                {i.run.vcfTools.length > 0 && `; the file's own ${i.run.vcfTools.map((t) => `${t.tool} ${t.version ?? ''}`.trim()).join(' and ')} annotations are shown too`}
                {i.run.referenceMismatches > 0 && `; ${formatCount(i.run.referenceMismatches)} variants refused (REF does not match the reference)`}
                {!i.upToDate && i.packs.length > 0 && <strong className="nhsuk-tag nhsuk-tag--yellow gd-mane">Newer packs installed</strong>}
              </>
            ) : i.packs.length > 0 ? (
              `not annotated yet; would use ${i.packs.map((p) => `${p.id} (${p.version})`).join(' and ')}`
            ) : (
              `no ${i.build} transcript pack is installed`
            )}
          </li>
        ))}
      </ul>
      {running ? (
        <div data-testid="annotation-progress" role="status" aria-live="polite">
          <progress className="gd-progress" max={100} value={percent} aria-label="Annotation progress">
            {percent}%
          </progress>
          <p className="nhsuk-body-s">
            {progress
              ? progress.phase === 'loading'
                ? 'Opening the reference packs…'
                : `${percent}% · ${formatCount(progress.done)} of ${formatCount(progress.total)} variants · ${formatCount(Math.round(progress.variantsPerSecond))} variants/s`
              : 'Starting…'}
          </p>
          <button className="nhsuk-button nhsuk-button--warning" type="button" onClick={() => requestId.current && void call('annotation:cancel', { requestId: requestId.current })}>
            Cancel annotation
          </button>
        </div>
      ) : (
        <button className="nhsuk-button" type="button" onClick={() => void annotate()} disabled={noPacks} aria-describedby={noPacks ? 'annotate-hint' : undefined}>
          Annotate
        </button>
      )}
      {noPacks && !running && (
        <p className="nhsuk-hint" id="annotate-hint">
          Install a transcript pack on the Reference packs screen first.
        </p>
      )}
    </section>
  );
}
