// The phenotype worker for real: the bundled HPO release loaded in a worker thread (writing the same snapshot
// the main thread reads), rankings equal to the in-process ones (the worker gathers the variants' evidence as
// they arrive), and Cancel stopping a ranking with a whole genome's candidates part-way while the worker goes on serving.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { genomeCandidates } from '../../helpers/genome-candidates.ts';
import { findReleaseFiles, hpoRelease } from '../../../electron/main/services/phenotype/hpo-release.ts';
import type { HpoReleaseRef } from '../../../electron/main/services/phenotype/hpo-release.ts';
import { prioritise } from '../../../electron/main/services/phenotype/prioritise.ts';
import { DEFAULT_PHENOTYPE_WORKER_URL, PhenotypeWorkerClient } from '../../../electron/main/services/phenotype/phenotype-worker-client.ts';
import { CANCEL_SLOT } from '../../../electron/main/services/phenotype/worker-protocol.ts';
import type { FromPhenotypeWorker, RankQuery, ToPhenotypeWorker } from '../../../electron/main/services/phenotype/worker-protocol.ts';
import { MAX_PATIENT_VARIANTS } from '../../../electron/main/services/phenotype/variants/patient-variants.ts';

const tmp = makeTempDir('genodesk-phenotype-worker-');
const release: HpoReleaseRef = { files: findReleaseFiles(path.join(RESOURCES, 'hpo')), source: 'bundled', cacheDir: path.join(tmp.dir, 'cache') };
const clients: PhenotypeWorkerClient[] = [];
afterAll(async () => {
  for (const c of clients) await c.terminate();
  tmp.cleanup();
});

// COQ8A's features (primary coenzyme Q10 deficiency 4), one looked for and absent.
const QUERY: RankQuery = { observed: ['HP:0001251', 'HP:0001250', 'HP:0003546', 'HP:0001272'], excluded: ['HP:0000252'], limit: 20, sources: {}, notes: [] };

/**
 * 80 annotated terms: each observed term is one pass over every disease and one checkpoint, so this ranking
 * lasts long enough to be cancelled inside it (the variants' evidence is gathered as they arrive, not there).
 */
function longQuery(): RankQuery {
  const local = hpoRelease(release);
  const ids = [...new Set(local.annotations.diseases.slice(0, 400).flatMap((d) => [...d.terms].map((t) => local.ontology.ids[t])))];
  return { ...QUERY, observed: ids.slice(0, 80), excluded: [] };
}

describe('phenotype worker', () => {
  it('ranks by phenotype alone and with a genome of candidates exactly as the in-process ranking does', async () => {
    const client = new PhenotypeWorkerClient();
    clients.push(client);
    const phases: string[] = [];
    const alone = await client.prioritise(release, QUERY, undefined, { onProgress: (p) => phases.push(p.phase) });
    // In-process from the snapshot the worker wrote: the two threads must agree on it too.
    const local = hpoRelease(release);
    expect(alone).toEqual(prioritise(local, QUERY));
    expect(alone.mode).toBe('phenotype');
    expect(phases[0]).toBe('loading');

    const variants = genomeCandidates([...local.annotations.genes.keys()], 50_000);
    const combined = await client.prioritise(release, QUERY, variants);
    expect(combined).toEqual(prioritise(local, { ...QUERY, variants }));
    expect(combined.totals.variants).toBe(50_000);
    expect(combined.genes[0]).toMatchObject({ gene: 'COQ8A', inheritanceFit: 'recessive: homozygous' });
  });

  it('a cancelled ranking rejects with phenotype/cancelled, nothing partial, and the worker serves the next request', async () => {
    const client = new PhenotypeWorkerClient();
    clients.push(client);
    await client.load(release);
    const variants = genomeCandidates([...hpoRelease(release).annotations.genes.keys()], MAX_PATIENT_VARIANTS);
    const abort = new AbortController();
    let rankingSeen = 0;
    const cancelled = client.prioritise(release, longQuery(), variants, {
      signal: abort.signal,
      onProgress: (p) => {
        // Cancelled only once the worker is inside the ranking, part-way through it.
        if (p.phase === 'ranking' && p.done < p.total && rankingSeen++ === 0) abort.abort();
      },
    });
    await expect(cancelled).rejects.toMatchObject({ code: 'phenotype/cancelled' });
    expect(rankingSeen).toBe(1);
    const next = await client.prioritise(release, QUERY, undefined);
    expect(next).toEqual(prioritise(hpoRelease(release), QUERY));
  });

  it('a worker that reaches its heap cap fails the job with phenotype/worker-failed; the next job starts a new worker', async () => {
    // The shipped cap is 1 GB (PHENOTYPE_WORKER_LIMITS); 8 MB cannot hold the release.
    const client = new PhenotypeWorkerClient({ limits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 } });
    clients.push(client);
    await expect(client.load(release)).rejects.toMatchObject({ code: 'phenotype/worker-failed', message: expect.stringContaining('8 MB') });
    await expect(client.load(release)).rejects.toMatchObject({ code: 'phenotype/worker-failed' });
  });

  it('the worker itself stops the job at its next checkpoint and answers cancelled for it, not done', async () => {
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(DEFAULT_PHENOTYPE_WORKER_URL, { workerData: { cancel: cancel.buffer } });
    try {
      const replies: FromPhenotypeWorker[] = [];
      const answer = (seq: number) =>
        new Promise<FromPhenotypeWorker>((resolve) => {
          const on = (m: FromPhenotypeWorker) => {
            replies.push(m);
            // Only the first job is cancelled (at its first ranking progress); the second must run to the end.
            if (seq === 1 && m.seq === seq && m.type === 'progress' && m.progress.phase === 'ranking') Atomics.store(cancel, CANCEL_SLOT, seq);
            if (m.seq === seq && m.type !== 'progress') {
              worker.off('message', on);
              resolve(m);
            }
          };
          worker.on('message', on);
        });
      const send = (m: ToPhenotypeWorker) => worker.postMessage(m);
      const variants = genomeCandidates([...hpoRelease(release).annotations.genes.keys()], MAX_PATIENT_VARIANTS);
      for (let i = 0; i < variants.length; i += 50_000) send({ type: 'variants', seq: 1, variants: variants.slice(i, i + 50_000) });
      send({ type: 'rank', seq: 1, release, query: longQuery(), withVariants: true });
      const first = await answer(1);
      expect(first).toMatchObject({ type: 'error', seq: 1, error: { code: 'phenotype/cancelled' } });
      // It stopped part-way: the last progress it sent was short of the whole.
      const last = replies.filter((m) => m.type === 'progress' && m.progress.phase === 'ranking').at(-1);
      expect(last?.type === 'progress' && last.progress.done < last.progress.total).toBe(true);
      send({ type: 'rank', seq: 2, release, query: QUERY, withVariants: false });
      const second = await answer(2);
      expect(second.type).toBe('done');
      expect(second.type === 'done' && second.result).toEqual(prioritise(hpoRelease(release), QUERY));
    } finally {
      await worker.terminate();
    }
  });
});
