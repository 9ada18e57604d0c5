// Install-time conversion of any FASTA a laboratory has (plain, gzip or bgzip; with or without .fai/.gzi)
// into the pack's own random-access form: a plain FASTA holding each contig as one upper-case line, and the
// samtools-format `.fai` that locates it. Annotation then reads only the bases it asks for (fasta-reader's
// IndexedReference) and never holds a genome in memory; samtools, bcftools and IGV read the same files.
// One byte per base (not 2-bit) because GRCh38 carries IUPAC codes besides N, and reads stay a plain seek.
// The input is streamed once in bounded memory; the output is hashed as it is written for the manifest.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { AppError } from '../../../../../shared/errors.ts';
import { hasBgzfEof, isBgzf, isGzip, readHead } from './bgzf.ts';

export interface IndexedFastaFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface IndexedFasta {
  fasta: IndexedFastaFile;
  fai: IndexedFastaFile;
  /** Contig name (first word of its header) → length, in file order. */
  contigs: Map<string, number>;
}

export interface FastaIndexOptions {
  signal?: AbortSignal;
  /** Compressed (as-read) bytes consumed so far. */
  onBytes?: (bytesRead: number) => void;
}

// Byte → upper-case base; 0 for line breaks and stray blanks (skipped, as samtools faidx does); 255 for a
// byte no nucleotide FASTA may hold. IUPAC letters are kept: the annotator treats non-ACGT as unknown.
const BASE_TABLE = (() => {
  const t = new Uint8Array(256).fill(255);
  for (let c = 65; c <= 90; c++) {
    t[c] = c;
    t[c + 32] = c;
  }
  t[42] = 42; // '*'
  t[45] = 45; // '-'
  for (const c of [9, 10, 13, 32]) t[c] = 0;
  return t;
})();

const OUT_BUFFER = 1 << 20;

export function fsyncAsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve())));
}

class HashedWriter {
  private readonly fd: number;
  private readonly hash = createHash('sha256');
  private readonly buf = Buffer.allocUnsafe(OUT_BUFFER);
  private used = 0;
  bytes = 0;

  readonly path: string;

  constructor(file: string) {
    this.path = file;
    this.fd = fs.openSync(file, 'wx');
  }

  get buffer(): Buffer {
    return this.buf;
  }

  /** Makes room for `n` bytes (n ≤ the buffer size, or as much as fits after a flush); returns where they go. */
  reserve(n: number): number {
    if (this.used + Math.min(n, OUT_BUFFER) > OUT_BUFFER) this.flush();
    return this.used;
  }

  commit(n: number): void {
    this.used += n;
  }

  byte(b: number): void {
    if (this.used === OUT_BUFFER) this.flush();
    this.buf[this.used++] = b;
  }

  text(s: string): void {
    this.bytesOf(Buffer.from(s, 'latin1'));
  }

  bytesOf(b: Buffer): void {
    if (this.used + b.length > OUT_BUFFER) this.flush();
    if (b.length > OUT_BUFFER) {
      this.write(b);
      return;
    }
    b.copy(this.buf, this.used);
    this.used += b.length;
  }

  private write(b: Buffer): void {
    this.hash.update(b);
    let off = 0;
    while (off < b.length) off += fs.writeSync(this.fd, b, off, b.length - off);
    this.bytes += b.length;
  }

  flush(): void {
    if (this.used === 0) return;
    this.write(this.buf.subarray(0, this.used));
    this.used = 0;
  }

  async close(): Promise<IndexedFastaFile> {
    this.flush();
    // Asynchronous: flushing a 3 GB file to disk took the event loop for seconds when synchronous.
    await fsyncAsync(this.fd);
    fs.closeSync(this.fd);
    return { path: this.path, sha256: this.hash.digest('hex'), bytes: this.bytes };
  }

