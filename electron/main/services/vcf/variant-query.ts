// The variant browser's server side: one page of a patient's stored variants, filtered (region, gene,
// genotype, FILTER=PASS), sorted and counted in SQL. Only complete imports are visible, and they never
// change, which the speed-ups below rely on:
//  - totals come from the import's own counts when the filter is genotype-only, and are memoised per
//    filter otherwise;
//  - in position order, a page that follows one already served starts from that page's last key
//    (keyset paging) instead of walking OFFSET rows, so scrolling stays fast at any depth;
//  - any other page walks OFFSET on the narrow position index (deferred join) and fetches only its rows.
import { AppError } from '../../../../shared/errors.ts';
import type { GenomeBuild, VariantPage, VariantRow, VariantSortKey, Zygosity, variantQuerySchema } from '../../../../shared/schemas/vcf.ts';
import { ZYGOSITIES } from '../../../../shared/schemas/vcf.ts';
import type { z } from 'zod';
import type { Store } from '../../db/connection.ts';
import { standardChromCode } from './chrom-codes.ts';
import type { GeneTable } from './gene-table.ts';
import { isPhased, parseGenotype } from './genotype.ts';
import { normaliseChrom } from './normalise-allele.ts';

type ParsedQuery = z.output<typeof variantQuerySchema>;

interface ImportScope {
  id: string;
  key: number;
  build: GenomeBuild;
  maxRefLength: number;
  variants: number;
  /** Rows per zygosity code, in ZYGOSITIES order. */
  zygosity: number[];
}

/** Where a served page ended: the row before `offset` had this (chrom, pos, id). */
interface PageEnd {
  offset: number;
  chrom: number;
  pos: number;
  id: number;
}

interface Interval {
  chrom: string;
  start: number;
  end: number;
}

