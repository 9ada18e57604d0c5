// ClinVar's on-disk table (clinvar-table.ts) answers every allele of a real ClinVar release exactly as the
// in-memory index did (significance, review stars, conditions, conflicts), and misses where it missed;
// a cut-short file is refused and leaves no table behind.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { rejection } from '../../helpers/rejection.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { loadClinVar } from '../../../electron/main/services/annotation/clinvar/clinvar-index.ts';
import { buildClinVarTable, openClinVarTable, CLINVAR_TABLE_FILE } from '../../../electron/main/services/annotation/clinvar/clinvar-table.ts';
import { readVcf } from '../../../electron/main/services/annotation/vcf/vcf-lines.ts';
import { normaliseVcfAllele } from '../../../electron/main/services/annotation/consequence/genomic-allele.ts';

const CLINVAR_VCF = path.join(SHARED_DATA, 'clinvar', 'clinvar_20211025_GRCh38_vep-testset.vcf.gz');
// NCBI's own format, and the MacArthur-lab normalised extract (its other INFO names).
const RELEASES = [CLINVAR_VCF, path.join(SHARED_DATA, 'clinvar', 'macarthur-lab_2018', 'clinvar_alleles.multi.b38.vcf.gz')];
const tmp = makeTempDir('genodesk-clinvar-table-');
afterAll(() => tmp.cleanup());

describe('ClinVar table', () => {
  it.each(RELEASES)('answers every allele of %s as the in-memory index does', async (vcf) => {
    const dir = path.join(tmp.dir, path.basename(vcf));
    fs.mkdirSync(dir);
    const built = await buildClinVarTable(vcf, dir);
    const memory = await loadClinVar(vcf, 'r');
    const table = openClinVarTable(path.join(dir, CLINVAR_TABLE_FILE), 'r');
    expect(built.records).toBeGreaterThanOrEqual(50);
    expect(table.size).toBe(built.records);
    let compared = 0;
    await readVcf(vcf, {
      onRecord: (r) => {
        for (const alt of r.alts) {
          const n = normaliseVcfAllele({ chrom: r.chrom, pos: r.pos, ref: r.ref, alt });
          expect(table.lookup(n.chrom, n.pos, n.ref, n.alt)).toEqual(memory.lookup(n.chrom, n.pos, n.ref, n.alt));
          // A neighbouring position and another ALT: absent from both.
          expect(table.lookup(n.chrom, n.pos + 1_000_000_000, n.ref, n.alt)).toBeUndefined();
          compared++;
        }
      },
    });
    expect(compared).toBe(built.records);
    table.close();
  });

  it('refuses a cut-short file and leaves no table', async () => {
    const dir = path.join(tmp.dir, 'cut');
    fs.mkdirSync(dir);
    const gz = fs.readFileSync(CLINVAR_VCF);
    const plain = zlib.gunzipSync(gz);
    const cut = path.join(tmp.dir, 'cut.vcf.gz');
    fs.writeFileSync(cut, zlib.gzipSync(plain).subarray(0, Math.floor(gz.length * 0.6)));
    const err = await rejection(buildClinVarTable(cut, dir));
    expect(err.message).toMatch(/truncated|damaged/);
    expect(fs.existsSync(path.join(dir, CLINVAR_TABLE_FILE))).toBe(false);
  });
});
