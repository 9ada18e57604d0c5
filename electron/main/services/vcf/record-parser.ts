// One VCF data line -> stored rows: one variant row per ALT (split as `bcftools norm -m-any` does, trimmed
// with trimAllele), or one "called reference" block for gVCF blocks and ALT `.` sites. Runs in the parse
// worker, so it never touches the store; every malformed field stops the import naming file, line,
// column and what was expected.
import VCFParser from '@gmod/vcf';
import { AppError } from '../../../../shared/errors.ts';
import type { BlockColumns, ContigDef, EncodedChunk, RawAnnotation } from './batch.ts';
import { StringTable, newBlockColumns } from './batch.ts';
import { CHUNK_ROWS, encodeChunk, newChunkInput } from './variant-chunk.ts';
import type { ChunkInput } from './variant-chunk.ts';
import {
  ZYG,
  classifyRecoded,
  formatGenotype,
  formatRecoded,
  isTransition,
  parseGenotype,
  recodeForAlt,
} from './genotype.ts';
import type { Genotype } from './genotype.ts';
import { FIRST_OTHER_CONTIG_CODE, standardChromCode } from './chrom-codes.ts';
import { normaliseChrom, trimAllele } from './normalise-allele.ts';
import { DOT, G, T, countColumns, digitsValue, hasColon, isFloatIn, isLetters, isLettersIn } from './field-text.ts';
import { GenotypeCache } from './genotype-cache.ts';
import type { KnownGenotype } from './genotype-cache.ts';
import { displayName } from './vcf-header.ts';
import type { ParsedHeader } from './vcf-header.ts';

/**
 * INFO fields later features read (structural extent for gene overlap: END, SVTYPE, SVLEN, CIPOS, CIEND;
 * caller allele counts/frequencies: AF, AC, AN). Others stay only in the stored header definitions:
 * a whole-genome file's INFO column can be larger than everything else in the row together.
 */
export const KEPT_INFO_KEYS = ['END', 'SVTYPE', 'SVLEN', 'CIPOS', 'CIEND', 'AF', 'AC', 'AN'] as const;
/** Consequence annotations kept verbatim for the annotation feature (VEP CSQ, snpEff ANN and its older EFF, bcftools csq BCSQ). */
export const RAW_ANNOTATION_KEYS = ['CSQ', 'ANN', 'EFF', 'BCSQ'] as const;
const KEPT = new Set<string>(KEPT_INFO_KEYS);
const RAW = new Set<string>(RAW_ANNOTATION_KEYS);
/** By character code: can a kept or raw-annotation INFO key start with this character? */
const INFO_KEY_FIRST = new Uint8Array(128);
for (const k of [...KEPT_INFO_KEYS, ...RAW_ANNOTATION_KEYS]) INFO_KEY_FIRST[k.charCodeAt(0)] = 1;
// The key-length window below assumes every kept key has 2 to 6 characters.
if ([...KEPT_INFO_KEYS, ...RAW_ANNOTATION_KEYS].some((k) => k.length < 2 || k.length > 6)) throw new Error('INFO key outside 2..6 characters');

/** ALTs that mean "no particular alternative allele": a record with only these is reference. */
const REFERENCE_ALTS = new Set(['<*>', '<NON_REF>']);

const BLOCKS_START = 64;

const FORMAT_KEYS = ['GT', 'PS', 'GQ', 'DP', 'AD', 'MIN_DP'];
const F_GT = 0;
const F_PS = 1;
const F_GQ = 2;
const F_DP = 3;
const F_AD = 4;
const F_MIN_DP = 5;

const COLUMN_NAMES = ['CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT'];

export interface ParseStats {
  records: number;
  alleles: number;
  variants: number;
  blocks: number;
  /** Rows per zygosity code (ZYG). */
  zygosity: number[];
  transitions: number;
  transversions: number;
  maxRefLength: number;
  maxBlockLength: number;
}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(inf|infinity|nan)$/i;
const SYMBOLIC = /^<[^<>\s]+>$/;
const BREAKEND = /^([A-Za-z]*[[\]][^[\]\s]+[[\]][A-Za-z]*|\.[A-Za-z]+|[A-Za-z]+\.)$/;

