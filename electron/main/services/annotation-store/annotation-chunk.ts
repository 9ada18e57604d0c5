// The packed form of one import chunk's annotations (annotation_chunks, issue 15): what used to be one
// variant_annotations row per variant, one variant_transcript_annotations row per variant × transcript and
// one variant_clinvar row per match is here two BLOBs per chunk of up to 2,048 variants. The annotate worker
// packs (off the main thread); the store inserts one row; readers decode.
//
// Why packed: at genome scale the row store set the pace (~1,600 variants/s: millions of B-tree inserts on
// the single writer, and as many deletes for the run it replaced) while the worker sat idle. A chunk is one
// insert, and dropping a run is deleting ~2,500 rows.
//
// Both BLOBs (summary, detail) have one layout: u8 version | u8 flags (1 = the rest is raw DEFLATE,
// 2 = a Zstandard frame) | body. Body (little-endian): u32 column count; per column u8 kind, f64 base, u32 length, then
// the values; then u32 string count, u32[count] UTF-16 lengths and the strings' UTF-8 bytes, concatenated.
// Numeric kinds: NONE (every value missing), U8/U16/U32 (value = base + stored; the width's largest value
// means missing), F64 (NaN means missing). Text columns hold string-table codes (0 = null, k + 1 = string
// k), so they are numeric columns too. Columns come in the fixed order of the *_COLUMNS lists below.
//
// Objects are rebuilt with exactly the keys, key order and values readAnnotated/readSummaries gave from the
// rows, so the CLI's JSON, the browser and the diagnosis workspace see the same bytes whichever store holds a run.
import zlib from 'node:zlib';
import type { AnnotatedVariant, ClinVarAnnotation, PackVersion, TranscriptConsequence, VcfBorneAnnotation } from '../../../../shared/schemas/annotation.ts';
import type { ClinvarClassName, VariantAnnotationSummary } from '../../../../shared/schemas/annotation-runs.ts';
import { summarise } from './annotation-summary.ts';

export const ANNOTATION_CHUNK_VERSION = 1;
const FLAG_DEFLATE = 1;
const FLAG_ZSTD = 2;
/** Compress only when it saves at least this share: decompressing costs the reader time. */
const COMPRESSION_WORTH = 0.85;
// Zstandard level 1 rather than DEFLATE level 1 (what chunks written before 8 December hold, still read): on
// 40 chunks of the benchmark genome it compressed in 0.18 against 0.39 µs a variant, decompressed in 0.11
// against 0.13, and to 10.9 % of the raw body against 13.6 % (tmp measurement, docs/annotation-scale.md).
// Node has it from 22.15 (the app's Electron 45 ships Node 24: Electron 40 moved to 24.11.1, electronjs.org
// blog "Electron 40.0.0"); a runtime without it writes DEFLATE, which every reader still takes.
const zstdCompress = typeof zlib.zstdCompressSync === 'function' ? zlib.zstdCompressSync : undefined;
const ZSTD_LEVEL_1 = { params: { [zlib.constants.ZSTD_c_compressionLevel]: 1 } };

function compress(body: Buffer): { flag: number; bytes: Buffer } {
  return zstdCompress ? { flag: FLAG_ZSTD, bytes: zstdCompress(body, ZSTD_LEVEL_1) } : { flag: FLAG_DEFLATE, bytes: zlib.deflateRawSync(body, { level: 1 }) };
}

