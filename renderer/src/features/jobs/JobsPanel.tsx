import { useEffect, useState } from 'react';
import type { JobInfo } from '../../../../shared/schemas/jobs.ts';
import { call, subscribe } from '../../lib/ipc-client.ts';
import type { Navigate } from '../../navigation.ts';
import './jobs.css';

const POLL_MS = 1000;

/**
 * Every long job (imports, pack installs, annotation runs, phenotype rankings) in one place under the header, on every screen: the
 * counsellor can start an import, move to another patient, and still follow it or cancel it. The list is the
 * main process's own (jobs:list), so it survives any screen change; progress events only make it refresh sooner.
 */
export function JobsPanel({ navigate }: { navigate: Navigate }) {
  const [jobs, setJobs] = useState<JobInfo[]>([]);
  const [cancelling, setCancelling] = useState<Set<string>>(new Set());
  useEffect(() => {
    let current = true;
    let pending = false;
    const refresh = () => {
      if (pending) return;
      pending = true;
      call('jobs:list', {})
        .then((r) => current && setJobs(r.jobs))
        .catch(() => undefined)
        .finally(() => (pending = false));
    };
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    const offs = [subscribe('imports:progress', refresh), subscribe('packs:progress', refresh), subscribe('annotation:progress', refresh), subscribe('phenotype:progress', refresh)];
    return () => {
      current = false;
      clearInterval(timer);
      for (const off of offs) off();
    };
  }, []);

  if (jobs.length === 0) return null;
  return (
    <section className="gd-jobs" aria-labelledby="gd-jobs-title" data-testid="jobs-panel">
      <h2 className="gd-jobs__title" id="gd-jobs-title">
        {jobs.length === 1 ? '1 job running' : `${jobs.length} jobs running`}
      </h2>
      <ul className="gd-jobs__list">
        {jobs.map((j) => (
          <li className="gd-jobs__job" key={j.requestId} data-testid="job">
            <span className="gd-jobs__label">{j.label}</span>
            <progress className="gd-jobs__bar" max={1} value={j.fraction ?? undefined} aria-label={`Progress of ${j.label}`} />
            <span className="gd-jobs__detail">
              {j.fraction !== null ? `${Math.floor(j.fraction * 100)} %` : ''} {j.detail ?? 'starting…'}
            </span>
            {j.patientId && (
              <a
                href="#"
                className="gd-jobs__open"
                onClick={(e) => {
                  e.preventDefault();
                  navigate({ screen: 'patient', id: j.patientId!, tab: j.kind === 'import' ? 'sequencing' : j.kind === 'phenotype-rank' ? 'diagnosis' : 'overview' });
                }}
              >
                Open patient<span className="nhsuk-u-visually-hidden"> of {j.label}</span>
              </a>
            )}
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary gd-jobs__cancel"
              disabled={cancelling.has(j.requestId)}
              onClick={() => {
                setCancelling(new Set(cancelling).add(j.requestId));
                void call('jobs:cancel', { requestId: j.requestId });
              }}
            >
              Cancel<span className="nhsuk-u-visually-hidden"> job: {j.label}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