export class RecordParser {
  readonly stats: ParseStats = {
    records: 0,
    alleles: 0,
    variants: 0,
    blocks: 0,
    zygosity: [0, 0, 0, 0, 0, 0, 0, 0],
    transitions: 0,
    transversions: 0,
    maxRefLength: 1,
    maxBlockLength: 1,
  };

  private readonly file: string;
  private readonly name: string;
  private readonly parser: VCFParser;
  private readonly sampleCount: number;
  private readonly sampleIndex: number | null;
  private readonly sampleName: string;
  /** Rows of the chunk being filled, and what the chunk header needs about them. */
  private readonly chunk: ChunkInput = newChunkInput(CHUNK_ROWS);
  private chunkChrom = -1;
  private chunkMinPos = Infinity;
  private chunkMaxPos = -Infinity;
  private chunkMaxEnd = -Infinity;
  private chunks: EncodedChunk[] = [];
  private batchVariants = 0;
  private annotations: RawAnnotation[] = [];
  private blocks: BlockColumns;
  private newContigs: ContigDef[] = [];
  private readonly strings = new StringTable();
  private readonly blockStrings = new StringTable();
  private readonly contigCodes = new Map<string, number>();
  private readonly contigLengths = new Map<string, number | null>();
  private nextOtherCode = FIRST_OTHER_CONTIG_CODE;
  private lastContig = '';
  private lastContigCode = 0;
  private readonly infoNumbers = new Map<string, unknown>();
  private readonly tabs = new Int32Array(9);
  // processFormatFields reports ranges into the line it was given; copied here by the callback.
  private readonly ranges = new Int32Array(FORMAT_KEYS.length * 2);
  private rangeLine = '';
  private readonly onFormat = (str: string, r: Int32Array) => {
    this.rangeLine = str;
    this.ranges.set(r);
  };
  private readonly gtRange = new Int32Array(2);
  private readonly onGenotype = (str: string, from: number, to: number) => {
    this.rangeLine = str;
    this.gtRange[0] = from;
    this.gtRange[1] = to;
  };
  private readonly genotypes = new GenotypeCache();

  constructor(header: ParsedHeader, sampleIndex: number | null, file: string) {
    this.file = file;
    this.name = displayName(file);
    this.sampleCount = header.info.samples.length;
    this.sampleIndex = sampleIndex;
    this.sampleName = sampleIndex === null ? '' : header.info.samples[sampleIndex];
    // Blocks start small and grow: most files have none, and a batch's columns are allocated afresh.
    this.blocks = newBlockColumns(BLOCKS_START);
    for (const c of header.info.build.contigs) this.contigLengths.set(c.id, c.length);
    // @gmod/vcf parses CHROM to QUAL, FORMAT and the patient's sample column. It is handed a line cut
    // down to those (FILTER and INFO as "."), because it parses INFO eagerly into objects, which measured
    // 5x the cost of the rest of the line on the NA12878 records, and splits FILTER into an array; both
    // are read here in place, INFO only for the kept keys.
    const chrom = ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO'];
    if (sampleIndex !== null) chrom.push('FORMAT', this.sampleName);
    this.parser = newParser([...header.metaLines, chrom.join('\t')].join('\n'));
  }

  /** Rows waiting in the current batch. */
  get pending(): number {
    return this.batchVariants + this.blocks.count;
  }

  /** Hands over the current batch (its last chunk packed) and starts a new one. */
  take(): { chunks: EncodedChunk[]; variantCount: number; annotations: RawAnnotation[]; blocks: BlockColumns; contigs: ContigDef[]; strings: string[] } {
    this.cutChunk();
    const out = {
      chunks: this.chunks,
      variantCount: this.batchVariants,
      annotations: this.annotations,
      blocks: this.blocks,
      contigs: this.newContigs,
      strings: this.blockStrings.take(),
    };
    this.chunks = [];
    this.batchVariants = 0;
    this.annotations = [];
    this.blocks = newBlockColumns(BLOCKS_START);
    this.newContigs = [];
    return out;
  }

  /** Packs the rows gathered so far into a chunk of the current batch. */
  private cutChunk(): void {
    const c = this.chunk;
    if (c.count === 0) return;
    c.strings = this.strings.take();
    this.chunks.push({ chrom: this.chunkChrom, count: c.count, minPos: this.chunkMinPos, maxPos: this.chunkMaxPos, maxEnd: this.chunkMaxEnd, data: encodeChunk(c) });
    c.count = 0;
    this.chunkMinPos = Infinity;
    this.chunkMaxPos = -Infinity;
    this.chunkMaxEnd = -Infinity;
  }