function decompress(flags: number, raw: Buffer, what: string): Buffer {
  if (flags & FLAG_ZSTD && typeof zlib.zstdDecompressSync !== 'function') throw new Error(`${what}: packed with Zstandard, which this runtime's zlib lacks`);
  try {
    if (flags & FLAG_ZSTD) return zlib.zstdDecompressSync(raw);
    return flags & FLAG_DEFLATE ? zlib.inflateRawSync(raw) : raw;
  } catch (err) {
    throw new Error(`${what} is damaged: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

const KIND_NONE = 0;
const KIND_U8 = 1;
const KIND_U16 = 2;
const KIND_U32 = 3;
const KIND_F64 = 4;
const WIDTH = [0, 1, 2, 4, 8];
const MISSING = [0, 0xff, 0xffff, 0xffffffff, 0];

/** One packed chunk as the worker hands it to the store, with the chunk's counts for the run's totals. */
export interface PackedAnnotationChunk {
  firstId: number;
  count: number;
  /** `|a|b|` unions over the chunk, for skipping chunks a filter cannot match. */
  terms: string;
  impacts: string;
  clinvarClasses: string;
  genes: string;
  annotated: number;
  summary: Uint8Array;
  detail: Uint8Array;
  totals: { annotated: number; referenceMismatches: number; inTranscripts: number; clinvarMatches: number };
}

class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  code(s: string | null | undefined): number {
    if (s === null || s === undefined) return 0;
    let k = this.index.get(s);
    if (k === undefined) {
      k = this.strings.length;
      this.strings.push(s);
      this.index.set(s, k);
    }
    return k + 1;
  }
  /** A value that (almost) never repeats within a chunk, e.g. an HGVS string: appended without the lookup. */
  unique(s: string | null | undefined): number {
    if (s === null || s === undefined) return 0;
    this.strings.push(s);
    return this.strings.length;
  }
}

/**
 * One column as it is filled: values in a growable Float64Array (no boxed numbers or elements-kind changes
 * when NaN marks a missing value), with the range and integrality tracked as they come so encoding needs
 * no second pass. Packing runs once per variant and transcript, millions of times per genome.
 */
class Column {
  values: Float64Array;
  length = 0;
  private min = Infinity;
  private max = -Infinity;
  private integral = true;
  constructor(capacity = 256) {
    this.values = new Float64Array(capacity);
  }
  /** Empties the column for the next chunk, keeping its storage. */
  reset(): void {
    this.length = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.integral = true;
  }
  push(v: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = v;
    if (v !== v) return;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (this.integral && (v | 0) !== v && !Number.isSafeInteger(v)) this.integral = false;
  }
  plan(): { kind: number; base: number } {
    if (this.min === Infinity) return { kind: KIND_NONE, base: 0 };
    if (!this.integral) return { kind: KIND_F64, base: 0 };
    const span = this.max - this.min;
    if (span < 0xff) return { kind: KIND_U8, base: this.min };
    if (span < 0xffff) return { kind: KIND_U16, base: this.min };
    if (span < 0xffffffff) return { kind: KIND_U32, base: this.min };
    return { kind: KIND_F64, base: 0 };
  }
}

const ARRAYS = [null, Uint8Array, Uint16Array, Uint32Array, Float64Array] as const;

// One monomorphic loop per stored width, each writing little-endian bytes straight into the body: no
// intermediate typed array per column, no copy into a concatenated buffer (a chunk's columns are ~1 MB).
function writeU8(out: Uint8Array, at: number, values: Float64Array, n: number, base: number): void {
  const missing = MISSING[KIND_U8];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    out[at + i] = v !== v ? missing : v - base;
  }
}
function writeU16(out: Uint8Array, at: number, values: Float64Array, n: number, base: number): void {
  const missing = MISSING[KIND_U16];
  for (let i = 0, o = at; i < n; i++, o += 2) {
    const v = values[i];
    const x = v !== v ? missing : v - base;
    out[o] = x & 0xff;
    out[o + 1] = x >>> 8;
  }
}
function writeU32(out: Uint8Array, at: number, values: Float64Array, n: number, base: number): void {
  const missing = MISSING[KIND_U32];
  for (let i = 0, o = at; i < n; i++, o += 4) {
    const v = values[i];
    const x = v !== v ? missing : v - base;
    out[o] = x & 0xff;
    out[o + 1] = (x >>> 8) & 0xff;
    out[o + 2] = (x >>> 16) & 0xff;
    out[o + 3] = x >>> 24;
  }
}

function encodeBlob(columns: Column[], strings: string[]): Uint8Array {
  const plans = columns.map((c) => c.plan());
  // UTF-16 lengths and one UTF-8 run: one conversion each way instead of one per string (as variant-chunk.ts).
  const joined = strings.join('');
  const textBytes = Buffer.byteLength(joined, 'utf8');
  let size = 4;
  for (let c = 0; c < columns.length; c++) size += 13 + WIDTH[plans[c].kind] * columns[c].length;
  size += 4 + 4 * strings.length + textBytes;
  // Two bytes ahead of the body for the version and flags, so an incompressible body is stored without a copy.
  // Never from Buffer's shared pool: the worker transfers the blob's ArrayBuffer to the main thread.
  const out = Buffer.allocUnsafeSlow(2 + size);
  let o = 2;
  o = out.writeUInt32LE(columns.length, o);
  for (let c = 0; c < columns.length; c++) {
    const { kind, base } = plans[c];
    const column = columns[c];
    const n = column.length;
    o = out.writeUInt8(kind, o);
    o = out.writeDoubleLE(base, o);
    o = out.writeUInt32LE(n, o);
    if (kind === KIND_U8) writeU8(out, o, column.values, n, base);
    else if (kind === KIND_U16) writeU16(out, o, column.values, n, base);
    else if (kind === KIND_U32) writeU32(out, o, column.values, n, base);
    // Typed arrays are little-endian on every platform Electron ships for.
    else if (kind === KIND_F64) out.set(new Uint8Array(column.values.buffer, 0, n * 8), o);
    o += WIDTH[kind] * n;
  }
  o = out.writeUInt32LE(strings.length, o);
  for (let i = 0; i < strings.length; i++) o = out.writeUInt32LE(strings[i].length, o);
  o += out.write(joined, o, 'utf8');
  if (o !== out.length) throw new Error(`annotation chunk encoding wrote ${o} of ${out.length} bytes`);
  const body = out.subarray(2, o);
  const compressed = compress(body);
  const worth = compressed.bytes.length < COMPRESSION_WORTH * body.length;
  if (!worth) {
    out[0] = ANNOTATION_CHUNK_VERSION;
    out[1] = 0;
    return out;
  }
  const packed = new Uint8Array(2 + compressed.bytes.length);
  packed[0] = ANNOTATION_CHUNK_VERSION;
  packed[1] = compressed.flag;
  packed.set(compressed.bytes, 2);
  return packed;
}

interface DecodedBlob {
  /** Values of column c; NaN is missing (null). Widened on first use: a filter reads a few of the columns. */
  column(c: number): Float64Array;
  /** String-table entry k (1-based, as the columns store it); null for 0 or missing. */
  text(k: number): string | null;
}

function widen(values: Float64Array, base: number, missing: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    values[i] = v === missing ? NaN : v + base;
  }
}

function decodeBlob(blob: Uint8Array, what: string): DecodedBlob {
  if (blob[0] !== ANNOTATION_CHUNK_VERSION) throw new Error(`${what}: packed annotation version ${blob[0]} is not ${ANNOTATION_CHUNK_VERSION}`);
  const raw = Buffer.from(blob.buffer, blob.byteOffset + 2, blob.byteLength - 2);
  const body = decompress(blob[1], raw, what);
  let o = 0;
  const n = body.readUInt32LE(o);
  o += 4;
  const heads: { kind: number; base: number; length: number; at: number }[] = [];
  for (let c = 0; c < n; c++) {
    const head = { kind: body.readUInt8(o), base: body.readDoubleLE(o + 1), length: body.readUInt32LE(o + 9), at: o + 13 };
    heads.push(head);
    o = head.at + (head.kind === KIND_NONE ? 0 : WIDTH[head.kind] * head.length);
  }
  const widened: (Float64Array | undefined)[] = new Array(n);
  const column = (c: number): Float64Array => {
    let values = widened[c];
    if (values) return values;
    const { kind, base, length, at } = heads[c];
    if (kind === KIND_NONE) values = new Float64Array(length).fill(NaN);
    else {
      const bytes = WIDTH[kind] * length;
      // A copy, so the typed array is aligned whatever the offset in the body.
      const copy = new Uint8Array(bytes);
      copy.set(body.subarray(at, at + bytes));
      const Ctor = ARRAYS[kind] as Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor | Float64ArrayConstructor;
      // The engine widens to f64; the one loop after it then always reads a Float64Array (monomorphic).
      values = new Float64Array(new Ctor(copy.buffer, 0, length));
      if (kind !== KIND_F64) widen(values, base, MISSING[kind]);
    }
    return (widened[c] = values);
  };
  const count = body.readUInt32LE(o);
  o += 4;
  // Where each string starts in the decoded text (UTF-16 units); strings are cut out only when asked for:
  // a browser filter reads a few distinct codes of a chunk, not its thousands of HGVS strings.
  const starts = new Uint32Array(count + 1);
  for (let i = 0; i < count; i++, o += 4) starts[i + 1] = starts[i] + body.readUInt32LE(o);
  const all = body.toString('utf8', o);
  const cut: (string | undefined)[] = new Array(count);
  return {
    column,
    text(k) {
      if (k !== k || k === 0) return null;
      let str = cut[k - 1];
      if (str === undefined) str = cut[k - 1] = all.slice(starts[k - 1], starts[k]);
      return str;
    },
  };
}

const SUMMARY_COLUMNS = [
  'offset', 'source', 'sourceVersion', 'gene', 'transcript', 'maneSelect', 'canonical', 'shownTerms', 'allTerms', 'mostSevere', 'impact',
  'hgvsc', 'hgvsp', 'transcripts', 'clinvarClass', 'vcfBorne', 'error', 'genes', 'clinvar',
] as const;
const DETAIL_COLUMNS = ['offset', 'mostSevere', 'consequences', 'clinvar', 'vcfBorne', 'error'] as const;
const CONSEQUENCE_COLUMNS = [
  'gene', 'geneId', 'transcript', 'biotype', 'strand', 'terms', 'hgvsc', 'hgvsp', 'impact', 'maneSelect', 'canonical', 'exon', 'intron', 'distance',
  'proteinPosition', 'aminoAcids',
] as const;

function columnsOf<T extends readonly string[]>(names: T, capacity: number): Record<T[number], Column> {
  return Object.fromEntries(names.map((n) => [n, new Column(capacity)])) as Record<T[number], Column>;
}

const nullable = (v: number | null | undefined): number => (v === null || v === undefined ? NaN : v);
const bar = (values: Set<string> | string[]): string => {
  const list = Array.isArray(values) ? values : [...values];
  return list.length > 0 ? `|${list.join('|')}|` : '';
};

/** The ClinVar match with the keys, in the order, the row store's reader gives them (absent, not null, when unknown). */
export function clinvarInStoredOrder(c: {
  variationId: string;
  significance: string;
  reviewStatus: string;
  stars: number;
  conditions: string[];
  conflicting: boolean;
  alleleId?: string | null;
  conflictingClassifications?: string[] | null;
  gene?: string | null;
  release?: string | null;
}): ClinVarAnnotation {
  const out: ClinVarAnnotation = {
    variationId: c.variationId,
    significance: c.significance,
    reviewStatus: c.reviewStatus,
    stars: c.stars,
    conditions: c.conditions,
    conflicting: c.conflicting,
  };
  if (c.alleleId !== undefined && c.alleleId !== null) out.alleleId = c.alleleId;
  if (c.conflictingClassifications) out.conflictingClassifications = c.conflictingClassifications;
  if (c.gene !== undefined && c.gene !== null) out.gene = c.gene;
  if (c.release !== undefined && c.release !== null) out.release = c.release;
  return out;
}

const clinvarJson = (c: ClinVarAnnotation): string => JSON.stringify(clinvarInStoredOrder(c));

/** The VCF's tool annotations with the keys, in the order, the row store's reader gave them. */
function borneJson(list: VcfBorneAnnotation[]): string {
  return JSON.stringify(
    list.map((a) => ({
      tool: a.tool,
      version: a.version ?? null,
      field: a.field ?? '',
      transcripts: a.transcripts.map((t) => {
        const e: VcfBorneAnnotation['transcripts'][number] = { allele: t.allele ?? '', terms: t.terms, fields: t.fields ?? {} };
        if (t.gene !== undefined && t.gene !== null) e.gene = t.gene;
        if (t.geneId !== undefined && t.geneId !== null) e.geneId = t.geneId;
        if (t.transcript !== undefined && t.transcript !== null) e.transcript = t.transcript;
        if (t.biotype !== undefined && t.biotype !== null) e.biotype = t.biotype;
        if (t.impact !== undefined && t.impact !== null) e.impact = t.impact;
        if (t.hgvsc !== undefined && t.hgvsc !== null) e.hgvsc = t.hgvsc;
        if (t.hgvsp !== undefined && t.hgvsp !== null) e.hgvsp = t.hgvsp;
        return e;
      }),
    })),
  );
}

type ColumnSet = {
  s: Record<(typeof SUMMARY_COLUMNS)[number], Column>;
  d: Record<(typeof DETAIL_COLUMNS)[number], Column>;
  c: Record<(typeof CONSEQUENCE_COLUMNS)[number], Column>;
};
// Column sets are kept from one chunk to the next: a chunk's ~40 columns are ~1 MB of typed arrays, and a
// genome has 2,500 chunks. A packer takes a set and gives it back when it finishes; two are kept.
const spareColumns: ColumnSet[] = [];
function takeColumns(variants: number): ColumnSet {
  const set = spareColumns.pop();
  if (!set) return { s: columnsOf(SUMMARY_COLUMNS, Math.max(16, variants)), d: columnsOf(DETAIL_COLUMNS, Math.max(16, variants)), c: columnsOf(CONSEQUENCE_COLUMNS, Math.max(16, variants * 4)) };
  for (const group of [set.s, set.d, set.c] as Record<string, Column>[]) for (const k in group) group[k].reset();
  return set;
}

/**
 * Packs one import chunk's annotated variants as they come (ids ascending, all at or after firstId). The
 * annotate worker adds each variant as soon as it is annotated, so the variant's objects die young: holding a
 * whole batch of them until packing made every minor collection copy them (CPU profile, docs/annotation-scale.md).
 */
export class AnnotationChunkPacker {
  private readonly sTable = new StringTable();
  private readonly dTable = new StringTable();
  private columns: ColumnSet | undefined;
  private readonly byTranscript = new Map<string, { gene: string; geneId: string; biotype: string; codes: number[] }>();
  private readonly terms = new Set<string>();
  private readonly impacts = new Set<string>();
  private readonly classes = new Set<string>();
  private readonly genes = new Set<string>();
  private readonly totals = { annotated: 0, referenceMismatches: 0, inTranscripts: 0, clinvarMatches: 0 };
  private annotated = 0;
  private count = 0;
  // Codes at or below these were seen before in this chunk: their terms or genes are already in the unions.
  private allTermsSeen = 0;
  private genesSeen = 0;

  private readonly firstId: number;
  private readonly transcriptsPack: PackVersion | undefined;

  constructor(firstId: number, transcriptsPack: PackVersion | undefined, expected = 2048) {
    this.firstId = firstId;
    this.transcriptsPack = transcriptsPack;
    this.columns = takeColumns(expected);
  }

  add(variantId: number, v: AnnotatedVariant): void {
    if (!this.columns) throw new Error('this annotation chunk was already packed');
    const { s, d, c } = this.columns;
    const { sTable, dTable } = this;
    this.count++;
    const offset = variantId - this.firstId;
    const sum = summarise(v, this.transcriptsPack);
    // Index loops throughout: this body runs for every variant and transcript of a genome, and for-of left
    // iterator objects behind in it (heap profile).
    const variantGenes: string[] = [];
    const consequences = v.consequences;
    for (let k = 0; k < consequences.length; k++) if (!variantGenes.includes(consequences[k].gene)) variantGenes.push(consequences[k].gene);
    if (v.vcfAnnotations) {
      for (const a of v.vcfAnnotations) for (const t of a.transcripts) if (t.gene !== undefined && t.gene !== null && !variantGenes.includes(t.gene)) variantGenes.push(t.gene);
    }
    const cv = v.clinvar;
    s.offset.push(offset);
    s.source.push(sTable.code(sum.source));
    s.sourceVersion.push(sTable.code(sum.sourceVersion));
    s.gene.push(sTable.code(sum.gene));
    s.transcript.push(sTable.code(sum.transcript));
    s.maneSelect.push(sum.maneSelect);
    s.canonical.push(sum.canonical);
    s.shownTerms.push(sTable.code(sum.shownTerms));
    const allTermsCode = sTable.code(sum.allTerms);
    s.allTerms.push(allTermsCode);
    s.mostSevere.push(sTable.code(sum.mostSevere));
    s.impact.push(sTable.code(sum.impact));
    s.hgvsc.push(sTable.unique(sum.hgvsc));
    s.hgvsp.push(sTable.unique(sum.hgvsp));
    s.transcripts.push(sum.transcripts);
    s.clinvarClass.push(sTable.code(sum.clinvarClass));
    s.vcfBorne.push(sum.vcfBorne);
    s.error.push(sTable.unique(sum.error));
    const genesCode = sTable.code(variantGenes.length > 0 ? bar(variantGenes) : null);
    s.genes.push(genesCode);
    s.clinvar.push(
      sTable.unique(
        cv
          ? JSON.stringify({ variationId: cv.variationId, significance: cv.significance, reviewStatus: cv.reviewStatus, stars: cv.stars, conditions: cv.conditions, conflicting: cv.conflicting })
          : null,
      ),
    );
    if (allTermsCode > this.allTermsSeen) {
      this.allTermsSeen = allTermsCode;
      for (const t of sum.allTerms.split('|')) if (t) this.terms.add(t);
    }
    if (sum.impact) this.impacts.add(sum.impact);
    if (sum.clinvarClass) this.classes.add(sum.clinvarClass);
    if (genesCode > this.genesSeen) {
      this.genesSeen = genesCode;
      for (const g of variantGenes) this.genes.add(g);
    }
    if (sum.transcripts > 0 || sum.clinvarClass !== null || sum.error !== null) this.annotated++;

    d.offset.push(offset);
    d.mostSevere.push(dTable.code(v.mostSevereConsequence));
    d.consequences.push(v.consequences.length);
    d.clinvar.push(dTable.unique(cv ? clinvarJson(cv) : null));
    d.vcfBorne.push(dTable.unique(v.vcfAnnotations ? borneJson(v.vcfAnnotations) : null));
    d.error.push(dTable.unique(v.error ? JSON.stringify(v.error) : null));
    for (let k = 0; k < consequences.length; k++) {
      const t = consequences[k];
      // A transcript's gene, gene id and biotype repeat for every variant it overlaps: one lookup, not four.
      let known = this.byTranscript.get(t.transcript);
      if (!known || known.gene !== t.gene || known.geneId !== t.geneId || known.biotype !== t.biotype) {
        known = { gene: t.gene, geneId: t.geneId, biotype: t.biotype, codes: [dTable.code(t.gene), dTable.code(t.geneId), dTable.code(t.transcript), dTable.code(t.biotype)] };
        this.byTranscript.set(t.transcript, known);
      }
      c.gene.push(known.codes[0]);
      c.geneId.push(known.codes[1]);
      c.transcript.push(known.codes[2]);
      c.biotype.push(known.codes[3]);
      c.strand.push(t.strand);
      c.terms.push(dTable.code(t.terms.length === 1 ? t.terms[0] : t.terms.join('&')));
      c.hgvsc.push(dTable.unique(t.hgvsc));
      c.hgvsp.push(dTable.unique(t.hgvsp));
      c.impact.push(dTable.code(t.impact));
      c.maneSelect.push(Number(t.maneSelect));
      c.canonical.push(Number(t.canonical));
      c.exon.push(dTable.code(t.exon));
      c.intron.push(dTable.code(t.intron));
      c.distance.push(nullable(t.distance));
      c.proteinPosition.push(nullable(t.proteinPosition));
      c.aminoAcids.push(dTable.code(t.aminoAcids));
    }

    const totals = this.totals;
    if (v.error) totals.referenceMismatches++;
    else totals.annotated++;
    if (v.consequences.some((t) => !t.terms[0].endsWith('stream_gene_variant'))) totals.inTranscripts++;
    if (cv) totals.clinvarMatches++;
  }

  /** The packed chunk; the packer cannot be used after it. */
  finish(): PackedAnnotationChunk {
    const columns = this.columns;
    if (!columns) throw new Error('this annotation chunk was already packed');
    this.columns = undefined;
    const { s, d, c } = columns;
    const chunk: PackedAnnotationChunk = {
      firstId: this.firstId,
      count: this.count,
      terms: bar(this.terms),
      impacts: bar(this.impacts),
      clinvarClasses: bar(this.classes),
      genes: bar(this.genes),
      annotated: this.annotated,
      summary: encodeBlob(
        SUMMARY_COLUMNS.map((n) => s[n]),
        this.sTable.strings,
      ),
      detail: encodeBlob([...DETAIL_COLUMNS.map((n) => d[n]), ...CONSEQUENCE_COLUMNS.map((n) => c[n])], this.dTable.strings),
      totals: this.totals,
    };
    if (spareColumns.length < 2) spareColumns.push(columns);
    return chunk;
  }
}

/** Packs one import chunk's annotated variants (ids ascending, all at or after firstId). */
export function packAnnotationChunk(firstId: number, items: { variantId: number; annotated: AnnotatedVariant }[], transcriptsPack: PackVersion | undefined): PackedAnnotationChunk {
  const packer = new AnnotationChunkPacker(firstId, transcriptsPack, items.length);
  for (let i = 0; i < items.length; i++) packer.add(items[i].variantId, items[i].annotated);
  return packer.finish();
}

/** Columns of the summary a browser filter tests, by their string-table codes (decoded once per distinct code). */
export type SummaryFilterColumn = 'allTerms' | 'impact' | 'clinvarClass' | 'genes' | 'error';

export interface DecodedSummaries {
  /** Variant ids in the chunk, ascending. */
  ids: number[];
  /** Row index of a variant id, or -1. */
  indexOf(variantId: number): number;
  /** Per row, the code of a text column (0 or NaN = none); `text` gives its string. */
  codes(column: SummaryFilterColumn): Float64Array;
  text(code: number): string | null;
  /** Transcripts (own and the VCF's) per row. */
  transcripts: Float64Array;
  summary(i: number): VariantAnnotationSummary;
}

function lookup(ids: number[]): (id: number) => number {
  let at: Map<number, number> | undefined;
  return (id) => (at ??= new Map(ids.map((x, i) => [x, i]))).get(id) ?? -1;
}

export function decodeSummaries(firstId: number, blob: Uint8Array): DecodedSummaries {
  const { column, text } = decodeBlob(blob, `annotation chunk ${firstId} summary`);
  const at = Object.fromEntries(SUMMARY_COLUMNS.map((n, i) => [n, i])) as Record<(typeof SUMMARY_COLUMNS)[number], number>;
  const col = (name: (typeof SUMMARY_COLUMNS)[number]): Float64Array => column(at[name]);
  const str = (name: (typeof SUMMARY_COLUMNS)[number], i: number): string | null => text(col(name)[i]);
  const ids = Array.from(col('offset'), (o) => firstId + o);
  return {
    ids,
    indexOf: lookup(ids),
    codes: (name) => col(name),
    text,
    transcripts: col('transcripts'),
    summary(i) {
      const shown = str('shownTerms', i);
      const cv = str('clinvar', i);
      const error = str('error', i);
      const c = cv ? (JSON.parse(cv) as Omit<NonNullable<VariantAnnotationSummary['clinvar']>, 'class'>) : null;
      return {
        source: str('source', i) as VariantAnnotationSummary['source'],
        sourceVersion: str('sourceVersion', i),
        gene: str('gene', i),
        transcript: str('transcript', i),
        maneSelect: col('maneSelect')[i] === 1,
        canonical: col('canonical')[i] === 1,
        terms: shown ? shown.split('&') : [],
        mostSevere: str('mostSevere', i),
        impact: str('impact', i) as VariantAnnotationSummary['impact'],
        hgvsc: str('hgvsc', i),
        hgvsp: str('hgvsp', i),
        transcripts: col('transcripts')[i],
        clinvar: c
          ? {
              variationId: c.variationId,
              significance: c.significance,
              class: (str('clinvarClass', i) ?? 'other') as ClinvarClassName,
              reviewStatus: c.reviewStatus,
              stars: c.stars,
              conditions: c.conditions,
              conflicting: c.conflicting,
            }
          : null,
        error: error ? (JSON.parse(error) as VariantAnnotationSummary['error']) : null,
      };
    },
  };
}

/** What a chunk's detail gives for one variant; the caller adds the normalised chrom/pos/ref/alt. */
export type DetailParts = Omit<AnnotatedVariant, 'chrom' | 'pos' | 'ref' | 'alt'>;

export interface DecodedDetail {
  ids: number[];
  indexOf(variantId: number): number;
  variant(i: number): DetailParts;
}

export function decodeDetail(firstId: number, blob: Uint8Array): DecodedDetail {
  const { column, text } = decodeBlob(blob, `annotation chunk ${firstId} detail`);
  // Every detail column is read to rebuild a variant.
  const columns = [...DETAIL_COLUMNS, ...CONSEQUENCE_COLUMNS].map((_, i) => column(i));
  const d = Object.fromEntries(DETAIL_COLUMNS.map((n, i) => [n, columns[i]])) as Record<(typeof DETAIL_COLUMNS)[number], Float64Array>;
  const c = Object.fromEntries(CONSEQUENCE_COLUMNS.map((n, i) => [n, columns[DETAIL_COLUMNS.length + i]])) as Record<(typeof CONSEQUENCE_COLUMNS)[number], Float64Array>;
  const ids = Array.from(d.offset, (o) => firstId + o);
  // Where each variant's consequences start in the consequence columns.
  const starts = new Int32Array(ids.length + 1);
  for (let i = 0; i < ids.length; i++) starts[i + 1] = starts[i] + d.consequences[i];
  return {
    ids,
    indexOf: lookup(ids),
    variant(i) {
      const consequences: TranscriptConsequence[] = [];
      for (let j = starts[i]; j < starts[i + 1]; j++) {
        const t: TranscriptConsequence = {
          gene: text(c.gene[j]) ?? '',
          geneId: text(c.geneId[j]) ?? '',
          transcript: text(c.transcript[j]) ?? '',
          biotype: text(c.biotype[j]) ?? '',
          strand: c.strand[j] === -1 ? -1 : 1,
          terms: (text(c.terms[j]) ?? '').split('&'),
          hgvsc: text(c.hgvsc[j]),
          hgvsp: text(c.hgvsp[j]),
          impact: text(c.impact[j]) as TranscriptConsequence['impact'],
          maneSelect: c.maneSelect[j] === 1,
          canonical: c.canonical[j] === 1,
        };
        const exon = text(c.exon[j]);
        const intron = text(c.intron[j]);
        const aminoAcids = text(c.aminoAcids[j]);
        if (exon !== null) t.exon = exon;
        if (intron !== null) t.intron = intron;
        if (c.distance[j] === c.distance[j]) t.distance = c.distance[j];
        if (c.proteinPosition[j] === c.proteinPosition[j]) t.proteinPosition = c.proteinPosition[j];
        if (aminoAcids !== null) t.aminoAcids = aminoAcids;
        consequences.push(t);
      }
      const clinvar = text(d.clinvar[i]);
      const borne = text(d.vcfBorne[i]);
      const error = text(d.error[i]);
      const out: DetailParts = { consequences, clinvar: clinvar ? (JSON.parse(clinvar) as ClinVarAnnotation) : null, mostSevereConsequence: text(d.mostSevere[i]) };
      if (borne !== null) out.vcfAnnotations = JSON.parse(borne) as VcfBorneAnnotation[];
      if (error !== null) out.error = JSON.parse(error) as AnnotatedVariant['error'];
      return out;
    },
  };
}
