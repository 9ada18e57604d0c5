// Reference sequence from a FASTA file: plain, gzip or bgzip. With a `.fai` (and a `.gzi` for bgzip)
// bases are read on demand; without one the whole file is streamed once into memory (one byte per base).
// Contig names are matched through normaliseChrom so `21`, `chr21` and a VCF's `chr21` meet.
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { AppError } from '../../../../../shared/errors.ts';
import { canonicalChrom } from '../packs/genome-build.ts';
import { BgzfRandomAccess, hasBgzfEof, isBgzf, isGzip, readHead } from './bgzf.ts';

export interface ReferenceSequence {
  /** Contig name as written in the FASTA → length. */
  readonly contigs: ReadonlyMap<string, number>;
  readonly file: string;
  /** The FASTA's own name for a contig, looked up through normaliseChrom; undefined when absent. */
  resolve(chrom: string): string | undefined;
  length(chrom: string): number | undefined;
  /** Upper-case bases chrom:start-end (1-based, inclusive), clipped to the contig. */
  fetch(chrom: string, start: number, end: number): string;
  close(): void;
}

interface FaiEntry {
  name: string;
  length: number;
  offset: number;
  lineBases: number;
  lineWidth: number;
}

function readFai(file: string): FaiEntry[] {
  const entries: FaiEntry[] = [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const f = line.split('\t');
    const nums = f.slice(1, 5).map(Number);
    if (f.length < 5 || nums.some((n) => !Number.isInteger(n) || n < 0) || nums[2] <= 0 || nums[3] < nums[2]) {
      throw new AppError('packs/corrupt', `The FASTA index ${file} is malformed at line ${i + 1}.`, {
        file,
        line: i + 1,
        expected: 'NAME<TAB>LENGTH<TAB>OFFSET<TAB>LINEBASES<TAB>LINEWIDTH',
      });
    }
    entries.push({ name: f[0], length: nums[0], offset: nums[1], lineBases: nums[2], lineWidth: nums[3] });
  });
  return entries;
}

function faiEnd(e: FaiEntry): number {
  return e.offset + Math.floor(e.length / e.lineBases) * e.lineWidth + (e.length % e.lineBases);
}

abstract class BaseReference implements ReferenceSequence {
  readonly file: string;
  readonly contigs: Map<string, number>;
  private readonly byNormalised = new Map<string, string>();

  constructor(file: string, contigs: Map<string, number>) {
    this.file = file;
    this.contigs = contigs;
    for (const name of contigs.keys()) {
      this.byNormalised.set(name, name);
      const n = canonicalChrom(name);
      if (!this.byNormalised.has(n)) this.byNormalised.set(n, name);
    }
  }

  resolve(chrom: string): string | undefined {
    return this.byNormalised.get(chrom) ?? this.byNormalised.get(canonicalChrom(chrom));
  }

  length(chrom: string): number | undefined {
    const name = this.resolve(chrom);
    return name === undefined ? undefined : this.contigs.get(name);
  }

  fetch(chrom: string, start: number, end: number): string {
    const name = this.resolve(chrom);
    if (name === undefined) return '';
    const len = this.contigs.get(name) ?? 0;
    const s = Math.max(1, start);
    const e = Math.min(len, end);
    if (e < s) return '';
    return this.fetchResolved(name, s, e);
  }

  protected abstract fetchResolved(name: string, start: number, end: number): string;
  abstract close(): void;
}

/** Sequence held in memory, upper-cased once at load. */
class InMemoryReference extends BaseReference {
  private readonly seqs: Map<string, Buffer>;

  constructor(file: string, seqs: Map<string, Buffer>) {
    super(file, new Map([...seqs].map(([k, v]) => [k, v.length])));
    this.seqs = seqs;
  }

  protected fetchResolved(name: string, start: number, end: number): string {
    return (this.seqs.get(name) as Buffer).toString('latin1', start - 1, end);
  }

  close(): void {
    this.seqs.clear();
  }
}

/** Bytes [from, to) of the file (shorter at its end). The buffer may be shared: read it before the next call. */
type ByteSource = { read(from: number, to: number): Buffer; close(): void };

/** Sequence read through a `.fai` from a plain file or (with `.gzi`) a bgzip file. */
class IndexedReference extends BaseReference {
  private readonly entries: Map<string, FaiEntry>;
  private readonly source: ByteSource;