  /** Parses one data line given as a string of its own. */
  parse(line: string, lineNo: number): void {
    this.parseRange(line, 0, line.length, lineNo);
  }

  /**
   * Parses the data line `text[start, end)` (no line terminator). Fields are checked and read in place by
   * offset: slicing every field, on top of the strings @gmod/vcf makes, measured a quarter of the
   * worker's allocations, and allocation is what its garbage collector spends its time on.
   */
  parseRange(text: string, start: number, end: number, lineNo: number): void {
    const t = this.tabs;
    let tabCount = 0;
    let p = start - 1;
    while (tabCount < 9) {
      const q = text.indexOf('\t', p + 1);
      if (q < 0 || q >= end) break;
      t[tabCount++] = q;
      p = q;
    }
    const expectedColumns = this.sampleCount > 0 ? 9 + this.sampleCount : 8;
    if (tabCount < 7 || (this.sampleCount > 0 && tabCount < 9)) {
      this.columnCountError(lineNo, tabCount + 1, expectedColumns);
    }
    if (this.sampleCount === 0 && tabCount > 7) this.columnCountError(lineNo, countColumns(text, start, end), expectedColumns);

    // Fixed columns, checked on the raw text (htslib quietly reads POS "12a" as 12 and QUAL "abc" as 0).
    if (t[0] === start) this.fail(lineNo, 1, 'a chromosome name', '');
    const pos = digitsValue(text, t[0] + 1, t[1]);
    if (pos < 0) this.fail(lineNo, 2, 'a position (a whole number ≥ 0)', text.slice(t[0] + 1, t[1]));
    if (!isLettersIn(text, t[2] + 1, t[3])) this.fail(lineNo, 4, 'reference bases (A, C, G, T, N)', text.slice(t[2] + 1, t[3]));
    const qualStart = t[4] + 1;
    const qualIsDot = t[5] - qualStart === 1 && text.charCodeAt(qualStart) === DOT;
    // A checked number is read from @gmod/vcf's +QUAL, which is Number(text); inf and nan read as missing.
    const qualIsNumber = !qualIsDot && isFloatIn(text, qualStart, t[5]);
    if (!qualIsDot && !qualIsNumber) {
      const qualText = text.slice(qualStart, t[5]);
      if (!NON_FINITE.test(qualText)) this.fail(lineNo, 6, 'a quality (a number) or "."', qualText);
    }
    if (t[6] - t[5] === 1) this.fail(lineNo, 7, 'a filter (PASS, filter names separated by ";", or ".")', '');
    const infoStart = t[6] + 1;
    const infoEnd = tabCount >= 8 ? t[7] : end;
    if (infoEnd === infoStart) this.fail(lineNo, 8, 'INFO fields or "."', '');
    const infoIsDot = infoEnd - infoStart === 1 && text.charCodeAt(infoStart) === DOT;
    const filterIsDot = t[6] - t[5] === 2 && text.charCodeAt(t[5] + 1) === DOT;

    // The patient's sample column.
    let sampleStart = -1;
    let sampleEnd = -1;
    if (this.sampleCount > 0) {
      if (t[8] - t[7] <= 1) this.fail(lineNo, 9, 'a FORMAT column (such as GT:GQ:DP)', '');
      let s = t[8] + 1;
      for (let k = 0; k < (this.sampleIndex ?? 0); k++) s = text.indexOf('\t', s) + 1;
      sampleStart = s;
      const e = text.indexOf('\t', s);
      sampleEnd = e < 0 || e >= end ? end : e;
      const columns = this.sampleCount === 1 && sampleEnd === end ? 10 : countColumns(text, start, end);
      if (columns !== expectedColumns) this.columnCountError(lineNo, columns, expectedColumns);
    }

    let compact: string;
    if (this.sampleIndex === null) {
      compact = infoIsDot && filterIsDot && tabCount === 7 ? text.slice(start, end) : `${text.slice(start, t[5])}\t.\t.`;
    } else if (this.sampleCount === 1) {
      compact = infoIsDot && filterIsDot ? text.slice(start, end) : `${text.slice(start, t[5] + 1)}.\t.${text.slice(t[7], end)}`;
    } else {
      compact = `${text.slice(start, t[5])}\t.\t.\t${text.slice(t[7] + 1, t[8])}\t${text.slice(sampleStart, sampleEnd)}`;
    }
    const v = this.parser.parseLine(compact);
    const alts = v.ALT ?? [];
    for (let i = 0; i < alts.length; i++) {
      const a = alts[i];
      if (!(isLetters(a) || a === '*' || SYMBOLIC.test(a) || BREAKEND.test(a))) {
        this.fail(lineNo, 5, 'ALT alleles (bases, "*", <ID> or a breakend) separated by ",", or "."', text.slice(t[3] + 1, t[4]));
      }
    }
    const altCount = alts.length;
    const refText = v.REF as string;
    const qual = qualIsNumber ? (v.QUAL as number) : NaN;

    // Sample fields, located by @gmod/vcf without allocating.
    let known: KnownGenotype | null = null;
    let gtStart = -1;
    let gtEnd: number;
    let ps = NaN;
    let gq = NaN;
    let dp = NaN;
    let ad: number[] | null = null;
    if (this.sampleIndex !== null) {
      const col = 10 + this.sampleIndex;
      let str: string;
      // FORMAT "GT" alone (Platinum Genomes, most panels' truth sets): @gmod/vcf's GT-only scan, which
      // skips the per-record key lookup processFormatFields makes (measured a quarter of the parse).
      if (t[8] - t[7] === 3 && text.charCodeAt(t[7] + 1) === G && text.charCodeAt(t[7] + 2) === T && !hasColon(text, sampleStart, sampleEnd)) {
        this.gtRange[0] = -1;
        v.processGenotypes(this.onGenotype);
        str = this.rangeLine;
        gtStart = this.gtRange[0];
        gtEnd = this.gtRange[1];
      } else {
        this.ranges.fill(-1);
        v.processFormatFields(FORMAT_KEYS, this.onFormat);
        const r = this.ranges;
        str = this.rangeLine;
        gtStart = r[F_GT * 2];
        gtEnd = r[F_GT * 2 + 1];
        ps = this.intField(str, r[F_PS * 2], r[F_PS * 2 + 1], lineNo, col, 'PS');
        gq = this.numberField(str, r[F_GQ * 2], r[F_GQ * 2 + 1], lineNo, col, 'GQ');
        const minDp = this.intField(str, r[F_MIN_DP * 2], r[F_MIN_DP * 2 + 1], lineNo, col, 'MIN_DP');
        dp = this.intField(str, r[F_DP * 2], r[F_DP * 2 + 1], lineNo, col, 'DP');
        if (!Number.isNaN(minDp) && (altCount === 0 || REFERENCE_ALTS.has(alts[0]))) dp = minDp;
        if (r[F_AD * 2] >= 0) ad = this.intList(str, r[F_AD * 2], r[F_AD * 2 + 1], lineNo, col, 'AD');
      }
      if (gtStart >= 0) {
        known = this.genotypes.lookup(str, gtStart, gtEnd);
        if (known === null) {
          const g = parseGenotype(str, gtStart, gtEnd);
          if (typeof g === 'string') this.fail(lineNo, col, `GT to be ${g}`, str.slice(gtStart, gtEnd), this.sampleName);
          known = this.genotypes.add(str.slice(gtStart, gtEnd), g);
        }
      }
      this.rangeLine = '';
    }

    // INFO: only END, the kept keys and raw annotations are read.
    let endFromInfo = NaN;
    let kept: string[] | null = null;
    let annotations: [string, string][] | null = null;
    if (!infoIsDot) {
      let from = infoStart;
      while (from < infoEnd) {
        let to = text.indexOf(';', from);
        if (to < 0 || to > infoEnd) to = infoEnd;
        // Most INFO keys are neither kept nor annotations; rule them out without making a string.
        if (!INFO_KEY_FIRST[text.charCodeAt(from)]) {
          from = to + 1;
          continue;
        }
        let eq = text.indexOf('=', from);
        if (eq < 0 || eq > to) eq = to;
        const keyLength = eq - from;
        if (keyLength < 2 || keyLength > 6) {
          from = to + 1;
          continue;
        }
        const key = text.slice(from, eq);
        if (KEPT.has(key)) {
          const value = eq < to ? text.slice(eq + 1, to) : '';
          if (key === 'END' && value !== '.' && value !== '') {
            if (!INT.test(value)) this.fail(lineNo, 8, 'END to be a whole number', value);
            endFromInfo = Number(value);
          }
          (kept ??= []).push(key, value);
        } else if (RAW.has(key) && eq < to) {
          (annotations ??= []).push([key, text.slice(eq + 1, to)]);
        }
        from = to + 1;
      }
    }

    const code = this.codeFor(text, start, t[0]);
    const stats = this.stats;
    stats.records += 1;
    // The file's REF length bounds how far before a position a stored (trimmed) row of a record starting
    // there can sit, and how far before a region an overlapping variant can start.
    if (refText.length > stats.maxRefLength) stats.maxRefLength = refText.length;
    stats.alleles += altCount === 0 ? 1 : altCount;

    if (altCount === 0 || (altCount === 1 && REFERENCE_ALTS.has(alts[0]))) {
      const blockEnd = Number.isNaN(endFromInfo) ? pos + refText.length - 1 : endFromInfo;
      if (blockEnd < pos) this.fail(lineNo, 8, `END to be at or after POS (${pos})`, String(endFromInfo));
      this.pushBlock(code, pos, blockEnd, refText, altCount === 0 ? null : alts[0], known?.genotype ?? null, gq, dp, lineNo);
      return;
    }

    const ids = t[2] - t[1] === 2 && text.charCodeAt(t[1] + 1) === DOT ? null : text.slice(t[1] + 1, t[2]);
    const filterLength = t[6] - t[5] - 1;
    const filter =
      filterLength === 1 && text.charCodeAt(t[5] + 1) === DOT ? null : filterLength === 4 && text.startsWith('PASS', t[5] + 1) ? 'PASS' : text.slice(t[5] + 1, t[6]);
    let original: string | null = null;
    for (let i = 1; i <= altCount; i++) {
      const alt = alts[i - 1];
      // A gVCF record's <*>/<NON_REF> allele: counted (bcftools would emit a row for it) but not a variant.
      if (REFERENCE_ALTS.has(alt)) continue;
      // A one-base REF and ALT have nothing to trim.
      const trimmed = refText.length === 1 && alt.length === 1 ? null : trimAllele(pos, refText, alt);
      if (original === null && (altCount > 1 || (trimmed !== null && (trimmed.pos !== pos || trimmed.ref.length !== refText.length || trimmed.alt.length !== alt.length)))) {
        const gtText = gtStart >= 0 ? (known as KnownGenotype).text : null;
        original = JSON.stringify({ line: lineNo, pos, ref: refText, alts, gt: gtText });
      }
      let gt: string | null = null;
      let zyg: number = ZYG.none;
      if (this.sampleIndex !== null) {
        if (known === null) {
          // FORMAT has no GT for this record: not genotyped (bcftools prints "." and does not count it
          // as missing in its per-sample stats), which is not the same as a no-call.
          gt = '.';
          zyg = ZYG.none;
        } else if (altCount === 1) {
          gt = known.formatted;
          zyg = known.zygosityOfAlt1;
        } else {
          const recoded = recodeForAlt(known.genotype, i);
          gt = formatRecoded(known.genotype, recoded);
          zyg = classifyRecoded(recoded);
        }
      }
      const row = this.batchVariants;
      if (trimmed === null) this.pushVariant(code, pos, refText, alt, ids, qual, filter, gt, zyg, ps, gq, dp, ad, i, kept, altCount, original);
      else this.pushVariant(code, trimmed.pos, trimmed.ref, trimmed.alt, ids, qual, filter, gt, zyg, ps, gq, dp, ad, i, kept, altCount, original);
      if (annotations !== null) for (const [key, value] of annotations) this.annotations.push({ row, key, value });
    }
  }

