// Long requests started from the UI (imports, pack installs, annotation runs) run in the background of the main
// process: each has the id the renderer gave it, reports progress as events, and can be cancelled by that
// id from another request. Closing the app cancels them and waits until each has cleaned up.
export interface RequestJobs {
  run<T>(requestId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  cancel(requestId: string): boolean;
  /** Cancels every running job and resolves when all have finished (their cleanup included). */
  cancelAll(): Promise<void>;
}

export function createRequestJobs(): RequestJobs {
  const running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  return {
    async run(requestId, work) {
      const controller = new AbortController();
      const done = work(controller.signal);
      running.set(requestId, { controller, done: done.catch(() => undefined) });
      try {
        return await done;
      } finally {
        running.delete(requestId);
      }
    },
    cancel(requestId) {
      const job = running.get(requestId);
      job?.controller.abort();
      return job !== undefined;
    },
    async cancelAll() {
      const jobs = [...running.values()];
      for (const j of jobs) j.controller.abort();
      await Promise.all(jobs.map((j) => j.done));
    },
  };
}
