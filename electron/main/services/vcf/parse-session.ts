// The parse worker's whole job, written against a tiny port interface so it runs the same inside a
// worker thread (vcf-parse.worker.ts) and in tests. No store access: it only reads the file and posts
// batches; the main thread is the single writer.
import { performance } from 'node:perf_hooks';
import { AppError } from '../../../../shared/errors.ts';
import type { ParseBatch } from './batch.ts';
import { batchTransferList } from './batch.ts';
import { RecordParser } from './record-parser.ts';
import { StripeReader, emptyError, identifyVcfFile, readLines, sha256File } from './vcf-file.ts';
import type { LineChunk, VcfFileKind } from './vcf-file.ts';
import { HeaderReader, displayName, headerError } from './vcf-header.ts';
import type { ParsedHeader } from './vcf-header.ts';
import type { FromWorker, SerializedWorkerError, StartMessage, ToWorker, Unsequenced } from './worker-protocol.ts';

export interface SessionPort {
  post(message: FromWorker, transfer?: ArrayBuffer[]): void;
}

const PROGRESS_EVERY_MS = 100;

/** Thrown inside the session when the main thread cancels; never posted. */
class Cancelled extends Error {}

export function createParseSession(port: SessionPort): { handle(message: ToWorker): void } {
  let seq = 0;
  let started = false;
  let cancelled = false;
  let inFlight = 0;
  let wake: (() => void) | null = null;
  let decision: ((sampleIndex: number | null) => void) | null = null;
  // Workers other than 0 are told to continue as soon as worker 0's header is in, which can be before
  // they have read the header themselves: the answer waits here until they ask.
  let earlyDecision: { sampleIndex: number | null } | null = null;

  const post = (message: Unsequenced<FromWorker>, transfer?: ArrayBuffer[]) => port.post({ ...message, seq: ++seq } as FromWorker, transfer);
  const wakeUp = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  /** The stripe whose lines are being parsed or read, for errors that belong to a point in the file. */
  let stripeAt: () => number | undefined = () => undefined;

  async function run(start: StartMessage): Promise<void> {
    const { file, stripes: plan } = start;
    const primary = plan.index === 0;
    const t0 = performance.now();
    const kind = await identifyVcfFile(file);
    let sha256 = '';
    if (primary) {
      let lastProgress = 0;
      sha256 = await sha256File(file, (bytes) => {
        const now = performance.now();
        if (now - lastProgress >= PROGRESS_EVERY_MS) {
          lastProgress = now;
          post({ type: 'progress', phase: 'hashing', bytes, totalBytes: kind.bytes, records: 0 });
        }
      });
    }
    const hashMs = performance.now() - t0;
    if (cancelled) throw new Cancelled();

    const tr = performance.now();
    const lines = readLines(file, kind.container);
    let head: { header: ParsedHeader; headerLines: number };
    try {
      head = await readHeader(file, lines);
    } finally {
      // The header pass stops at #CHROM; the records are read again, by stripe, below.
      await lines.return(undefined);
    }
    const headerMs = performance.now() - tr;
    if (primary) post({ type: 'header', header: head.header.info, sha256, container: kind.container, totalBytes: kind.bytes });

    const sampleIndex = await new Promise<number | null>((resolve) => {
      decision = resolve;
      if (cancelled) resolve(null);
      else if (earlyDecision) resolve(earlyDecision.sampleIndex);
    });
    if (cancelled) throw new Cancelled();
    await parseStripes(start, kind, head.header, head.headerLines, sampleIndex, hashMs, headerMs);
  }

  async function parseStripes(start: StartMessage, kind: VcfFileKind, header: ParsedHeader, headerLines: number, sampleIndex: number | null, hashMs: number, headerMs: number): Promise<void> {
    const { file } = start;
    const parser = new RecordParser(header, sampleIndex, file, start.batchRows + 64);
    const reader = new StripeReader(file, kind.container, headerLines, start.stripes);
    const stripes = reader.stripes();
    let readMs = headerMs;
    let parseMs = 0;
    let recordsInBatch = 0;
    let lastProgress = performance.now();

    const flush = async (stripe: number, last: boolean, bytes: number) => {
      const taken = parser.take();
      const batch: ParseBatch = { ...taken, records: recordsInBatch, bytes };
      recordsInBatch = 0;
      inFlight += 1;
      post({ type: 'batch', batch, stripe, last }, batchTransferList(batch));
      while (inFlight >= start.maxInFlight && !cancelled) await new Promise<void>((r) => (wake = r));
      if (cancelled) throw new Cancelled();
    };

    try {
      for (;;) {
        const tr = performance.now();
        stripeAt = () => reader.scanning;
        const next = await stripes.next();
        readMs += performance.now() - tr;
        if (next.done) break;
        const { stripe, lines: ls, firstLine, bytes } = next.value;
        stripeAt = () => stripe;
        let tp = performance.now();
        for (let index = 0; index < ls.length; index++) {
          const line = ls[index];
          if (line.length === 0) continue;
          if (line.charCodeAt(0) === 35) {
            throw new AppError('vcf/line-malformed', `${displayName(file)} line ${firstLine + index}, column 1: expected a data line; header lines (#) must all come before the #CHROM line.`, {
              file,
              line: firstLine + index,
              column: 1,
              expected: 'a data line',
              found: line.slice(0, 60),
            });
          }
          parser.parse(line, firstLine + index);
          recordsInBatch += 1;
          if (parser.pending >= start.batchRows) {
            parseMs += performance.now() - tp;
            await flush(stripe, false, bytes);
            tp = performance.now();
          }
        }
        parseMs += performance.now() - tp;
        await flush(stripe, true, bytes);
        const now = performance.now();
        if (now - lastProgress >= PROGRESS_EVERY_MS) {
          lastProgress = now;
          post({ type: 'progress', phase: 'reading', bytes, totalBytes: kind.bytes, records: parser.stats.records });
        }
        if (cancelled) throw new Cancelled();
      }
    } finally {
      await stripes.return(undefined);
    }
    stripeAt = () => undefined;
    // Wait until every batch is committed, so `done` really is the last word.
    while (inFlight > 0 && !cancelled) await new Promise<void>((r) => (wake = r));
    if (cancelled) throw new Cancelled();
    post({ type: 'done', stats: parser.stats, timings: { read: readMs, parse: parseMs, hash: hashMs } });
  }

  return {
    handle(message: ToWorker): void {
      switch (message.type) {
        case 'start':
          if (started) return;
          started = true;
          run(message).catch((err: unknown) => {
            if (err instanceof Cancelled) return;
            post({ type: 'error', error: serializeForMain(err), stripe: stripeAt() });
          });
          return;
        case 'continue':
          if (decision) decision(message.sampleIndex);
          else earlyDecision = { sampleIndex: message.sampleIndex };
          decision = null;
          return;
        case 'ack':
          inFlight -= 1;
          wakeUp();
          return;
        case 'cancel':
          cancelled = true;
          decision?.(null);
          decision = null;
          wakeUp();
          return;
      }
    },
  };
}

