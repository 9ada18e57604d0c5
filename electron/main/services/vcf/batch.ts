// What one parse batch carries from the worker to the single DB writer. Columnar: numbers travel in typed
// arrays whose buffers are transferred (no copy), strings in plain arrays (structured clone), so a batch
// of thousands of rows is a handful of objects rather than thousands.

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
  ref: string[];
  alt: string[];
  ids: (string | null)[];
  filter: (string | null)[];
  gt: (string | null)[];
  info: (string | null)[];
  original: (string | null)[];
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
  ref: string[];
  alt: (string | null)[];
  gt: (string | null)[];
}

export interface ParseBatch {
  variants: VariantColumns;
  blocks: BlockColumns;
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
    ref: [],
    alt: [],
    ids: [],
    filter: [],
    gt: [],
    info: [],
    original: [],
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
    ref: [],
    alt: [],
    gt: [],
  };
}

/** The ArrayBuffers to transfer with a batch. */
export function batchTransferList(b: ParseBatch): ArrayBuffer[] {
  const v = b.variants;
  const k = b.blocks;
  return [v.chrom, v.pos, v.qual, v.zygosity, v.ps, v.gq, v.dp, v.adRef, v.adAlt, k.chrom, k.start, k.end, k.gq, k.dp, k.line].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** NaN (how the columns say "missing") to SQL NULL. */
export function orNull(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}
