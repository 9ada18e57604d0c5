// Annotation off the main thread: opens the packs once per job, then annotates batches of variants.
// No database access (STYLE §4): results go back to the single DB writer, which stores each batch in one
// transaction. Protocol: services/annotation/worker-protocol.ts.
import { parentPort } from 'node:worker_threads';
import { isAppError } from '../../../shared/errors.ts';
import { closeSources, createAnnotator } from '../services/annotation/annotator.ts';
import type { AnnotationSources, Annotator } from '../services/annotation/annotator.ts';
import { openSourcesFromFiles, openSourcesFromPacks } from '../services/annotation/packs/open-sources.ts';
import type { AnnotateRequest, AnnotateResponse, WireError } from '../services/annotation/worker-protocol.ts';
import { AnnotationChunkPacker } from '../services/annotation-store/annotation-chunk.ts';
import { forEachAnnotationInput } from '../services/annotation-store/annotation-inputs.ts';
import { DecodedChunk } from '../services/vcf/variant-chunk.ts';

interface Job {
  sources?: AnnotationSources;
  annotator?: Annotator;
  cancelled: boolean;
  records: number;
  ready: Promise<void>;
}

const port = parentPort;
if (!port) throw new Error('annotate.worker.ts must run as a worker thread');
const jobs = new Map<number, Job>();
const post = (m: AnnotateResponse): void => port.postMessage(m);

function wire(err: unknown): WireError {
  if (isAppError(err)) return { name: 'AppError', message: err.message, code: err.code, details: err.details };
  return {
    name: 'Error',
    message: 'Annotation failed unexpectedly; details are in the application log.',
    code: 'ipc/internal',
    details: { reason: err instanceof Error ? err.message : String(err) },
  };
}

function close(seq: number): void {
  const job = jobs.get(seq);
  if (job?.sources) closeSources(job.sources);
  jobs.delete(seq);
}

port.on('message', (msg: AnnotateRequest) => {
  switch (msg.type) {
    case 'start': {
      const job: Job = { cancelled: false, records: 0, ready: Promise.resolve() };
      jobs.set(msg.seq, job);
      post({ type: 'progress', seq: msg.seq, phase: 'loading', annotated: 0, referenceMismatches: 0 });
      job.ready = (async () => {
        const s = msg.sources;
        const sources = s.packs ? await openSourcesFromPacks(s.packs, { verify: !s.packs.verifiedByCaller }) : s.files ? await openSourcesFromFiles(s.files) : undefined;
        if (!sources) throw new Error('no sources');
        if (job.cancelled) {
          closeSources(sources);
          return;
        }
        job.sources = sources;
        job.annotator = createAnnotator(sources);
        post({ type: 'progress', seq: msg.seq, phase: 'ready', annotated: 0, referenceMismatches: 0 });
      })().catch((err: unknown) => {
        post({ type: 'error', seq: msg.seq, error: wire(err) });
        close(msg.seq);
      });
      return;
    }
    case 'batch':
    case 'pack':
    case 'packStored': {
      const job = jobs.get(msg.seq);
      if (!job) return;
      void job.ready.then(() => {
        if (job.cancelled || !job.annotator) return;
        try {
          const annotator = job.annotator;
          if (msg.type === 'batch') {
            job.records += msg.variants.length;
            post({ type: 'batch', seq: msg.seq, batch: msg.batch, results: annotator.annotate(msg.variants) });
          } else {
            // Each variant is packed as soon as it is annotated, so its objects die young (annotation-chunk.ts).
            const packer = new AnnotationChunkPacker(msg.firstId, msg.transcriptsPack);
            let added = 0;
            if (msg.type === 'pack') {
              const { ids, borne, variants } = msg;
              for (let i = 0; i < variants.length; i++) {
                const annotated = annotator.annotateOne(variants[i]);
                const b = borne?.[i];
                if (b !== undefined) annotated.vcfAnnotations = b;
                packer.add(ids[i], annotated);
              }
              added = variants.length;
            } else {
              const stored = new DecodedChunk(new Uint8Array(msg.data), { importKey: 0, chrom: 0, firstId: msg.firstId });
              forEachAnnotationInput(stored, msg.chrom, (input, id) => {
                packer.add(id, annotator.annotateOne(input));
                added++;
              });
            }
            job.records += added;
            // Finished even when empty, so the packer's column storage goes back for the next chunk.
            const packed = packer.finish();
            const chunk = added > 0 ? packed : null;
            port.postMessage(
              { type: 'packed', seq: msg.seq, batch: msg.batch, chunk } satisfies AnnotateResponse,
              chunk ? [chunk.summary.buffer as ArrayBuffer, chunk.detail.buffer as ArrayBuffer] : [],
            );
          }
          post({
            type: 'progress',
            seq: msg.seq,
            phase: 'annotating',
            annotated: job.annotator.stats.annotated,
            referenceMismatches: job.annotator.stats.referenceMismatches,
          });
        } catch (err) {
          post({ type: 'error', seq: msg.seq, error: wire(err) });
          close(msg.seq);
        }
      });
      return;
    }
    case 'done': {
      const job = jobs.get(msg.seq);
      if (!job) return;
      void job.ready.then(() => {
        if (job.cancelled || !job.annotator) return;
        const st = job.annotator.stats;
        post({
          type: 'done',
          seq: msg.seq,
          summary: {
            records: job.records,
            alleles: job.records,
            annotated: st.annotated,
            inTranscripts: st.inTranscripts,
            referenceMismatches: st.referenceMismatches,
            packs: job.annotator.packs,
          },
        });
        close(msg.seq);
      });
      return;
    }
    case 'cancel': {
      const job = jobs.get(msg.seq);
      if (job) job.cancelled = true;
      close(msg.seq);
      return;
    }
    case 'exit': {
      // Messages are handled in order, so no batch is running now; a job still opening its packs closes
      // them itself once it sees it was cancelled. With the port closed the thread has nothing left to wait on.
      const opening = [...jobs.values()].map((job) => ((job.cancelled = true), job.ready));
      void Promise.allSettled(opening).then(() => {
        for (const seq of [...jobs.keys()]) close(seq);
        port.close();
      });
      return;
    }
  }
});
