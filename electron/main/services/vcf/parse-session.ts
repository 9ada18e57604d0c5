// The parse worker's whole job, written against a tiny port interface so it runs the same inside a
// worker thread (vcf-parse.worker.ts) and in tests. No store access: it only reads the file and posts
// batches; the main thread is the single writer.
import { performance } from 'node:perf_hooks';
import { AppError } from '../../../../shared/errors.ts';
import type { ParseBatch } from './batch.ts';
import { batchTransferList } from './batch.ts';
import { RecordParser } from './record-parser.ts';
import { emptyError, identifyVcfFile, readLines, sha256File } from './vcf-file.ts';
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

  const post = (message: Unsequenced<FromWorker>, transfer?: ArrayBuffer[]) => port.post({ ...message, seq: ++seq } as FromWorker, transfer);
  const wakeUp = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  async function run(start: StartMessage): Promise<void> {
    const { file } = start;
    const t0 = performance.now();
    const kind = await identifyVcfFile(file);
    let lastProgress = 0;
    const sha256 = await sha256File(file, (bytes) => {
      const now = performance.now();
      if (now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        post({ type: 'progress', phase: 'hashing', bytes, totalBytes: kind.bytes, records: 0 });
      }
    });
    const hashMs = performance.now() - t0;
    if (cancelled) throw new Cancelled();

    const lines = readLines(file, kind.container);
    try {
      await parseLines(start, lines, kind, sha256, hashMs);
    } finally {
      // Closes the file if parsing stopped early (error or cancel).
      await lines.return(undefined);
    }
  }

  async function parseLines(start: StartMessage, lines: AsyncGenerator<LineChunk>, kind: VcfFileKind, sha256: string, hashMs: number): Promise<void> {
    const { file } = start;
    const headerReader = new HeaderReader(file);
    let header: ParsedHeader | null = null;
    let chunk: LineChunk | null;
    let index = 0;
    let readMs = 0;
    let parseMs = 0;
    let anyLine = false;
    let lastLine = 0;

    const nextChunk = async (): Promise<LineChunk | null> => {
      const tr = performance.now();
      const r = await lines.next();
      readMs += performance.now() - tr;
      return r.done ? null : r.value;
    };

    // Header.
    headerLoop: for (;;) {
      chunk = await nextChunk();
      if (chunk === null) break;
      for (index = 0; index < chunk.lines.length; index++) {
        const line = chunk.lines[index];
        const lineNo = chunk.firstLine + index;
        lastLine = lineNo;
        if (line.length) anyLine = true;
        if (line.startsWith('##')) headerReader.addMeta(line, lineNo);
        else if (line.startsWith('#')) {
          if (lineNo === 1) throw headerReader.firstLineError(line);
          header = headerReader.finish(line, lineNo);
          index += 1;
          break headerLoop;
        } else if (lineNo === 1) throw headerReader.firstLineError(line);
        else if (line.trim() !== '') {
          throw headerError(file, lineNo, 1, 'a "#CHROM" header line before the first record', line);
        }
      }
    }
    if (header === null) {
      if (!anyLine) throw emptyError(file);
      throw headerError(file, lastLine + 1, 1, 'a "#CHROM" header line', '(end of file)');
    }
    post({ type: 'header', header: header.info, sha256, container: kind.container, totalBytes: kind.bytes });

    const sampleIndex = await new Promise<number | null>((resolve) => {
      decision = resolve;
      if (cancelled) resolve(null);
    });
    if (cancelled) throw new Cancelled();

    const parser = new RecordParser(header, sampleIndex, file, start.batchRows + 64);
    let recordsInBatch = 0;
    let bytes = chunk ? chunk.bytes : 0;
    let lastProgress = performance.now();

    const flush = async () => {
      const taken = parser.take();
      const batch: ParseBatch = { ...taken, records: recordsInBatch, bytes };
      recordsInBatch = 0;
      inFlight += 1;
      post({ type: 'batch', batch }, batchTransferList(batch));
      while (inFlight >= start.maxInFlight && !cancelled) await new Promise<void>((r) => (wake = r));
      if (cancelled) throw new Cancelled();
    };

    while (chunk !== null) {
      bytes = chunk.bytes;
      let tp = performance.now();
      const { lines: ls, firstLine } = chunk;
      for (; index < ls.length; index++) {
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
          await flush();
          tp = performance.now();
        }
      }
      parseMs += performance.now() - tp;
      const now = performance.now();
      if (now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        post({ type: 'progress', phase: 'reading', bytes, totalBytes: kind.bytes, records: parser.stats.records });
      }
      if (cancelled) throw new Cancelled();
      chunk = await nextChunk();
      index = 0;
    }
    bytes = kind.bytes;
    if (parser.pending > 0 || recordsInBatch > 0) await flush();
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
            post({ type: 'error', error: serializeForMain(err) });
          });
          return;
        case 'continue':
          decision?.(message.sampleIndex);
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
