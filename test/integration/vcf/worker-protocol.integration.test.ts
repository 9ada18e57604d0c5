// The parse worker's message protocol, driven by hand against the real worker (its TypeScript source,
// loaded by Node 24 as tests and the CLI load it): every message carries an increasing sequence number,
// batches wait for acks, errors cross as {name, message, code, details} and are rebuilt as AppErrors.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_WORKER_URL, STRIPE_LINES, startParseJob } from '../../../electron/main/services/vcf/parse-worker-client.ts';
import { CHUNK_ROWS } from '../../../electron/main/services/vcf/variant-chunk.ts';
import type { FromWorker } from '../../../electron/main/services/vcf/worker-protocol.ts';
import { AppError, fromSerialized } from '../../../shared/errors.ts';
import { VCF_DATA } from './vcf-test-helpers.ts';

const NA12878 = path.join(VCF_DATA, 'platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz');

function drive(file: string, opts: { ackDelayMs?: number; cancelAfterBatches?: number } = {}): Promise<{ messages: FromWorker[]; maxUnacked: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(DEFAULT_PARSE_WORKER_URL);
    const messages: FromWorker[] = [];
    let seq = 0;
    let unacked = 0;
    let maxUnacked = 0;
    let batches = 0;
    const finish = () => {
      void worker.terminate();
      resolve({ messages, maxUnacked });
    };
    worker.on('error', reject);
    worker.on('message', (m: FromWorker) => {
      messages.push(m);
      if (m.type === 'header') worker.postMessage({ type: 'continue', seq: ++seq, sampleIndex: 0 });
      if (m.type === 'batch') {
        unacked += 1;
        maxUnacked = Math.max(maxUnacked, unacked);
        batches += 1;
        if (opts.cancelAfterBatches && batches === opts.cancelAfterBatches) {
          worker.postMessage({ type: 'cancel', seq: ++seq });
          setTimeout(finish, 200);
          return;
        }
        setTimeout(() => {
          unacked -= 1;
          worker.postMessage({ type: 'ack', seq: ++seq, batchSeq: m.seq });
        }, opts.ackDelayMs ?? 0);
      }
      if (m.type === 'done' || m.type === 'error') finish();
    });
    // One worker owning every stripe: the whole file, as a single-worker import parses it.
    worker.postMessage({ type: 'start', seq: ++seq, file, batchRows: 5000, maxInFlight: 2, stripes: { index: 0, of: 1, lines: STRIPE_LINES } });
  });
}

describe('parse worker protocol', () => {
  it('progress* -> header -> batch* -> done, sequence numbers strictly increasing, at most maxInFlight batches unacknowledged', async () => {
    const { messages, maxUnacked } = await drive(NA12878, { ackDelayMs: 5 });
    const types = messages.map((m) => m.type);
    expect(types.indexOf('header')).toBeGreaterThanOrEqual(0);
    expect(types.filter((t) => t === 'header')).toHaveLength(1);
    expect(types[types.length - 1]).toBe('done');
    expect(types.slice(0, types.indexOf('header')).every((t) => t === 'progress')).toBe(true);
    for (let i = 1; i < messages.length; i++) expect(messages[i].seq).toBeGreaterThan(messages[i - 1].seq);
    expect(maxUnacked).toBeLessThanOrEqual(2);
    const done = messages[messages.length - 1] as Extract<FromWorker, { type: 'done' }>;
    const batches = messages.filter((m): m is Extract<FromWorker, { type: 'batch' }> => m.type === 'batch');
    expect(batches.reduce((n, b) => n + b.batch.records, 0)).toBe(done.stats.records);
    expect(batches.reduce((n, b) => n + b.batch.variantCount, 0)).toBe(done.stats.variants);
    // A batch's chunks hold exactly its rows, each chunk at most CHUNK_ROWS of one chromosome.
    for (const b of batches) {
      expect(b.batch.chunks.reduce((n, c) => n + c.count, 0)).toBe(b.batch.variantCount);
      for (const c of b.batch.chunks) expect(c.count).toBeLessThanOrEqual(CHUNK_ROWS);
    }
    const header = messages.find((m) => m.type === 'header') as Extract<FromWorker, { type: 'header' }>;
    expect(header.header.samples).toEqual(['NA12878']);
    expect(header.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stops producing after cancel', async () => {
    const { messages } = await drive(NA12878, { cancelAfterBatches: 1 });
    const afterFirst = messages.slice(messages.findIndex((m) => m.type === 'batch') + 1);
    // A worker sees messages only when it waits (for an ack or the file), so a batch it posted before the
    // cancel reached it may still arrive; flow control bounds that (the cancelled batch is never acked: at
    // most maxInFlight - 1 more). Later batches are acked, so a worker that ignored the cancel would go on
    // to the end (13+ batches).
    expect(afterFirst.filter((m) => m.type === 'batch').length).toBeLessThanOrEqual(1);
    expect(afterFirst.filter((m) => m.type === 'done')).toEqual([]);
  });

  it('sends errors as {name, message, code, details}, rebuilt as the same AppError', async () => {
    const file = path.join(VCF_DATA, 'cyvcf2-tests/test-invalid-header.vcf');
    const { messages } = await drive(file);
    const err = messages.find((m) => m.type === 'error') as Extract<FromWorker, { type: 'error' }>;
    expect(Object.keys(err.error).sort()).toEqual(['code', 'details', 'message', 'name']);
    const rebuilt = fromSerialized(err.error);
    expect(rebuilt).toBeInstanceOf(AppError);
    expect(rebuilt).toMatchObject({ code: 'vcf/bad-header', message: err.error.message, details: { file, line: 2, column: 11 } });
  });

  it('the client rejects with the rebuilt AppError and can be stopped at any time', async () => {
    const bad = startParseJob({ file: path.join(VCF_DATA, 'cyvcf2-tests/multi-contig.bcf'), batchRows: 1000, maxInFlight: 2 });
    await expect(bad.header).rejects.toMatchObject({ code: 'vcf/unsupported-format' });
    const job = startParseJob({ file: NA12878, batchRows: 1000, maxInFlight: 2 });
    await job.header;
    let batches = 0;
    const run = job.run(0, () => {
      batches += 1;
      if (batches === 3) void job.stop();
    });
    await expect(run).rejects.toMatchObject({ code: 'vcf/cancelled' });
    expect(batches).toBe(3);
  });
});
