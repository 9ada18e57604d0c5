// Per-transcript facts derived once from the model and the reference: exon order and cDNA numbering,
// introns, spliced sequence, the translateable sequence and its protein. Computed lazily on the first
// variant that needs them and kept for the life of the annotator.
import type { ReferenceSequence } from '../sequence/fasta-reader.ts';
import { codonTableFor, reverseComplement, translate } from '../sequence/dna.ts';
import type { CodonTable } from '../sequence/dna.ts';
import type { TranscriptModel } from './transcript-model.ts';
import { isCoding } from './transcript-model.ts';
import { canonicalChrom } from '../packs/genome-build.ts';

/** Ensembl treats introns this short as artefacts of the gene build, not real introns (VEP: "frameshift intron"). */
export const FRAMESHIFT_INTRON_MAX = 12;

export interface Intron {
  start: number;
  end: number;
  /** 1-based rank in transcript order. */
  rank: number;
  frameshift: boolean;
}

export interface ExonInfo {
  start: number;
  end: number;
  /** 1-based rank in transcript order. */
  rank: number;
  /** cDNA position of the exon's 5'-most base (transcript orientation). */
  cdnaStart: number;
  cdnaEnd: number;
}

export class TranscriptSequence {
  readonly model: TranscriptModel;
  readonly chrom: string;
  /** Exons in genomic order with their rank and cDNA span. */
  readonly exons: ExonInfo[];
  readonly introns: Intron[];
  readonly cdnaLength: number;
  readonly coding: boolean;
  /** cDNA position of the first and last coding base (1-based) when coding. */
  readonly cdnaCodingStart: number;
  readonly cdnaCodingEnd: number;
  /** N bases Ensembl prepends to an incomplete 5' CDS so the reading frame is kept (start phase). */
  readonly cdsPadding: number;
  readonly codonTable: CodonTable;
  private readonly reference: ReferenceSequence;
  private intronLabels?: string[];
  private prefix?: string;
  private cdnaSeq?: string;
  private translateableSeq?: string;
  private peptideSeq?: string;

  constructor(model: TranscriptModel, reference: ReferenceSequence) {
    this.model = model;
    this.reference = reference;
    this.chrom = canonicalChrom(model.seqid);
    this.codonTable = codonTableFor(this.chrom);
    const n = model.exons.length;
    const exons: ExonInfo[] = model.exons.map(([s, e], i) => ({
      start: s,
      end: e,
      rank: model.strand === 1 ? i + 1 : n - i,
      cdnaStart: 0,
      cdnaEnd: 0,
    }));
    let cdna = 1;
    const order = model.strand === 1 ? exons : [...exons].reverse();
    for (const ex of order) {
      ex.cdnaStart = cdna;
      cdna += ex.end - ex.start + 1;
      ex.cdnaEnd = cdna - 1;
    }
    this.exons = exons;
    this.cdnaLength = cdna - 1;
    const introns: Intron[] = [];
    for (let i = 0; i + 1 < n; i++) {
      const start = exons[i].end + 1;
      const end = exons[i + 1].start - 1;
      if (end < start) continue;
      introns.push({
        start,
        end,
        rank: model.strand === 1 ? i + 1 : n - 1 - i,
        frameshift: end - start + 1 <= FRAMESHIFT_INTRON_MAX,
      });
    }
    this.introns = introns;
    this.coding = isCoding(model);
    if (this.coding) {
      const a = this.genomicToCdna(model.strand === 1 ? (model.codingStart as number) : (model.codingEnd as number));
      const b = this.genomicToCdna(model.strand === 1 ? (model.codingEnd as number) : (model.codingStart as number));
      this.cdnaCodingStart = a ?? 0;
      this.cdnaCodingEnd = b ?? 0;
      if (a === undefined || b === undefined) this.coding = false;
    } else {
      this.cdnaCodingStart = 0;
      this.cdnaCodingEnd = 0;
    }
    // GFF3 phase p means p bases precede the first whole codon; Ensembl pads with (3 - p) % 3 Ns.
    this.cdsPadding = this.coding ? (3 - model.startPhase) % 3 : 0;
  }