function serializeForMain(err: unknown): SerializedWorkerError {
  if (err instanceof AppError) return { name: err.name, message: err.message, code: err.code, details: err.details };
  const e = err as Error;
  return {
    name: e?.name ?? 'Error',
    message: `The VCF reader stopped unexpectedly: ${e?.message ?? String(err)}`,
    code: 'vcf/worker-failed',
    details: {},
  };
}

/** Reads the meta lines and #CHROM line; returns the parsed header and the #CHROM line's number. */
async function readHeader(file: string, lines: AsyncGenerator<LineChunk>): Promise<{ header: ParsedHeader; headerLines: number }> {
  const headerReader = new HeaderReader(file);
  let anyLine = false;
  let lastLine = 0;
  for (;;) {
    const r = await lines.next();
    if (r.done) break;
    const chunk = r.value;
    for (let index = 0; index < chunk.lines.length; index++) {
      const line = chunk.lines[index];
      const lineNo = chunk.firstLine + index;
      lastLine = lineNo;
      if (line.length) anyLine = true;
      if (line.startsWith('##')) headerReader.addMeta(line, lineNo);
      else if (line.startsWith('#')) {
        if (lineNo === 1) throw headerReader.firstLineError(line);
        return { header: headerReader.finish(line, lineNo), headerLines: lineNo };
      } else if (lineNo === 1) throw headerReader.firstLineError(line);
      else if (line.trim() !== '') {
        throw headerError(file, lineNo, 1, 'a "#CHROM" header line before the first record', line);
      }
    }
  }
  if (!anyLine) throw emptyError(file);
  throw headerError(file, lastLine + 1, 1, 'a "#CHROM" header line', '(end of file)');
}
