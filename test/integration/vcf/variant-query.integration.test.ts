// The variant browser's queries against bcftools on the same files: region and gene filters (`bcftools
// view -r`), genotype filters (`-i 'GT=…'`), FILTER=PASS (`-f PASS`), and paging/sorting that walks the
// whole file in bcftools' own order.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { loadGeneTable } from '../../../electron/main/services/vcf/gene-table.ts';
import { createImportService } from '../../../electron/main/services/vcf/import-service.ts';
import type { ImportService } from '../../../electron/main/services/vcf/import-service.ts';
import type { ImportRecord, VariantQuery, VariantRow } from '../../../shared/schemas/vcf.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { REFERENCE_ALTS, VCF_DATA, addPatient, bcftools, expectedRow, openTestStore } from './vcf-test-helpers.ts';

const HG38 = path.join(VCF_DATA, 'platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz');
const HG19 = path.join(VCF_DATA, 'platinum-genomes-NA12878/PG_NA12878_chr21.vcf.gz');
const COHORT = path.join(VCF_DATA, 'cyvcf2-tests/test.vcf.gz');

const { dir, cleanup } = makeTempDir('genodesk-vcf-query-');
let store: Store;
let service: ImportService;
let patientId: string;
let hg38: ImportRecord;
let hg19: ImportRecord;

beforeAll(async () => {
  store = openTestStore(dir);
  service = createImportService({ store, actor: 'tester' });
  patientId = addPatient(store);
  hg38 = await service.importVcf({ file: HG38, patientId });
  hg19 = await service.importVcf({ file: HG19, patientId });
}, 120_000);
afterAll(() => {
  store?.close();
  cleanup();
});

/** bcftools rows (split as norm -m-any does, trimmed as GenoDesk trims), variant ALTs only, in bcftools order. */
function peer(args: string[], file: string): string[] {
  const selected = path.join(dir, 'selected.vcf');
  expect(bcftools(['view', ...args, '-Ov', '-o', selected, file]).status).toBe(0);
  const normed = path.join(dir, 'selected-normed.vcf');
  expect(bcftools(['norm', '-m-any', '-Ov', '-o', normed, selected]).status).toBe(0);
  return bcftools(['query', '-f', '%CHROM\\t%POS\\t%REF\\t%ALT[\\t%GT]\\n', normed])
    .stdout.split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'))
    .filter((f) => !REFERENCE_ALTS.has(f[3]))
    .map((f) => expectedRow(f[0], Number(f[1]), f[2], f[3], f[4]));
}

function all(query: Omit<VariantQuery, 'offset' | 'limit'>, pageSize = 1000): { rows: VariantRow[]; total: number } {
  const rows: VariantRow[] = [];
  let total: number;
  for (let offset = 0; ; offset += pageSize) {
    const page = service.queryVariants({ ...query, offset, limit: pageSize });
    total = page.total;
    rows.push(...page.variants);
    if (page.variants.length < pageSize) break;
  }
  expect(rows.length).toBe(total);
  return { rows, total };
}

const asRow = (v: VariantRow) => [v.chrom, v.pos, v.ref, v.alt, v.genotype ?? '-'].join('\t');

