// Opening a VCF on disk: what kind of file it is (refusing BCF and other binaries with a way forward),
// its SHA-256, and its lines, streamed through node's zlib (which reads every member of a multi-member
// gzip, so bgzip's 64 KiB blocks and its empty EOF block need nothing special).
import { createHash } from 'node:crypto';
import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { AppError } from '../../../../shared/errors.ts';
import { displayName } from './vcf-header.ts';

export type VcfContainer = 'plain' | 'gzip';

export interface VcfFileKind {
  container: VcfContainer;
  bytes: number;
}

const PEEK_BYTES = 64 * 1024;
const READ_CHUNK = 1 << 20;

/** Checks the file exists and is a text VCF, plain or gzip/bgzip-compressed. */
export async function identifyVcfFile(file: string): Promise<VcfFileKind> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (err) {
    throw openError(file, err);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new AppError('vcf/file-not-found', `${file} is not a file.`, { file });
    const head = Buffer.alloc(Math.min(PEEK_BYTES, stat.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const raw = head.subarray(0, bytesRead);
    if (raw.length === 0) throw emptyError(file);
    if (raw[0] === 0x1f && raw[1] === 0x8b) {
      let inner: Buffer;
      try {
        // The first member(s) only: enough to see what is inside without reading the whole file.
        inner = zlib.gunzipSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      } catch (err) {
        throw corruptError(file, 0, (err as Error).message);
      }
      refuseBinary(file, inner);
      if (inner.length === 0 && stat.size <= 28 + 64) throw emptyError(file);
      return { container: 'gzip', bytes: stat.size };
    }
    refuseBinary(file, raw);
    return { container: 'plain', bytes: stat.size };
  } finally {
    await handle.close();
  }
}

function refuseBinary(file: string, head: Buffer): void {
  const name = displayName(file);
  const starts = (s: string) => head.subarray(0, s.length).toString('latin1') === s;
  if (starts('BCF\x02') || starts('BCF\x01')) {
    throw new AppError(
      'vcf/unsupported-format',
      `${name} is a BCF (binary VCF) file, which GenoDesk does not import. Convert it to a compressed VCF with: bcftools view -Oz -o out.vcf.gz ${name}`,
      { file, format: 'BCF', convert: `bcftools view -Oz -o out.vcf.gz ${name}` },
    );
  }
  const kinds: [string, string, string][] = [
    ['BAM\x01', 'BAM (aligned reads)', 'Call variants first; GenoDesk imports VCF files.'],
    ['CRAM', 'CRAM (aligned reads)', 'Call variants first; GenoDesk imports VCF files.'],
    ['PK\x03\x04', 'ZIP archive', 'Unzip it and import the .vcf or .vcf.gz inside.'],
    ['BZh', 'bzip2-compressed file', 'Recompress it with bgzip (bzip2 -dc FILE | bgzip > out.vcf.gz).'],
    ['\xfd7zXZ\x00', 'xz-compressed file', 'Recompress it with bgzip (xz -dc FILE | bgzip > out.vcf.gz).'],
  ];
  for (const [magic, kind, hint] of kinds) {
    if (starts(magic)) throw new AppError('vcf/unsupported-format', `${name} is a ${kind}, not a VCF. ${hint}`, { file, format: kind });
  }
  if (head.includes(0)) {
    throw new AppError('vcf/unsupported-format', `${name} is a binary file, not a text VCF (.vcf or .vcf.gz).`, { file, format: 'binary' });
  }
}

function openError(file: string, err: unknown): AppError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') {
    return new AppError('vcf/file-not-found', `The file ${file} could not be found.`, { file });
  }
  return new AppError('vcf/read-failed', `The file ${file} could not be read (${code ?? (err as Error).message}).`, { file, reason: code ?? null });
}

export function emptyError(file: string): AppError {
  return new AppError('vcf/empty', `${displayName(file)} is empty: it has no VCF header or records.`, { file });
}

