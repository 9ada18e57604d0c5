// Transcript models read from an installed pack's index (gff3-indexer.ts) one contig at a time: the first
// variant on a contig parses that contig's JSON lines and bins them (TranscriptIndex); only the most recently
// used contigs stay in memory. Variants arrive grouped by chromosome (stored variant chunks hold one
// chromosome each), so a whole-genome run parses each contig about once and holds one at a time.
import fs from 'node:fs';
import { AppError } from '../../../../../shared/errors.ts';
import { canonicalChrom } from '../packs/genome-build.ts';
import { TRANSCRIPT_TABLE_VERSION } from './gff3-indexer.ts';
import type { ContigEntry, TranscriptTable } from './gff3-indexer.ts';
import { TranscriptIndex } from './transcript-index.ts';
import type { TranscriptLookup } from './transcript-index.ts';
import type { TranscriptModel } from './transcript-model.ts';

// Variants arrive contig by contig, so one parsed contig is enough (~25 MB of objects for a GRCh38-length
// chr1 of Ensembl models); a second would only help an unsorted import, which re-parses instead.
const KEPT_CONTIGS = 1;

export function readTranscriptTable(file: string): TranscriptTable {
  let table: TranscriptTable;
  try {
    table = JSON.parse(fs.readFileSync(file, 'utf8')) as TranscriptTable;
  } catch (err) {
    throw new AppError('packs/corrupt', `The transcript index ${file} is not valid JSON.`, { file, reason: (err as Error).message });
  }
  if (table?.version !== TRANSCRIPT_TABLE_VERSION || !Array.isArray(table.contigs)) {
    throw new AppError('packs/corrupt', `The transcript index ${file} is not a version ${TRANSCRIPT_TABLE_VERSION} index; reinstall the pack.`, {
      file,
      found: table?.version ?? null,
    });
  }
  return table;
}

export class IndexedTranscripts implements TranscriptLookup {
  readonly flank: number;
  readonly size: number;
  private readonly byChrom = new Map<string, ContigEntry[]>();
  private readonly loaded = new Map<string, TranscriptIndex>();
  private readonly fd: number;
  /** Contigs parsed so far (a figure for benchmarks and tests). */
  loads = 0;

  readonly modelsFile: string;

  constructor(modelsFile: string, table: TranscriptTable, flank = 5000) {
    this.modelsFile = modelsFile;
    this.flank = flank;
    this.size = table.transcripts;
    for (const c of table.contigs) {
      const list = this.byChrom.get(c.chrom) ?? [];
      list.push(c);
      this.byChrom.set(c.chrom, list);
    }
    this.fd = fs.openSync(modelsFile, 'r');
  }

  chromosomes(): string[] {
    return [...this.byChrom.keys()];
  }

  private contig(chrom: string): TranscriptIndex | undefined {
    const hit = this.loaded.get(chrom);
    if (hit) {
      this.loaded.delete(chrom);
      this.loaded.set(chrom, hit);
      return hit;
    }
    const entries = this.byChrom.get(chrom);
    if (!entries) return undefined;
    const models: TranscriptModel[] = [];
    for (const e of entries) {
      const buf = Buffer.allocUnsafe(e.bytes);
      const n = fs.readSync(this.fd, buf, 0, e.bytes, e.offset);
      if (n !== e.bytes) {
        throw new AppError('packs/corrupt', `The transcript index ${this.modelsFile} is shorter than its table says (contig ${e.seqid}).`, {
          file: this.modelsFile,
          contig: e.seqid,
        });
      }
      // Parsed line by line so one contig never needs a single string of all its models.
      let start = 0;
      while (start < n) {
        let end = buf.indexOf(10, start);
        if (end < 0) end = n;
        if (end > start) models.push(JSON.parse(buf.toString('utf8', start, end)) as TranscriptModel);
        start = end + 1;
      }
    }
    const index = new TranscriptIndex(models, this.flank);
    this.loads++;
    this.loaded.set(chrom, index);
    if (this.loaded.size > KEPT_CONTIGS) this.loaded.delete(this.loaded.keys().next().value as string);
    return index;
  }

  query(chrom: string, start: number, end: number): TranscriptModel[] {
    const c = this.byChrom.has(chrom) ? chrom : canonicalChrom(chrom);
    return this.contig(c)?.query(c, start, end) ?? [];
  }

  close(): void {
    this.loaded.clear();
    fs.closeSync(this.fd);
  }
}
