// The main thread's side of pack-content.worker.ts: runs one content check in a worker thread with a capped
// heap and turns its messages into a promise, progress callbacks and the same AppErrors (file, line, what
// was expected) the check throws when run in-thread.
//
// Why a worker: indexing a whole-genome FASTA (3.1 Gb) and GFF3 (4.2 M lines) on the main thread held the
// event loop for up to 0.9 s at a time and let V8 keep 400–600 MB of garbage beside a live set under
// 160 MB (docs/annotation-scale.md). In a worker the app's loop only relays progress, and the old-
// generation cap makes V8 collect early instead of growing the process.
import { Worker } from 'node:worker_threads';
import { AppError, fromSerialized } from '../../../../shared/errors.ts';
import type { ContentFacts } from './check-pack-content.ts';
import type { ContentCheckJob, ContentCheckProgress, FromContentWorker, ToContentWorker } from './content-check-protocol.ts';

/** Tests and the CLI run the TypeScript source under Node 24; the desktop app passes its bundle's path. */
export const DEFAULT_CONTENT_WORKER_URL = new URL('../../workers/pack-content.worker.ts', import.meta.url);

/**
 * Heap caps of the worker. The GFF3 index completed with old space capped at 160 MB (its live set is one
 * contig's features); 256 MB leaves room for chr1 of a RefSeq GFF3, whose lines are longer than Ensembl's.
 * A small young generation keeps each scavenge short and the resident size down.
 */
export const CONTENT_WORKER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 };

/**
 * How long a cancelled worker gets to stop by itself before it is terminated. It checks Cancel between blocks
 * and between its 2,000-row table transactions, so it normally stops within milliseconds. Terminating it
 * inside a better-sqlite3 call (the ClinVar and gnomAD tables) is kept for a worker that is stuck: 13.0.1
 * aborted the whole process that way (WiseLibs/better-sqlite3#1507, fixed in the 13.0.3 we use).
 */
const CANCEL_GRACE_MS = 30_000;

export function runContentCheckInWorker(
  job: ContentCheckJob,
  options: { workerUrl?: URL | string; signal?: AbortSignal; onProgress?: (p: ContentCheckProgress) => void; cancelled: () => AppError },
): Promise<ContentFacts> {
  const { signal, onProgress, cancelled } = options;
  if (signal?.aborted) return Promise.reject(cancelled());
  const worker = new Worker(options.workerUrl ?? DEFAULT_CONTENT_WORKER_URL, { resourceLimits: CONTENT_WORKER_LIMITS });
  const file = job.kind === 'transcripts' ? job.files.gff3 : job.file;
  return new Promise<ContentFacts>((resolve, reject) => {
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    // The worker is always stopped before the promise settles, so the caller may delete the temporary
    // folder knowing nothing writes into it any more.
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(graceTimer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate().finally(outcome);
    };
    const onAbort = () => {
      worker.postMessage({ type: 'cancel' } satisfies ToContentWorker);
      graceTimer = setTimeout(() => finish(() => reject(cancelled())), CANCEL_GRACE_MS);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: FromContentWorker) => {
      if (m.type === 'progress') {
        if (!settled) onProgress?.(m.progress);
      } else if (m.type === 'done') {
        finish(() => (signal?.aborted ? reject(cancelled()) : resolve(m.facts)));
      } else {
        finish(() => reject(signal?.aborted ? cancelled() : fromSerialized(m.error)));
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish(() =>
        reject(
          signal?.aborted
            ? cancelled()
            : new AppError(
                'packs/worker-failed',
                oom
                  ? `Indexing ${file} needed more than the ${CONTENT_WORKER_LIMITS.maxOldGenerationSizeMb} MB it is allowed; the previous pack is still in use.`
                  : `Indexing ${file} stopped unexpectedly: ${err.message}; the previous pack is still in use.`,
                { file, reason: err.code ?? err.message },
              ),
        ),
      );
    });
    worker.on('exit', (code) => {
      finish(() => reject(signal?.aborted ? cancelled() : new AppError('packs/worker-failed', `Indexing ${file} stopped unexpectedly (exit ${code}); the previous pack is still in use.`, { file })));
    });
    worker.postMessage({ type: 'start', job } satisfies ToContentWorker);
  });
}
