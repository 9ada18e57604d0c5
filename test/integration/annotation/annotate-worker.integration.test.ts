// The worker protocol (start | progress | batch | done | error | cancel, with a sequence id) on a real worker
// thread and the shipped demo pack.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RESOURCES, SHARED_DATA } from '../../helpers/paths.ts';
import { AnnotateWorkerClient } from '../../../electron/main/services/annotation/annotate-worker-client.ts';
import { createAnnotator } from '../../../electron/main/services/annotation/annotator.ts';
import { openSourcesFromPacks } from '../../../electron/main/services/annotation/packs/open-sources.ts';
import { readVcf } from '../../../electron/main/services/annotation/vcf/vcf-lines.ts';
import type { VariantInput } from '../../../electron/main/services/annotation/annotator.ts';
import type { AppError } from '../../../shared/errors.ts';

const DEMO = path.join(RESOURCES, 'packs', 'grch38-chr21-ensembl84-demo');
const NA12878_38 = path.join(SHARED_DATA, 'vcf', 'platinum-genomes-NA12878', 'PG_NA12878_hg38-chr21.vcf.gz');
const clients: AnnotateWorkerClient[] = [];
afterAll(async () => {
  for (const c of clients) await c.terminate();
});

async function variantsIn(from: number, to: number): Promise<VariantInput[]> {
  const out: VariantInput[] = [];
  await readVcf(NA12878_38, {
    onRecord: (r) => {
      if (r.pos < from) return;
      if (r.pos > to) return false;
      for (const alt of r.alts) out.push({ chrom: r.chrom, pos: r.pos, ref: r.ref, alt });
    },
  });
  return out;
}

describe('annotate worker', () => {
  it('annotates batches in a worker exactly as the in-process annotator does, then reports done', async () => {
    const variants = await variantsIn(25_580_000, 25_780_000);
    const progress: string[] = [];
    const client = new AnnotateWorkerClient({ onProgress: (p) => progress.push(p.phase) });
    clients.push(client);
    await client.start({ packs: { transcripts: DEMO } });
    const half = Math.floor(variants.length / 2);
    const [a, b] = await Promise.all([client.annotate(variants.slice(0, half)), client.annotate(variants.slice(half))]);
    const summary = await client.finish();
    const local = createAnnotator(await openSourcesFromPacks({ transcripts: DEMO }));
    expect([...a, ...b]).toEqual(local.annotate(variants));
    expect(summary).toMatchObject({ records: variants.length, referenceMismatches: 0 });
    expect(summary.packs[0].id).toBe('grch38-chr21-ensembl84-demo');
    expect(progress.slice(0, 2)).toEqual(['loading', 'ready']);
  });

  it('turns a pack error into the same AppError on this side', async () => {
    const client = new AnnotateWorkerClient();
    clients.push(client);
    const e = await client.start({ files: { gff3: path.join(DEMO, 'missing.gff3'), fasta: path.join(DEMO, 'GRCh38_chr21_Npadded.fa.gz') } }).catch((x: AppError) => x);
    expect((e as AppError).code).toBe('packs/file-not-found');
  });

  it('cancels a job: pending batches reject and a new job can start', async () => {
    const client = new AnnotateWorkerClient();
    clients.push(client);
    await client.start({ packs: { transcripts: DEMO } });
    const pending = client.annotate(await variantsIn(25_600_000, 25_610_000));
    client.cancel();
    await expect(pending).rejects.toMatchObject({ code: 'annotate/cancelled' });
    await client.start({ packs: { transcripts: DEMO } });
    const [r] = await client.annotate([{ chrom: 'chr21', pos: 25606638, ref: 'A', alt: 'G' }]);
    expect(r.mostSevereConsequence).toBe('missense_variant');
  });

  it('asked to stop mid-job, finishes the batch in hand, closes its packs and ends by itself (not terminated)', async () => {
    const client = new AnnotateWorkerClient();
    await client.start({ packs: { transcripts: DEMO } });
    const variants = await variantsIn(25_580_000, 25_780_000);
    const pending = [client.annotate(variants), client.annotate(variants), client.annotate(variants)];
    const settled = Promise.allSettled(pending);
    // Exit code 0: the thread's loop ran dry (its port closed); a terminated thread exits with 1.
    expect(await client.terminate()).toBe(0);
    for (const r of await settled) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'annotate/cancelled' });
  });

  it('a worker that reaches its heap cap stops with annotate/worker-failed, naming the cap', async () => {
    // The shipped cap is 256 MB (ANNOTATE_WORKER_LIMITS); 4 MB cannot even hold the demo pack's models.
    const client = new AnnotateWorkerClient({ limits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 } });
    clients.push(client);
    const e = await (async () => {
      await client.start({ packs: { transcripts: DEMO } });
      await client.annotate(await variantsIn(25_580_000, 25_780_000));
    })().catch((x: AppError) => x);
    expect(e).toMatchObject({ code: 'annotate/worker-failed', details: { reason: 'ERR_WORKER_OUT_OF_MEMORY' } });
    expect((e as AppError).message).toMatch(/more than the 4 MB its thread is allowed.*nothing was saved/);
  });
});
