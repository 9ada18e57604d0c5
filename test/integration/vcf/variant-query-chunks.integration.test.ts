// The variant browser over packed chunks against a brute-force reader: every stored row of the imports in
// scope (stored-variants allRows), filtered and sorted in plain JavaScript as the brief for the old SQL
// query states it. Real files: Platinum Genomes NA12878 chr21 on both builds (~66k rows, ~33 chunks each,
// so pages cross chunks and two imports overlap on one chromosome), an unsorted copy of the GRCh38 file
// (its records permuted in blocks, so chunks overlap wholesale), and Ensembl VEP's unsorted
// test_not_ordered.vcf with CRLF line ends.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { loadGeneTable } from '../../../electron/main/services/vcf/gene-table.ts';
import { createImportService } from '../../../electron/main/services/vcf/import-service.ts';
import type { ImportService } from '../../../electron/main/services/vcf/import-service.ts';
import { createStoredVariants } from '../../../electron/main/services/vcf/stored-variants.ts';
import type { StoredVariant } from '../../../electron/main/services/vcf/stored-variants.ts';
import { createVariantQuery, parseRegion } from '../../../electron/main/services/vcf/variant-query.ts';
import type { GenomeBuild, ImportRecord, VariantQuery, VariantRow } from '../../../shared/schemas/vcf.ts';
import { ZYGOSITIES, variantQuerySchema } from '../../../shared/schemas/vcf.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { VCF_DATA, addPatient, openTestStore } from './vcf-test-helpers.ts';

const HG38 = path.join(VCF_DATA, 'platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz');
const HG19 = path.join(VCF_DATA, 'platinum-genomes-NA12878/PG_NA12878_chr21.vcf.gz');
const NOT_ORDERED = path.join(VCF_DATA, 'ensembl-vep/input/test_not_ordered.vcf');

const { dir, cleanup } = makeTempDir('genodesk-vcf-query-chunks-');
const genes = loadGeneTable();
let store: Store;
let service: ImportService;
let single: string;
let pair: string;
let unsorted: string;
let hg38: ImportRecord;
let pairImports: ImportRecord[];
let shuffledImport: ImportRecord;

/** The GRCh38 file's records in 9 blocks, in a fixed non-sorted order, with every 40th record swapped with its 25th successor. */
function unsortedCopy(): string {
  const lines = zlib.gunzipSync(fs.readFileSync(HG38)).toString('utf8').split('\n').filter(Boolean);
  const header = lines.filter((l) => l.startsWith('#'));
  const records = lines.filter((l) => !l.startsWith('#'));
  for (let i = 0; i + 25 < records.length; i += 40) [records[i], records[i + 25]] = [records[i + 25], records[i]];
  const size = Math.ceil(records.length / 9);
  const blocks = Array.from({ length: 9 }, (_, b) => records.slice(b * size, (b + 1) * size));
  const order = [4, 0, 7, 2, 8, 1, 5, 3, 6];
  const file = path.join(dir, 'hg38-chr21-unsorted.vcf');
  fs.writeFileSync(file, [...header, ...order.flatMap((b) => blocks[b])].join('\n') + '\n');
  return file;
}

beforeAll(async () => {
  store = openTestStore(dir);
  service = createImportService({ store, actor: 'tester' });
  single = addPatient(store);
  hg38 = await service.importVcf({ file: HG38, patientId: single });
  pair = addPatient(store);
  pairImports = [await service.importVcf({ file: HG38, patientId: pair }), await service.importVcf({ file: HG19, patientId: pair })];
  unsorted = addPatient(store);
  shuffledImport = await service.importVcf({ file: unsortedCopy(), patientId: unsorted });
  const crlf = path.join(dir, 'test_not_ordered.crlf.vcf');
  fs.writeFileSync(crlf, fs.readFileSync(NOT_ORDERED, 'utf8').replace(/\n/g, '\r\n'));
  await service.importVcf({ file: crlf, patientId: unsorted, build: 'GRCh38' });
}, 180_000);
afterAll(() => {
  store?.close();
  cleanup();
});

interface RefRow extends StoredVariant {
  importId: string;
  chromName: string;
}

const rowsCache = new Map<string, RefRow[]>();

