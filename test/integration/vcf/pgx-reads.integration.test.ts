// What pharmacogenomics reads back: every record as the file wrote it (ALTs unsplit, REF/ALT untrimmed,
// GT allele indexes as written, phase and PS), compared with `bcftools query` on the original file; and
// gVCF reference blocks compared with the file's <*> records and their END.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { createImportService } from '../../../electron/main/services/vcf/import-service.ts';
import type { ImportService } from '../../../electron/main/services/vcf/import-service.ts';
import { normaliseChrom } from '../../../electron/main/services/vcf/normalise-allele.ts';
import { readOriginalRecordsAt, readReferenceBlocks } from '../../../electron/main/services/vcf/pgx-reads.ts';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { VCF_DATA, addPatient, bcftools, openTestStore, peerReadable } from './vcf-test-helpers.ts';

const PHARMCAT = path.join(SHARED_DATA, 'pgx/pharmcat/test-resources/haplotype');
const FILES = [
  ...['phaseSet', 'phasing', 'alleleOrder', 'AD', 'AD-missing', 'AD-unknown', 'AD-invalid', 'badAllele', 'filters', 'structuralAlt'].map((n) => path.join(PHARMCAT, `VcfReaderTest-${n}.vcf`)),
  path.join(VCF_DATA, 'pharmcat-preprocessor-tests/test.g.vcf.bgz'),
  path.join(VCF_DATA, 'cyvcf2-tests/test-format-string.vcf'),
  path.join(VCF_DATA, 'pharmcat-preprocessor-tests/raw.vcf'),
];
const REFERENCE_ONLY = new Set(['<*>', '<NON_REF>']);

const { dir, cleanup } = makeTempDir('genodesk-vcf-pgx-');
let store: Store;
let service: ImportService;

beforeAll(() => {
  store = openTestStore(dir);
  service = createImportService({ store, actor: 'tester' });
});
afterAll(() => {
  store?.close();
  cleanup();
});

interface Expected {
  chrom: string;
  pos: number;
  ref: string;
  alts: string[];
  gt: (number | null)[];
  phased: boolean;
  ps: string | null;
}

/** The file's records for one sample, per bcftools query (ALT "." as no ALTs; <*>-only blocks left out). */
function peerRecords(file: string, sample: string): Expected[] {
  const hasPs = /^##FORMAT=<ID=PS,/m.test(bcftools(['view', '-h', file]).stdout);
  const out = bcftools(['query', '-s', sample, '-f', `%CHROM\\t%POS\\t%REF\\t%ALT[\\t%GT\\t${hasPs ? '%PS' : '.'}]\\n`, file]);
  expect(out.status).toBe(0);
  return out.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'))
    .filter((f) => !REFERENCE_ONLY.has(f[3]))
    .map((f) => {
      const gt = f[4];
      const alleles = gt === '.' ? [null] : gt.split(/[/|]/).map((a) => (a === '.' ? null : Number(a)));
      return {
        chrom: normaliseChrom(f[0]),
        pos: Number(f[1]),
        ref: f[2],
        alts: f[3] === '.' ? [] : f[3].split(','),
        gt: alleles,
        phased: alleles.length > 1 && !gt.includes('/'),
        ps: f[5] === '.' ? null : f[5],
      };
    });
}

const key = (r: Expected) => JSON.stringify(r);

describe('readOriginalRecordsAt', () => {
  for (const file of FILES) {
    it(path.relative(SHARED_DATA, file), async () => {
      const peerFile = peerReadable(file, dir);
      const samples = bcftools(['query', '-l', peerFile]).stdout.split('\n').filter(Boolean);
      for (const sample of samples) {
        const imp = await service.importVcf({ file, patientId: addPatient(store), sample, build: 'GRCh38' });
        const expected = peerRecords(peerFile, sample);
        const byChrom = new Map<string, Expected[]>();
        for (const r of expected) byChrom.set(r.chrom, [...(byChrom.get(r.chrom) ?? []), r]);
        const got: Expected[] = [];
        for (const [chrom, recs] of byChrom) got.push(...readOriginalRecordsAt(store, imp.id, chrom, recs.map((r) => r.pos)));
        expect(got.map(key).sort(), `${sample}`).toEqual(expected.map(key).sort());
      }
    });
  }

  it('reconstructs a 1/2 call from its split rows (cyvcf2 test-format-string.vcf 7:55086957 T>A,C,G, Tumor)', async () => {
    const file = path.join(VCF_DATA, 'cyvcf2-tests/test-format-string.vcf');
    const imp = await service.importVcf({ file, patientId: addPatient(store), sample: 'Tumor', build: 'GRCh37' });
    const line = bcftools(['query', '-s', 'Tumor', '-f', '%POS\\t%REF\\t%ALT[\\t%GT]\\n', peerReadable(file, dir)])
      .stdout.split('\n')
      .find((l) => l.startsWith('55086957\t')) as string;
    const [pos, ref, alts, gt] = line.split('\t');
    expect(readOriginalRecordsAt(store, imp.id, '7', [Number(pos)])).toEqual([
      { chrom: 'chr7', pos: Number(pos), ref, alts: alts.split(','), gt: gt.split('/').map(Number), phased: false, ps: null },
    ]);
    // The stored rows are the split ones.
    const page = service.queryVariants({ patientId: imp.patientId, importId: imp.id, region: `chr7:${pos}` });
    expect(page.variants.map((v) => `${v.alt}:${v.genotype}`)).toEqual(['A:1/0', 'C:0/1', 'G:0/0']);
  });
});

describe('readReferenceBlocks', () => {
  it('returns the gVCF <*> blocks overlapping a region, POS to END, called or not (PharmCAT test.g.vcf.bgz)', async () => {
    const file = path.join(VCF_DATA, 'pharmcat-preprocessor-tests/test.g.vcf.bgz');
    const imp = await service.importVcf({ file, patientId: addPatient(store), build: 'GRCh38' });
    const blocks = bcftools(['query', '-f', '%CHROM\\t%POS\\t%INFO/END\\t%ALT[\\t%GT]\\n', file])
      .stdout.split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'))
      .filter((f) => REFERENCE_ONLY.has(f[3]))
      .map((f) => ({ chrom: f[0], start: Number(f[1]), end: f[2] === '.' ? Number(f[1]) : Number(f[2]), gt: f[4] }));
    expect(blocks.length).toBeGreaterThan(100);
    const chrom = blocks[0].chrom;
    const onChrom = blocks.filter((b) => b.chrom === chrom);
    const mid = onChrom[Math.floor(onChrom.length / 2)];
    const start = mid.start + 1;
    const end = mid.end + 5000;
    const expected = onChrom.filter((b) => b.start <= end && b.end >= start);
    const got = readReferenceBlocks(store, imp.id, chrom, start, end);
    expect(got.map((b) => [b.start, b.end, b.gt])).toEqual(expected.map((b) => [b.start, b.end, b.gt]));
    expect(got.every((b) => b.called === !b.gt!.includes('.'))).toBe(true);
    expect(got.filter((b) => b.homRef).every((b) => /^0[/|]0$/.test(b.gt!))).toBe(true);
    // A position inside a block, none outside the chromosome's blocks.
    expect(readReferenceBlocks(store, imp.id, chrom, mid.start + 1, mid.start + 1).map((b) => b.start)).toContain(mid.start);
    expect(readReferenceBlocks(store, imp.id, 'chr22', 1, 1e9)).toEqual([]);
  });
});
