// A chunk of stored variant rows: up to CHUNK_ROWS consecutive rows of one import and one chromosome,
// packed column by column into one BLOB (variant_chunks.data). The parse worker encodes; readers decode.
//
// Why packed: one SQLite row per variant made the single encrypted writer the import's bottleneck
// (~350k rows/s: binding 18 values and a B-tree insert per row). A chunk is one insert, and columns
// compress well without a general-purpose compressor: positions are offsets from the chunk's smallest,
// small integers take one or two bytes, and text is an index into the chunk's own string table.
//
// Layout (little-endian), version 1:
//   u8 version | u32 count | u32 string count | u32 string-bytes length
//   then per column, in COLUMN order: u8 kind, f64 base (numeric columns only), padding to the width,
//   the values; then u32[string count] UTF-16 lengths; then the strings' UTF-8 bytes, concatenated.
// Numeric kinds: NONE (every value missing: no bytes), U8/U16/U32 (value = base + stored; the width's
// largest value means missing), F64 (NaN means missing). Text kinds: NONE (all null), U8/U16 (0 = null,
// k + 1 = string k).

/** Rows per chunk: big enough that a whole-genome import is ~2,500 inserts, small enough to decode in microseconds. */
export const CHUNK_ROWS = 2048;
export const CHUNK_VERSION = 1;

export const NUMERIC_COLUMNS = ['pos', 'qual', 'ps', 'gq', 'dp', 'adRef', 'adAlt'] as const;
export const TEXT_COLUMNS = ['ref', 'alt', 'ids', 'filter', 'gt', 'info', 'original'] as const;
export type NumericColumn = (typeof NUMERIC_COLUMNS)[number];
export type TextColumn = (typeof TEXT_COLUMNS)[number];

const KIND_NONE = 0;
const KIND_U8 = 1;
const KIND_U16 = 2;
const KIND_U32 = 3;
const KIND_F64 = 4;

/** What the parser accumulates for one chunk: numbers (NaN = missing) and text as string-table indexes (-1 = null). */
export interface ChunkInput {
  count: number;
  numbers: Record<NumericColumn, Float64Array>;
  zygosity: Uint8Array;
  text: Record<TextColumn, Int32Array>;
  strings: string[];
}

export function newChunkInput(capacity = CHUNK_ROWS): ChunkInput {
  const numbers = {} as Record<NumericColumn, Float64Array>;
  for (const c of NUMERIC_COLUMNS) numbers[c] = new Float64Array(capacity);
  const text = {} as Record<TextColumn, Int32Array>;
  for (const c of TEXT_COLUMNS) text[c] = new Int32Array(capacity);
  return { count: 0, numbers, zygosity: new Uint8Array(capacity), text, strings: [] };
}

interface NumericPlan {
  kind: number;
  base: number;
}

function planNumeric(values: Float64Array, count: number): NumericPlan {
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  let any = false;
  for (let i = 0; i < count; i++) {
    const v = values[i];
    if (v !== v) continue;
    any = true;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integral && Math.floor(v) !== v) integral = false;
  }
  if (!any) return { kind: KIND_NONE, base: 0 };
  if (!integral || !Number.isSafeInteger(min) || !Number.isSafeInteger(max)) return { kind: KIND_F64, base: 0 };
  const span = max - min;
  if (span < 0xff) return { kind: KIND_U8, base: min };
  if (span < 0xffff) return { kind: KIND_U16, base: min };
  if (span < 0xffffffff) return { kind: KIND_U32, base: min };
  return { kind: KIND_F64, base: 0 };
}

const WIDTH = [0, 1, 2, 4, 8];

function align(offset: number, width: number): number {
  return width > 1 ? Math.ceil(offset / width) * width : offset;
}

