// What one parse batch carries from the worker to the single DB writer. Variant rows arrive already packed
// into chunks (variant-chunk.ts) whose bytes are transferred, not copied: the writer inserts them as they
// are, so the main thread does one insert per CHUNK_ROWS rows. Reference blocks (gVCF) stay columnar
// rows: every column a transferred typed array, text as indexes into the batch's string table.

/** A contig first seen in this batch: the writer records its name for the import. */
export interface ContigDef {
  code: number;
  name: string;
  chrom: string;
  length: number | null;
}

/** One packed chunk of variant rows (variant-chunk.ts), ready for the writer to insert as it is. */
export interface EncodedChunk {
  chrom: number;
  count: number;
  minPos: number;
  maxPos: number;
  /** Largest pos + length(REF) - 1 in the chunk. */
  maxEnd: number;
  data: ArrayBuffer;
}

/** A raw CSQ/ANN/BCSQ value: the variant row's index within its batch (across its chunks), INFO key, value. */
export interface RawAnnotation {
  row: number;
  key: string;
  value: string;
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
  /** Variant rows, packed; rows are numbered across the chunks in order. */
  chunks: EncodedChunk[];
  variantCount: number;
  annotations: RawAnnotation[];
  blocks: BlockColumns;
  /** The distinct text values of the blocks. */
  strings: string[];
  contigs: ContigDef[];
  /** Data lines this batch covers, and file bytes read when it was cut (for progress). */
  records: number;
  bytes: number;
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
  const k = b.blocks;
  return [...b.chunks.map((c) => c.data), ...[k.chrom, k.start, k.end, k.gq, k.dp, k.line, k.ref, k.alt, k.gt].map((a) => a.buffer as ArrayBuffer)];
}

/**
 * Frees a written batch's buffers now. V8 frees a dead ArrayBuffer only when a garbage collection finds
 * it, and a thread that allocates little else collects rarely: a 5 M-record import left some 50 MB of
 * written chunks waiting in the main thread. Detaching (transfer to length 0) releases the memory at once.
 */
export function releaseBatch(b: ParseBatch): void {
  for (const buffer of batchTransferList(b)) releaseBuffer(buffer);
}

/** Frees an ArrayBuffer nothing else will read (see releaseBatch). */
export function releaseBuffer(buffer: ArrayBuffer): void {
  if (!buffer.detached) buffer.transfer(0);
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

  private readonly lastValue: (string | null)[] = [];
  private readonly lastCode: number[] = [];

  /**
   * code(), remembering the previous value per column slot: FILTER and GT repeat row after row, and a
   * string comparison is cheaper than a hash lookup.
   */
  codeIn(slot: number, value: string | null): number {
    if (value === this.lastValue[slot] && value !== undefined) return this.lastCode[slot];
    const c = this.code(value);
    this.lastValue[slot] = value;
    this.lastCode[slot] = c;
    return c;
  }

  /** Hands over the strings and starts a new table. */
  take(): string[] {
    const out = this.strings;
    this.strings = [];
    this.index = new Map();
    this.lastValue.length = 0;
    this.lastCode.length = 0;
    return out;
  }
}
