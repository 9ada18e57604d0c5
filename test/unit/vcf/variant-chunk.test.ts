// The packed chunk codec: whatever goes into encodeChunk comes back out of DecodedChunk unchanged, for
// every width a numeric or text column can be packed at. Round-trip equality with the input is the oracle.
import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, CHUNK_VERSION, DecodedChunk, NUMERIC_COLUMNS, TEXT_COLUMNS, encodeChunk, newChunkInput } from '../../../electron/main/services/vcf/variant-chunk.ts';
import type { ChunkInput, NumericColumn, TextColumn } from '../../../electron/main/services/vcf/variant-chunk.ts';

const META = { importKey: 7, chrom: 21, firstId: 1000 };

interface Rows {
  numbers?: Partial<Record<NumericColumn, number[]>>;
  text?: Partial<Record<TextColumn, (string | null)[]>>;
  zygosity?: number[];
}

/** A chunk input of `count` rows: numbers as given (else missing), text as given (else REF/ALT "A"/"C", the rest null). */
function input(count: number, rows: Rows): ChunkInput {
  const c = newChunkInput(Math.max(count, 1));
  c.count = count;
  const table = new Map<string, number>();
  const code = (s: string | null) => {
    if (s === null) return -1;
    let k = table.get(s);
    if (k === undefined) {
      k = c.strings.length;
      c.strings.push(s);
      table.set(s, k);
    }
    return k;
  };
  for (const col of NUMERIC_COLUMNS) {
    const values = rows.numbers?.[col] ?? (col === 'pos' ? Array.from({ length: count }, (_, i) => 100 + i) : new Array(count).fill(NaN));
    c.numbers[col].set(values);
  }
  for (const col of TEXT_COLUMNS) {
    const values = rows.text?.[col] ?? new Array(count).fill(col === 'ref' ? 'A' : col === 'alt' ? 'C' : null);
    for (let i = 0; i < count; i++) c.text[col][i] = code(values[i]);
  }
  c.zygosity.set(rows.zygosity ?? new Array(count).fill(1));
  return c;
}

function roundTrip(c: ChunkInput, at = 0): DecodedChunk {
  const packed = new Uint8Array(encodeChunk(c));
  if (at === 0) return new DecodedChunk(packed, META);
  // Copy into a bigger buffer at an odd offset, as a Buffer from SQLite may sit anywhere in its pool.
  const host = new Uint8Array(packed.length + at + 5);
  host.set(packed, at);
  return new DecodedChunk(host.subarray(at, at + packed.length), META);
}

/** Decoded numbers as a plain array (NaN kept), for toEqual. */
function numbersOf(d: DecodedChunk, col: NumericColumn): number[] {
  return Array.from(d.numbers(col));
}

function textOf(d: DecodedChunk, col: TextColumn): (string | null)[] {
  return Array.from({ length: d.count }, (_, i) => d.textAtRow(col, i));
}

