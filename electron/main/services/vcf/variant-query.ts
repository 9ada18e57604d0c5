// The variant browser's server side: one page of a patient's stored variants, filtered (region, gene,
// genotype, FILTER=PASS, another feature's ids), sorted and counted over the packed chunks
// (variant-selection.ts does the reading). Only complete imports are visible, and they never change,
// which the speed-ups rely on:
//  - totals come from the import's own counts when the filter is genotype-only, and are memoised per
//    filter otherwise;
//  - the selection of a filter (its chunks, per-chunk counts, where each position group starts) is
//    memoised, so the next page continues where the last one ended instead of recounting.
import { AppError } from '../../../../shared/errors.ts';
import type { GenomeBuild, VariantPage, VariantRow, VariantSortKey, Zygosity, variantQuerySchema } from '../../../../shared/schemas/vcf.ts';
import { ZYGOSITIES } from '../../../../shared/schemas/vcf.ts';
import type { z } from 'zod';
import type { Store } from '../../db/connection.ts';
import { standardChromCode } from './chrom-codes.ts';
import type { GeneTable } from './gene-table.ts';
import { isPhased, parseGenotype } from './genotype.ts';
import { normaliseChrom } from './normalise-allele.ts';
import { createStoredVariants } from './stored-variants.ts';
import type { ChunkHeader, StoredVariant } from './stored-variants.ts';
import { VariantIdSet } from './variant-id-set.ts';
import { createSelection } from './variant-selection.ts';
import type { ChunkSource, RankColumn, RowFilter, RowKeep, VariantSelection } from './variant-selection.ts';

type ParsedQuery = z.output<typeof variantQuerySchema>;

interface ImportScope {
  id: string;
  key: number;
  build: GenomeBuild;
  variants: number;
  /** Rows per zygosity code, in ZYGOSITIES order. */
  zygosity: number[];
}

interface Interval {
  chrom: string;
  start: number;
  end: number;
}

/** What one import contributes: all of it, or the rows overlapping one interval on one contig code. */
interface ImportPart {
  scope: ImportScope;
  within: { code: number; start: number; end: number } | null;
}

const SORT_COLUMNS: Record<VariantSortKey, RankColumn | null> = {
  position: null,
  quality: 'qual',
  depth: 'dp',
  genotypeQuality: 'gq',
};

/**
 * Variants selected by another feature, e.g. annotation filters (issue 7): `sql` is a complete SELECT
 * statement whose first (only) column is variant ids (variant_chunks first_id + index), run with
 * `params`; only rows whose id it returns are kept. Example:
 * `SELECT a.variant_id FROM variant_annotations a WHERE a.run_key IN (?) AND a.impact IN (?)`.
 */
export type ExtraVariantFilter = (
  | {
      sql: string;
      params: (string | number)[];
      keep?: RowKeep;
    }
  /** …or the ids themselves, computed by the feature (packed annotation chunks are not SQL-filterable). */
  | { ids: () => Iterable<number> | VariantIdSet; keep?: RowKeep }
  /** …or only a judgement on each row that passed the rest (variant-selection.ts RowFilter.keep). */
  | { keep: RowKeep }
) & {
  /**
   * Everything the ids and `keep` depend on, when they can never change for it (e.g. complete annotation runs
   * by id, a frequency pack by checksum): the selection and its total are then remembered like the import's
   * own filters, so the next page does not recount.
   */
  signature?: string;
};

const MAX_POSITION = 1e15;
const TOTALS_CACHE_SIZE = 500;
/** Selections hold their chunk headers (~2,500 per whole genome) and counts: a few dozen filters is plenty. */
const SELECTIONS_KEPT = 32;
/** Imports whose chunk headers are kept (~100 bytes a chunk, ~3,000 chunks a whole genome). */
const HEADER_IMPORTS_KEPT = 16;