interface VariantDbRow {
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

const SORT_COLUMNS: Record<VariantSortKey, string> = {
  position: '',
  quality: 'qual',
  depth: 'dp',
  genotypeQuality: 'gq',
};

/** An extra SQL condition on `v` (variants) from another feature, e.g. annotation filters (issue 7). */
export interface ExtraVariantFilter {
  sql: string;
  params: (string | number)[];
}

const MAX_POSITION = 1e15;
const TOTALS_CACHE_SIZE = 500;
const PAGE_ENDS_PER_QUERY = 64;
const PAGE_END_QUERIES = 200;

const SCOPE_COLUMNS = `id, key, build, max_ref_length AS maxRefLength, variants,
  hom_ref AS z0, het AS z1, hom_alt AS z2, hemi_ref AS z3, hemi_alt AS z4, half_call AS z5, no_call AS z6, not_genotyped AS z7`;

function toScope(r: Record<string, unknown>): ImportScope {
  return {
    id: r.id as string,
    key: r.key as number,
    build: r.build as GenomeBuild,
    maxRefLength: r.maxRefLength as number,
    variants: r.variants as number,
    zygosity: ZYGOSITIES.map((_, i) => r[`z${i}`] as number),
  };
}

export function createVariantQuery(store: Store, genes: GeneTable) {
  const { sqlite } = store;
  const contigNames = new Map<number, Map<number, string>>();
  const contigCodes = new Map<number, Map<string, number>>();
  const totals = new Map<string, number>();
  const pageEnds = new Map<string, PageEnd[]>();

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

  return function queryVariants(q: ParsedQuery, extra?: ExtraVariantFilter): VariantPage {
    const scopes = (
      (q.importId ? [oneImport.get(q.importId, q.patientId)].filter(Boolean) : patientImports.all(q.patientId)) as Record<string, unknown>[]
    ).map(toScope);
    if (q.importId && scopes.length === 0) {
      throw new AppError('vcf/import-not-found', 'This patient has no complete import with this id.', { importId: q.importId, patientId: q.patientId });
    }
    const region = q.region ? parseRegion(q.region) : null;

    // One OR-branch per import: its key, and its own interval (gene coordinates differ per build). A gene
    // the table knows on one build only filters the imports on that build; unknown on all is an error.
    const branches: string[] = [];
    const params: (string | number)[] = [];
    let geneError: unknown = null;
    let geneFound = false;
    for (const s of scopes) {
      const intervals: Interval[] = [];
      if (q.gene) {
        let g: Interval;
        try {
          g = genes.lookup(q.gene, s.build);
        } catch (err) {
          geneError = err;
          continue;
        }
        geneFound = true;
        intervals.push(region ? intersect(g, region) : g);
      } else if (region) intervals.push(region);
      if (intervals.length === 0) {
        branches.push('v.import_key = ?');
        params.push(s.key);
        continue;
      }
      for (const iv of intervals) {
        if (iv.end < iv.start) continue;
        const code = standardChromCode(iv.chrom) ?? contigs(s.key).codes.get(iv.chrom);
        if (code === undefined) continue;
        // A variant overlaps when its REF span does: it can start up to maxRefLength-1 before the interval.
        branches.push('(v.import_key = ? AND v.chrom = ? AND v.pos BETWEEN ? AND ? AND v.pos + length(v.ref) - 1 >= ?)');
        params.push(s.key, code, Math.max(0, iv.start - s.maxRefLength + 1), iv.end, iv.start);
      }
    }
    if (q.gene && !geneFound && geneError) throw geneError;
    if (branches.length === 0) return { variants: [], total: 0 };

    const where = [`(${branches.join(' OR ')})`];
    if (q.genotype) {
      where.push(`v.zygosity IN (${q.genotype.map(() => '?').join(',')})`);
      for (const z of q.genotype) params.push(ZYGOSITIES.indexOf(z));
    }
    if (q.passOnly) where.push("v.filter = 'PASS'");
    if (extra) {
      where.push(`(${extra.sql})`);
      params.push(...extra.params);
    }
    const whereSql = where.join(' AND ');

    const sort = q.sort ?? { key: 'position' as const, direction: 'asc' as const };
    const dir = sort.direction === 'desc' ? 'DESC' : 'ASC';
    const column = SORT_COLUMNS[sort.key];
    // Missing values sort last whichever the direction, so "highest quality first" starts with values.
    const orderBy = column
      ? `v.${column} IS NULL, v.${column} ${dir}, v.chrom, v.pos, v.id`
      : `v.chrom ${dir}, v.pos ${dir}, v.id ${dir}`;

    const signature = `${whereSql}\u0000${params.join('\u0001')}`;
    // An extra filter reads other features' tables, which change (re-annotation): nothing about it is
    // remembered between calls.
    const remember = !extra;
    let rows: VariantDbRow[];
    if (!column) {
      // Keyset paging: continue from the nearest page end at or before this offset.
      const ends = remember ? (pageEnds.get(`${signature}\u0000${dir}`) ?? []) : [];
      let from: PageEnd | null = null;
      for (const e of ends) if (e.offset <= q.offset && (!from || e.offset > from.offset)) from = e;
      const after = from ? ` AND (v.chrom, v.pos, v.id) ${dir === 'ASC' ? '>' : '<'} (?, ?, ?)` : '';
      const afterParams = from ? [from.chrom, from.pos, from.id] : [];
      rows = sqlite
        .prepare(
          `SELECT ${ROW_COLUMNS} FROM variants v WHERE v.id IN (SELECT v.id FROM variants v WHERE ${whereSql}${after} ORDER BY ${orderBy} LIMIT ? OFFSET ?)
           ORDER BY ${orderBy}`,
        )
        .all(...params, ...afterParams, q.limit, q.offset - (from?.offset ?? 0)) as VariantDbRow[];
      const last = rows[rows.length - 1];
      if (last && remember) rememberPageEnd(`${signature}\u0000${dir}`, { offset: q.offset + rows.length, chrom: last.chrom, pos: last.pos, id: last.id });
    } else {
      rows = sqlite
        .prepare(
          `SELECT ${ROW_COLUMNS} FROM variants v WHERE v.id IN (SELECT v.id FROM variants v WHERE ${whereSql} ORDER BY ${orderBy} LIMIT ? OFFSET ?)
           ORDER BY ${orderBy}`,
        )
        .all(...params, q.limit, q.offset) as VariantDbRow[];
    }

    let total: number;
    const onlyGenotype = !q.region && !q.gene && !q.passOnly && !extra;
    if (onlyGenotype) {
      const codes = q.genotype ? q.genotype.map((z) => ZYGOSITIES.indexOf(z)) : null;
      total = scopes.reduce((n, sc) => n + (codes ? codes.reduce((m, c) => m + sc.zygosity[c], 0) : sc.variants), 0);
    } else {
      const cached = remember ? totals.get(signature) : undefined;
      if (cached !== undefined) total = cached;
      else {
        total = sqlite.prepare(`SELECT count(*) FROM variants v WHERE ${whereSql}`).pluck().get(...params) as number;
        if (remember) {
          if (totals.size >= TOTALS_CACHE_SIZE) totals.delete(totals.keys().next().value as string);
          totals.set(signature, total);
        }
      }
    }

    const byKey = new Map(scopes.map((sc) => [sc.key, sc]));
    return { variants: rows.map((r) => toVariant(r, byKey.get(r.import_key) as ImportScope, contigs(r.import_key).names, genes)), total };
  };

  function rememberPageEnd(key: string, end: PageEnd): void {
    let ends = pageEnds.get(key);
    if (!ends) {
      if (pageEnds.size >= PAGE_END_QUERIES) pageEnds.delete(pageEnds.keys().next().value as string);
      pageEnds.set(key, (ends = []));
    }
    if (ends.some((e) => e.offset === end.offset)) return;
    ends.push(end);
    if (ends.length > PAGE_ENDS_PER_QUERY) ends.shift();
  }
}

const ROW_COLUMNS =
  'v.id, v.import_key, v.chrom, v.pos, v.ref, v.alt, v.ids, v.qual, v.filter, v.gt, v.zygosity, v.ps, v.gq, v.dp, v.ad_ref, v.ad_alt, v.info, v.original';

function toVariant(r: VariantDbRow, scope: ImportScope, names: Map<number, string>, genes: GeneTable): VariantRow {
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