describe('variant chunk codec: numeric columns', () => {
  const cases: [string, number[]][] = [
    ['all missing', [NaN, NaN, NaN]],
    ['small integers', [0, 1, 2, 250, 3]],
    ['small integers with missing', [5, NaN, 7, NaN, 200]],
    ['a span of exactly 254 (the widest U8 span: 255 means missing)', [10, 264, NaN]],
    ['a span of 255 (needs U16)', [10, 265, NaN]],
    ['a span needing U16', [1, 60_000, 65_534, NaN]],
    ['a span of 65,535 (needs U32)', [0, 65_535, NaN]],
    ['positions needing U32 offsets', [1, 248_956_422, 3_000_000_000, NaN]],
    ['a span of 2^32 - 1 (needs F64)', [0, 0xffffffff, NaN]],
    ['positions past 10^10 (htslib longrefs)', [10_000_000_001, 10_000_000_005, 20_000_000_000]],
    ['non-integers', [29.5, 0.1, 1e-9, 3.14159, NaN]],
    ['negative values', [-5, -1, 0, 12, NaN]],
    ['negative non-integers', [-0.5, -1e300, 2.5]],
    ['huge and unsafe integers', [Number.MAX_SAFE_INTEGER, 2 ** 60, -(2 ** 60), 1e300, NaN]],
    ['a single value', [42]],
  ];
  for (const [name, values] of cases) {
    it(name, () => {
      for (const col of NUMERIC_COLUMNS) {
        const d = roundTrip(input(values.length, { numbers: { [col]: values } }));
        expect(numbersOf(d, col), col).toEqual(values);
      }
    });
  }

  it('packs each column as narrow as its span allows (1, 2, 4, then 8 bytes a value)', () => {
    // 1,000 values; padding may move the total by a few bytes.
    const size = (span: number) => encodeChunk(input(1000, { numbers: { dp: Array.from({ length: 1000 }, (_, i) => (i === 999 ? span : i % 200)) } })).byteLength;
    const sizes = [254, 255, 65_535, 0xffffffff].map(size);
    expect(sizes[1] - sizes[0]).toBeGreaterThan(990);
    expect(sizes[2] - sizes[1]).toBeGreaterThan(1990);
    expect(sizes[3] - sizes[2]).toBeGreaterThan(3990);
  });

  it('every column at once, each packed its own way, with nulls as null in rows()', () => {
    const numbers: Record<NumericColumn, number[]> = {
      pos: [10_000_000, 10_000_001, 10_070_000],
      qual: [29.5, NaN, 1e6],
      ps: [NaN, NaN, NaN],
      gq: [99, 3, NaN],
      dp: [0, 70_000, 12],
      adRef: [-1, NaN, 2 ** 40],
      adAlt: [1, 2, 3],
    };
    const d = roundTrip(input(3, { numbers, zygosity: [0, 3, 7] }));
    for (const col of NUMERIC_COLUMNS) expect(numbersOf(d, col), col).toEqual(numbers[col]);
    const rows = d.rows();
    expect(rows.map((r) => [r.id, r.import_key, r.chrom, r.pos, r.qual, r.ps, r.gq, r.dp, r.ad_ref, r.ad_alt, r.zygosity])).toEqual([
      [1000, 7, 21, 10_000_000, 29.5, null, 99, 0, -1, 1, 0],
      [1001, 7, 21, 10_000_001, null, null, 3, 70_000, null, 2, 3],
      [1002, 7, 21, 10_070_000, 1e6, null, null, 12, 2 ** 40, 3, 7],
    ]);
  });

  it('a full chunk of CHUNK_ROWS rows', () => {
    const pos = Array.from({ length: CHUNK_ROWS }, (_, i) => 5_000_000 + i * 37);
    const qual = Array.from({ length: CHUNK_ROWS }, (_, i) => (i % 5 === 0 ? NaN : i / 4));
    const d = roundTrip(input(CHUNK_ROWS, { numbers: { pos, qual } }));
    expect(d.count).toBe(CHUNK_ROWS);
    expect(numbersOf(d, 'pos')).toEqual(pos);
    expect(numbersOf(d, 'qual')).toEqual(qual);
  });
});

