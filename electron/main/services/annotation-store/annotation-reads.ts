// Reading stored annotation back: the current run of each import, the per-variant summaries the variant
// browser shows, and the full per-variant annotation (every transcript, the VCF's own tool annotations, the
// ClinVar match) rebuilt in exactly the shape annotateVcfFile produces for the same allele. A run is stored
// packed per import chunk (annotation_chunks, storage 'chunks') or, if written before migration 0016, as
// rows (storage 'rows'); both read to the same objects.
import type { AnnotatedVariant, ClinVarAnnotation, TranscriptConsequence, VcfBorneAnnotation } from '../../../../shared/schemas/annotation.ts';
import type { AnnotationRun, ClinvarClassName, VariantAnnotationSummary } from '../../../../shared/schemas/annotation-runs.ts';
import type { SqliteDatabase } from '../../db/connection.ts';
import { normaliseVcfAllele } from '../annotation/consequence/genomic-allele.ts';
import { termRank } from '../annotation/consequence/so-terms.ts';
import { clinvarInStoredOrder, decodeDetail, decodeSummaries } from './annotation-chunk.ts';
import type { DecodedDetail, DecodedSummaries, SummaryFilterColumn } from './annotation-chunk.ts';

export interface RunRow {
  id: string;
  key: number;
  import_id: string;
  patient_id: string;
  status: string;
  build: string;
  packs: string;
  vcf_tools: string;
  variants: number;
  annotated: number;
  in_transcripts: number;
  reference_mismatches: number;
  clinvar_matches: number;
  warnings: string;
  actor: string;
  started_at: string;
  completed_at: string | null;
  /** 'rows' (stored before migration 0016) or 'chunks' (annotation_chunks). */
  storage: string;
}

export function toRun(r: RunRow): AnnotationRun {
  return {
    id: r.id,
    importId: r.import_id,
    patientId: r.patient_id,
    build: r.build as AnnotationRun['build'],
    packs: JSON.parse(r.packs) as AnnotationRun['packs'],
    vcfTools: JSON.parse(r.vcf_tools) as AnnotationRun['vcfTools'],
    variants: r.variants,
    annotated: r.annotated,
    inTranscripts: r.in_transcripts,
    referenceMismatches: r.reference_mismatches,
    clinvarMatches: r.clinvar_matches,
    warnings: JSON.parse(r.warnings) as AnnotationRun['warnings'],
    actor: r.actor,
    startedAt: r.started_at,
    completedAt: r.completed_at ?? r.started_at,
  };
}

interface SummaryDbRow {
  variant_id: number;
  source: string | null;
  source_version: string | null;
  gene: string | null;
  transcript: string | null;
  mane_select: number;
  canonical: number;
  shown_terms: string | null;
  most_severe: string | null;
  impact: string | null;
  hgvsc: string | null;
  hgvsp: string | null;
  transcripts: number;
  clinvar_class: string | null;
  error: string | null;
  vcf_borne: number;
}

interface TranscriptDbRow {
  variant_id: number;
  ord: number;
  source: string;
  source_version: string | null;
  field: string | null;
  allele: string | null;
  gene: string | null;
  gene_id: string | null;
  transcript: string | null;
  biotype: string | null;
  strand: number | null;
  terms: string;
  impact: string | null;
  hgvsc: string | null;
  hgvsp: string | null;
  mane_select: number | null;
  canonical: number | null;
  exon: string | null;
  intron: string | null;
  distance: number | null;
  protein_position: number | null;
  amino_acids: string | null;
  fields: string | null;
}

interface ClinvarDbRow {
  variant_id: number;
  variation_id: string;
  allele_id: string | null;
  significance: string;
  review_status: string;
  stars: number;
  conditions: string;
  conflicting: number;
  conflicting_classifications: string | null;
  gene: string | null;
  release: string | null;
}

const IN_CHUNK = 500;

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += IN_CHUNK) out.push(list.slice(i, i + IN_CHUNK));
  return out;
}

function selectIn<R>(sqlite: SqliteDatabase, sql: (marks: string) => string, runKey: number, ids: number[]): R[] {
  const out: R[] = [];
  for (const part of chunks(ids)) out.push(...(sqlite.prepare(sql(part.map(() => '?').join(','))).all(runKey, ...part) as R[]));
  return out;
}

