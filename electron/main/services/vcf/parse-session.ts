// The parse worker's whole job, written against a tiny port interface so it runs the same inside a
// worker thread (vcf-parse.worker.ts) and in tests. No store access: it only reads the file and posts
// batches; the main thread is the single writer.
import { performance } from 'node:perf_hooks';
import { AppError } from '../../../../shared/errors.ts';
import type { ParseBatch } from './batch.ts';
import { batchTransferList, releaseBuffer } from './batch.ts';
import { RecordParser } from './record-parser.ts';
import { StripeReader, emptyError, stripeTexts, identifyVcfFile, readLines, sha256File } from './vcf-file.ts';
import type { LineChunk, VcfFileKind } from './vcf-file.ts';
import { HeaderReader, displayName, headerError } from './vcf-header.ts';
import type { ParsedHeader } from './vcf-header.ts';
import type { FromWorker, PeerReply, PeerStripe, SerializedWorkerError, StartMessage, ToWorker, Unsequenced } from './worker-protocol.ts';

export interface SessionPort {
  post(message: FromWorker, transfer?: ArrayBuffer[]): void;
}

const PROGRESS_EVERY_MS = 100;
/** Stripes a peer may have waiting: enough that it never runs dry while the reader inflates. */
const PEER_QUEUE = 2;

/**
 * This thread's CPU time, for the benchmark's "where the time goes". process.threadCpuUsage is Node ≥ 23.9;
 * the desktop app's Node may be older, and a missing figure must never fail an import.
 */