  private pushVariant(
    code: number,
    pos: number,
    ref: string,
    alt: string,
    ids: string | null,
    qual: number,
    filter: string | null,
    gt: string | null,
    zyg: number,
    ps: number,
    gq: number,
    dp: number,
    ad: number[] | null,
    altIndex: number,
    kept: string[] | null,
    altCount: number,
    original: string | null,
  ): void {
    const c = this.chunk;
    if (c.count > 0 && (code !== this.chunkChrom || c.count >= CHUNK_ROWS)) this.cutChunk();
    this.chunkChrom = code;
    if (pos < this.chunkMinPos) this.chunkMinPos = pos;
    if (pos > this.chunkMaxPos) this.chunkMaxPos = pos;
    const end = pos + ref.length - 1;
    if (end > this.chunkMaxEnd) this.chunkMaxEnd = end;
    const i = c.count++;
    this.batchVariants += 1;
    const n = c.numbers;
    n.pos[i] = pos;
    n.qual[i] = qual;
    n.ps[i] = ps;
    n.gq[i] = gq;
    n.dp[i] = dp;
    n.adRef[i] = ad && ad.length > 0 ? ad[0] : NaN;
    n.adAlt[i] = ad && ad.length > altIndex ? ad[altIndex] : NaN;
    c.zygosity[i] = zyg;
    const st = this.strings;
    const t = c.text;
    t.ref[i] = st.code(ref);
    t.alt[i] = st.code(alt);
    t.ids[i] = st.code(ids);
    t.filter[i] = st.codeIn(0, filter);
    t.gt[i] = st.codeIn(1, gt);
    t.info[i] = st.code(kept === null ? null : this.keptInfo(kept, altIndex, altCount));
    t.original[i] = st.code(original);

    const s = this.stats;
    s.variants += 1;
    s.zygosity[zyg] += 1;
    // Ti/Tv as `bcftools stats` counts it per sample: SNVs the sample carries with ploidy ≥ 2
    // (het or hom-alt); a sites-only file counts every SNV; records without GT for the sample, none.
    if (ref.length === 1 && alt.length === 1 && (zyg === ZYG.het || zyg === ZYG.homAlt || (zyg === ZYG.none && this.sampleIndex === null)) && isSnv(ref, alt)) {
      if (isTransition(ref, alt)) s.transitions += 1;
      else s.transversions += 1;
    }
  }

