// Bad input gets a specific error or warning, never a confident wrong call.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { runPgxFromVcf } from '../../../electron/main/services/pgx/pgx-engine.ts';
import { EXAMPLE_VCF } from './pharmcat-agreement.ts';

const PG = path.join(SHARED_DATA, 'vcf', 'platinum-genomes-NA12878');
const tmp = makeTempDir('genodesk-pgx-bad-');
afterAll(() => tmp.cleanup());

describe('bad input', () => {
  it('refuses a GRCh37 file with pgx/unsupported-build (Platinum Genomes NA12878 chr21, hg19)', async () => {
    await expect(runPgxFromVcf(path.join(PG, 'PG_NA12878_chr21.vcf.gz'))).rejects.toMatchObject({ code: 'pgx/unsupported-build', details: { build: 'GRCh37' } });
  });

  it('a GRCh38 file with none of the PGx positions gets pgx/no-pgx-positions (NA12878 GRCh38 chr21)', async () => {
    await expect(runPgxFromVcf(path.join(PG, 'PG_NA12878_hg38-chr21.vcf.gz'))).rejects.toMatchObject({ code: 'pgx/no-pgx-positions' });
  });

  it('warns when the file does not state its build (PharmCAT example: contig assembly tags only is fine)', async () => {
    const r = await runPgxFromVcf(EXAMPLE_VCF);
    expect(r.warnings.map((w) => w.code)).not.toContain('build-assumed');
    const file = path.join(tmp.dir, 'no-build.vcf');
    fs.writeFileSync(file, fs.readFileSync(EXAMPLE_VCF, 'utf8').split('\n').filter((l) => !l.startsWith('##contig')).join('\n'));
    const noBuild = await runPgxFromVcf(file);
    expect(noBuild.warnings.map((w) => w.code)).toContain('build-assumed');
  });

  it('an empty file, a missing file and a file without samples each get their own error', async () => {
    await expect(runPgxFromVcf(path.join(SHARED_DATA, 'vcf', 'cyvcf2-tests', 'empty.vcf'))).rejects.toMatchObject({ code: 'vcf/empty' });
    await expect(runPgxFromVcf(path.join(SHARED_DATA, 'nope.vcf'))).rejects.toMatchObject({ code: 'vcf/file-not-found' });
    const file = path.join(tmp.dir, 'no-samples.vcf');
    fs.writeFileSync(file, fs.readFileSync(EXAMPLE_VCF, 'utf8').split('\n').map((l) => l.split('\t').slice(0, 8).join('\t')).join('\n'));
    await expect(runPgxFromVcf(file)).rejects.toMatchObject({ code: 'vcf/bad-header' });
  });

  it('a partial genotype or an undocumented ALT makes the gene not called, with the reason', async () => {
    // PharmCAT test resources: TPMT unexpected allele (TPMT reads undocumented ALTs as reference)
    const r = await runPgxFromVcf(path.join(SHARED_DATA, 'pgx', 'pharmcat', 'test-resources', 'haplotype', 'TPMT', 'unexpected.allele.vcf'));
    const tpmt = r.genes.find((g) => g.gene === 'TPMT')!;
    expect(tpmt.positionsWithUndocumentedVariations.length).toBeGreaterThan(0);
    expect(tpmt.warnings.some((w) => w.code === 'undocumented-variation' && /read as reference/.test(w.message))).toBe(true);
  });

  it('missing positions are listed and never assumed reference', async () => {
    const r = await runPgxFromVcf(path.join(SHARED_DATA, 'pgx', 'pharmcat', 'test-resources', 'haplotype', 'cyp3a5', 's1s1rs776746missing.vcf'));
    const g = r.genes.find((x) => x.gene === 'CYP3A5')!;
    expect(g.missingPositions.map((p) => p.rsid)).toContain('rs776746');
    expect(g.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['missing-positions', 'CYP3A5 *3 missing']));
  });
});