  abandon(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}

/** Streams `src` into `<outBase>` + `<outBase>.fai`; refuses non-FASTA with the file, line and column. */
export async function indexFasta(src: string, outBase: string, options: FastaIndexOptions = {}): Promise<IndexedFasta> {
  if (!fs.existsSync(src)) throw new AppError('packs/file-not-found', `The FASTA file ${src} does not exist.`, { file: src });
  const head = readHead(src);
  if (head.length === 0) throw new AppError('packs/corrupt', `The FASTA file ${src} is empty.`, { file: src, line: 0 });
  // A bgzip file cut short can still end on a whole member; only its missing EOF block shows it.
  if (isBgzf(head) && !hasBgzfEof(src)) {
    throw new AppError('packs/corrupt', `The bgzip FASTA ${src} is truncated (no end-of-file block).`, { file: src });
  }
  const { signal, onBytes } = options;
  const raw = fs.createReadStream(src, { highWaterMark: 1 << 20, signal });
  let read = 0;
  raw.on('data', (c) => {
    read += c.length;
    onBytes?.(read);
  });
  // gzip and bgzip alike: Node's gunzip reads every member of a multi-member file.
  const stream = isGzip(head) ? raw.pipe(zlib.createGunzip({ chunkSize: 1 << 20 })) : raw;
  // pipe() does not pass a read error (or a cancel) on to the inflater: without this the loop below would wait forever.
  if (stream !== raw) raw.on('error', (err) => stream.destroy(err));
  const out = new HashedWriter(outBase);
  const contigs = new Map<string, number>();
  const faiLines: string[] = [];
  let line = 1;
  let column = 0;
  let inHeader = false;
  let header: number[] = [];
  let name: string | null = null;
  let length = 0;
  let seqOffset = 0;
  const corrupt = (message: string, extra: Record<string, unknown> = {}) =>
    new AppError('packs/corrupt', `The FASTA ${src} ${message}.`, { file: src, line, ...extra });

  const endContig = (): void => {
    if (name === null) return;
    out.byte(10);
    // One line per contig: LINEBASES is the contig's length (at least 1 so the index stays well-formed).
    const lineBases = Math.max(1, length);
    faiLines.push(`${name}\t${length}\t${seqOffset}\t${lineBases}\t${lineBases + 1}\n`);
    contigs.set(name, length);
  };
  const startContig = (): void => {
    const text = Buffer.from(header).toString('latin1').trim();
    const n = text.split(/\s+/)[0];
    if (!n) throw corrupt(`has a header without a name at line ${line}`);
    if (contigs.has(n)) throw corrupt(`names contig ${n} twice (line ${line})`, { contig: n });
    name = n;
    length = 0;
    out.text(`>${n}\n`);
    out.flush();
    seqOffset = out.bytes;
    header = [];
  };

  try {
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (signal?.aborted) throw new Error('aborted');
        for (let i = 0; i < chunk.length; i++) {
          const c = chunk[i];
          if (inHeader) {
            if (c === 10) {
              startContig();
              inHeader = false;
              line++;
              column = 0;
            } else if (c !== 13 && header.length < 4096) header.push(c);
            continue;
          }
          if (c === 10) {
            line++;
            column = 0;
            continue;
          }
          column++;
          if (c === 62 && column === 1) {
            endContig();
            inHeader = true;
            continue;
          }
          const b = BASE_TABLE[c];
          if (b === 0) continue;
          if (b === 255) {
            throw corrupt(`has a character that is not a base at line ${line}, column ${column}`, { column, expected: 'IUPAC nucleotide letters' });
          }
          if (name === null) throw corrupt(`is not FASTA: sequence before the first '>' header at line ${line}`);
          // The rest of this line in one tight loop (the hot path: ~3 G bases in a genome).
          let j = i + 1;
          const room = out.reserve(chunk.length - i);
          const buf = out.buffer;
          let at = room;
          buf[at++] = b;
          for (; j < chunk.length && at < OUT_BUFFER; j++) {
            const m = BASE_TABLE[chunk[j]];
            if (m === 0 || m === 255) break;
            buf[at++] = m;
          }
          out.commit(at - room);
          length += at - room;
          column += j - i - 1;
          i = j - 1;
        }
      }
    } catch (err) {
      if (signal?.aborted) throw new AppError('packs/cancelled', 'The pack installation was cancelled; the previous pack is still in use.', {});
      if (err instanceof AppError) throw err;
      throw corrupt(`is truncated or damaged after line ${line}`, { reason: (err as Error).message });
    }
    if (inHeader) startContig();
    endContig();
    if (contigs.size === 0) throw corrupt('holds no sequence');
  } catch (err) {
    out.abandon();
    raw.destroy();
    throw err;
  }
  const fasta = await out.close();
  const faiWriter = new HashedWriter(`${outBase}.fai`);
  faiWriter.text(faiLines.join(''));
  return { fasta, fai: await faiWriter.close(), contigs };
}