  private pushBlock(code: number, start: number, end: number, ref: string, alt: string | null, g: Genotype | null, gq: number, dp: number, lineNo: number): void {
    const b = this.ensureBlockCapacity();
    const i = b.count++;
    b.chrom[i] = code;
    b.start[i] = start;
    b.end[i] = end;
    b.gq[i] = gq;
    b.dp[i] = dp;
    b.line[i] = lineNo;
    b.ref[i] = this.blockStrings.code(ref);
    b.alt[i] = this.blockStrings.code(alt);
    b.gt[i] = this.blockStrings.code(this.sampleIndex === null ? null : g === null ? '.' : formatGenotype(g));
    this.stats.blocks += 1;
    const len = end - start + 1;
    if (len > this.stats.maxBlockLength) this.stats.maxBlockLength = len;
  }

  /** Kept INFO in VCF syntax with per-allele values (Number=A, R) cut to this row's ALT, as bcftools norm does. */
  private keptInfo(kept: string[], altIndex: number, altCount: number): string {
    let out = '';
    for (let k = 0; k < kept.length; k += 2) {
      const key = kept[k];
      let value = kept[k + 1];
      if (altCount > 1 && value !== '') {
        const number = this.infoNumber(key);
        if (number === 'A' || number === 'R') {
          const parts = value.split(',');
          value = number === 'A' ? (parts[altIndex - 1] ?? '.') : `${parts[0] ?? '.'},${parts[altIndex] ?? '.'}`;
        }
      }
      out += (out ? ';' : '') + (value === '' ? key : `${key}=${value}`);
    }
    return out;
  }