/** Every stored row of a patient's complete imports (or of one), with its import id and contig name. */
function storedRows(patientId: string, importId?: string): { rows: RefRow[]; builds: Map<number, GenomeBuild> } {
  const imports = store.sqlite
    .prepare("SELECT id, key, build FROM imports WHERE patient_id = ? AND status = 'complete' ORDER BY key")
    .all(patientId) as { id: string; key: number; build: GenomeBuild }[];
  const rows: RefRow[] = [];
  const builds = new Map<number, GenomeBuild>();
  for (const imp of imports) {
    if (importId && imp.id !== importId) continue;
    builds.set(imp.key, imp.build);
    let cached = rowsCache.get(imp.id);
    if (!cached) {
      const names = new Map(
        (store.sqlite.prepare('SELECT code, chrom FROM import_contigs WHERE import_key = ?').all(imp.key) as { code: number; chrom: string }[]).map((c) => [c.code, c.chrom]),
      );
      cached = createStoredVariants(store)
        .allRows(imp.key)
        .map((r) => ({ ...r, importId: imp.id, chromName: names.get(r.chrom) ?? String(r.chrom) }));
      rowsCache.set(imp.id, cached);
    }
    rows.push(...cached);
  }
  return { rows, builds };
}

type Query = Omit<VariantQuery, 'offset' | 'limit'>;
const COLUMN: Record<string, 'qual' | 'dp' | 'gq'> = { quality: 'qual', depth: 'dp', genotypeQuality: 'gq' };

/** The query's rows in its order, by brute force over every stored row. */
function reference(q: Query, extraIds?: Set<number>): RefRow[] {
  const { rows, builds } = storedRows(q.patientId, q.importId);
  const region = q.region ? parseRegion(q.region) : null;
  const intervals = new Map<number, { chrom: string; start: number; end: number } | null>();
  for (const [key, build] of builds) {
    if (!q.gene) {
      intervals.set(key, region);
      continue;
    }
    let g: { chrom: string; start: number; end: number };
    try {
      g = genes.lookup(q.gene, build);
    } catch {
      continue;
    }
    if (!region) intervals.set(key, g);
    else if (region.chrom === g.chrom) intervals.set(key, { chrom: g.chrom, start: Math.max(g.start, region.start), end: Math.min(g.end, region.end) });
  }
  const zyg = q.genotype ? new Set(q.genotype.map((z) => ZYGOSITIES.indexOf(z))) : null;
  const kept = rows.filter((r) => {
    if (!intervals.has(r.import_key)) return false;
    const iv = intervals.get(r.import_key);
    if (iv && (r.chromName !== iv.chrom || r.pos > iv.end || r.pos + r.ref.length - 1 < iv.start)) return false;
    if (zyg && !zyg.has(r.zygosity)) return false;
    if (q.passOnly && r.filter !== 'PASS') return false;
    if (extraIds && !extraIds.has(r.id)) return false;
    return true;
  });
  const byPosition = (a: RefRow, b: RefRow) => a.chrom - b.chrom || a.pos - b.pos || a.id - b.id;
  const sort = q.sort ?? { key: 'position', direction: 'asc' };
  const sign = sort.direction === 'desc' ? -1 : 1;
  if (sort.key === 'position') return kept.sort((a, b) => sign * byPosition(a, b));
  const col = COLUMN[sort.key];
  return kept.sort((a, b) => {
    const va = a[col];
    const vb = b[col];
    if (va === null || vb === null) return va === vb ? byPosition(a, b) : va === null ? 1 : -1;
    return sign * (va - vb) || byPosition(a, b);
  });
}

const key = (r: RefRow) => `${r.importId}:${r.id}`;

function expectPage(q: Query, offset: number, limit: number, expected: RefRow[], query = service.queryVariants): VariantRow[] {
  const page = query({ ...q, offset, limit });
  expect(page.total, `total of ${JSON.stringify(q)}`).toBe(expected.length);
  expect(page.variants.map((v) => v.id), `${JSON.stringify(q)} at ${offset}+${limit}`).toEqual(expected.slice(offset, offset + limit).map(key));
  return page.variants;
}

/** Offsets that land at the start, the end, chunk edges and arbitrary places. */
function offsetsFor(total: number, limit: number): number[] {
  const picks = [0, 1, 2047, 2048, 2049, 4095, 10_000, Math.floor(total / 3), Math.floor(total / 2), total - limit - 1, total - limit, total - 1, total, total + 5];
  return [...new Set(picks.filter((o) => o >= 0))];
}

const SORTS = [
  { key: 'position', direction: 'asc' },
  { key: 'position', direction: 'desc' },
  { key: 'quality', direction: 'asc' },
  { key: 'quality', direction: 'desc' },
  { key: 'depth', direction: 'desc' },
  { key: 'genotypeQuality', direction: 'asc' },
] as const;