function toClinvar(c: ClinvarDbRow): ClinVarAnnotation {
  return clinvarInStoredOrder({
    variationId: c.variation_id,
    significance: c.significance,
    reviewStatus: c.review_status,
    stars: c.stars,
    conditions: JSON.parse(c.conditions) as string[],
    conflicting: c.conflicting === 1,
    alleleId: c.allele_id,
    conflictingClassifications: c.conflicting_classifications === null ? null : (JSON.parse(c.conflicting_classifications) as string[]),
    gene: c.gene,
    release: c.release,
  });
}

interface RunStorage {
  id: string;
  storage: 'rows' | 'chunks';
}

const statements = new WeakMap<SqliteDatabase, ReturnType<typeof prepare>>();

function prepare(sqlite: SqliteDatabase) {
  return {
    storageOf: sqlite.prepare('SELECT id, storage FROM annotation_runs WHERE key = ?'),
    chunkHolding: sqlite.prepare('SELECT first_id FROM annotation_chunks WHERE run_key = ? AND first_id <= ? ORDER BY first_id DESC LIMIT 1').pluck(),
    chunkAfter: sqlite.prepare('SELECT first_id FROM annotation_chunks WHERE run_key = ? AND first_id > ? ORDER BY first_id LIMIT 1').pluck(),
    summaryOf: sqlite.prepare('SELECT summary FROM annotation_chunks WHERE run_key = ? AND first_id = ?').pluck(),
    detailOf: sqlite.prepare('SELECT detail FROM annotation_chunks WHERE run_key = ? AND first_id = ?').pluck(),
  };
}

function stmts(sqlite: SqliteDatabase): ReturnType<typeof prepare> {
  let s = statements.get(sqlite);
  if (!s) statements.set(sqlite, (s = prepare(sqlite)));
  return s;
}

export function runStorage(sqlite: SqliteDatabase, runKey: number): RunStorage {
  return (stmts(sqlite).storageOf.get(runKey) as RunStorage | undefined) ?? { id: '', storage: 'rows' };
}

/**
 * Decoded chunks, most recently used last. A page reads one or two chunks, a whole-import pass each chunk
 * once in turn: a few are enough. Keyed by run id (a run's chunks never change once it is complete).
 */
const DECODED_KEPT = 8;
const decoded = new WeakMap<SqliteDatabase, Map<string, DecodedSummaries | DecodedDetail>>();

function cached<T extends DecodedSummaries | DecodedDetail>(sqlite: SqliteDatabase, key: string, make: () => T): T {
  let lru = decoded.get(sqlite);
  if (!lru) decoded.set(sqlite, (lru = new Map()));
  const hit = lru.get(key) as T | undefined;
  if (hit) {
    lru.delete(key);
    lru.set(key, hit);
    return hit;
  }
  const made = make();
  if (lru.size >= DECODED_KEPT) lru.delete(lru.keys().next().value as string);
  lru.set(key, made);
  return made;
}

/** Groups ids by the packed chunk holding them. */
function byChunk(sqlite: SqliteDatabase, runKey: number, ids: number[]): Map<number, number[]> {
  const { chunkHolding, chunkAfter } = stmts(sqlite);
  const out = new Map<number, number[]>();
  let first = -1;
  let next = -1;
  for (const id of [...ids].sort((a, b) => a - b)) {
    if (id >= next) {
      const holding = chunkHolding.get(runKey, id) as number | undefined;
      if (holding === undefined) continue;
      first = holding;
      // The next chunk's start bounds this one, so the following ids need no lookup until it.
      next = (chunkAfter.get(runKey, first) as number | undefined) ?? Infinity;
    }
    if (id < first) continue;
    const list = out.get(first);
    if (list) list.push(id);
    else out.set(first, [id]);
  }
  return out;
}

export function packedSummaries(sqlite: SqliteDatabase, run: RunStorage, runKey: number, firstId: number): DecodedSummaries {
  return cached(sqlite, `s:${run.id}:${firstId}`, () => {
    const blob = stmts(sqlite).summaryOf.get(runKey, firstId) as Buffer | undefined;
    return decodeSummaries(firstId, blob ?? EMPTY);
  });
}

