// Long requests started from the UI (imports, pack installs, annotation runs) run in the background of the main
// process: each has the id the renderer gave it, reports progress as events, and can be cancelled by that
// id from another request. Closing the app cancels them and waits until each has cleaned up.
// Each job also keeps what it is and how far it got, so one place in the UI (the jobs panel) can list every
// long job with its progress and Cancel, whichever screen started it (issue 17).
import type { JobInfo, JobKind } from '../../../shared/schemas/jobs.ts';

export interface JobMeta {
  /** Plain words: "Importing NA12878.vcf.gz". */
  label: string;
  patientId?: string;
}

export interface RequestJobs {
  run<T>(requestId: string, work: (signal: AbortSignal) => Promise<T>, meta?: JobMeta): Promise<T>;
  /** The job's latest progress: fraction done (0–1, null when unknown) and a short description. */
  report(requestId: string, fraction: number | null, detail: string): void;
  cancel(requestId: string): boolean;
  list(): JobInfo[];
  /** Cancels every running job and resolves when all have finished (their cleanup included). */
  cancelAll(): Promise<void>;
}

export function createRequestJobs(kind: JobKind = 'import', now: () => Date = () => new Date()): RequestJobs {
  const running = new Map<string, { controller: AbortController; done: Promise<unknown>; info: JobInfo }>();
  return {
    async run(requestId, work, meta) {
      const controller = new AbortController();
      const done = work(controller.signal);
      const info: JobInfo = { requestId, kind, label: meta?.label ?? kind, patientId: meta?.patientId ?? null, startedAt: now().toISOString(), fraction: null, detail: null };
      running.set(requestId, { controller, done: done.catch(() => undefined), info });
      try {
        return await done;
      } finally {
        running.delete(requestId);
      }
    },
    report(requestId, fraction, detail) {
      const job = running.get(requestId);
      if (job) job.info = { ...job.info, fraction: fraction === null ? null : Math.max(0, Math.min(1, fraction)), detail };
    },
    cancel(requestId) {
      const job = running.get(requestId);
      job?.controller.abort();
      return job !== undefined;
    },
    list() {
      return [...running.values()].map((j) => j.info);
    },
    async cancelAll() {
      const jobs = [...running.values()];
      for (const j of jobs) j.controller.abort();
      await Promise.all(jobs.map((j) => j.done));
    },
  };
}
