// Real-world inputs: un-normalised VCFs (PharmCAT's preprocessor test pair), multi-sample files, chr
// naming, multi-allelic sites and indels at PGx positions, gVCF reference blocks, and the store route.
// Expected calls come from PharmCAT files: its preprocessor's own output for the same samples, its
// example files and documentation, and its allele definition tables.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { runPgx, runPgxFromVcf } from '../../../electron/main/services/pgx/pgx-engine.ts';
import { genotypeSourceFromRecords, type VcfRecordGenotype } from '../../../electron/main/services/pgx/genotype-source.ts';
import { defaultPgxData } from '../../../electron/main/services/pgx/pgx-data.ts';
import type { PgxResult } from '../../../shared/schemas/pgx.ts';
import { EXAMPLE_VCF, PHARMCAT } from './pharmcat-agreement.ts';

const PRE = path.join(SHARED_DATA, 'vcf', 'pharmcat-preprocessor-tests');
const tmp = makeTempDir('genodesk-pgx-');
afterAll(() => tmp.cleanup());

function calls(r: PgxResult): Record<string, string> {
  return Object.fromEntries(r.genes.map((g) => [g.gene, g.haplotypes.length ? `[${g.haplotypes.join(', ')}]` : g.diplotypes.join(' | ')]));
}

/** A tiny VCF reader for the store-route test: one record per line, GT of one sample, nothing normalised. */
function recordsOf(file: string, sample: string): VcfRecordGenotype[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const header = lines.find((l) => l.startsWith('#CHROM'))!.split('\t');
  const col = header.indexOf(sample);
  return lines.filter((l) => l && !l.startsWith('#')).map((l) => {
    const f = l.split('\t');
    const fmt = f[8].split(':');
    const vals = f[col].split(':');
    const gt = vals[fmt.indexOf('GT')];
    return {
      chrom: f[0],
      pos: Number(f[1]),
      ref: f[3],
      alts: f[4] === '.' ? [] : f[4].split(','),
      gt: gt.split(/[|/]/).map((x) => (x === '.' ? null : Number(x))),
      phased: gt.includes('|'),
      ps: null,
    };
  });
}