  /** cDNA position of a genomic base, undefined when it is not in an exon. */
  /** "ENST…:c." or "…:n.": the start of every HGVS description on this transcript, made once. */
  get hgvsPrefix(): string {
    return (this.prefix ??= `${this.model.versionedId}:${this.coding ? 'c' : 'n'}.`);
  }

  /** "rank/total", as VEP's INTRON column; one string per intron, reused by every variant in it. */
  intronLabel(rank: number): string {
    this.intronLabels ??= [];
    return (this.intronLabels[rank] ??= `${rank}/${this.introns.length}`);
  }

  genomicToCdna(pos: number): number | undefined {
    const ex = this.exonAt(pos);
    if (!ex) return undefined;
    return this.model.strand === 1 ? ex.cdnaStart + (pos - ex.start) : ex.cdnaStart + (ex.end - pos);
  }

  exonAt(pos: number): ExonInfo | undefined {
    const exons = this.exons;
    let lo = 0;
    let hi = exons.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const ex = exons[mid];
      if (pos < ex.start) hi = mid - 1;
      else if (pos > ex.end) lo = mid + 1;
      else return ex;
    }
    return undefined;
  }

  /** Genomic position of a cDNA position (1..cdnaLength). */
  cdnaToGenomic(cdna: number): number | undefined {
    for (const ex of this.exons) {
      if (cdna >= ex.cdnaStart && cdna <= ex.cdnaEnd) {
        return this.model.strand === 1 ? ex.start + (cdna - ex.cdnaStart) : ex.end - (cdna - ex.cdnaStart);
      }
    }
    return undefined;
  }

  /** Spliced transcript sequence, 5'→3'. */
  cdna(): string {
    if (this.cdnaSeq === undefined) {
      let s = '';
      for (const ex of this.exons) s += this.reference.fetch(this.chrom, ex.start, ex.end);
      this.cdnaSeq = this.model.strand === 1 ? s : reverseComplement(s);
    }
    return this.cdnaSeq;
  }

  /** CDS as Ensembl translates it: start-phase Ns, then the coding bases including the stop codon. */
  translateable(): string {
    if (this.translateableSeq === undefined) {
      this.translateableSeq = this.coding
        ? 'N'.repeat(this.cdsPadding) + this.cdna().substring(this.cdnaCodingStart - 1, this.cdnaCodingEnd)
        : '';
    }
    return this.translateableSeq;
  }

  /** Reference protein, including the terminal '*' when the CDS ends in a stop codon. */
  peptide(): string {
    if (this.peptideSeq === undefined) this.peptideSeq = translate(this.translateable(), this.codonTable);
    return this.peptideSeq;
  }

  /** Protein without the terminal stop (VEP's `_peptide`). */
  peptideLengthWithoutStop(): number {
    const p = this.peptide();
    return p.endsWith('*') ? p.length - 1 : p.length;
  }

  /**
   * The CDS begins with a start codon. Ensembl flags CDSs that do not (cds_start_NF) and VEP then reports no
   * start_lost/start_retained; GFF3 files rarely carry the flag, so it is read from the sequence (ATG; in the
   * mitochondrial code also ATA/ATT/GTG, NCBI table 2 initiators).
   */
  hasStartCodon(): boolean {
    if (!this.coding || this.model.cdsStartIncomplete || this.cdsPadding > 0) return false;
    const first = this.translateable().substring(0, 3);
    return first === 'ATG' || (this.codonTable === 'mitochondrial' && ['ATA', 'ATT', 'ATC', 'GTG'].includes(first));
  }

  /** The CDS ends in a stop codon (otherwise Ensembl's cds_end_NF: no stop_lost/stop_retained). */
  hasStopCodon(): boolean {
    if (!this.coding || this.model.cdsEndIncomplete) return false;
    const cds = this.translateable();
    return cds.length % 3 === 0 && this.peptide().endsWith('*');
  }

  /** 3' UTR sequence (after the CDS) for reading through a lost stop or a frameshift. */
  threePrimeUtr(): string {
    return this.coding ? this.cdna().substring(this.cdnaCodingEnd) : '';
  }

  fivePrimeUtr(): string {
    return this.coding ? this.cdna().substring(0, this.cdnaCodingStart - 1) : '';
  }

  /** Genomic sequence chrom:start-end on the + strand. */
  genomic(start: number, end: number): string {
    return this.reference.fetch(this.chrom, start, end);
  }
}