  constructor(file: string, entries: FaiEntry[], source: ByteSource) {
    super(file, new Map(entries.map((e) => [e.name, e.length])));
    this.entries = new Map(entries.map((e) => [e.name, e]));
    this.source = source;
  }

  protected fetchResolved(name: string, start: number, end: number): string {
    const e = this.entries.get(name) as FaiEntry;
    const from = e.offset + Math.floor((start - 1) / e.lineBases) * e.lineWidth + ((start - 1) % e.lineBases);
    const to = e.offset + Math.floor((end - 1) / e.lineBases) * e.lineWidth + ((end - 1) % e.lineBases) + 1;
    const raw = this.source.read(from, to).toString('latin1');
    const seq = raw.replace(/[\r\n]/g, '').toUpperCase();
    if (seq.length !== end - start + 1) {
      throw new AppError('packs/corrupt', `The FASTA ${this.file} is shorter than its index says (contig ${name}).`, {
        file: this.file,
        contig: name,
        start,
        end,
      });
    }
    return seq;
  }

  close(): void {
    this.source.close();
  }
}

// Annotation asks for a few bases per variant, in position order: one read() system call each cost ~18 % of
// a whole-genome run's worker time (CPU profile, docs/annotation-scale.md). Recently read 64 KiB blocks are
// kept (32 of them, 2 MiB), so neighbouring variants are served from memory; long ranges (a transcript's
// genomic span) are read directly.
const BLOCK_BYTES = 1 << 16;
const KEPT_BLOCKS = 32;

function plainSource(file: string): ByteSource {
  const fd = fs.openSync(file, 'r');
  const blocks = new Map<number, Buffer>();
  const direct = (from: number, to: number): Buffer => {
    const buf = Buffer.alloc(to - from);
    const n = fs.readSync(fd, buf, 0, buf.length, from);
    return buf.subarray(0, n);
  };
  const block = (k: number): Buffer => {
    let b = blocks.get(k);
    if (b) {
      blocks.delete(k);
    } else {
      b = direct(k * BLOCK_BYTES, (k + 1) * BLOCK_BYTES);
      if (blocks.size >= KEPT_BLOCKS) blocks.delete(blocks.keys().next().value as number);
    }
    blocks.set(k, b);
    return b;
  };
  return {
    read(from, to) {
      const first = Math.floor(from / BLOCK_BYTES);
      const last = Math.floor((to - 1) / BLOCK_BYTES);
      if (to <= from) return Buffer.alloc(0);
      if (last === first) {
        const b = block(first);
        const at = from - first * BLOCK_BYTES;
        return b.subarray(Math.min(at, b.length), Math.min(to - first * BLOCK_BYTES, b.length));
      }
      if (last === first + 1) {
        const a = block(first);
        const b = block(last);
        // A block shorter than BLOCK_BYTES is the end of the file: nothing follows it.
        if (a.length < BLOCK_BYTES) return a.subarray(Math.min(from - first * BLOCK_BYTES, a.length));
        return Buffer.concat([a.subarray(from - first * BLOCK_BYTES), b.subarray(0, Math.min(to - last * BLOCK_BYTES, b.length))]);
      }
      return direct(from, to);
    },
    close() {
      blocks.clear();
      fs.closeSync(fd);
    },
  };
}

// Byte → upper-case base, 0 for a newline/CR to skip, 255 for a byte no FASTA sequence line may hold.
const BASE_TABLE = (() => {
  const t = new Uint8Array(256).fill(255);
  for (let c = 65; c <= 90; c++) {
    t[c] = c;
    t[c + 32] = c;
  }
  t[42] = 42; // '*' (translation stop in protein FASTA; harmless)
  t[45] = 45; // '-' gap
  t[10] = 0;
  t[13] = 0;
  t[32] = 0; // stray spaces are tolerated, as samtools faidx does
  t[9] = 0;
  return t;
})();

