// A broken file stops the import naming file, line, column and what was expected, and the store is
// exactly as before, even when the break comes after many batches were committed. Each input is a real
// file (NA12878 Platinum Genomes, GRCh38 chr21, 65,370 records) with one defect made in it.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { createImportService } from '../../../electron/main/services/vcf/import-service.ts';
import type { ImportService } from '../../../electron/main/services/vcf/import-service.ts';
import { AppError } from '../../../shared/errors.ts';
import { storeChecksum } from '../../helpers/store.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { VCF_DATA, addPatient, openTestStore } from './vcf-test-helpers.ts';

const SOURCE = path.join(VCF_DATA, 'platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz');
const { dir, cleanup } = makeTempDir('genodesk-vcf-malformed-');
let store: Store;
let service: ImportService;
let patientId: string;
let lines: string[];
/** Line number (1-based) of the record 60,000 records in: well past dozens of committed batches. */
let late: number;

beforeAll(() => {
  store = openTestStore(dir);
  // Small batches: the defect is reached after ~30 write transactions.
  service = createImportService({ store, actor: 'tester', batchRows: 2000 });
  patientId = addPatient(store);
  lines = zlib.gunzipSync(fs.readFileSync(SOURCE)).toString('utf8').split('\n');
  late = lines.findIndex((l) => !l.startsWith('#')) + 60_000 + 1;
});
afterAll(() => {
  store?.close();
  cleanup();
});

function write(name: string, text: string, gzip = false): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, gzip ? zlib.gzipSync(text) : text);
  return file;
}

function withField(lineNo: number, column: number, value: string): string {
  const copy = lines.slice();
  const f = copy[lineNo - 1].split('\t');
  f[column - 1] = value;
  copy[lineNo - 1] = f.join('\t');
  return copy.join('\n');
}

async function expectRejected(file: string, code: string, details: Record<string, unknown>): Promise<AppError> {
  const before = storeChecksum(store);
  const err = await service.importVcf({ file, patientId }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  const e = err as AppError;
  expect(e.code).toBe(code);
  expect(e.details).toMatchObject({ file, ...details });
  expect(e.message).toContain(path.basename(file));
  expect(storeChecksum(store)).toBe(before);
  expect(store.sqlite.prepare("SELECT count(*) FROM imports WHERE status != 'complete'").pluck().get()).toBe(0);
  return e;
}

describe('a defect late in a real file', () => {
  it('POS that is not a number (plain .vcf)', async () => {
    const e = await expectRejected(write('bad-pos.vcf', withField(late, 2, '50x')), 'vcf/line-malformed', { line: late, column: 2 });
    expect(e.message).toMatch(new RegExp(`line ${late}, column 2 \\(POS\\): expected a position`));
  });

  it('GT that is not a genotype (gzip)', async () => {
    await expectRejected(write('bad-gt.vcf.gz', withField(late, 10, '0/A'), true), 'vcf/line-malformed', { line: late, column: 10, field: 'NA12878' });
  });

  it('a record with a column missing', async () => {
    const copy = lines.slice();
    copy[late - 1] = copy[late - 1].split('\t').slice(0, 8).join('\t');
    await expectRejected(write('short.vcf', copy.join('\n')), 'vcf/line-malformed', { line: late, expected: '10 tab-separated columns' });
  });

  it('a header line among the records', async () => {
    const copy = lines.slice();
    copy.splice(late - 1, 0, '##INFO=<ID=X,Number=1,Type=String,Description="late">');
    await expectRejected(write('late-header.vcf', copy.join('\n')), 'vcf/line-malformed', { line: late, column: 1 });
  });

  it('a bgzipped file cut short', async () => {
    const bytes = fs.readFileSync(SOURCE);
    const file = path.join(dir, 'truncated.vcf.gz');
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    const e = await expectRejected(file, 'vcf/corrupt-compression', {});
    expect(e.details.line as number).toBeGreaterThan(40_000);
  });

  it('a bgzipped file with damaged bytes in the middle', async () => {
    const bytes = Buffer.from(fs.readFileSync(SOURCE));
    const at = Math.floor(bytes.length * 0.7);
    for (let i = 0; i < 64; i++) bytes[at + i] ^= 0x5a;
    const file = path.join(dir, 'damaged.vcf.gz');
    fs.writeFileSync(file, bytes);
    await expectRejected(file, 'vcf/corrupt-compression', {});
  });
});

describe('defects in the header', () => {
  it('the file ends before its #CHROM line', async () => {
    const meta = lines.filter((l) => l.startsWith('##'));
    await expectRejected(write('no-chrom.vcf', meta.join('\n') + '\n'), 'vcf/bad-header', { line: meta.length + 1, column: 1 });
  });

  it('a record before the #CHROM line', async () => {
    const copy = lines.slice();
    const chromAt = copy.findIndex((l) => l.startsWith('#CHROM'));
    copy.splice(chromAt, 0, copy[chromAt + 1]);
    await expectRejected(write('early-record.vcf', copy.join('\n')), 'vcf/bad-header', { line: chromAt + 1, column: 1 });
  });

  it('a misspelt fixed column', async () => {
    const copy = lines.map((l) => (l.startsWith('#CHROM') ? l.replace('\tQUAL\t', '\tQUALITY\t') : l));
    const chromLine = copy.findIndex((l) => l.startsWith('#CHROM')) + 1;
    await expectRejected(write('bad-columns.vcf', copy.join('\n')), 'vcf/bad-header', { line: chromLine, column: 6 });
  });
});
