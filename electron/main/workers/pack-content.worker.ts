// Runs a pack's content check (FASTA/GFF3 indexing, ClinVar or gnomAD table) off the main thread, so the
// app's event loop stays free and the garbage of parsing stays inside this thread's capped heap. It
// writes only inside the pack's temporary folder; packs-service.ts switches the pack in afterwards.
import { parentPort } from 'node:worker_threads';
import { AppError, serializeError } from '../../../shared/errors.ts';
import { runContentCheck } from '../services/packs/content-check-job.ts';
import type { ContentCheckProgress, FromContentWorker, ToContentWorker } from '../services/packs/content-check-protocol.ts';

const port = parentPort;
if (!port) throw new Error('pack-content.worker.ts must run in a worker thread');
const post = (m: FromContentWorker) => port.postMessage(m);
const abort = new AbortController();
// The main thread throttles again for the screen; this only keeps the message count down.
const PROGRESS_EVERY_MS = 50;
let lastProgress = 0;

port.on('message', (message: ToContentWorker) => {
  if (message.type === 'cancel') {
    abort.abort();
    return;
  }
  runContentCheck(message.job, {
    signal: abort.signal,
    onProgress: (progress: ContentCheckProgress) => {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      post({ type: 'progress', progress });
    },
  }).then(
    (facts) => post({ type: 'done', facts }),
    (err: unknown) => {
      // An unexpected error keeps its message across the boundary: it is about a public reference file.
      const e = err instanceof AppError ? err : new AppError('packs/worker-failed', `Indexing the pack failed: ${(err as Error)?.message ?? String(err)}`, {});
      post({ type: 'error', error: serializeError(e) });
    },
  );
});
