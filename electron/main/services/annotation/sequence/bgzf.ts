// Random access into BGZF (blocked gzip, as written by `bgzip`) through its `.gzi` index.
// A BGZF file is a series of independent gzip members of at most 64 KiB uncompressed each, so one block
// can be inflated on its own; the `.gzi` lists (compressed offset, uncompressed offset) for every block
// after the first. The format is defined in the SAM/BAM specification (section 4.1) and htslib's bgzip.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { AppError } from '../../../../../shared/errors.ts';

/** The 28-byte empty block htslib appends to every BGZF file; its absence means the file was cut short. */
const BGZF_EOF = Buffer.from('1f8b08040000000000ff0600424302001b0003000000000000000000', 'hex');

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** True for a gzip header carrying the BGZF 'BC' extra subfield. */
export function isBgzf(head: Buffer): boolean {
  return isGzip(head) && head.length >= 16 && (head[3] & 4) !== 0 && head[12] === 0x42 && head[13] === 0x43;
}

export function readHead(file: string, bytes = 18): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

export function hasBgzfEof(file: string): boolean {
  const size = fs.statSync(file).size;
  if (size < BGZF_EOF.length) return false;
  const fd = fs.openSync(file, 'r');
  try {
    const tail = Buffer.alloc(BGZF_EOF.length);
    fs.readSync(fd, tail, 0, tail.length, size - tail.length);
    return tail.equals(BGZF_EOF);
  } finally {
    fs.closeSync(fd);
  }
}

interface GziIndex {
  compressed: Float64Array;
  uncompressed: Float64Array;
}

export function readGzi(file: string): GziIndex {
  const buf = fs.readFileSync(file);
  if (buf.length < 8) throw new AppError('packs/corrupt', `The index ${file} is empty or cut short.`, { file });
  const count = Number(buf.readBigUInt64LE(0));
  if (buf.length !== 8 + count * 16) {
    throw new AppError('packs/corrupt', `The index ${file} is truncated or is not a bgzip .gzi index.`, {
      file,
      expectedBytes: 8 + count * 16,
      actualBytes: buf.length,
    });
  }
  // The first block (0, 0) is implicit in the file; make it explicit so lookups need no special case.
  const compressed = new Float64Array(count + 1);
  const uncompressed = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) {
    compressed[i + 1] = Number(buf.readBigUInt64LE(8 + i * 16));
    uncompressed[i + 1] = Number(buf.readBigUInt64LE(16 + i * 16));
  }
  return { compressed, uncompressed };
}

/** Reads uncompressed byte ranges of a BGZF file, inflating and caching only the blocks it needs. */
export class BgzfRandomAccess {
  readonly file: string;
  private readonly fd: number;
  private readonly index: GziIndex;
  private readonly fileSize: number;
  private readonly cache = new Map<number, Buffer>();
  private readonly maxCachedBlocks: number;

  constructor(file: string, gziFile: string, maxCachedBlocks = 256) {
    this.file = file;
    this.index = readGzi(gziFile);
    this.fileSize = fs.statSync(file).size;
    this.maxCachedBlocks = maxCachedBlocks;
    this.fd = fs.openSync(file, 'r');
  }

  close(): void {
    fs.closeSync(this.fd);
    this.cache.clear();
  }

  private blockFor(uoffset: number): number {
    const u = this.index.uncompressed;
    let lo = 0;
    let hi = u.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (u[mid] <= uoffset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private block(i: number): Buffer {
    const hit = this.cache.get(i);
    if (hit) {
      this.cache.delete(i);
      this.cache.set(i, hit);
      return hit;
    }
    const start = this.index.compressed[i];
    const end = i + 1 < this.index.compressed.length ? this.index.compressed[i + 1] : this.fileSize;
    const raw = Buffer.alloc(end - start);
    fs.readSync(this.fd, raw, 0, raw.length, start);
    let data: Buffer;
    try {
      // The last "block" runs to the end of the file and may include the empty EOF member: gunzip handles both.
      data = zlib.gunzipSync(raw);
    } catch (err) {
      throw new AppError('packs/corrupt', `The compressed file ${this.file} is damaged near byte ${start}.`, {
        file: this.file,
        compressedOffset: start,
        reason: (err as Error).message,
      });
    }
    this.cache.set(i, data);
    if (this.cache.size > this.maxCachedBlocks) {
      const oldest = this.cache.keys().next().value as number;
      this.cache.delete(oldest);
    }
    return data;
  }

  /** Uncompressed bytes [from, to) of the whole stream. */
  read(from: number, to: number): Buffer {
    const parts: Buffer[] = [];
    let pos = from;
    while (pos < to) {
      const i = this.blockFor(pos);
      const data = this.block(i);
      const blockStart = this.index.uncompressed[i];
      const offset = pos - blockStart;
      if (offset >= data.length) break; // past the end of the stream
      const take = Math.min(data.length - offset, to - pos);
      parts.push(data.subarray(offset, offset + take));
      pos += take;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }
}
