// What one parse batch carries from the worker to the single DB writer. Columnar: every column is a typed
// array whose buffer is transferred (no copy). Text columns hold indexes into the batch's string table,
// where each distinct value appears once: most values repeat (REF/ALT bases, "PASS", "0/1"), and every
// string in a message costs the main thread - the single writer, and the import's bottleneck - a
// deserialisation and an allocation (measured ~0.2 s per million rows sent as plain string arrays).

/** A contig first seen in this batch: the writer records its name for the import. */
export interface ContigDef {
  code: number;
  name: string;
  chrom: string;
  length: number | null;
}

export interface VariantColumns {
  count: number;
  chrom: Int32Array;
  pos: Float64Array;
  /** NaN = missing, in every numeric column below. */
  qual: Float64Array;
  zygosity: Uint8Array;
  ps: Float64Array;
  gq: Float64Array;
  dp: Float64Array;
  adRef: Float64Array;
  adAlt: Float64Array;
  /** Indexes into ParseBatch.strings; NO_STRING = null. */
  ref: Int32Array;
  alt: Int32Array;
  ids: Int32Array;
  filter: Int32Array;
  gt: Int32Array;
  info: Int32Array;
  original: Int32Array;
  /** Raw CSQ/ANN/BCSQ values: row index within this batch, INFO key, value. */
  annotations: { row: number; key: string; value: string }[];
}

export interface BlockColumns {
  count: number;
  chrom: Int32Array;
  start: Float64Array;
  end: Float64Array;
  gq: Float64Array;
  dp: Float64Array;
  line: Float64Array;
  ref: Int32Array;
  alt: Int32Array;
  gt: Int32Array;
}

export interface ParseBatch {
  variants: VariantColumns;
  blocks: BlockColumns;
  /** The batch's distinct text values. */
  strings: string[];
  contigs: ContigDef[];
  /** Data lines this batch covers, and file bytes read when it was cut (for progress). */
  records: number;
  bytes: number;
}

export function newVariantColumns(capacity: number): VariantColumns {
  return {
    count: 0,
    chrom: new Int32Array(capacity),
    pos: new Float64Array(capacity),
    qual: new Float64Array(capacity),
    zygosity: new Uint8Array(capacity),
    ps: new Float64Array(capacity),
    gq: new Float64Array(capacity),
    dp: new Float64Array(capacity),
    adRef: new Float64Array(capacity),
    adAlt: new Float64Array(capacity),
    ref: new Int32Array(capacity),
    alt: new Int32Array(capacity),
    ids: new Int32Array(capacity),
    filter: new Int32Array(capacity),
    gt: new Int32Array(capacity),
    info: new Int32Array(capacity),
    original: new Int32Array(capacity),
    annotations: [],
  };
}

export function newBlockColumns(capacity: number): BlockColumns {
  return {
    count: 0,
    chrom: new Int32Array(capacity),
    start: new Float64Array(capacity),
    end: new Float64Array(capacity),
    gq: new Float64Array(capacity),
    dp: new Float64Array(capacity),
    line: new Float64Array(capacity),
    ref: new Int32Array(capacity),
    alt: new Int32Array(capacity),
    gt: new Int32Array(capacity),
  };
}

/** The ArrayBuffers to transfer with a batch. */
export function batchTransferList(b: ParseBatch): ArrayBuffer[] {
  const v = b.variants;
  const k = b.blocks;
  return [
    ...[v.chrom, v.pos, v.qual, v.zygosity, v.ps, v.gq, v.dp, v.adRef, v.adAlt, v.ref, v.alt, v.ids, v.filter, v.gt, v.info, v.original],
    ...[k.chrom, k.start, k.end, k.gq, k.dp, k.line, k.ref, k.alt, k.gt],
  ].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** NaN (how the columns say "missing") to SQL NULL. */
export function orNull(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

export const NO_STRING = -1;

/** Builds a batch's string table: each distinct value once. */
export class StringTable {
  strings: string[] = [];
  private index = new Map<string, number>();

  code(value: string | null): number {
    if (value === null) return NO_STRING;
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(value);
      this.index.set(value, i);
    }
    return i;
  }

  /** Hands over the strings and starts a new table. */
  take(): string[] {
    const out = this.strings;
    this.strings = [];
    this.index = new Map();
    return out;
  }
}
