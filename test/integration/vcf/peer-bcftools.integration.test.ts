// Issue 4 §5: every VCF in shared data that bcftools accepts is imported and compared with bcftools on the
// same file (records, alleles, every stored genotype, per-sample counts); every file bcftools rejects is
// rejected with a vcf/… code naming file, line, column and what was expected, and the store is unchanged.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { createImportService } from '../../../electron/main/services/vcf/import-service.ts';
import type { ImportService } from '../../../electron/main/services/vcf/import-service.ts';
import { createStoredVariants } from '../../../electron/main/services/vcf/stored-variants.ts';
import { AppError } from '../../../shared/errors.ts';
import type { ImportRecord } from '../../../shared/schemas/vcf.ts';
import { ZYGOSITIES } from '../../../shared/schemas/vcf.ts';
import { storeChecksum } from '../../helpers/store.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { REFERENCE_ALTS, VCF_DATA, addPatient, bcftools, expectedRow, hasBcftools, openTestStore, peerReadable, sharedVcfFiles } from './vcf-test-helpers.ts';

const files = sharedVcfFiles();
const { dir, cleanup } = makeTempDir('genodesk-vcf-peer-');
let store: Store;
let service: ImportService;
let patient: string;

beforeAll(() => {
  if (!hasBcftools()) throw new Error('bcftools is required (apt-get install -y bcftools tabix)');
  store = openTestStore(dir);
  service = createImportService({ store, actor: 'test' });
  patient = addPatient(store);
});
afterAll(() => {
  store?.close();
  cleanup();
});

const isBcf = (file: string) => /\.bcf(\.bgzf)?$/.test(file);

/**
 * htslib 1.16 (Debian bookworm's bcftools) rejects VCF 4.4's explicit first-allele phase (`|0/1`,
 * `/0`); htslib ≥ 1.18 reads it, and this very file's expected output (vcf44_1.expected, from htslib's
 * own test suite) is the truth for it. GenoDesk supports VCF 4.4, so it is compared with that instead.
 */
const HTSLIB_EXPECTED: Record<string, string> = { 'htslib-tests/vcf44_1.vcf': 'htslib-tests/vcf44_1.expected' };

function samplesOf(file: string): string[] {
  const r = bcftools(['query', '-l', file]);
  return r.stdout.split('\n').filter(Boolean);
}

/** Imports, letting the header decide the build; a file whose header names none gets GRCh38 said for it. */
async function importFile(file: string, sample: string | undefined): Promise<ImportRecord> {
  try {
    return await service.importVcf({ file, patientId: patient, sample });
  } catch (err) {
    if (err instanceof AppError && err.code === 'vcf/unsupported-build') return service.importVcf({ file, patientId: patient, sample, build: 'GRCh38' });
    throw err;
  }
}

function storedRows(importId: string): { variants: string[]; blocks: string[]; zyg: Map<string, number> } {
  const key = store.sqlite.prepare('SELECT key FROM imports WHERE id = ?').pluck().get(importId) as number;
  const names = new Map(
    (store.sqlite.prepare('SELECT code, chrom FROM import_contigs WHERE import_key = ?').all(key) as { code: number; chrom: string }[]).map((r) => [r.code, r.chrom]),
  );
  const variants = createStoredVariants(store).allRows(key);
  const zyg = new Map<string, number>();
  for (const v of variants) {
    const snv = v.ref.length === 1 && v.alt.length === 1 && /^[ACGT]$/i.test(v.alt);
    const k = `${ZYGOSITIES[v.zygosity]}${snv ? ':snv' : ''}`;
    zyg.set(k, (zyg.get(k) ?? 0) + 1);
  }
  const blocks = store.sqlite.prepare('SELECT chrom, start_pos, end_pos, ref, alt, gt FROM reference_blocks WHERE import_key = ?').all(key) as {
    chrom: number;
    start_pos: number;
    end_pos: number;
    ref: string;
    alt: string | null;
    gt: string | null;
  }[];
  return {
    variants: variants.map((v) => [names.get(v.chrom), v.pos, v.ref, v.alt, v.gt ?? '-'].join('\t')).sort(),
    blocks: blocks.map((b) => [names.get(b.chrom), b.start_pos, b.end_pos, b.ref, b.alt ?? '.', b.gt ?? '-'].join('\t')).sort(),
    zyg,
  };
}

/**
 * `bcftools norm -m-any`'s split of the file, or the file itself when it has no multi-allelic record
 * (norm then changes nothing, and it cannot rewrite some odd files it reads: htslib noroundtrip.vcf's
 * repeated GT key comes out unreadable).
 */
