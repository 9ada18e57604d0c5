// Install-time indexing of a whole-genome GFF3 (Ensembl or RefSeq, ~3.5 M lines, ~250,000 transcripts) in
// bounded memory. GFF3 does not promise that a transcript's lines are near each other, only that they share a
// contig, so the file is read twice: pass 1 files every feature line (with its original line number) under its
// contig in a scratch file; pass 2 parses one contig at a time with the same rules as readGff3 and writes its
// transcript models, sorted by start, as JSON lines. The table (transcripts.json) says where each contig's
// lines are, so an annotation run parses only the contigs its variants are on (indexed-transcripts.ts).
// Peak memory is one contig's models (chr1: about a tenth of the genome), whatever the file size.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { AppError } from '../../../../../shared/errors.ts';
import { canonicalChrom } from '../packs/genome-build.ts';
import { fsyncAsync } from '../sequence/fasta-indexer.ts';
import type { BuildEvidence } from '../packs/genome-build.ts';
import { forEachGff3Line, Gff3Collector, gff3BuildEvidence, gff3Flavour } from './gff3-reader.ts';
import type { Gff3Result } from './gff3-reader.ts';
import type { TranscriptModel } from './transcript-model.ts';

export const TRANSCRIPT_TABLE_VERSION = 1;

export interface ContigEntry {
  /** Contig name as the GFF3 writes it. */
  seqid: string;
  /** canonicalChrom(seqid): how variants find it (`chr1`, `1` and NC_000001.11 meet). */
  chrom: string;
  /** Byte range of this contig's JSON lines in transcripts.jsonl. */
  offset: number;
  bytes: number;
  count: number;
}

export interface TranscriptTable {
  version: number;
  transcripts: number;
  contigs: ContigEntry[];
}

export interface WrittenFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface Gff3IndexResult {
  models: WrittenFile;
  table: WrittenFile;
  build: BuildEvidence;
  flavour: Gff3Result['flavour'];
  transcripts: number;
  /** Transcripts on contigs the FASTA does not have (left out, as openTranscriptFiles does). */
  skipped: number;
  gff3Contigs: string[];
}

export interface Gff3IndexOptions {
  signal?: AbortSignal;
  /** GFF3 bytes read (as stored, compressed or not). */
  onBytes?: (bytesRead: number) => void;
  /** Called once pass 1 has the file's build evidence, before any model is written (build checks). */
  onBuildEvidence?: (build: BuildEvidence) => void;
  /** Called with each contig's transcripts before they are written; may throw (e.g. beyond the FASTA's end). */
  place?: (seqid: string, transcripts: TranscriptModel[]) => TranscriptModel[];
}

const SPLIT_FLUSH_BYTES = 4 << 20;
const REGION_TYPE = /^[^\t]*\t[^\t]*\t(chromosome|region|contig|scaffold|supercontig)\t/;
// The piece types Gff3Collector places on transcripts (EXON_TYPES, CDS, UTR_TYPES in gff3-reader.ts).
const USED_LINE = /^[^\t]*\t[^\t]*\t(exon|pseudogenic_exon|noncoding_exon|CDS|five_prime_UTR|three_prime_UTR|UTR|5UTR|3UTR)\t/;
const NINE_COLUMNS = /^(?:[^\t]*\t){8}/;

function cancelled(): AppError {
  return new AppError('packs/cancelled', 'The pack installation was cancelled; the previous pack is still in use.', {});
}

/** Pass 1: header lines to `global`, feature lines to one scratch file per contig, in bounded memory. */
async function splitByContig(src: string, scratch: string, global: Gff3Collector, options: Gff3IndexOptions): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const pending = new Map<string, string[]>();
  let pendingBytes = 0;
  const flush = (): void => {
    for (const [seqid, lines] of pending) {
      if (lines.length > 0) fs.appendFileSync(files.get(seqid) as string, lines.join(''));
    }
    pending.clear();
    pendingBytes = 0;
  };
  await forEachGff3Line(
    src,
    (text, n) => {
      if (n % 65536 === 0 && options.signal?.aborted) throw cancelled();
      if (text.length === 0) return true;
      if (text.charCodeAt(0) === 35 /* # */ || REGION_TYPE.test(text)) return global.line(text, n);
      const tab = text.indexOf('\t');
      const seqid = tab < 0 ? text : text.slice(0, tab);
      // Lines that are neither transcript pieces nor named features (Ensembl's many biological_region
      // lines) are never used: checked for their nine columns here and not filed.
      if (!USED_LINE.test(text) && !text.includes('ID=')) {
        if (!NINE_COLUMNS.test(text)) return global.line(text, n); // the collector names the fault
        return true;
      }
      let list = pending.get(seqid);
      if (!list) {
        if (!files.has(seqid)) files.set(seqid, path.join(scratch, `${files.size}.gff3`));
        list = [];
        pending.set(seqid, list);
      }
      const entry = `${n}\t${text}\n`;
      list.push(entry);
      pendingBytes += entry.length;
      if (pendingBytes > SPLIT_FLUSH_BYTES) flush();
      return true;
    },
    options.signal,
    options.onBytes,
  );
  flush();
  return files;
}

