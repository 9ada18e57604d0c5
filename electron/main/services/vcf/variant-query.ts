// The variant browser's server side: one page of a patient's stored variants, filtered (region, gene,
// genotype, FILTER=PASS), sorted and counted in SQL. Only complete imports are visible. Pages are read
// with a deferred join (the OFFSET walk happens on the narrow position index, then only the page's rows
// are fetched) and totals are memoised per filter: complete imports never change.
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

const MAX_POSITION = 1e15;
const TOTALS_CACHE_SIZE = 500;

export function createVariantQuery(store: Store, genes: GeneTable) {
  const { sqlite } = store;
  const contigNames = new Map<number, Map<number, string>>();
  const contigCodes = new Map<number, Map<string, number>>();
  const totals = new Map<string, number>();

  const patientImports = sqlite.prepare(
    "SELECT id, key, build, max_ref_length AS maxRefLength, variants FROM imports WHERE patient_id = ? AND status = 'complete' ORDER BY key",
  );
  const oneImport = sqlite.prepare(
    "SELECT id, key, build, max_ref_length AS maxRefLength, variants FROM imports WHERE id = ? AND patient_id = ? AND status = 'complete'",
  );
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

  return function queryVariants(q: ParsedQuery): VariantPage {
    const scopes = (
      q.importId ? [oneImport.get(q.importId, q.patientId)].filter(Boolean) : patientImports.all(q.patientId)
    ) as ImportScope[];
    if (q.importId && scopes.length === 0) {
      throw new AppError('vcf/import-not-found', 'This patient has no complete import with this id.', { importId: q.importId, patientId: q.patientId });
    }
    const region = q.region ? parseRegion(q.region) : null;

    // One OR-branch per import: its key, and its own interval (gene coordinates differ per build).
    const branches: string[] = [];
    const params: (string | number)[] = [];
    for (const s of scopes) {
      const intervals: Interval[] = [];
      if (q.gene) {
        const g = genes.lookup(q.gene, s.build);
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
    if (branches.length === 0) return { variants: [], total: 0 };

    const where = [`(${branches.join(' OR ')})`];
    if (q.genotype) {
      where.push(`v.zygosity IN (${q.genotype.map(() => '?').join(',')})`);
      for (const z of q.genotype) params.push(ZYGOSITIES.indexOf(z));
    }
    if (q.passOnly) where.push("v.filter = 'PASS'");
    const whereSql = where.join(' AND ');

    const sort = q.sort ?? { key: 'position' as const, direction: 'asc' as const };
    const dir = sort.direction === 'desc' ? 'DESC' : 'ASC';
    const column = SORT_COLUMNS[sort.key];
    // Missing values sort last whichever the direction, so "highest quality first" starts with values.
    const orderBy = column
      ? `v.${column} IS NULL, v.${column} ${dir}, v.chrom, v.pos, v.id`
      : `v.chrom ${dir}, v.pos ${dir}, v.id ${dir}`;

    const rows = sqlite
      .prepare(
        `SELECT v.id, v.import_key, v.chrom, v.pos, v.ref, v.alt, v.ids, v.qual, v.filter, v.gt, v.zygosity, v.ps, v.gq, v.dp, v.ad_ref, v.ad_alt, v.info, v.original
         FROM variants v WHERE v.id IN (SELECT v.id FROM variants v WHERE ${whereSql} ORDER BY ${orderBy} LIMIT ? OFFSET ?)
         ORDER BY ${orderBy}`,
      )
      .all(...params, q.limit, q.offset) as VariantDbRow[];

    const unfiltered = !q.region && !q.gene && !q.genotype && !q.passOnly;
    let total: number;
    if (unfiltered) total = scopes.reduce((n, s) => n + s.variants, 0);
    else {
      const cacheKey = `${whereSql}\u0000${params.join('\u0001')}`;
      const cached = totals.get(cacheKey);
      if (cached !== undefined) total = cached;
      else {
        total = sqlite.prepare(`SELECT count(*) FROM variants v WHERE ${whereSql}`).pluck().get(...params) as number;
        if (totals.size >= TOTALS_CACHE_SIZE) totals.delete(totals.keys().next().value as string);
        totals.set(cacheKey, total);
      }
    }

    const byKey = new Map(scopes.map((s) => [s.key, s]));
    return { variants: rows.map((r) => toVariant(r, byKey.get(r.import_key) as ImportScope, contigs(r.import_key).names, genes)), total };
  };
}

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