function splitFile(file: string): string {
  const multiallelic = bcftools(['view', '-H', file]).stdout.split('\n').some((l) => (l.split('\t')[4] ?? '').includes(','));
  if (!multiallelic) return file;
  // INFO and FORMAT fields other than GT are dropped first: they play no part in the comparison, and
  // norm refuses to split a record whose Number=A/R field has the wrong count (htslib
  // tabix/vcf_file.vcf: 304 ALTs and one AC value; cyvcf2 test-format-string.vcf: ADP_ALL).
  const noInfo = path.join(dir, 'no-info.vcf');
  expect(bcftools(['annotate', '-x', 'INFO,^FORMAT/GT', '-Ov', '-o', noInfo, file]).status).toBe(0);
  const out = path.join(dir, 'normed.vcf');
  const normed = bcftools(['norm', '-m-any', '-Ov', '-o', out, noInfo]);
  expect(normed.status).toBe(0);
  return out;
}

/**
 * `bcftools query` lines with POS taken from `bcftools view` of the same file: 1.16's query prints POS
 * modulo 2^32 (htslib longrefs/index.vcf has positions past 10^10), view prints it as written.
 */
function query(file: string, sampleArgs: string[], format: string): string[][] {
  const q = bcftools(['query', ...sampleArgs, '-f', format, file]);
  expect(q.status).toBe(0);
  const rows = q.stdout.split('\n').filter(Boolean).map((l) => l.split('\t'));
  const positions = bcftools(['view', '-H', file]).stdout.split('\n').filter(Boolean).map((l) => l.split('\t', 2)[1]);
  expect(positions.length).toBe(rows.length);
  rows.forEach((r, i) => (r[1] = positions[i]));
  return rows;
}

/** What bcftools says the stored rows must be (trimmed as GenoDesk trims; see expectedRow). */
function peerRows(file: string, sample: string | undefined): { variants: string[]; blocks: string[] } {
  const gt = sample === undefined ? '' : '[\\t%GT]';
  const sampleArgs = sample === undefined ? [] : ['-s', sample];
  const variants = query(splitFile(file), sampleArgs, `%CHROM\\t%POS\\t%REF\\t%ALT${gt}\\n`)
    .filter((f) => !REFERENCE_ALTS.has(f[3]))
    .map((f) => expectedRow(f[0], Number(f[1]), f[2], f[3], sample === undefined ? null : f[4]))
    .sort();
  // Reference blocks are the records whose only ALT is ".", <*> or <NON_REF>, read from the unsplit file.
  const hasEnd = /^##INFO=<ID=END,/m.test(bcftools(['view', '-h', file]).stdout);
  const blocks = query(file, sampleArgs, `%CHROM\\t%POS\\t${hasEnd ? '%INFO/END' : '.'}\\t%REF\\t%ALT${gt}\\n`)
    .filter((f) => REFERENCE_ALTS.has(f[4]))
    .map((f) => {
      const end = f[2] === '.' ? Number(f[1]) + f[3].length - 1 : Number(f[2]);
      return [expectedRow(f[0], Number(f[1]), f[3], f[3], null).split('\t')[0], f[1], end, f[3], f[4], sample === undefined ? '-' : f[5]].join('\t');
    })
    .sort();
  return { variants, blocks };
}

/** bcftools stats per-sample counts (PSC) over the split, non-reference rows. */
function peerSampleCounts(file: string, sample: string): Record<string, number> {
  // Rewriting a file only when needed (splitting, dropping reference-only records): htslib cannot always
  // write back what it reads (noroundtrip.vcf), and bcftools stats reads the file as it is.
  const alts = bcftools(['query', '-f', '%ALT\\n', file]).stdout.split('\n').filter(Boolean);
  let counted = file;
  if (alts.some((a) => a.includes(',') || REFERENCE_ALTS.has(a))) {
    counted = path.join(dir, 'kept.vcf');
    const kept = bcftools(['view', '-e', 'ALT="." || ALT="<*>" || ALT="<NON_REF>"', '-Ov', '-o', counted, splitFile(file)]);
    expect(kept.status).toBe(0);
  }
  const stats = bcftools(['stats', '-s', sample, counted]);
  const psc = stats.stdout.split('\n').find((l) => l.startsWith('PSC\t'));
  const f = (psc ?? '').split('\t');
  // PSC [4]nRefHom [5]nNonRefHom [6]nHets [7]nTransitions [8]nTransversions … [12]nHapRef [13]nHapAlt [14]nMissing
  return psc
    ? { nRefHom: +f[3], nNonRefHom: +f[4], nHets: +f[5], nTransitions: +f[6], nTransversions: +f[7], nHapRef: +f[11], nHapAlt: +f[12], nMissing: +f[13] }
    : {};
}

/**
 * The file's records as htslib's own expected output writes them (text, one column per sample). Only for
 * biallelic files, where no splitting or trimming is involved, so the text is the stored row.
 */