/** Streams a plain or gzip FASTA into memory, rejecting anything that is not FASTA with file and line. */
export async function loadFastaIntoMemory(file: string): Promise<ReferenceSequence> {
  const head = readHead(file);
  const raw = fs.createReadStream(file);
  const stream = isGzip(head) ? raw.pipe(zlib.createGunzip()) : raw;
  const seqs = new Map<string, Buffer>();
  let name: string | null = null;
  let chunks: Buffer[] = [];
  let current: Buffer = Buffer.alloc(1 << 20);
  let used = 0;
  let line = 0;
  const flush = (): void => {
    if (name === null) return;
    chunks.push(current.subarray(0, used));
    const total = Buffer.concat(chunks);
    if (seqs.has(name)) {
      throw new AppError('packs/corrupt', `The FASTA ${file} names contig ${name} twice (line ${line}).`, { file, line });
    }
    seqs.set(name, total);
    chunks = [];
    current = Buffer.alloc(1 << 20);
    used = 0;
  };

  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  const failure = new Promise<never>((_, reject) => {
    stream.on('error', (err: Error) => {
      reject(
        new AppError('packs/corrupt', `The FASTA ${file} is truncated or damaged after line ${line}.`, {
          file,
          line,
          reason: err.message,
        }),
      );
    });
  });
  const read = (async () => {
    for await (const text of rl) {
      line++;
      if (text.startsWith('>')) {
        flush();
        name = text.slice(1).trim().split(/\s+/)[0];
        if (!name) throw new AppError('packs/corrupt', `The FASTA ${file} has a header without a name at line ${line}.`, { file, line });
        continue;
      }
      if (text.length === 0) continue;
      if (name === null) {
        throw new AppError('packs/corrupt', `The file ${file} is not FASTA: sequence before the first '>' header at line ${line}.`, {
          file,
          line,
        });
      }
      if (used + text.length > current.length) {
        chunks.push(current.subarray(0, used));
        current = Buffer.alloc(Math.max(1 << 20, text.length));
        used = 0;
      }
      for (let i = 0; i < text.length; i++) {
        const b = BASE_TABLE[text.charCodeAt(i) & 255];
        if (b === 255 || text.charCodeAt(i) > 255) {
          throw new AppError('packs/corrupt', `The FASTA ${file} has a character that is not a base at line ${line}, column ${i + 1}.`, {
            file,
            line,
            column: i + 1,
          });
        }
        if (b !== 0) current[used++] = b;
      }
    }
    flush();
  })();
  try {
    await Promise.race([read, failure]);
  } finally {
    rl.close();
    raw.destroy();
  }
  if (seqs.size === 0) throw new AppError('packs/corrupt', `The FASTA ${file} holds no sequence.`, { file, line });
  return new InMemoryReference(file, seqs);
}

/**
 * Opens a FASTA for reading. Uses `<file>.fai` (plus `<file>.gzi` for bgzip) when present so only the bases
 * asked for are read; otherwise loads the file into memory. Integrity checks that are cheap are done here:
 * a bgzip file must end with the BGZF EOF block and a plain file must be as long as its index says.
 */
export async function openReference(file: string): Promise<ReferenceSequence> {
  if (!fs.existsSync(file)) throw new AppError('packs/file-not-found', `The FASTA file ${file} does not exist.`, { file });
  const head = readHead(file);
  if (head.length === 0) throw new AppError('packs/corrupt', `The FASTA file ${file} is empty.`, { file });
  const fai = `${file}.fai`;
  const gzi = `${file}.gzi`;
  if (isBgzf(head)) {
    if (!hasBgzfEof(file)) {
      throw new AppError('packs/corrupt', `The bgzip FASTA ${file} is truncated (no end-of-file block).`, { file });
    }
    if (fs.existsSync(fai) && fs.existsSync(gzi)) {
      const entries = readFai(fai);
      const source = new BgzfRandomAccess(file, gzi);
      const ref = new IndexedReference(file, entries, source);
      // Reading the very last base proves the index and the data agree on how long the stream is.
      const last = entries.reduce((a, b) => (faiEnd(a) > faiEnd(b) ? a : b));
      ref.fetch(last.name, last.length, last.length);
      return ref;
    }
    return loadFastaIntoMemory(file);
  }
  if (!isGzip(head) && fs.existsSync(fai)) {
    const entries = readFai(fai);
    const size = fs.statSync(file).size;
    for (const e of entries) {
      if (faiEnd(e) > size) {
        throw new AppError('packs/corrupt', `The FASTA ${file} is shorter than its index says (contig ${e.name}).`, {
          file,
          contig: e.name,
          expectedBytes: faiEnd(e),
          actualBytes: size,
        });
      }
    }
    return new IndexedReference(file, entries, plainSource(file));
  }
  return loadFastaIntoMemory(file);
}

/** A reference built from in-memory strings (transcript-only sequences in agreement checks and tests). */
export function referenceFromStrings(name: string, contigs: Record<string, string>): ReferenceSequence {
  return new InMemoryReference(
    name,
    new Map(Object.entries(contigs).map(([k, v]) => [k, Buffer.from(v.toUpperCase(), 'latin1')])),
  );
}