const SCOPE_COLUMNS = `id, key, build, variants,
  hom_ref AS z0, het AS z1, hom_alt AS z2, hemi_ref AS z3, hemi_alt AS z4, half_call AS z5, no_call AS z6, not_genotyped AS z7`;

function toScope(r: Record<string, unknown>): ImportScope {
  return {
    id: r.id as string,
    key: r.key as number,
    build: r.build as GenomeBuild,
    variants: r.variants as number,
    zygosity: ZYGOSITIES.map((_, i) => r[`z${i}`] as number),
  };
}

export function createVariantQuery(store: Store, genes: GeneTable) {
  const { sqlite } = store;
  const stored = createStoredVariants(store);
  const contigNames = new Map<number, Map<number, string>>();
  const contigCodes = new Map<number, Map<string, number>>();
  const totals = new Map<string, number>();
  const selections = new Map<string, VariantSelection>();
  const headerCache = new Map<string, ChunkHeader[]>();

  const patientImports = sqlite.prepare(`SELECT ${SCOPE_COLUMNS} FROM imports WHERE patient_id = ? AND status = 'complete' ORDER BY key`);
  const oneImport = sqlite.prepare(`SELECT ${SCOPE_COLUMNS} FROM imports WHERE id = ? AND patient_id = ? AND status = 'complete'`);
  const contigsOf = sqlite.prepare('SELECT code, chrom FROM import_contigs WHERE import_key = ?');

  function contigs(key: number): { names: Map<number, string>; codes: Map<string, number> } {
    let names = contigNames.get(key);
    let codes = contigCodes.get(key);
    if (!names || !codes) {
      names = new Map();
      codes = new Map();
      for (const r of contigsOf.all(key) as { code: number; chrom: string }[]) {
        names.set(r.code, r.chrom);
        codes.set(r.chrom, r.code);
      }
      contigNames.set(key, names);
      contigCodes.set(key, codes);
    }
    return { names, codes };
  }

  /**
   * An import's chunk headers, kept: reading them costs a page read per chunk (~20 ms for a whole genome's
   * 3,000), and every new filter on the import needs them. Keyed by import id too, as a key can be reused.
   */
  function headersOf(scope: ImportScope): ChunkHeader[] {
    const cacheKey = `${scope.id}\u0000${scope.key}`;
    let list = headerCache.get(cacheKey);
    if (list) headerCache.delete(cacheKey);
    else list = stored.headers(scope.key);
    if (headerCache.size >= HEADER_IMPORTS_KEPT) headerCache.delete(headerCache.keys().next().value as string);
    headerCache.set(cacheKey, list);
    return list;
  }

  function selectionOf(parts: ImportPart[], filter: RowFilter): VariantSelection {
    const sources: ChunkSource[] = [];
    for (const { scope, within } of parts) {
      const interval = within ? { start: within.start, end: within.end } : null;
      for (const header of headersOf(scope)) {
        // As stored-variants' headersOverlappingRange: chunks starting by the end whose REFs reach the start.
        if (within && (header.chrom !== within.code || header.minPos > within.end || header.maxEnd < within.start)) continue;
        sources.push({ header, interval });
      }
    }
    return createSelection(stored, sources, filter);
  }

  /** The query's selection (remembered under its signature when it may be), or null when nothing is in scope. */
  function prepared(q: ParsedQuery, extra?: ExtraVariantFilter) {
    const scopes = (
      (q.importId ? [oneImport.get(q.importId, q.patientId)].filter(Boolean) : patientImports.all(q.patientId)) as Record<string, unknown>[]
    ).map(toScope);
    if (q.importId && scopes.length === 0) {
      throw new AppError('vcf/import-not-found', 'This patient has no complete import with this id.', { importId: q.importId, patientId: q.patientId });
    }
    const region = q.region ? parseRegion(q.region) : null;

    // Each import with its own interval (gene coordinates differ per build). A gene the table knows on
    // one build only filters the imports on that build; unknown on all is an error.
    const parts: ImportPart[] = [];
    let geneError: unknown = null;
    let geneFound = false;
    for (const s of scopes) {
      let iv: Interval | null = null;
      if (q.gene) {
        let g: Interval;
        try {
          g = genes.lookup(q.gene, s.build);
        } catch (err) {
          geneError = err;
          continue;
        }
        geneFound = true;
        iv = region ? intersect(g, region) : g;
      } else if (region) iv = region;
      if (!iv) {
        parts.push({ scope: s, within: null });
        continue;
      }
      if (iv.end < iv.start) continue;
      const code = standardChromCode(iv.chrom) ?? contigs(s.key).codes.get(iv.chrom);
      if (code === undefined) continue;
      parts.push({ scope: s, within: { code, start: iv.start, end: iv.end } });
    }
    if (q.gene && !geneFound && geneError) throw geneError;
    if (parts.length === 0) return null;

    const codes = q.genotype ? q.genotype.map((z) => ZYGOSITIES.indexOf(z)) : null;
    let allowed: Uint8Array | null = null;
    if (codes) {
      allowed = new Uint8Array(256);
      for (const c of codes) allowed[c] = 1;
    }
    // An extra filter reads other features' tables, which change (re-annotation): it is remembered between
    // calls only under a signature its feature vouches for.
    const remember = !extra || extra.signature !== undefined;
    // Import ids as well as keys: a key can be reused once its import is gone.
    const signature = JSON.stringify([parts.map((p) => [p.scope.id, p.scope.key, p.within]), codes, q.passOnly === true, extra?.signature ?? null]);

    let selection = remember ? selections.get(signature) : undefined;
    if (!selection) {
      const ids = !extra
        ? null
        : 'ids' in extra
          ? asIdSet(extra.ids())
          : 'sql' in extra
            ? new VariantIdSet(sqlite.prepare(extra.sql).pluck().all(...extra.params) as number[])
            : null;
      const filter: RowFilter = { zygosity: allowed, passOnly: q.passOnly === true, ids, keep: extra?.keep ?? null };
      selection = selectionOf(parts, filter);
      if (remember) {
        if (selections.size >= SELECTIONS_KEPT) selections.delete(selections.keys().next().value as string);
        selections.set(signature, selection);
      }
    } else {
      // Most recently used last, so the oldest is the one forgotten.
      selections.delete(signature);
      selections.set(signature, selection);
    }

    return { scopes, codes, remember, signature, selection };
  }

  function queryVariants(q: ParsedQuery, extra?: ExtraVariantFilter): VariantPage {
    const ready = prepared(q, extra);
    if (!ready) return { variants: [], total: 0 };
    const { scopes, codes, remember, signature, selection } = ready;
    let known: number | undefined;
    const onlyGenotype = !q.region && !q.gene && !q.passOnly && !extra;
    if (onlyGenotype) {
      known = scopes.reduce((n, sc) => n + (codes ? codes.reduce((m, c) => m + sc.zygosity[c], 0) : sc.variants), 0);
    } else if (remember) known = totals.get(signature);

    const sort = q.sort ?? { key: 'position' as const, direction: 'asc' as const };
    const desc = sort.direction === 'desc';
    const column = SORT_COLUMNS[sort.key];
    let rows: StoredVariant[];
    let total: number;
    try {
      if (column) ({ rows, total } = selection.columnPage(column, desc, q.offset, q.limit, known));
      else {
        rows = selection.positionPage(q.offset, q.limit, desc);
        total = known ?? selection.total();
      }
    } catch (err) {
      // A feature's judgement refused part-way (e.g. too many frequency look-ups): its half-counted selection
      // is not kept, so asking again is refused again rather than carrying on where this one stopped.
      selections.delete(signature);
      throw err;
    }
    if (remember && !onlyGenotype && known === undefined) {
      if (totals.size >= TOTALS_CACHE_SIZE) totals.delete(totals.keys().next().value as string);
      totals.set(signature, total);
    }

    const byKey = new Map(scopes.map((sc) => [sc.key, sc]));
    return { variants: rows.map((r) => toVariant(r, byKey.get(r.import_key) as ImportScope, contigs(r.import_key).names, genes)), total };
  }

  /**
   * Counts what the query keeps chunk by chunk, stopping after each, into the selection it remembers, so the
   * same query afterwards decodes nothing more to count. Nothing to do when the query's selection cannot be
   * remembered (an extra filter without a signature).
   */
  function* countStepwise(q: ParsedQuery, extra?: ExtraVariantFilter): Generator<void> {
    const ready = prepared(q, extra);
    if (!ready || !ready.remember) return;
    try {
      yield* ready.selection.countStepwise();
    } catch (err) {
      // As queryVariants: a half-counted selection is not kept.
      selections.delete(ready.signature);
      throw err;
    }
  }

  return Object.assign(queryVariants, { countStepwise });
}