function threadCpu(): NodeJS.CpuUsage | undefined {
  return typeof process.threadCpuUsage === 'function' ? process.threadCpuUsage() : undefined;
}

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

  let peerArrived: (() => void) | null = null;
  const wakePeerWait = () => {
    const a = peerArrived;
    peerArrived = null;
    a?.();
  };

  let cpuAtStart: NodeJS.CpuUsage | undefined;

  /** The stripe whose lines are being parsed or read, for errors that belong to a point in the file. */
  let stripeAt: () => number | undefined = () => undefined;

  async function run(start: StartMessage): Promise<void> {
    const { file, stripes: plan } = start;
    const primary = plan.index === 0;
    cpuAtStart = threadCpu();
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
    await parseRecords(start, kind, head.header, head.headerLines, sampleIndex, hashMs, headerMs);
  }

  /**
   * Worker 0 reads: it inflates the file once, cuts it into stripes of whole lines, and hands each stripe
   * to a peer worker that has fewer than PEER_QUEUE waiting, or parses it itself when none has - so the
   * reader, which also inflates, ends up parsing less, and nobody waits. Other workers parse what they
   * are handed. Every batch says its stripe; the main thread writes stripes in file order.
   */
  async function parseRecords(start: StartMessage, kind: VcfFileKind, header: ParsedHeader, headerLines: number, sampleIndex: number | null, hashMs: number, headerMs: number): Promise<void> {
    const { file } = start;
    const parser = new RecordParser(header, sampleIndex, file);
    const timings = { read: headerMs, parse: 0, hash: hashMs, cpu: 0 };
    let recordsInBatch = 0;

    const flush = async (stripe: number, last: boolean, bytes: number) => {
      const taken = parser.take();
      const batch: ParseBatch = { ...taken, records: recordsInBatch, bytes };
      recordsInBatch = 0;
      inFlight += 1;
      post({ type: 'batch', batch, stripe, last }, batchTransferList(batch));
      while (inFlight >= start.maxInFlight && !cancelled) await new Promise<void>((r) => (wake = r));
      if (cancelled) throw new Cancelled();
    };

    const parseStripe = async (stripe: number, data: Uint8Array, firstLine: number, bytes: number) => {
      stripeAt = () => stripe;
      let tp = performance.now();
      let lineNo = firstLine - 1;
      for (const text of stripeTexts(data)) {
        for (let from = 0; from < text.length; ) {
          let nl = text.indexOf('\n', from);
          if (nl < 0) nl = text.length;
          const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
          const lineStart = from;
          from = nl + 1;
          lineNo += 1;
          if (end === lineStart) continue;
          if (text.charCodeAt(lineStart) === 35) {
            throw new AppError('vcf/line-malformed', `${displayName(file)} line ${lineNo}, column 1: expected a data line; header lines (#) must all come before the #CHROM line.`, {
              file,
              line: lineNo,
              column: 1,
              expected: 'a data line',
              found: text.slice(lineStart, Math.min(end, lineStart + 60)),
            });
          }
          parser.parseRange(text, lineStart, end, lineNo);
          recordsInBatch += 1;
          if (parser.pending >= start.batchRows) {
            timings.parse += performance.now() - tp;
            await flush(stripe, false, bytes);
            tp = performance.now();
          }
        }
      }
      // The stripe's bytes were made for it alone (StripeReader.cut) and are now parsed: free them.
      releaseBuffer(data.buffer as ArrayBuffer);
      timings.parse += performance.now() - tp;
      await flush(stripe, true, bytes);
      if (cancelled) throw new Cancelled();
    };

    if (start.stripes.index === 0) await readAndShare(start, kind, headerLines, parseStripe, timings);
    else await parseShared(start, parseStripe);
    stripeAt = () => undefined;
    // Wait until every batch is committed, so `done` really is the last word.
    while (inFlight > 0 && !cancelled) await new Promise<void>((r) => (wake = r));
    if (cancelled) throw new Cancelled();
    const cpu = threadCpu();
    timings.cpu = cpu && cpuAtStart ? (cpu.user - cpuAtStart.user + cpu.system - cpuAtStart.system) / 1000 : NaN;
    post({ type: 'done', stats: parser.stats, timings });
  }

  type ParseStripe = (stripe: number, data: Uint8Array, firstLine: number, bytes: number) => Promise<void>;

  async function readAndShare(start: StartMessage, kind: VcfFileKind, headerLines: number, parseStripe: ParseStripe, timings: { read: number }): Promise<void> {
    const peers = start.peers ?? [];
    const waiting = peers.map(() => 0);
    peers.forEach((peer, k) => {
      peer.on('message', (m: PeerReply) => {
        if (m.type === 'taken') waiting[k] -= 1;
      });
    });
    const reader = new StripeReader(start.file, kind.container, headerLines, start.stripes.lines);
    const stripes = reader.stripes();
    try {
      for (;;) {
        const tr = performance.now();
        stripeAt = () => reader.scanning;
        const next = await stripes.next();
        timings.read += performance.now() - tr;
        if (next.done) break;
        const { stripe, data, firstLine, bytes } = next.value;
        let k = -1;
        for (let i = 0; i < peers.length; i++) if (waiting[i] < PEER_QUEUE && (k < 0 || waiting[i] < waiting[k])) k = i;
        if (k >= 0) {
          waiting[k] += 1;
          const message: PeerStripe = { type: 'stripe', stripe, data, firstLine, bytes };
          peers[k].postMessage(message, [data.buffer as ArrayBuffer]);
        } else await parseStripe(stripe, data, firstLine, bytes);
        if (cancelled) throw new Cancelled();
      }
    } finally {
      await stripes.return(undefined);
      for (const peer of peers) {
        const end: PeerStripe = { type: 'end' };
        peer.postMessage(end);
      }
    }
  }

  async function parseShared(start: StartMessage, parseStripe: ParseStripe): Promise<void> {
    const peer = start.peer;
    if (!peer) throw new Error('a parse worker other than the first needs the reader\'s port');
    const queue: PeerStripe[] = [];
    peer.on('message', (m: PeerStripe) => {
      queue.push(m);
      wakePeerWait();
    });
    for (;;) {
      while (queue.length === 0 && !cancelled) await new Promise<void>((r) => (peerArrived = r));
      if (cancelled) throw new Cancelled();
      const m = queue.shift() as PeerStripe;
      if (m.type === 'end') break;
      await parseStripe(m.stripe, m.data, m.firstLine, m.bytes);
      const reply: PeerReply = { type: 'taken', stripe: m.stripe };
      peer.postMessage(reply);
    }
    peer.close();
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
          wakePeerWait();
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
