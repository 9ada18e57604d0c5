// Data lines -> stored rows, and malformed lines -> errors naming file, line, column and what was
// expected. Lines are real records from shared data (DeepVariant gVCF, NA12878 Platinum Genomes), each
// malformed case changing exactly one field of a real line.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isFloatIn } from '../../../electron/main/services/vcf/field-text.ts';
import { RecordParser } from '../../../electron/main/services/vcf/record-parser.ts';
import { CHUNK_ROWS, DecodedChunk } from '../../../electron/main/services/vcf/variant-chunk.ts';
import type { StoredVariant } from '../../../electron/main/services/vcf/variant-chunk.ts';
import { ZYG } from '../../../electron/main/services/vcf/genotype.ts';
import { HeaderReader } from '../../../electron/main/services/vcf/vcf-header.ts';
import { AppError } from '../../../shared/errors.ts';
import { SHARED_DATA } from '../../helpers/paths.ts';

const GVCF = path.join(SHARED_DATA, 'vcf/pharmcat-preprocessor-tests/test.g.vcf.bgz');
const NA12878 = path.join(SHARED_DATA, 'vcf/platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz');

function readVcf(file: string): { header: string[]; records: string[] } {
  const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
  const lines = text.split('\n').filter(Boolean);
  return { header: lines.filter((l) => l.startsWith('#')), records: lines.filter((l) => !l.startsWith('#')) };
}

function parserFor(file: string, header: string[]): RecordParser {
  const reader = new HeaderReader(file);
  header.slice(0, -1).forEach((l, i) => reader.addMeta(l, i + 1));
  return new RecordParser(reader.finish(header[header.length - 1], header.length), 0, file);
}

/** The variant rows of a batch, decoded from its chunks in order. */
function variantRows(batch: ReturnType<RecordParser['take']>): StoredVariant[] {
  const rows = batch.chunks.flatMap((c) => new DecodedChunk(new Uint8Array(c.data), { importKey: 0, chrom: c.chrom, firstId: 1 }).rows());
  expect(rows).toHaveLength(batch.variantCount);
  return rows;
}

function errorFor(file: string, header: string[], line: string): AppError {
  try {
    parserFor(file, header).parse(line, 1234);
  } catch (e) {
    return e as AppError;
  }
  throw new Error(`no error for: ${line}`);
}

function withField(line: string, column: number, value: string): string {
  const f = line.split('\t');
  f[column - 1] = value;
  return f.join('\t');
}

const gvcf = readVcf(GVCF);
const na12878 = readVcf(NA12878);
const gvcfVariant = gvcf.records.find((l) => l.split('\t')[4] === 'GT,<*>') as string;
const gvcfBlock = gvcf.records.find((l) => l.split('\t')[4] === '<*>') as string;

describe('RecordParser: malformed fields', () => {
  const cases: [string, string, string, number, RegExp][] = [
    ['POS not a number', na12878.records[0], withField(na12878.records[0], 2, '12a'), 2, /position/],
    ['POS empty', na12878.records[0], withField(na12878.records[0], 2, ''), 2, /position/],
    ['REF not bases', na12878.records[0], withField(na12878.records[0], 4, '1'), 4, /reference bases/],
    ['REF empty', na12878.records[0], withField(na12878.records[0], 4, ''), 4, /reference bases/],
    ['ALT with an empty allele', na12878.records[0], withField(na12878.records[0], 5, 'G,'), 5, /ALT alleles/],
    ['QUAL not a number', na12878.records[0], withField(na12878.records[0], 6, 'abc'), 6, /quality/],
    ['FILTER empty', na12878.records[0], withField(na12878.records[0], 7, ''), 7, /filter/],
    ['INFO empty', na12878.records[0], withField(na12878.records[0], 8, ''), 8, /INFO/],
    ['GT with a letter', na12878.records[0], withField(na12878.records[0], 10, '0/x'), 10, /GT to be/],
    ['GT with a backslash', na12878.records[0], withField(na12878.records[0], 10, '0\\1'), 10, /GT to be/],
    ['DP not a number', gvcfVariant, withField(gvcfVariant, 10, '1/1:41:x:14,49,0:0.604938,0:57,41,0,990,990,990'), 10, /DP to be a whole number/],
    ['AD not numbers', gvcfVariant, withField(gvcfVariant, 10, '1/1:41:81:14,x,0:0.604938,0:57,41,0,990,990,990'), 10, /AD to be whole numbers/],
    ['GQ not a number', gvcfVariant, withField(gvcfVariant, 10, '1/1:high:81:14,49,0:0.604938,0:57,41,0,990,990,990'), 10, /GQ to be a number/],
    ['END not a number', gvcfBlock, withField(gvcfBlock, 8, 'END=soon'), 8, /END to be a whole number/],
    ['END before POS', gvcfBlock, withField(gvcfBlock, 8, 'END=5'), 8, /END to be at or after POS/],
  ];
  for (const [name, original, line, column, expected] of cases) {
    it(name, () => {
      const file = original === na12878.records[0] ? NA12878 : GVCF;
      const header = original === na12878.records[0] ? na12878.header : gvcf.header;
      const err = errorFor(file, header, line);
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe('vcf/line-malformed');
      expect(err.details).toMatchObject({ file, line: 1234, column });
      expect(String(err.details.expected)).toMatch(expected);
      expect(err.message).toContain(`${path.basename(file)} line 1234, column ${column}`);
      // The original line parses: the error is the one changed field.
      expect(() => parserFor(file, header).parse(original, 1)).not.toThrow();
    });
  }

  it('a line with fewer columns than the header', () => {
    const err = errorFor(NA12878, na12878.header, na12878.records[0].split('\t').slice(0, 9).join('\t'));
    expect(err.code).toBe('vcf/line-malformed');
    expect(err.details).toMatchObject({ line: 1234, column: 10, expected: '10 tab-separated columns' });
  });

  it('a line with more columns than the header', () => {
    const err = errorFor(NA12878, na12878.header, `${na12878.records[0]}\t0/1`);
    expect(err.details).toMatchObject({ expected: '10 tab-separated columns', found: '11 columns' });
  });

  it('a line separated by spaces instead of tabs', () => {
    const err = errorFor(NA12878, na12878.header, na12878.records[0].replace(/\t/g, ' '));
    expect(err.code).toBe('vcf/line-malformed');
    expect(err.details.expected).toBe('10 tab-separated columns');
  });
});