describe('filters agree with bcftools', () => {
  it('region chr21:43,000,000-44,000,000 (bcftools view -r)', () => {
    const got = all({ patientId, importId: hg38.id, region: 'chr21:43,000,000-44,000,000' }).rows.map(asRow);
    expect(got).toEqual(peer(['-r', 'chr21:43000000-44000000'], HG38));
    expect(got.length).toBeGreaterThan(1000);
  });

  it('gene CBS, in the GRCh38 table only (PanelApp BED): filters the GRCh38 import, not the GRCh37 one', () => {
    const table = loadGeneTable();
    expect(() => table.lookup('CBS', 'GRCh37')).toThrow();
    const g = table.lookup('CBS', 'GRCh38');
    const { rows } = all({ patientId, gene: 'CBS' });
    expect(rows.map(asRow)).toEqual(peer(['-r', `${g.chrom}:${g.start}-${g.end}`], HG38));
    expect(() => service.queryVariants({ patientId, gene: 'NOTAGENE1' })).toThrow(/not in GenoDesk/);
  });

  it.each(['APP', 'ERG', 'COL6A1'])('gene %s on both builds: the bundled table interval, as bcftools view -r reads it', (gene) => {
    const table = loadGeneTable();
    const g38 = table.lookup(gene, 'GRCh38');
    const g37 = table.lookup(gene, 'GRCh37');
    const { rows, total } = all({ patientId, gene });
    const expected38 = peer(['-r', `${g38.chrom}:${g38.start}-${g38.end}`], HG38);
    const expected37 = peer(['-r', `${g37.chrom}:${g37.start}-${g37.end}`], HG19);
    expect(total).toBe(expected38.length + expected37.length);
    expect(rows.filter((r) => r.importId === hg38.id).map(asRow)).toEqual(expected38);
    expect(rows.filter((r) => r.importId === hg19.id).map(asRow)).toEqual(expected37);
    expect(rows.every((r) => r.genes.includes(gene))).toBe(true);
  });

  it.each([
    [['het'], 'GT="het"'],
    [['hom-alt'], 'GT="AA"'],
    [['hom-ref'], 'GT="RR"'],
    [['no-call', 'half-call'], 'GT~"\\."'],
  ] as const)('genotype %j (bcftools -i %s on the split file)', (genotype, expr) => {
    const normed = path.join(dir, 'all-normed.vcf');
    expect(bcftools(['norm', '-m-any', '-Ov', '-o', normed, HG38]).status).toBe(0);
    const expected = peer(['-i', expr], normed);
    const page = service.queryVariants({ patientId, importId: hg38.id, genotype: [...genotype], limit: 50 });
    expect(page.total).toBe(expected.length);
    expect(page.variants.map(asRow)).toEqual(expected.slice(0, 50));
  });

  it('FILTER=PASS (bcftools view -f PASS)', () => {
    const expected = peer(['-f', 'PASS'], HG38);
    const { rows } = all({ patientId, importId: hg38.id, passOnly: true }, 1000);
    expect(rows.map(asRow)).toEqual(expected);
  });

  it('an import of another patient is not visible', () => {
    const other = addPatient(store);
    expect(service.queryVariants({ patientId: other, limit: 10 })).toEqual({ variants: [], total: 0 });
    expect(() => service.queryVariants({ patientId: other, importId: hg38.id })).toThrow(/no complete import/);
  });
});

describe('paging and sorting', () => {
  it('pages of 997, in position order, are the whole file in bcftools order; descending is its reverse', () => {
    const expected = peer([], HG38);
    const asc = all({ patientId, importId: hg38.id }, 997).rows.map(asRow);
    expect(asc).toEqual(expected);
    const desc = all({ patientId, importId: hg38.id, sort: { key: 'position', direction: 'desc' } }, 997).rows.map(asRow);
    expect(desc).toEqual(expected.slice().reverse());
  });

  it('a page reached by jumping is the page reached by scrolling', () => {
    const fresh = createImportService({ store, actor: 'tester' });
    for (const offset of [0, 12_345, 40_000, hg38.variants - 7]) {
      const q = { patientId, importId: hg38.id, offset, limit: 100 };
      expect(fresh.queryVariants(q).variants.map((v) => v.id)).toEqual(service.queryVariants(q).variants.map((v) => v.id));
    }
  });

  it('sorts by quality, highest first, missing last (cyvcf2 test.vcf.gz, bcftools query %QUAL)', async () => {
    const p = addPatient(store);
    const sample = bcftools(['query', '-l', COHORT]).stdout.split('\n')[0];
    const imp = await service.importVcf({ file: COHORT, patientId: p, sample });
    const normed = path.join(dir, 'cohort-normed.vcf');
    expect(bcftools(['norm', '-m-any', '-Ov', '-o', normed, COHORT]).status).toBe(0);
    const quals = bcftools(['query', '-f', '%QUAL\\t%ALT\\n', normed])
      .stdout.split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'))
      .filter((f) => !REFERENCE_ALTS.has(f[1]))
      .map((f) => (f[0] === '.' ? null : Number(f[0])));
    const expected = [...quals.filter((q): q is number => q !== null).sort((a, b) => b - a), ...quals.filter((q) => q === null)];
    const got = all({ patientId: p, importId: imp.id, sort: { key: 'quality', direction: 'desc' } }, 13).rows.map((v) => v.quality);
    expect(got).toEqual(expected);
  });
});