  private infoNumber(key: string): unknown {
    if (!this.infoNumbers.has(key)) this.infoNumbers.set(key, this.parser.getMetadata('INFO', key, 'Number'));
    return this.infoNumbers.get(key);
  }

  /** The contig code of the CHROM at `text[start, end)`. */
  private codeFor(text: string, start: number, end: number): number {
    // Records come sorted by chromosome: the last one's code is almost always this one's, and comparing
    // in place saves making the name.
    const last = this.lastContig;
    if (end - start === last.length && text.startsWith(last, start)) return this.lastContigCode;
    const name = text.slice(start, end);
    const code = this.contigCode(name);
    this.lastContig = name;
    this.lastContigCode = code;
    return code;
  }

  private contigCode(name: string): number {
    const known = this.contigCodes.get(name);
    if (known !== undefined) return known;
    const chrom = normaliseChrom(name);
    const code = standardChromCode(chrom) ?? this.nextOtherCode++;
    this.contigCodes.set(name, code);
    this.newContigs.push({ code, name, chrom, length: this.contigLengths.get(name) ?? null });
    return code;
  }

  private ensureBlockCapacity(): BlockColumns {
    const b = this.blocks;
    if (b.count < b.chrom.length) return b;
    const n = b.chrom.length * 2;
    b.chrom = grow(b.chrom, new Int32Array(n));
    b.start = grow(b.start, new Float64Array(n));
    b.end = grow(b.end, new Float64Array(n));
    b.gq = grow(b.gq, new Float64Array(n));
    b.dp = grow(b.dp, new Float64Array(n));
    b.line = grow(b.line, new Float64Array(n));
    b.ref = grow(b.ref, new Int32Array(n));
    b.alt = grow(b.alt, new Int32Array(n));
    b.gt = grow(b.gt, new Int32Array(n));
    return b;
  }