/** Packs a chunk into a fresh ArrayBuffer (transferable to the writer). */
export function encodeChunk(input: ChunkInput): ArrayBuffer {
  const n = input.count;
  const numericPlans = NUMERIC_COLUMNS.map((c) => planNumeric(input.numbers[c], n));
  const textKinds = TEXT_COLUMNS.map((c) => {
    const codes = input.text[c];
    let max = -1;
    for (let i = 0; i < n; i++) if (codes[i] > max) max = codes[i];
    return max < 0 ? KIND_NONE : max + 1 < 0xff ? KIND_U8 : KIND_U16;
  });
  const joined = input.strings.join('');
  const stringBytes = Buffer.byteLength(joined, 'utf8');

  // Sizes first, so one allocation holds everything.
  let size = 13;
  for (const p of numericPlans) {
    size += 1;
    if (p.kind !== KIND_NONE) size = align(size + 8, WIDTH[p.kind]) + WIDTH[p.kind] * n;
  }
  size += n; // zygosity
  for (const k of textKinds) {
    size += 1;
    if (k !== KIND_NONE) size = align(size, WIDTH[k]) + WIDTH[k] * n;
  }
  size = align(size, 4) + 4 * input.strings.length + stringBytes;

  const buffer = new ArrayBuffer(size);
  const view = new DataView(buffer);
  const bytes = new Uint8Array(buffer);
  view.setUint8(0, CHUNK_VERSION);
  view.setUint32(1, n, true);
  view.setUint32(5, input.strings.length, true);
  view.setUint32(9, stringBytes, true);
  let o = 13;
  NUMERIC_COLUMNS.forEach((c, k) => {
    const { kind, base } = numericPlans[k];
    view.setUint8(o++, kind);
    if (kind === KIND_NONE) return;
    view.setFloat64(o, base, true);
    o = align(o + 8, WIDTH[kind]);
    const values = input.numbers[c];
    if (kind === KIND_F64) {
      new Float64Array(buffer, o, n).set(values.subarray(0, n));
    } else {
      const out = kind === KIND_U8 ? new Uint8Array(buffer, o, n) : kind === KIND_U16 ? new Uint16Array(buffer, o, n) : new Uint32Array(buffer, o, n);
      const missing = kind === KIND_U8 ? 0xff : kind === KIND_U16 ? 0xffff : 0xffffffff;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        out[i] = v !== v ? missing : v - base;
      }
    }
    o += WIDTH[kind] * n;
  });
  bytes.set(input.zygosity.subarray(0, n), o);
  o += n;
  TEXT_COLUMNS.forEach((c, k) => {
    const kind = textKinds[k];
    view.setUint8(o++, kind);
    if (kind === KIND_NONE) return;
    o = align(o, WIDTH[kind]);
    const out = kind === KIND_U8 ? new Uint8Array(buffer, o, n) : new Uint16Array(buffer, o, n);
    const codes = input.text[c];
    for (let i = 0; i < n; i++) out[i] = codes[i] + 1;
    o += WIDTH[kind] * n;
  });
  o = align(o, 4);
  const lengths = new Uint32Array(buffer, o, input.strings.length);
  for (let i = 0; i < input.strings.length; i++) lengths[i] = input.strings[i].length;
  o += 4 * input.strings.length;
  if (stringBytes > 0) Buffer.from(buffer, o, stringBytes).write(joined, 'utf8');
  return buffer;
}

/** A stored variant row, with the column names the variants table had (readers were written against them). */
export interface StoredVariant {
  id: number;
  import_key: number;
  chrom: number;
  pos: number;
  ref: string;
  alt: string;
  ids: string | null;
  qual: number | null;
  filter: string | null;
  gt: string | null;
  zygosity: number;
  ps: number | null;
  gq: number | null;
  dp: number | null;
  ad_ref: number | null;
  ad_alt: number | null;
  info: string | null;
  original: string | null;
}

interface ColumnAt {
  kind: number;
  base: number;
  offset: number;
}

/**
 * A decoded chunk. Columns are unpacked on first use (a count-only scan touches one or two of them);
 * numbers come back as Float64Array with NaN for missing, text as indexes into `strings` with -1 for null.
 */
export class DecodedChunk {
  readonly count: number;
  readonly importKey: number;
  readonly chrom: number;
  readonly firstId: number;
  private readonly buffer: ArrayBuffer;
  private readonly numericAt: ColumnAt[] = [];
  private readonly textAt: ColumnAt[] = [];
  private readonly zygosityAt: number;
  private readonly stringsAt: number;
  private readonly stringCount: number;
  private readonly stringBytes: number;
  private numbersCache = new Map<NumericColumn, Float64Array>();
  private textCache = new Map<TextColumn, Int32Array>();
  private stringsCache: string[] | null = null;

  constructor(data: Uint8Array, meta: { importKey: number; chrom: number; firstId: number }) {
    // Typed-array views need aligned offsets; a Buffer from SQLite may start anywhere in its ArrayBuffer.
    const own = data.byteOffset % 8 === 0 ? data : new Uint8Array(data);
    this.buffer = own.buffer as ArrayBuffer;
    const base = own.byteOffset;
    const view = new DataView(this.buffer, base, own.byteLength);
    const version = view.getUint8(0);
    if (version !== CHUNK_VERSION) throw new Error(`variant chunk version ${version} is not one this version of GenoDesk reads`);
    this.count = view.getUint32(1, true);
    this.stringCount = view.getUint32(5, true);
    this.stringBytes = view.getUint32(9, true);
    this.importKey = meta.importKey;
    this.chrom = meta.chrom;
    this.firstId = meta.firstId;
    const n = this.count;
    let o = 13;
    for (let k = 0; k < NUMERIC_COLUMNS.length; k++) {
      const kind = view.getUint8(o++);
      if (kind === KIND_NONE) {
        this.numericAt.push({ kind, base: 0, offset: 0 });
        continue;
      }
      const b = view.getFloat64(o, true);
      o = align(o + 8, WIDTH[kind]);
      this.numericAt.push({ kind, base: b, offset: base + o });
      o += WIDTH[kind] * n;
    }
    this.zygosityAt = base + o;
    o += n;
    for (let k = 0; k < TEXT_COLUMNS.length; k++) {
      const kind = view.getUint8(o++);
      if (kind === KIND_NONE) {
        this.textAt.push({ kind, base: 0, offset: 0 });
        continue;
      }
      o = align(o, WIDTH[kind]);
      this.textAt.push({ kind, base: 0, offset: base + o });
      o += WIDTH[kind] * n;
    }
    this.stringsAt = base + align(o, 4);
  }