class HashedAppender {
  readonly hash = createHash('sha256');
  bytes = 0;
  private readonly fd: number;
  readonly path: string;
  constructor(file: string) {
    this.path = file;
    this.fd = fs.openSync(file, 'wx');
  }
  write(text: string): number {
    const b = Buffer.from(text, 'utf8');
    this.hash.update(b);
    let off = 0;
    while (off < b.length) off += fs.writeSync(this.fd, b, off, b.length - off);
    this.bytes += b.length;
    return b.length;
  }
  async close(): Promise<WrittenFile> {
    await fsyncAsync(this.fd);
    fs.closeSync(this.fd);
    return { path: this.path, sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}

/** Indexes `src` into `<outDir>/transcripts.jsonl` and `<outDir>/transcripts.json`. */
export async function indexGff3(src: string, outDir: string, options: Gff3IndexOptions = {}): Promise<Gff3IndexResult> {
  fs.mkdirSync(outDir, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(outDir, '.split-'));
  try {
    const global = new Gff3Collector(src);
    const files = await splitByContig(src, scratch, global, options);
    if (files.size === 0 && global.dataLines === 0) {
      throw new AppError('packs/corrupt', `The GFF3 file ${src} holds no features.`, { file: src, line: global.lastLine });
    }
    const build = gff3BuildEvidence(global.declaredBuild, files.keys(), global.sequenceRegions);
    options.onBuildEvidence?.(build);

    const models = new HashedAppender(path.join(outDir, 'transcripts.jsonl'));
    const contigs: ContigEntry[] = [];
    let ensemblLike = 0;
    let refseqLike = 0;
    let total = 0;
    let skipped = 0;
    for (const [seqid, file] of files) {
      if (options.signal?.aborted) throw cancelled();
      const c = new Gff3Collector(src);
      const rl = readline.createInterface({ input: fs.createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
      for await (const entry of rl) {
        const tab = entry.indexOf('\t');
        // A fresh flat copy: a slice would pin readline's whole chunk for as long as the feature is kept, and
        // with named features in every chunk that is the whole contig's text (measured: 700 MB → 370 MB peak).
        c.line(Buffer.from(entry.slice(tab + 1), 'utf8').toString('utf8'), Number(entry.slice(0, tab)));
      }
      fs.rmSync(file);
      const found = c.transcripts();
      ensemblLike += found.ensemblLike;
      refseqLike += found.refseqLike;
      const kept = options.place ? options.place(seqid, found.transcripts) : found.transcripts;
      skipped += found.transcripts.length - kept.length;
      if (kept.length === 0) continue;
      const offset = models.bytes;
      // Chunked so a contig's JSON never becomes one huge string.
      let lines: string[] = [];
      for (const t of kept) {
        lines.push(`${JSON.stringify(t)}\n`);
        if (lines.length === 2048) {
          models.write(lines.join(''));
          lines = [];
          // Install runs on the app's event loop: let it breathe between slices of a large contig.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      if (lines.length > 0) models.write(lines.join(''));
      contigs.push({ seqid, chrom: canonicalChrom(seqid), offset, bytes: models.bytes - offset, count: kept.length });
      total += kept.length;
    }
    const modelsFile = await models.close();
    const table: TranscriptTable = { version: TRANSCRIPT_TABLE_VERSION, transcripts: total, contigs };
    const tableFile = new HashedAppender(path.join(outDir, 'transcripts.json'));
    tableFile.write(`${JSON.stringify(table)}\n`);
    return {
      models: modelsFile,
      table: await tableFile.close(),
      build,
      flavour: gff3Flavour(ensemblLike, refseqLike),
      transcripts: total,
      skipped,
      gff3Contigs: [...files.keys()],
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