describe('one sorted import: paging crosses chunks', () => {
  it('has the chunks this test relies on (more than 30, several rows each)', () => {
    const headers = createStoredVariants(store).headers(store.sqlite.prepare('SELECT key FROM imports WHERE id = ?').pluck().get(hg38.id) as number);
    expect(headers.length).toBeGreaterThan(30);
  });

  it.each(SORTS)('every sort (%j): pages at chunk edges, the middle and the end, several limits', (sort) => {
    const q: Query = { patientId: single, importId: hg38.id, sort };
    const expected = reference(q);
    expect(expected.length).toBe(hg38.variants);
    for (const limit of [1, 7, 100, 1000]) for (const offset of offsetsFor(expected.length, limit)) expectPage(q, offset, limit, expected);
  });

  it('scrolling through everything in pages of 997, both directions, is the reference order; a fresh reader jumping agrees', () => {
    for (const direction of ['asc', 'desc'] as const) {
      const q: Query = { patientId: single, sort: { key: 'position', direction } };
      const expected = reference(q);
      for (let offset = 0; offset < expected.length + 997; offset += 997) expectPage(q, offset, 997, expected);
      const fresh = createVariantQuery(store, genes);
      const jump = (p: VariantQuery) => fresh(variantQuerySchema.parse(p));
      for (const offset of [50_000, 12_345, 0, expected.length - 3]) expectPage(q, offset, 100, expected, jump);
    }
  });

  it.each<[string, Partial<Query>]>([
    ['region chr21:43,000,000-44,000,000', { region: 'chr21:43,000,000-44,000,000' }],
    ['gene APP', { gene: 'APP' }],
    ['gene APP within a region', { gene: 'APP', region: 'chr21:26,000,000-26,100,000' }],
    ['gene on another chromosome than the region', { gene: 'APP', region: 'chr1:1-1000000' }],
    ['het', { genotype: ['het'] }],
    ['hom-alt or no-call', { genotype: ['hom-alt', 'no-call'] }],
    ['PASS', { passOnly: true }],
    ['PASS het in a region', { passOnly: true, genotype: ['het'], region: 'chr21:30,000,000-40,000,000' }],
    ['a contig the file lacks', { region: 'chr5:1-1000' }],
  ])('%s: every sort, several pages', (_, filters) => {
    for (const sort of SORTS) {
      const q: Query = { patientId: single, importId: hg38.id, ...filters, sort };
      const expected = reference(q);
      for (const limit of [3, 100, 999]) for (const offset of offsetsFor(expected.length, limit)) expectPage(q, offset, limit, expected);
    }
  });

  it('a one-base region inside a deletion finds the deletion (its REF span overlaps, its POS is before)', () => {
    const deletion = storedRows(single).rows.find((r) => r.ref.length > 3 && r.pos > 20_000_000) as RefRow;
    for (const sort of SORTS) {
      const q: Query = { patientId: single, region: `chr21:${deletion.pos + 2}`, sort };
      const expected = reference(q);
      expect(expected.map(key)).toContain(key(deletion));
      expectPage(q, 0, 100, expected);
    }
  });

  it('an unknown gene is refused; an unknown import is vcf/import-not-found', () => {
    expect(() => service.queryVariants({ patientId: single, gene: 'NOTAGENE1' })).toThrow(/not in GenoDesk/);
    expect(() => service.queryVariants({ patientId: pair, importId: hg38.id })).toThrow(expect.objectContaining({ code: 'vcf/import-not-found' }));
  });

  it('an extra filter (a SELECT of ids) keeps exactly its ids, with every other filter and sort', () => {
    const all = storedRows(single).rows;
    store.sqlite.exec('CREATE TEMP TABLE picked (id INTEGER)');
    const insert = store.sqlite.prepare('INSERT INTO picked (id) VALUES (?)');
    // Every 7th row, and one dense run of a whole chunk's worth.
    const ids = new Set(all.filter((r, i) => i % 7 === 0 || (i >= 30_000 && i < 33_000)).map((r) => r.id));
    for (const id of ids) insert.run(id);
    const variantQuery = createVariantQuery(store, genes);
    const withExtra = (p: VariantQuery) => variantQuery(variantQuerySchema.parse(p), { sql: 'SELECT id FROM picked WHERE id > ?', params: [0] });
    const filterSets: Partial<Query>[] = [{}, { genotype: ['het'] }, { region: 'chr21:40,000,000-48,000,000', passOnly: true }];
    for (const filters of filterSets) {
      for (const sort of SORTS) {
        const q: Query = { patientId: single, ...filters, sort };
        const expected = reference(q, ids);
        for (const offset of offsetsFor(expected.length, 100)) expectPage(q, offset, 100, expected, withExtra);
      }
    }
    const none = (p: VariantQuery) => variantQuery(variantQuerySchema.parse(p), { sql: 'SELECT id FROM picked WHERE id < 0', params: [] });
    expect(none({ patientId: single, limit: 10 })).toEqual({ variants: [], total: 0 });
    store.sqlite.exec('DROP TABLE picked');
  });

  it('rows carry the stored values', () => {
    const expected = reference({ patientId: single, region: 'chr21:40,000,000-40,100,000' });
    const got = service.queryVariants({ patientId: single, region: 'chr21:40,000,000-40,100,000', limit: 1000 }).variants;
    expect(got.length).toBe(expected.length);
    got.forEach((v, i) => {
      const r = expected[i];
      expect([v.chrom, v.pos, v.ref, v.alt, v.genotype, v.zygosity, v.quality, v.depth, v.genotypeQuality, v.filter, v.phaseSet]).toEqual([
        r.chromName,
        r.pos,
        r.ref,
        r.alt,
        r.gt,
        ZYGOSITIES[r.zygosity],
        r.qual,
        r.dp,
        r.gq,
        r.filter,
        r.ps,
      ]);
    });
  });
});