async function compareWithHtslibExpected(file: string, expectedFile: string): Promise<void> {
  const lines = fs.readFileSync(expectedFile, 'utf8').split('\n').filter(Boolean);
  const chromLine = lines.find((l) => l.startsWith('#CHROM')) as string;
  const samples = chromLine.split('\t').slice(9);
  const data = lines.filter((l) => !l.startsWith('#')).map((l) => l.split('\t'));
  expect(data.every((f) => !f[4].includes(','))).toBe(true);
  for (const [k, sample] of samples.entries()) {
    const imported = await importFile(file, sample);
    expect(imported.records).toBe(data.length);
    expect(imported.alleles).toBe(data.length);
    expect(storedRows(imported.id).variants).toEqual(data.map((f) => expectedRow(f[0], Number(f[1]), f[3], f[4], f[9 + k])).sort());
  }
}

function expectNamesFileLineColumn(err: unknown, file: string): void {
  expect(err).toBeInstanceOf(AppError);
  const e = err as AppError;
  expect(e.code.startsWith('vcf/')).toBe(true);
  expect(e.details.file).toBe(file);
  expect(e.message).toContain(path.basename(file));
  if (e.code === 'vcf/bad-header' || e.code === 'vcf/line-malformed') {
    expect(typeof e.details.line).toBe('number');
    expect(typeof e.details.column).toBe('number');
    expect(typeof e.details.expected).toBe('string');
    expect(e.message).toMatch(/line \d+/);
    expect(e.message).toMatch(/expected/);
  }
}

describe('imports every shared-data VCF as bcftools reads it', () => {
  it('found the shared VCF files', () => {
    expect(files.length).toBeGreaterThan(60);
  });

  for (const file of files) {
    const rel = path.relative(VCF_DATA, file);
    it(rel, async () => {
      const accepted = bcftools(['view', '-Ov', '-o', '/dev/null', file]).status === 0;
      if (isBcf(file)) {
        // bcftools reads BCF; GenoDesk refuses it and says how to convert.
        const before = storeChecksum(store);
        const err = await service.importVcf({ file, patientId: patient }).catch((e: unknown) => e);
        expectNamesFileLineColumn(err, file);
        expect((err as AppError).code).toBe('vcf/unsupported-format');
        expect((err as AppError).message).toContain('bcftools view -Oz -o out.vcf.gz');
        expect(storeChecksum(store)).toBe(before);
        return;
      }
      if (!accepted && !HTSLIB_EXPECTED[rel]) {
        const before = storeChecksum(store);
        const err = await service.importVcf({ file, patientId: patient, build: 'GRCh38' }).catch((e: unknown) => e);
        expectNamesFileLineColumn(err, file);
        expect(storeChecksum(store)).toBe(before);
        return;
      }
      if (!accepted) {
        await compareWithHtslibExpected(file, path.join(VCF_DATA, HTSLIB_EXPECTED[rel]));
        return;
      }
      // Each file gets its own patient: two shared files are byte-identical (formatmissing.vcf and
      // formatmissing-out.vcf), and a second import of the same bytes is, rightly, a duplicate.
      patient = addPatient(store);
      const truthFile = peerReadable(file, dir);
      const samples = samplesOf(truthFile);
      const chosen: (string | undefined)[] = samples.length === 0 ? [undefined] : samples.length <= 3 ? samples : [samples[0], samples[samples.length >> 1], samples[samples.length - 1]];
      const records = bcftools(['view', '-H', truthFile]).stdout.split('\n').filter(Boolean).length;
      const alleles = bcftools(['view', '-H', splitFile(truthFile)]).stdout.split('\n').filter(Boolean).length;
      for (const sample of chosen) {
        const imported = await importFile(file, sample);
        expect(imported.status).toBe('complete');
        expect(imported.records).toBe(records);
        expect(imported.alleles).toBe(alleles);
        const stored = storedRows(imported.id);
        const peer = peerRows(truthFile, sample);
        expect(stored.variants).toEqual(peer.variants);
        expect(stored.blocks).toEqual(peer.blocks);
        expect(imported.variants).toBe(peer.variants.length);
        expect(imported.referenceBlocks).toBe(peer.blocks.length);
        if (sample !== undefined) {
          const psc = peerSampleCounts(truthFile, sample);
          if (psc.nRefHom !== undefined) {
            expect({
              nRefHom: imported.homRef,
              nNonRefHom: stored.zyg.get('hom-alt:snv') ?? 0,
              nHets: stored.zyg.get('het:snv') ?? 0,
              nTransitions: imported.transitions,
              nTransversions: imported.transversions,
              nHapRef: imported.hemiRef,
              nHapAlt: imported.hemiAlt,
              nMissing: imported.noCall + imported.halfCall,
            }).toEqual(psc);
          }
        }
      }
    });
  }
});