describe('RecordParser: rows', () => {
  it('splits a gVCF record with two ALTs and <*>: two variant rows, three alleles, the original kept', () => {
    const line = gvcf.records.find((l) => l.split('\t')[4] === 'ATT,ATTT,<*>') as string;
    const f = line.split('\t');
    const p = parserFor(GVCF, gvcf.header);
    p.parse(line, 77);
    const rows = variantRows(p.take());
    expect(rows).toHaveLength(2);
    expect(p.stats.alleles).toBe(3);
    expect(p.stats.records).toBe(1);
    const original = JSON.parse(rows[0].original as string);
    expect(original).toEqual({ line: 77, pos: Number(f[1]), ref: f[3], alts: f[4].split(','), gt: f[9].split(':')[0] });
    expect(rows[1].original).toBe(rows[0].original);
    expect(rows.map((r) => r.alt)).toEqual(['ATT', 'ATTT']);
    expect([rows[0].ad_ref, rows[0].ad_alt, rows[1].ad_alt]).toEqual(f[9].split(':')[3].split(',').slice(0, 3).map(Number));
  });

  it('keeps a gVCF <*> block as a reference interval from POS to END with MIN_DP', () => {
    const f = gvcfBlock.split('\t');
    const p = parserFor(GVCF, gvcf.header);
    p.parse(gvcfBlock, 5);
    const batch = p.take();
    const { blocks, strings } = batch;
    expect(variantRows(batch)).toHaveLength(0);
    expect(blocks.count).toBe(1);
    const sample = f[9].split(':');
    const keys = f[8].split(':');
    expect([blocks.start[0], blocks.end[0], blocks.dp[0], blocks.gq[0]]).toEqual([
      Number(f[1]),
      Number(f[7].replace('END=', '')),
      Number(sample[keys.indexOf('MIN_DP')]),
      Number(sample[keys.indexOf('GQ')]),
    ]);
    expect(strings[blocks.gt[0]]).toBe(sample[0]);
    expect(strings[blocks.alt[0]]).toBe('<*>');
  });

  it('packs a batch into chunks of at most CHUNK_ROWS rows of one chromosome, bounds matching their rows, in file order', () => {
    const records = na12878.records.slice(0, 5000);
    const p = parserFor(NA12878, na12878.header);
    records.forEach((l, i) => p.parse(l, 100 + i));
    const batch = p.take();
    // One row per ALT (Platinum Genomes has no <*> or "." ALTs).
    const alts = records.reduce((n, l) => n + l.split('\t')[4].split(',').length, 0);
    expect(batch.variantCount).toBe(alts);
    expect(batch.chunks.length).toBeGreaterThan(2);
    let seen = 0;
    for (const c of batch.chunks) {
      expect(c.count).toBeLessThanOrEqual(CHUNK_ROWS);
      const rows = new DecodedChunk(new Uint8Array(c.data), { importKey: 0, chrom: c.chrom, firstId: 1 }).rows();
      expect(rows).toHaveLength(c.count);
      expect([c.minPos, c.maxPos, c.maxEnd]).toEqual([
        Math.min(...rows.map((r) => r.pos)),
        Math.max(...rows.map((r) => r.pos)),
        Math.max(...rows.map((r) => r.pos + r.ref.length - 1)),
      ]);
      seen += c.count;
    }
    expect(seen).toBe(alts);
    // File order: row k comes from the record of the k-th ALT, inside that record's REF (trimming only
    // drops bases that REF and ALT share).
    const spans = records.flatMap((l) => {
      const f = l.split('\t');
      return f[4].split(',').map(() => [Number(f[1]), Number(f[1]) + f[3].length - 1]);
    });
    expect(variantRows(batch).every((r, k) => r.pos >= spans[k][0] && r.pos <= spans[k][1])).toBe(true);
    // Every record is one chromosome (chr21) here, so chunks split only at CHUNK_ROWS.
    expect(batch.chunks.slice(0, -1).every((c) => c.count === CHUNK_ROWS)).toBe(true);
  });

  it('stores no original for a record that needs neither splitting nor trimming', () => {
    const p = parserFor(NA12878, na12878.header);
    p.parse(na12878.records[0], 30);
    const rows = variantRows(p.take());
    expect(rows).toHaveLength(1);
    expect(rows[0].original).toBeNull();
  });
});