function asIdSet(ids: Iterable<number> | VariantIdSet): VariantIdSet {
  return ids instanceof VariantIdSet ? ids : new VariantIdSet(ids);
}

function toVariant(r: StoredVariant, scope: ImportScope, names: Map<number, string>, genes: GeneTable): VariantRow {
  const chrom = names.get(r.chrom) ?? String(r.chrom);
  let phased = false;
  if (r.gt !== null) {
    const g = parseGenotype(r.gt, 0, r.gt.length);
    phased = typeof g !== 'string' && isPhased(g);
  }
  const info: Record<string, string> = {};
  if (r.info) {
    for (const kv of r.info.split(';')) {
      const eq = kv.indexOf('=');
      info[eq < 0 ? kv : kv.slice(0, eq)] = eq < 0 ? '' : kv.slice(eq + 1);
    }
  }
  return {
    id: `${scope.id}:${r.id}`,
    importId: scope.id,
    chrom,
    pos: r.pos,
    ref: r.ref,
    alt: r.alt,
    ids: r.ids ? r.ids.split(';') : [],
    genotype: r.gt,
    zygosity: ZYGOSITIES[r.zygosity] as Zygosity,
    phased,
    phaseSet: r.ps,
    filter: r.filter,
    quality: r.qual,
    genotypeQuality: r.gq,
    depth: r.dp,
    alleleDepths: r.ad_ref === null && r.ad_alt === null ? null : [r.ad_ref, r.ad_alt],
    info,
    genes: genes.overlapping(scope.build, chrom, r.pos, r.pos + r.ref.length - 1),
    original: r.original ? (JSON.parse(r.original) as VariantRow['original']) : null,
  };
}

/** `chr7`, `7:117480025-117668665`, `chrX:1,000-2,000`, `chr1:5000` (1-based, inclusive). */
export function parseRegion(text: string): Interval {
  const m = /^\s*([^:\s]+)(?::([\d,]+)(?:-([\d,]+))?)?\s*$/.exec(text);
  if (!m) throw regionError(text);
  const chrom = normaliseChrom(m[1]);
  const start = m[2] ? Number(m[2].replace(/,/g, '')) : 1;
  const end = m[3] ? Number(m[3].replace(/,/g, '')) : m[2] ? start : MAX_POSITION;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 1 || end < start) throw regionError(text);
  return { chrom, start, end };
}

function regionError(text: string): AppError {
  return new AppError('vcf/invalid-region', `"${text}" is not a region. Write it as chr7, chr7:117480025-117668665 or 7:117,480,025-117,668,665.`, {
    region: text,
    expected: 'CHROM or CHROM:START-END (1-based, inclusive)',
  });
}

function intersect(a: Interval, b: Interval): Interval {
  if (a.chrom !== b.chrom) return { chrom: a.chrom, start: 1, end: 0 };
  return { chrom: a.chrom, start: Math.max(a.start, b.start), end: Math.min(a.end, b.end) };
}