function packedDetail(sqlite: SqliteDatabase, run: RunStorage, runKey: number, firstId: number): DecodedDetail {
  return cached(sqlite, `d:${run.id}:${firstId}`, () => decodeDetail(firstId, (stmts(sqlite).detailOf.get(runKey, firstId) as Buffer | undefined) ?? EMPTY));
}

const EMPTY = new Uint8Array(0);

/** The browser's annotation filters (AnnotatedVariantQuery's consequence, impact, clinvar, annotatedGene, annotatedOnly). */
export interface AnnotationFilter {
  consequence?: string[];
  impact?: string[];
  clinvar?: string[];
  annotatedGene?: string;
  annotatedOnly?: boolean;
}

/**
 * Ids of a packed run's variants that pass the filters, with the row store's meaning: a consequence term of
 * any transcript (own or the VCF's), the most severe impact, the ClinVar class, a transcript's gene as typed
 * or upper-cased, annotated at all. Chunks whose unions cannot match are not decoded.
 */
export function* packedFilterIds(sqlite: SqliteDatabase, runKey: number, f: AnnotationFilter): Generator<number> {
  for (const ids of packedFilterIdsByChunk(sqlite, runKey, f)) yield* ids;
}

/**
 * The same, one array per chunk tested (empty when none of its variants pass), so a caller can stop between
 * chunks. No statement is left open between two chunks: the chunk list is read whole first.
 */
export function* packedFilterIdsByChunk(sqlite: SqliteDatabase, runKey: number, f: AnnotationFilter): Generator<number[]> {
  const conds: string[] = [];
  const params: (string | number)[] = [];
  const anyOf = (column: string, values: string[]) => {
    conds.push(`(${values.map(() => `instr(${column}, ?) > 0`).join(' OR ')})`);
    params.push(...values.map((v) => `|${v}|`));
  };
  const gene = f.annotatedGene?.trim();
  const genes = gene ? [...new Set([gene, gene.toUpperCase()])].map((g) => `|${g}|`) : [];
  if (f.consequence) anyOf('terms', f.consequence);
  if (f.impact) anyOf('impacts', f.impact);
  if (f.clinvar) anyOf('clinvar_classes', f.clinvar);
  if (gene) anyOf('genes', [...new Set([gene, gene.toUpperCase()])]);
  if (f.annotatedOnly) conds.push('annotated > 0');
  const run = runStorage(sqlite, runKey);
  const chunks = sqlite
    .prepare(`SELECT first_id FROM annotation_chunks WHERE run_key = ?${conds.length ? ` AND ${conds.join(' AND ')}` : ''} ORDER BY first_id`)
    .pluck()
    .all(runKey, ...params) as number[];
  const terms = f.consequence?.map((t) => `|${t}|`);
  const needsTranscript = f.consequence !== undefined && !f.consequence.includes('intergenic_variant');
  for (const firstId of chunks) {
    const passed: number[] = [];
    const c = packedSummaries(sqlite, run, runKey, firstId);
    // Each test runs once per distinct string-table code of the chunk (a few hundred), not once per row.
    const tests: { codes: Float64Array; memo: Map<number, boolean>; pass: (text: string | null) => boolean }[] = [];
    const test = (column: SummaryFilterColumn, pass: (text: string | null) => boolean) => tests.push({ codes: c.codes(column), memo: new Map(), pass });
    if (terms) test('allTerms', (t) => t !== null && terms.some((x) => t.includes(x)));
    if (f.impact) test('impact', (t) => t !== null && (f.impact as string[]).includes(t));
    if (f.clinvar) test('clinvarClass', (t) => t !== null && (f.clinvar as string[]).includes(t));
    if (gene) test('genes', (t) => t !== null && genes.some((g) => t.includes(g)));
    const clinvarClass = f.annotatedOnly ? c.codes('clinvarClass') : null;
    const error = f.annotatedOnly ? c.codes('error') : null;
    const present = (k: number) => k === k && k !== 0;
    rows: for (let i = 0; i < c.ids.length; i++) {
      if (needsTranscript && c.transcripts[i] === 0) continue;
      for (let t = 0; t < tests.length; t++) {
        const { codes, memo, pass } = tests[t];
        const k = codes[i];
        let ok = memo.get(k);
        if (ok === undefined) memo.set(k, (ok = pass(c.text(k))));
        if (!ok) continue rows;
      }
      if (f.annotatedOnly && !(c.transcripts[i] > 0 || present((clinvarClass as Float64Array)[i]) || present((error as Float64Array)[i]))) continue;
      passed.push(c.ids[i]);
    }
    yield passed;
  }
}