describe('RecordParser: fields read in place', () => {
  /** The same rows and stats, parsed one line string at a time and as ranges of one text. */
  function bothWays(file: string, header: string[], records: string[]) {
    const alone = parserFor(file, header);
    records.forEach((l, i) => alone.parse(l, 10 + i));
    const inPlace = parserFor(file, header);
    // CRLF-free lines joined as a stripe is: tabs, ';' and '=' of the neighbours must not leak in.
    const text = `x\tjunk;END=1\n${records.join('\n')}\nchrZ\t1\t;\t=`;
    let from = text.indexOf('\n') + 1;
    records.forEach((l, i) => {
      inPlace.parseRange(text, from, from + l.length, 10 + i);
      from += l.length + 1;
    });
    return [alone, inPlace].map((p) => ({ stats: p.stats, batch: p.take() }));
  }

  it('gives the rows and stats of whole-line parsing (NA12878: FORMAT GT only; gVCF: GT:GQ:DP:AD…, blocks, multi-allelics)', () => {
    for (const [file, vcf] of [[NA12878, na12878], [GVCF, gvcf]] as const) {
      const [alone, inPlace] = bothWays(file, vcf.header, vcf.records.slice(0, 3000));
      expect(inPlace.stats).toEqual(alone.stats);
      expect(variantRows(inPlace.batch)).toEqual(variantRows(alone.batch));
      expect(inPlace.batch.strings).toEqual(alone.batch.strings);
      expect(Array.from(inPlace.batch.blocks.start.subarray(0, inPlace.batch.blocks.count))).toEqual(
        Array.from(alone.batch.blocks.start.subarray(0, alone.batch.blocks.count)),
      );
      expect(variantRows(inPlace.batch).length + inPlace.batch.blocks.count).toBeGreaterThan(250);
    }
  });

  it('reads a repeated GT the same whether the record has one ALT or several (the GT cache is keyed by the text only)', () => {
    const f = na12878.records[0].split('\t');
    const lines = [
      [...f.slice(0, 4), 'G', ...f.slice(5, 9), '1/2'],
      [...f.slice(0, 4), 'G,T', ...f.slice(5, 9), '1/2'],
      [...f.slice(0, 4), 'G', ...f.slice(5, 9), '1/2'],
      [...f.slice(0, 4), 'G,T', ...f.slice(5, 9), '0|1'],
      [...f.slice(0, 4), 'G', ...f.slice(5, 9), '0|1'],
    ].map((c) => c.join('\t'));
    const p = parserFor(NA12878, na12878.header);
    lines.forEach((l, i) => p.parse(l, i + 1));
    const rows = variantRows(p.take());
    // bcftools norm -m-any: an index beyond ALT stays in the one-ALT GT but reads as REF for zygosity.
    expect(rows.map((r) => [r.alt, r.gt, r.zygosity])).toEqual([
      ['G', '1/2', ZYG.het],
      ['G', '1/0', ZYG.het],
      ['T', '0/1', ZYG.het],
      ['G', '1/2', ZYG.het],
      ['G', '0|1', ZYG.het],
      ['T', '0|0', ZYG.homRef],
      ['G', '0|1', ZYG.het],
    ]);
    expect(JSON.parse(rows[1].original as string).gt).toBe('1/2');
  });

  it('refuses a GT-only sample with an extra field as before (the GT-only scan is not used for it)', () => {
    const line = withField(na12878.records[0], 10, '0/1:7');
    const p = parserFor(NA12878, na12878.header);
    p.parse(line, 3);
    expect(variantRows(p.take())[0].gt).toBe('0/1');
  });

  it('QUAL: the in-place check accepts exactly what the FLOAT pattern does', () => {
    const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
    const samples = ['0', '12', '-1', '+3', '1.', '.5', '+.5', '1.25', '1e5', '1E-5', '2.5e+10', '1e400', '.', '', '-', '+', 'e5', '1e', '1e+', '1..2', '1.2.3', '0x10', ' 1', '1 ', 'inf', 'NaN', '1,5', '١'];
    for (const s of samples) expect([s, isFloatIn(`;${s};`, 1, 1 + s.length)]).toEqual([s, FLOAT.test(s)]);
    const p = parserFor(NA12878, na12878.header);
    ['7.5', '1e400', 'inf', '.'].forEach((q, i) => p.parse(withField(na12878.records[0], 6, q), i + 1));
    expect(variantRows(p.take()).map((r) => r.qual)).toEqual([7.5, Infinity, null, null]);
  });
});