  numbers(column: NumericColumn): Float64Array {
    let out = this.numbersCache.get(column);
    if (out) return out;
    const at = this.numericAt[NUMERIC_COLUMNS.indexOf(column)];
    const n = this.count;
    if (at.kind === KIND_F64) out = new Float64Array(this.buffer.slice(at.offset, at.offset + 8 * n));
    else {
      out = new Float64Array(n);
      if (at.kind === KIND_NONE) out.fill(NaN);
      else {
        const src =
          at.kind === KIND_U8 ? new Uint8Array(this.buffer, at.offset, n) : at.kind === KIND_U16 ? new Uint16Array(this.buffer, at.offset, n) : new Uint32Array(this.buffer, at.offset, n);
        const missing = at.kind === KIND_U8 ? 0xff : at.kind === KIND_U16 ? 0xffff : 0xffffffff;
        const b = at.base;
        for (let i = 0; i < n; i++) {
          const v = src[i];
          out[i] = v === missing ? NaN : b + v;
        }
      }
    }
    this.numbersCache.set(column, out);
    return out;
  }

  get zygosity(): Uint8Array {
    return new Uint8Array(this.buffer, this.zygosityAt, this.count);
  }

  /** String-table indexes of a text column; -1 = null. */
  text(column: TextColumn): Int32Array {
    let out = this.textCache.get(column);
    if (out) return out;
    const at = this.textAt[TEXT_COLUMNS.indexOf(column)];
    const n = this.count;
    out = new Int32Array(n);
    if (at.kind === KIND_NONE) out.fill(-1);
    else {
      const src = at.kind === KIND_U8 ? new Uint8Array(this.buffer, at.offset, n) : new Uint16Array(this.buffer, at.offset, n);
      for (let i = 0; i < n; i++) out[i] = src[i] - 1;
    }
    this.textCache.set(column, out);
    return out;
  }

  get strings(): string[] {
    if (this.stringsCache) return this.stringsCache;
    const lengths = new Uint32Array(this.buffer, this.stringsAt, this.stringCount);
    const all = Buffer.from(this.buffer, this.stringsAt + 4 * this.stringCount, this.stringBytes).toString('utf8');
    const out: string[] = new Array(this.stringCount);
    let p = 0;
    for (let i = 0; i < this.stringCount; i++) {
      out[i] = all.slice(p, p + lengths[i]);
      p += lengths[i];
    }
    this.stringsCache = out;
    return out;
  }

  /** Index of a text value in this chunk's table, or -1 (so a filter compares integers per row). */
  stringIndex(value: string): number {
    return this.strings.indexOf(value);
  }

  textAtRow(column: TextColumn, i: number): string | null {
    const k = this.text(column)[i];
    return k < 0 ? null : this.strings[k];
  }

  /** Trimmed REF length of row i (overlap tests need pos + length(ref) - 1). */
  refLength(i: number): number {
    return this.strings[this.text('ref')[i]].length;
  }

  row(i: number): StoredVariant {
    const num = (c: NumericColumn) => {
      const v = this.numbers(c)[i];
      return v !== v ? null : v;
    };
    return {
      id: this.firstId + i,
      import_key: this.importKey,
      chrom: this.chrom,
      pos: this.numbers('pos')[i],
      ref: this.textAtRow('ref', i) as string,
      alt: this.textAtRow('alt', i) as string,
      ids: this.textAtRow('ids', i),
      qual: num('qual'),
      filter: this.textAtRow('filter', i),
      gt: this.textAtRow('gt', i),
      zygosity: this.zygosity[i],
      ps: num('ps'),
      gq: num('gq'),
      dp: num('dp'),
      ad_ref: num('adRef'),
      ad_alt: num('adAlt'),
      info: this.textAtRow('info', i),
      original: this.textAtRow('original', i),
    };
  }

  rows(): StoredVariant[] {
    const out: StoredVariant[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.row(i);
    return out;
  }
}