describe('variant chunk codec: text columns', () => {
  it('a column that is null in every row', () => {
    for (const col of TEXT_COLUMNS) {
      const values = [null, null, null];
      const d = roundTrip(input(3, { text: { [col]: values } }));
      expect(textOf(d, col), col).toEqual(values);
    }
  });

  it('more than 254 distinct strings (two-byte indexes), nulls among them', () => {
    const values = Array.from({ length: 700 }, (_, i) => (i % 7 === 3 ? null : `rs${1_000_000 + i}`));
    for (const col of TEXT_COLUMNS) {
      const d = roundTrip(input(values.length, { text: { [col]: values } }));
      expect(textOf(d, col), col).toEqual(values);
    }
  });

  it('254 and 255 distinct strings, either side of the one-byte limit', () => {
    for (const distinct of [253, 254, 255]) {
      const values = Array.from({ length: distinct }, (_, i) => `s${i}`);
      const d = roundTrip(input(distinct, { text: { info: values } }));
      expect(textOf(d, 'info'), String(distinct)).toEqual(values);
    }
  });

  it('non-ASCII UTF-8 (accents, emoji outside the BMP) and the empty string', () => {
    const info = ['NOTE=café', 'EMOJI=🧬;X=é', '', null, 'ÅÄÖ→∑', '', '🧬🧬'];
    const ids = ['rs1', null, '', 'é', 'rs1', '😀', null];
    const d = roundTrip(input(info.length, { text: { info, ids } }));
    expect(textOf(d, 'info')).toEqual(info);
    expect(textOf(d, 'ids')).toEqual(ids);
    expect(d.rows().map((r) => [r.ref, r.alt])).toEqual(new Array(info.length).fill(['A', 'C']));
  });

  it('every text column at once, sharing one string table', () => {
    const text: Record<TextColumn, (string | null)[]> = {
      ref: ['A', 'ACGT', 'G'],
      alt: ['G', 'A', '<DEL>'],
      ids: ['rs123;rs456', null, 'rs123;rs456'],
      filter: ['PASS', 'LowQual;q10', null],
      gt: ['0/1', '1|1', null],
      info: [null, 'END=500;SVTYPE=DEL', 'AF=0.5'],
      original: ['{"line":3}', '{"line":3}', null],
    };
    const d = roundTrip(input(3, { text }));
    for (const col of TEXT_COLUMNS) expect(textOf(d, col), col).toEqual(text[col]);
    expect(d.refLength(1)).toBe(4);
    expect(d.stringIndex('PASS')).toBeGreaterThanOrEqual(0);
    expect(d.stringIndex('not there')).toBe(-1);
    const rows = d.rows();
    expect(rows[0]).toEqual({
      id: 1000, import_key: 7, chrom: 21, pos: 100, ref: 'A', alt: 'G', ids: 'rs123;rs456', qual: null, filter: 'PASS', gt: '0/1', zygosity: 1,
      ps: null, gq: null, dp: null, ad_ref: null, ad_alt: null, info: null, original: '{"line":3}',
    });
  });
});

describe('variant chunk codec: buffers', () => {
  it('decodes from a Uint8Array at an unaligned byte offset (3, 5) as from an aligned one', () => {
    const c = input(5, {
      numbers: { pos: [1, 2, 70_000, 3_000_000_000, 5], qual: [1.5, NaN, 2, 3, 4], dp: [1, 300, NaN, 4, 5] },
      text: { info: ['é', null, '🧬', '', 'x'] },
      zygosity: [1, 2, 3, 4, 5],
    });
    const aligned = roundTrip(c).rows();
    for (const at of [3, 5]) {
      const d = roundTrip(c, at);
      expect(d.rows()).toEqual(aligned);
      expect(numbersOf(d, 'pos')).toEqual([1, 2, 70_000, 3_000_000_000, 5]);
      expect(textOf(d, 'info')).toEqual(['é', null, '🧬', '', 'x']);
      expect(Array.from(d.zygosity)).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it('decodes from a Node Buffer (what SQLite returns)', () => {
    const c = input(3, { numbers: { gq: [1.25, 99, NaN] }, text: { gt: ['0/1', null, '1/1'] } });
    const packed = Buffer.from(encodeChunk(c));
    const d = new DecodedChunk(packed, META);
    expect(numbersOf(d, 'gq')).toEqual([1.25, 99, NaN]);
    expect(textOf(d, 'gt')).toEqual(['0/1', null, '1/1']);
  });

  it('an empty chunk', () => {
    const d = roundTrip(input(0, {}));
    expect(d.count).toBe(0);
    expect(d.rows()).toEqual([]);
  });

  it('refuses a chunk of another format version, naming it', () => {
    const packed = new Uint8Array(encodeChunk(input(2, {})));
    expect(packed[0]).toBe(CHUNK_VERSION);
    packed[0] = CHUNK_VERSION + 1;
    expect(() => new DecodedChunk(packed, META)).toThrow(new RegExp(`version ${CHUNK_VERSION + 1}`));
  });
});