describe('two imports of one patient on one chromosome (GRCh38 and GRCh37 chr21)', () => {
  it.each(SORTS)('rows of both interleave in %j order, every page', (sort) => {
    const q: Query = { patientId: pair, sort };
    const expected = reference(q);
    expect(expected.length).toBe(pairImports[0].variants + pairImports[1].variants);
    if (sort.key === 'position') {
      // The builds' coordinates differ, so the two imports' rows alternate all along chr21.
      let switches = 0;
      for (let i = 1; i < expected.length; i++) if (expected[i].importId !== expected[i - 1].importId) switches++;
      expect(switches).toBeGreaterThan(1000);
    }
    for (const limit of [1, 100, 1000]) for (const offset of offsetsFor(expected.length, limit)) expectPage(q, offset, limit, expected);
  });

  it('scrolls through both in pages of 1,000 and back', () => {
    for (const direction of ['asc', 'desc'] as const) {
      const q: Query = { patientId: pair, sort: { key: 'position', direction } };
      const expected = reference(q);
      for (let offset = 0; offset < expected.length; offset += 1000) expectPage(q, offset, 1000, expected);
    }
  });

  it.each<[string, Partial<Query>]>([
    ['gene APP (each build its own coordinates)', { gene: 'APP' }],
    ['gene CBS (GRCh38 table only)', { gene: 'CBS' }],
    ['region', { region: 'chr21:30,000,000-35,000,000' }],
    ['het, PASS', { genotype: ['het'], passOnly: true }],
    ['one import of the two', { importId: '' }],
  ])('%s', (_, filters) => {
    for (const sort of SORTS) {
      const q: Query = { patientId: pair, ...filters, importId: filters.importId === '' ? pairImports[1].id : undefined, sort };
      const expected = reference(q);
      for (const offset of offsetsFor(expected.length, 250)) expectPage(q, offset, 250, expected);
    }
  });
});

describe('unsorted files: overlapping chunks', () => {
  it('the permuted copy has chunks that overlap many others', () => {
    const k = store.sqlite.prepare('SELECT key FROM imports WHERE id = ?').pluck().get(shuffledImport.id) as number;
    const headers = createStoredVariants(store).headers(k);
    const spanning = headers.filter((h) => headers.filter((o) => o !== h && o.chrom === h.chrom && o.minPos <= h.maxPos && o.maxPos >= h.minPos).length > 8);
    expect(spanning.length).toBeGreaterThan(0);
  });

  it.each(SORTS)('%j: pages agree with the reference over both imports, and the import alone', (sort) => {
    for (const importId of [undefined, shuffledImport.id]) {
      const q: Query = { patientId: unsorted, importId, sort };
      const expected = reference(q);
      for (const limit of [1, 100, 1000]) for (const offset of offsetsFor(expected.length, limit)) expectPage(q, offset, limit, expected);
    }
  });

  it('scrolling pages of 1,000 both ways, and filtered pages', () => {
    for (const direction of ['asc', 'desc'] as const) {
      const q: Query = { patientId: unsorted, sort: { key: 'position', direction } };
      const expected = reference(q);
      for (let offset = 0; offset < expected.length + 1000; offset += 1000) expectPage(q, offset, 1000, expected);
      for (const filters of [{ genotype: ['hom-alt' as const] }, { region: 'chr21:25,000,000-31,000,000' }, { gene: 'APP' }, { passOnly: true }]) {
        const fq: Query = { ...q, ...filters };
        const fe = reference(fq);
        for (const offset of offsetsFor(fe.length, 333)) expectPage(fq, offset, 333, fe);
      }
    }
  });
});