/** Summaries of the given variants of one run, for the browser's columns. */
export function readSummaries(sqlite: SqliteDatabase, runKey: number, ids: number[]): Map<number, VariantAnnotationSummary> {
  const run = runStorage(sqlite, runKey);
  if (run.storage === 'chunks') {
    const out = new Map<number, VariantAnnotationSummary>();
    for (const [firstId, list] of byChunk(sqlite, runKey, ids)) {
      const chunk = packedSummaries(sqlite, run, runKey, firstId);
      for (const id of list) {
        const i = chunk.indexOf(id);
        if (i >= 0) out.set(id, chunk.summary(i));
      }
    }
    return out;
  }
  const rows = selectIn<SummaryDbRow>(sqlite, (m) => `SELECT * FROM variant_annotations WHERE run_key = ? AND variant_id IN (${m})`, runKey, ids);
  const clinvar = new Map(
    selectIn<ClinvarDbRow>(sqlite, (m) => `SELECT * FROM variant_clinvar WHERE run_key = ? AND variant_id IN (${m})`, runKey, ids).map((c) => [c.variant_id, c]),
  );
  const out = new Map<number, VariantAnnotationSummary>();
  for (const r of rows) {
    const c = clinvar.get(r.variant_id);
    out.set(r.variant_id, {
      source: r.source as VariantAnnotationSummary['source'],
      sourceVersion: r.source_version,
      gene: r.gene,
      transcript: r.transcript,
      maneSelect: r.mane_select === 1,
      canonical: r.canonical === 1,
      terms: r.shown_terms ? r.shown_terms.split('&') : [],
      mostSevere: r.most_severe,
      impact: r.impact as VariantAnnotationSummary['impact'],
      hgvsc: r.hgvsc,
      hgvsp: r.hgvsp,
      transcripts: r.transcripts,
      clinvar: c
        ? {
            variationId: c.variation_id,
            significance: c.significance,
            class: (r.clinvar_class ?? 'other') as ClinvarClassName,
            reviewStatus: c.review_status,
            stars: c.stars,
            conditions: JSON.parse(c.conditions) as string[],
            conflicting: c.conflicting === 1,
          }
        : null,
      error: r.error ? (JSON.parse(r.error) as VariantAnnotationSummary['error']) : null,
    });
  }
  return out;
}

export interface StoredAllele {
  id: number;
  /** Contig name as the file wrote it. */
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
}

