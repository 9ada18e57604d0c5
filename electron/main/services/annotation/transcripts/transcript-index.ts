// Finds the transcripts a variant can affect: those it overlaps or lies within `flank` bases of (VEP reports
// upstream/downstream_gene_variant up to 5 kb away). Transcripts are filed in fixed-size bins over their
// flanked span, so a lookup touches one or two bins however long the genes are.
import type { TranscriptModel } from './transcript-model.ts';
import { canonicalChrom } from '../packs/genome-build.ts';

const BIN_SHIFT = 16; // 64 kb bins

/** What the annotator asks of its transcripts: all in memory (TranscriptIndex) or read per contig on demand. */
export interface TranscriptLookup {
  readonly flank: number;
  /** Transcripts whose flanked span overlaps [start, end] (either order, so insertions pass end = start - 1). */
  query(chrom: string, start: number, end: number): TranscriptModel[];
  close?(): void;
}

export class TranscriptIndex implements TranscriptLookup {
  readonly flank: number;
  readonly size: number;
  private readonly byChrom = new Map<string, Map<number, TranscriptModel[]>>();

  constructor(transcripts: Iterable<TranscriptModel>, flank = 5000) {
    this.flank = flank;
    let n = 0;
    for (const t of transcripts) {
      n++;
      const chrom = canonicalChrom(t.seqid);
      let bins = this.byChrom.get(chrom);
      if (!bins) {
        bins = new Map();
        this.byChrom.set(chrom, bins);
      }
      const from = Math.max(0, t.start - flank) >> BIN_SHIFT;
      const to = (t.end + flank) >> BIN_SHIFT;
      for (let b = from; b <= to; b++) {
        let list = bins.get(b);
        if (!list) {
          list = [];
          bins.set(b, list);
        }
        list.push(t);
      }
    }
    this.size = n;
  }

  chromosomes(): string[] {
    return [...this.byChrom.keys()];
  }

  /** Transcripts whose flanked span overlaps [start, end] (either order, so insertions pass end = start - 1). */
  query(chrom: string, start: number, end: number): TranscriptModel[] {
    const bins = this.byChrom.get(canonicalChrom(chrom));
    if (!bins) return [];
    const lo = Math.min(start, end);
    const hi = Math.max(start, end);
    const fromBin = lo >> BIN_SHIFT;
    const toBin = hi >> BIN_SHIFT;
    const out: TranscriptModel[] = [];
    const seen = fromBin === toBin ? undefined : new Set<TranscriptModel>();
    for (let b = fromBin; b <= toBin; b++) {
      const list = bins.get(b);
      if (!list) continue;
      for (const t of list) {
        if (t.start - this.flank <= hi && t.end + this.flank >= lo) {
          if (seen) {
            if (seen.has(t)) continue;
            seen.add(t);
          }
          out.push(t);
        }
      }
    }
    return out;
  }
}