  private intField(str: string, a: number, b: number, lineNo: number, col: number, key: string): number {
    if (a < 0 || b <= a) return NaN;
    const text = str.slice(a, b);
    if (text === '.') return NaN;
    if (!INT.test(text)) this.fail(lineNo, col, `${key} to be a whole number or "."`, text, this.sampleName);
    return Number(text);
  }

  private numberField(str: string, a: number, b: number, lineNo: number, col: number, key: string): number {
    if (a < 0 || b <= a) return NaN;
    const text = str.slice(a, b);
    if (text === '.') return NaN;
    if (FLOAT.test(text)) return Number(text);
    if (NON_FINITE.test(text)) return NaN;
    return this.fail(lineNo, col, `${key} to be a number or "."`, text, this.sampleName);
  }

  private intList(str: string, a: number, b: number, lineNo: number, col: number, key: string): number[] | null {
    if (b <= a) return null;
    const text = str.slice(a, b);
    if (text === '.') return null;
    const parts = text.split(',');
    const out: number[] = new Array(parts.length);
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k];
      if (p === '.') out[k] = NaN;
      else if (INT.test(p)) out[k] = Number(p);
      else this.fail(lineNo, col, `${key} to be whole numbers separated by ","`, text, this.sampleName);
    }
    return out;
  }

  private columnCountError(lineNo: number, found: number, expected: number): never {
    const samples = this.sampleCount;
    throw new AppError(
      'vcf/line-malformed',
      `${this.name} line ${lineNo}: expected ${expected} tab-separated columns (8 fixed${samples ? `, FORMAT and ${samples} sample${samples === 1 ? '' : 's'}` : ''}), found ${found}.`,
      { file: this.file, line: lineNo, column: Math.min(found, expected) + (found < expected ? 1 : 0), expected: `${expected} tab-separated columns`, found: `${found} columns` },
    );
  }

  private fail(lineNo: number, column: number, expected: string, found: string, sample?: string): never {
    const field = column <= 9 ? COLUMN_NAMES[column - 1] : sample ?? `sample column ${column - 9}`;
    const shown = found.length > 60 ? `${found.slice(0, 60)}…` : found;
    throw new AppError(
      'vcf/line-malformed',
      `${this.name} line ${lineNo}, column ${column} (${field}): expected ${expected}, found "${shown}".`,
      { file: this.file, line: lineNo, column, field, expected, found: shown },
    );
  }
}

function newParser(header: string): VCFParser {
  return new VCFParser({ header });
}

/** Upper-cased base by character code for A, C, G, T (either case); 0 for anything else. */
const BASE_CODE = new Uint8Array(128);
for (const b of 'ACGT') {
  BASE_CODE[b.charCodeAt(0)] = b.charCodeAt(0);
  BASE_CODE[b.toLowerCase().charCodeAt(0)] = b.charCodeAt(0);
}

/** Called only for one-base REF and ALT. */
function isSnv(ref: string, alt: string): boolean {
  const r = BASE_CODE[ref.charCodeAt(0)];
  const a = BASE_CODE[alt.charCodeAt(0)];
  return r !== 0 && a !== 0 && r !== a;
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