/** Full annotations of the given variants of one run, as annotateVcfFile would give them for the same alleles. */
export function readAnnotated(sqlite: SqliteDatabase, runKey: number, alleles: StoredAllele[]): Map<number, AnnotatedVariant> {
  const run = runStorage(sqlite, runKey);
  if (run.storage === 'chunks') {
    const byId = new Map(alleles.map((a) => [a.id, a]));
    const found = new Map<number, AnnotatedVariant>();
    for (const [firstId, list] of byChunk(sqlite, runKey, alleles.map((a) => a.id))) {
      const chunk = packedDetail(sqlite, run, runKey, firstId);
      for (const id of list) {
        const i = chunk.indexOf(id);
        if (i < 0) continue;
        const a = byId.get(id) as StoredAllele;
        const n = normaliseVcfAllele({ chrom: a.chrom, pos: a.pos, ref: a.ref, alt: a.alt });
        found.set(id, { chrom: n.chrom, pos: n.pos, ref: n.ref, alt: n.alt, ...chunk.variant(i) });
      }
    }
    // In the callers' order, as the row reader gives them.
    const out = new Map<number, AnnotatedVariant>();
    for (const a of alleles) {
      const v = found.get(a.id);
      if (v) out.set(a.id, v);
    }
    return out;
  }
  const ids = alleles.map((a) => a.id);
  const summaries = new Map(
    selectIn<SummaryDbRow>(sqlite, (m) => `SELECT * FROM variant_annotations WHERE run_key = ? AND variant_id IN (${m})`, runKey, ids).map((r) => [r.variant_id, r]),
  );
  const transcripts = new Map<number, TranscriptDbRow[]>();
  for (const t of selectIn<TranscriptDbRow>(
    sqlite,
    (m) => `SELECT * FROM variant_transcript_annotations WHERE run_key = ? AND variant_id IN (${m}) ORDER BY variant_id, ord`,
    runKey,
    ids,
  )) {
    const list = transcripts.get(t.variant_id) ?? [];
    list.push(t);
    transcripts.set(t.variant_id, list);
  }
  const clinvar = new Map(
    selectIn<ClinvarDbRow>(sqlite, (m) => `SELECT * FROM variant_clinvar WHERE run_key = ? AND variant_id IN (${m})`, runKey, ids).map((c) => [c.variant_id, c]),
  );
  const out = new Map<number, AnnotatedVariant>();
  for (const a of alleles) {
    const s = summaries.get(a.id);
    if (!s) continue;
    const n = normaliseVcfAllele({ chrom: a.chrom, pos: a.pos, ref: a.ref, alt: a.alt });
    const consequences: TranscriptConsequence[] = [];
    const borne: VcfBorneAnnotation[] = [];
    for (const t of transcripts.get(a.id) ?? []) {
      if (t.source === 'GenoDesk') {
        const c: TranscriptConsequence = {
          gene: t.gene ?? '',
          geneId: t.gene_id ?? '',
          transcript: t.transcript ?? '',
          biotype: t.biotype ?? '',
          strand: t.strand === -1 ? -1 : 1,
          terms: t.terms.split('&'),
          hgvsc: t.hgvsc,
          hgvsp: t.hgvsp,
          impact: t.impact as TranscriptConsequence['impact'],
          maneSelect: t.mane_select === 1,
          canonical: t.canonical === 1,
        };
        if (t.exon !== null) c.exon = t.exon;
        if (t.intron !== null) c.intron = t.intron;
        if (t.distance !== null) c.distance = t.distance;
        if (t.protein_position !== null) c.proteinPosition = t.protein_position;
        if (t.amino_acids !== null) c.aminoAcids = t.amino_acids;
        consequences.push(c);
        continue;
      }
      // VCF-borne: consecutive rows of one tool, version and field are one annotation.
      let group = borne[borne.length - 1];
      if (!group || group.tool !== t.source || group.version !== t.source_version || group.field !== t.field) {
        group = { tool: t.source as VcfBorneAnnotation['tool'], version: t.source_version, field: t.field ?? '', transcripts: [] };
        borne.push(group);
      }
      const entry: VcfBorneAnnotation['transcripts'][number] = {
        allele: t.allele ?? '',
        terms: t.terms === '' ? [] : t.terms.split('&'),
        fields: t.fields ? (JSON.parse(t.fields) as Record<string, string>) : {},
      };
      if (t.gene !== null) entry.gene = t.gene;
      if (t.gene_id !== null) entry.geneId = t.gene_id;
      if (t.transcript !== null) entry.transcript = t.transcript;
      if (t.biotype !== null) entry.biotype = t.biotype;
      if (t.impact !== null) entry.impact = t.impact;
      if (t.hgvsc !== null) entry.hgvsc = t.hgvsc;
      if (t.hgvsp !== null) entry.hgvsp = t.hgvsp;
      group.transcripts.push(entry);
    }
    const c = clinvar.get(a.id);
    const v: AnnotatedVariant = {
      chrom: n.chrom,
      pos: n.pos,
      ref: n.ref,
      alt: n.alt,
      consequences,
      clinvar: c ? toClinvar(c) : null,
      // As the annotator sets it: null when refused, else the most severe of its own consequences, else intergenic.
      mostSevereConsequence: s.error ? null : consequences.length > 0 ? mostSevereOwn(consequences) : 'intergenic_variant',
    };
    if (s.vcf_borne === 1) v.vcfAnnotations = borne;
    if (s.error) v.error = JSON.parse(s.error) as AnnotatedVariant['error'];
    out.set(a.id, v);
  }
  return out;
}

/** The annotator's rule: the most severe first term over the consequences (they are stored in its order). */
function mostSevereOwn(consequences: TranscriptConsequence[]): string {
  return consequences.reduce((best, c) => (termRank(c.terms[0]) < termRank(best) ? c.terms[0] : best), consequences[0].terms[0]);
}