describe('un-normalised input gives the same calls as PharmCAT-preprocessed input', () => {
  // raw.vcf: no "chr" prefix, split multi-allelic records, indels not left-aligned (UGT1A1 TA repeat
  // written three ways, CYP2C9/DPYD/RYR1 deletions shifted right, NUDT15 *14 insertion one base right).
  // raw.preprocessed.vcf is PharmCAT's own preprocessor output for the same two samples.
  for (const sample of ['Sample_1', 'Sample_2']) {
    it(`${sample}: raw.vcf = raw.preprocessed.vcf`, async () => {
      const raw = await runPgxFromVcf(path.join(PRE, 'raw.vcf'), { sample });
      const pre = await runPgxFromVcf(path.join(PRE, 'raw.preprocessed.vcf'), { sample });
      expect(calls(raw)).toEqual(calls(pre));
      // the indels and repeats really were read, not dropped as missing
      const ugt = raw.genes.find((g) => g.gene === 'UGT1A1')!;
      expect(ugt.variants.find((v) => v.pos === 233760233)?.call).toMatch(/CATAT|CATATAT|^C\//);
    });
  }

  it('Sample_1 from raw.vcf matches PharmCAT Sample_1.match.json where the data has not changed since', async () => {
    const expected = JSON.parse(fs.readFileSync(path.join(PHARMCAT, 'test-resources', 'Sample_1.match.json'), 'utf8')) as { results: { gene: string; diplotypes: { name: string }[] }[] };
    const r = await runPgxFromVcf(path.join(PRE, 'raw.vcf'), { sample: 'Sample_1' });
    const got = calls(r);
    for (const e of expected.results) {
      // DPYD and RYR1 are "lowest-function" genes in current PharmCAT: unphased data lists variants
      if (e.gene === 'DPYD' || e.gene === 'RYR1') continue;
      expect(got[e.gene] ?? '', e.gene).toBe(e.diplotypes.map((d) => d.name).join(' | '));
    }
    expect(got.DPYD).toBe('[c.295_298delTCAT (*7), c.1898delC (*3)]');
    expect(got.RYR1).toBe('[c.1021G>A, c.7042_7044delGAG]');
  });

  it('reads the same genotypes through the store route (records in original representation)', async () => {
    const fromFile = await runPgxFromVcf(path.join(PRE, 'raw.vcf'), { sample: 'Sample_2' });
    const source = genotypeSourceFromRecords(recordsOf(path.join(PRE, 'raw.vcf'), 'Sample_2'), [], 'GRCh38');
    expect(calls(runPgx({ source }))).toEqual(calls(fromFile));
  });
});

describe('multi-allelic NUDT15 site (48037782: *6 insertion, *9 deletion)', async () => {
  const def = defaultPgxData().definition('NUDT15');
  const idx = def.variants.findIndex((v) => v.position === 48037782);
  const locus = def.variants[idx];
  const [ins, del] = [locus.alts.find((a) => a.length > locus.ref.length)!, locus.alts.find((a) => a.length < locus.ref.length)!];
  const alleleWith = (alt: string) => def.namedAlleles.find((n) => n.alleles[idx] === alt && n.alleles.filter((a) => a !== null).length === 1)!.name;
  const expected = [alleleWith(ins), alleleWith(del)].sort().join('/');

  function vcfWith(lines: string[]): string {
    const text = fs.readFileSync(EXAMPLE_VCF, 'utf8').split('\n').filter((l) => !(l.startsWith('chr13\t48037782\t')));
    const at = text.findIndex((l) => l.startsWith('chr13\t') && Number(l.split('\t')[1]) > 48037782);
    text.splice(at, 0, ...lines);
    const file = path.join(tmp.dir, `nudt15-${Math.random().toString(36).slice(2)}.vcf`);
    fs.writeFileSync(file, text.join('\n'));
    return file;
  }
  const row = (ref: string, alt: string, gt: string) => `chr13\t48037782\t.\t${ref}\t${alt}\t.\tPASS\t.\tGT\t${gt}`;

  it(`one multi-allelic record, GT 1/2 → ${expected}`, async () => {
    const r = await runPgxFromVcf(vcfWith([row(locus.ref, `${ins},${del}`, '1/2')]));
    expect(r.genes.find((g) => g.gene === 'NUDT15')?.diplotypes).toEqual([expected]);
  });
  it(`split into two records (bcftools norm -m-) → ${expected}`, async () => {
    const r = await runPgxFromVcf(vcfWith([row(locus.ref, ins, '1/0'), row(locus.ref, del, '0/1')]));
    expect(r.genes.find((g) => g.gene === 'NUDT15')?.diplotypes).toEqual([expected]);
  });
  it(`minimal representation of the insertion (A>AGGAGTC) plus the deletion → ${expected}`, async () => {
    const r = await runPgxFromVcf(vcfWith([row('A', 'AGGAGTC', '0/1'), row(locus.ref, del, '1/0')]));
    expect(r.genes.find((g) => g.gene === 'NUDT15')?.diplotypes).toEqual([expected]);
  });
});

describe('multi-sample files and chromosome naming', () => {
  const multi = path.join(PHARMCAT, 'examples', 'multisample.vcf');
  it('refuses to guess the sample', async () => {
    await expect(runPgxFromVcf(multi)).rejects.toMatchObject({ code: 'vcf/sample-required' });
    await expect(runPgxFromVcf(multi, { sample: 'nobody' })).rejects.toMatchObject({ code: 'vcf/sample-not-found' });
  });
  it('Sample_2 is PharmCAT example 2: CYP2C19 *2/*2 and CYP2B6 *1/*6 (examples/index.md)', async () => {
    const r = await runPgxFromVcf(multi, { sample: 'Sample_2' });
    expect(calls(r).CYP2C19).toBe('*2/*2');
    expect(calls(r).CYP2B6).toBe('*1/*6');
  });
  it('Sample_1 is the all-reference example (.match.json)', async () => {
    const expected = JSON.parse(fs.readFileSync(path.join(PHARMCAT, 'examples', 'pharmcat.example.match.json'), 'utf8')) as { results: { gene: string; diplotypes: { name: string }[] }[] };
    const got = calls(await runPgxFromVcf(multi, { sample: 'Sample_1' }));
    for (const e of expected.results) expect(got[e.gene], e.gene).toBe(e.diplotypes.map((d) => d.name).join(' | '));
  });
  it('reads "1"-style chromosome names (raw.vcf has no chr prefix)', async () => {
    const r = await runPgxFromVcf(path.join(PRE, 'raw.vcf'), { sample: 'Sample_1' });
    expect(r.genes.find((g) => g.gene === 'CYP2C9')?.diplotypes).toEqual(['*1/*25']);
  });
});

describe('gVCF reference blocks', () => {
  it('reads SNV positions inside a hom-ref block as reference, and says so; indel positions stay missing', async () => {
    // PharmCAT's example with every CYP2C19 and UGT1A1 record replaced by one <NON_REF> block each
    const lines = fs.readFileSync(EXAMPLE_VCF, 'utf8').split('\n');
    const header = lines.filter((l) => l.startsWith('#'));
    const data = lines.filter((l) => l && !l.startsWith('#'));
    const blockFor = (chrom: string, from: number, to: number) => `${chrom}\t${from}\t.\tN\t<NON_REF>\t.\t.\tEND=${to}\tGT\t0/0`;
    const inRange = (l: string, chrom: string, from: number, to: number) => l.split('\t')[0] === chrom && Number(l.split('\t')[1]) >= from && Number(l.split('\t')[1]) <= to;
    const kept = data.filter((l) => !inRange(l, 'chr10', 94760000, 94860000) && !inRange(l, 'chr2', 233750000, 233770000));
    const gvcf = [...header, ...kept, blockFor('chr10', 94760000, 94860000), blockFor('chr2', 233750000, 233770000)]
      .sort((a, b) => (a.startsWith('#') ? -1 : b.startsWith('#') ? 1 : 0));
    const file = path.join(tmp.dir, 'example.g.vcf');
    fs.writeFileSync(file, gvcf.join('\n'));
    const r = await runPgxFromVcf(file);
    const cyp2c19 = r.genes.find((g) => g.gene === 'CYP2C19')!;
    expect(cyp2c19.diplotypes).toEqual(['*38/*38']); // as in the example's .match.json
    expect(cyp2c19.referenceBlockPositions.length).toBeGreaterThan(30);
    expect(cyp2c19.warnings.map((w) => w.code)).toContain('reference-block');
    const ugt = r.genes.find((g) => g.gene === 'UGT1A1')!;
    expect(ugt.missingPositions.map((p) => p.pos)).toContain(233760233); // the TA repeat
    expect(ugt.warnings.some((w) => w.code === 'reference-block-indel')).toBe(true);
  });
});
