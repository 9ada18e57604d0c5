// Reading files: plain, bgzipped (multi-member gzip), CRLF; refusing what is not a text VCF; and
// header errors naming line and column. Inputs are shared-data files or copies changed in one way.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StripeReader, identifyVcfFile, readLines, sha256File, stripeTexts } from '../../../electron/main/services/vcf/vcf-file.ts';
import { readSamples } from '../../../electron/main/services/vcf/read-samples.ts';
import { AppError } from '../../../shared/errors.ts';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const VCF = path.join(SHARED_DATA, 'vcf');
const { dir, cleanup } = makeTempDir('genodesk-vcf-file-');
afterAll(cleanup);

async function allLines(file: string): Promise<string[]> {
  const kind = await identifyVcfFile(file);
  const out: string[] = [];
  for await (const c of readLines(file, kind.container)) {
    expect(c.firstLine).toBe(out.length + 1);
    out.push(...c.lines);
  }
  return out;
}

async function appError(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('readLines', () => {
  it('reads every member of a bgzipped file (NA12878 chr21: as gzip -dc does)', async () => {
    const file = path.join(VCF, 'platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz');
    const expected = execFileSync('gzip', ['-dc', file], { maxBuffer: 1 << 28 }).toString('utf8').split('\n');
    if (expected[expected.length - 1] === '') expected.pop();
    const lines = await allLines(file);
    expect(lines.length).toBe(expected.length);
    expect(lines).toEqual(expected);
  });

  it('reads CRLF line endings as LF (a CRLF copy of Ensembl VEP test_not_ordered.vcf)', async () => {
    const lf = path.join(VCF, 'ensembl-vep/input/test_not_ordered.vcf');
    const crlf = path.join(dir, 'crlf.vcf');
    fs.writeFileSync(crlf, fs.readFileSync(lf, 'utf8').replace(/\n/g, '\r\n'));
    expect(await allLines(crlf)).toEqual(await allLines(lf));
  });

  it('hashes files as sha256sum does', async () => {
    const file = path.join(VCF, 'cyvcf2-tests/test.vcf.gz');
    const expected = execFileSync('sha256sum', [file]).toString().split(' ')[0];
    expect(await sha256File(file)).toBe(expected);
  });
});

describe('identifyVcfFile', () => {
  it.each(['cyvcf2-tests/multi-contig.bcf', 'pharmcat-preprocessor-tests/raw.bcf', 'pharmcat-preprocessor-tests/raw.bcf.bgzf'])(
    'refuses BCF %s and says how to convert it',
    async (rel) => {
      const e = await appError(identifyVcfFile(path.join(VCF, rel)));
      expect(e.code).toBe('vcf/unsupported-format');
      expect(e.message).toContain(`bcftools view -Oz -o out.vcf.gz ${path.basename(rel)}`);
    },
  );

  it('says vcf/empty for an empty file (cyvcf2 empty.vcf)', async () => {
    expect((await appError(identifyVcfFile(path.join(VCF, 'cyvcf2-tests/empty.vcf')))).code).toBe('vcf/empty');
  });

  it('says vcf/file-not-found for a missing file or a folder', async () => {
    expect((await appError(identifyVcfFile(path.join(dir, 'nope.vcf')))).code).toBe('vcf/file-not-found');
    expect((await appError(identifyVcfFile(dir))).code).toBe('vcf/file-not-found');
  });

  it('refuses a binary file that is not gzip', async () => {
    const file = path.join(dir, 'index.tbi');
    fs.writeFileSync(file, zlibInflated(path.join(VCF, 'platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz.tbi')));
    expect((await appError(identifyVcfFile(file))).code).toBe('vcf/unsupported-format');
  });
});

function zlibInflated(file: string): Buffer {
  return execFileSync('gzip', ['-dc', file]);
}

describe('header errors (via readSamples)', () => {
  it('a stray tab after the last sample name (cyvcf2 test-invalid-header.vcf): line 2, column 11', async () => {
    const file = path.join(VCF, 'cyvcf2-tests/test-invalid-header.vcf');
    const e = await appError(readSamples(file));
    expect(e.code).toBe('vcf/bad-header');
    expect(e.details).toMatchObject({ file, line: 2, column: 11 });
    expect(e.message).toMatch(/test-invalid-header\.vcf line 2, column 11: expected a sample name/);
  });

  it('no ##fileformat line (Ensembl VEP windows.vcf): line 1, column 1', async () => {
    const file = path.join(VCF, 'ensembl-vep/input/windows.vcf');
    const e = await appError(readSamples(file));
    expect(e.code).toBe('vcf/bad-header');
    expect(e.details).toMatchObject({ file, line: 1, column: 1 });
  });

  it('a sample named twice', async () => {
    const src = fs.readFileSync(path.join(VCF, 'htslib-tests/tabix/vcf_file.vcf'), 'utf8');
    const file = path.join(dir, 'dup.vcf');
    fs.writeFileSync(file, src.replace(/^(#CHROM.*\tA)\tB$/m, '$1\tA'));
    const e = await appError(readSamples(file));
    expect(e.code).toBe('vcf/bad-header');
    expect(e.details.column).toBe(11);
  });

  it('lists the samples of a multi-sample file in column order', async () => {
    const file = path.join(VCF, 'htslib-tests/tabix/vcf_file.vcf');
    const chromLine = fs.readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith('#CHROM')) as string;
    expect((await readSamples(file)).samples).toEqual(chromLine.split('\t').slice(9));
  });
});

describe('StripeReader', () => {
  const files = ['platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz', 'cyvcf2-tests/test-haploidX.vcf'];
  for (const name of files) {
    for (const [lines, bytes] of [
      [2048, 1 << 20],
      [37, 1 << 20],
      [1_000_000, 3000],
      [50, 4096],
    ] as const) {
      it(`${name}: stripes of ${lines} lines or ${bytes} bytes hold every data line once, in order, with their line numbers`, async () => {
        const file = path.join(VCF, name);
        const kind = await identifyVcfFile(file);
        const all = execFileSync('gzip', ['-dcf', file], { maxBuffer: 1 << 28 }).toString('latin1');
        const allLines = all.split('\n');
        const headerLines = allLines.findIndex((l) => !l.startsWith('#'));
        const dataText = allLines.slice(headerLines).join('\n');
        let joined = '';
        let linesBefore = 0;
        let stripes = 0;
        for await (const s of new StripeReader(file, kind.container, headerLines, lines, bytes).stripes()) {
          expect(s.stripe).toBe(stripes++);
          const text = Buffer.from(s.data).toString('latin1');
          // Line number of the stripe's first line = header + lines before it + 1.
          expect(s.firstLine).toBe(headerLines + linesBefore + 1);
          expect(allLines[s.firstLine - 1]).toBe(text.slice(0, text.indexOf('\n')));
          const count = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
          expect(count).toBeLessThanOrEqual(lines);
          // Cut at the end of the first line that reaches the byte cap: without its last line it is below it.
          const withoutLast = text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1);
          expect(withoutLast.length).toBeLessThan(bytes);
          joined += text;
          linesBefore += count;
        }
        expect(joined).toBe(dataText);
        expect(stripes).toBeGreaterThan(lines === 2048 ? 0 : 5);
      });
    }
  }
});

describe('stripeTexts', () => {
  const cases: [string, string][] = [
    ['ASCII lines', 'chr1\t1\t.\tA\tG\n'.repeat(40)],
    ['CRLF lines', 'chr1\t1\t.\tA\tG\r\n'.repeat(40)],
    ['UTF-8 (a sample ID with é) and no final newline', 'chr1\t1\tsé\tA\tG\n'.repeat(40).slice(0, -1)],
    ['a line longer than a piece', `short\n${'x'.repeat(300)}\nshort\n`],
  ];
  for (const [name, text] of cases) {
    it(`${name}: pieces of whole lines that decode to the text`, () => {
      const data = new Uint8Array(Buffer.from(text, 'utf8'));
      const pieces = [...stripeTexts(data, 64)];
      expect(pieces.join('')).toBe(text);
      expect(pieces.length).toBeGreaterThan(2);
      for (const p of pieces.slice(0, -1)) expect(p.endsWith('\n')).toBe(true);
      // Below the piece size unless one line is longer.
      for (const p of pieces) if (p.length > 64) expect(p.indexOf('\n')).toBe(p.length - 1);
    });
  }
});