export function corruptError(file: string, line: number, reason: string): AppError {
  return new AppError(
    'vcf/corrupt-compression',
    `${displayName(file)} is damaged: its gzip compression could not be read${line ? ` after line ${line}` : ''} (${reason}). Copy the file again or recompress it with bgzip.`,
    { file, line, expected: 'valid gzip/bgzip data', reason },
  );
}

/** SHA-256 of the file's bytes; `onBytes` reports progress. */
export async function sha256File(file: string, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: READ_CHUNK })) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      onBytes?.(bytes);
    }
  } catch (err) {
    throw openError(file, err);
  }
  return hash.digest('hex');
}

export interface LineChunk {
  lines: string[];
  /** Line number (1-based) of lines[0]. */
  firstLine: number;
  /** File bytes read so far (compressed bytes for a .gz). */
  bytes: number;
}

/**
 * The file's lines in chunks, CR/LF or LF endings, decoded as UTF-8. Iterating slowly pauses the read
 * (stream backpressure), which is what keeps memory flat when the writer is slower than the parser.
 */
export async function* readLines(file: string, container: VcfContainer): AsyncGenerator<LineChunk> {
  const raw = fs.createReadStream(file, { highWaterMark: READ_CHUNK });
  let bytes = 0;
  raw.on('data', (c) => {
    bytes += (c as Buffer).length;
  });
  let source: NodeJS.ReadableStream = raw;
  if (container === 'gzip') {
    const gunzip = zlib.createGunzip({ chunkSize: 256 * 1024 });
    raw.on('error', (err) => gunzip.destroy(err));
    source = raw.pipe(gunzip);
  }
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let lineNo = 1;
  try {
    for await (const chunk of source) {
      const text = rest + decoder.write(chunk as Buffer);
      const lines: string[] = [];
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        lines.push(text.slice(start, end));
        start = nl + 1;
      }
      rest = text.slice(start);
      if (lines.length) {
        yield { lines, firstLine: lineNo, bytes };
        lineNo += lines.length;
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code && code.startsWith('Z_') || /unexpected end of file|incorrect header check|invalid/i.test((err as Error).message)) {
      throw corruptError(file, lineNo - 1, (err as Error).message);
    }
    throw openError(file, err);
  } finally {
    raw.destroy();
  }
  rest += decoder.end();
  const last = rest.endsWith('\r') ? rest.slice(0, -1) : rest;
  if (last.length) yield { lines: [last], firstLine: lineNo, bytes };
}

/** Which parse worker this is, of how many, and how many data lines make a stripe. */
export interface StripePlan {
  index: number;
  of: number;
  lines: number;
}

export interface Stripe {
  /** Stripe number, in file order. */
  stripe: number;
  /**
   * The stripe's bytes, whole lines each ending in LF (the file's last may not), in an ArrayBuffer of their
   * own so they can be transferred to another worker. Decoded by whoever parses them.
   */
  data: Uint8Array;
  /** Line number (1-based) of the stripe's first line. */
  firstLine: number;
  /** File bytes read so far (compressed bytes for a .gz). */
  bytes: number;
}

const NEWLINE = 10;

/**
 * A stripe also ends once it holds this many bytes (at the end of the line that reaches it): a cohort
 * file's lines can be tens of kilobytes each, and a few stripes of 2,048 of them, queued for each
 * worker, would hold hundreds of megabytes.
 */
export const STRIPE_BYTES = 1 << 20;

/**
 * The data lines (after the first `headerLines` lines) in stripes of `stripeLines` lines or about
 * `stripeBytes` bytes, whichever comes first: one pass of
 * reading and inflating, newlines found in the bytes, nothing decoded. `scanning` says which stripe the
 * read is in, so a damaged file is reported at its point in file order.
 */
export class StripeReader {
  scanning = 0;
  private readonly file: string;
  private readonly container: VcfContainer;
  private readonly headerLines: number;
  private readonly stripeLines: number;
  private readonly stripeBytes: number;

  constructor(file: string, container: VcfContainer, headerLines: number, stripeLines: number, stripeBytes = STRIPE_BYTES) {
    this.file = file;
    this.container = container;
    this.headerLines = headerLines;
    this.stripeLines = stripeLines;
    this.stripeBytes = stripeBytes;
  }

  async *stripes(): AsyncGenerator<Stripe> {
    const { file } = this;
    const raw = fs.createReadStream(file, { highWaterMark: READ_CHUNK });
    let bytes = 0;
    raw.on('data', (c) => {
      bytes += (c as Buffer).length;
    });
    let source: NodeJS.ReadableStream = raw;
    if (this.container === 'gzip') {
      const gunzip = zlib.createGunzip({ chunkSize: 256 * 1024 });
      raw.on('error', (err) => gunzip.destroy(err));
      source = raw.pipe(gunzip);
    }
    let headerLeft = this.headerLines;
    let dataLine = 0;
    let stripe = 0;
    /** Data lines before the current stripe. */
    let stripeFirst = 0;
    let parts: Buffer[] = [];
    let partBytes = 0;
    const cut = (): Stripe => {
      // A fresh ArrayBuffer (not Node's shared pool, which Buffer.concat may use): it is transferred.
      const data = new Uint8Array(partBytes);
      let o = 0;
      for (const p of parts) {
        data.set(p, o);
        o += p.length;
      }
      parts = [];
      partBytes = 0;
      return { stripe, data, firstLine: this.headerLines + stripeFirst + 1, bytes };
    };
    try {
      for await (const chunk of source) {
        const b = chunk as Buffer;
        let p = 0;
        while (headerLeft > 0 && p < b.length) {
          const nl = b.indexOf(NEWLINE, p);
          if (nl < 0) {
            p = b.length;
            break;
          }
          headerLeft -= 1;
          p = nl + 1;
        }
        while (p < b.length) {
          // Find the end of this stripe in this buffer, or the buffer's end.
          let q = p;
          let full = false;
          while (!full) {
            const nl = b.indexOf(NEWLINE, q);
            if (nl < 0) {
              q = b.length;
              break;
            }
            q = nl + 1;
            dataLine += 1;
            full = dataLine - stripeFirst >= this.stripeLines || partBytes + (q - p) >= this.stripeBytes;
          }
          if (q > p) {
            parts.push(b.subarray(p, q));
            partBytes += q - p;
          }
          p = q;
          if (full) {
            yield cut();
            stripe += 1;
            stripeFirst = dataLine;
            this.scanning = stripe;
          }
        }
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if ((code && code.startsWith('Z_')) || /unexpected end of file|incorrect header check|invalid/i.test((err as Error).message)) {
        throw corruptError(file, this.headerLines + dataLine, (err as Error).message);
      }
      throw openError(file, err);
    } finally {
      raw.destroy();
    }
    if (partBytes > 0) yield cut();
  }
}

/** Bytes of a stripe decoded into one string (see stripeTexts): under V8's 128 KiB large-object size. */
export const TEXT_PIECE_BYTES = 64 * 1024;

/**
 * A stripe's text, in pieces of whole lines. Each piece stays below V8's large-object size, so it is an
 * ordinary young string that dies young; a whole stripe's text was a large object, mapped and faulted
 * in afresh for every stripe (measured: some 200,000 page faults on 5 M records, a tenth of the import's
 * time). A line longer than a piece is a piece of its own.
 */
export function* stripeTexts(data: Uint8Array, pieceBytes = TEXT_PIECE_BYTES): Generator<string> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // Nearly every VCF is ASCII: decoded as latin1 it becomes a one-byte string by a plain copy. Pieces
  // end at a newline, which never falls inside a UTF-8 sequence.
  const encoding = isAscii(buf) ? 'latin1' : 'utf8';
  for (let start = 0; start < buf.length; ) {
    let end = buf.length;
    if (end - start > pieceBytes) {
      const nl = buf.lastIndexOf(NEWLINE, start + pieceBytes - 1);
      end = nl >= start ? nl + 1 : buf.indexOf(NEWLINE, start + pieceBytes) + 1 || buf.length;
    }
    yield buf.toString(encoding, start, end);
    start = end;
  }
}
