// `genodesk prioritise --vcf FILE --ped FILE --proband ID` (CLI.md): per-variant segregation in the JSON, on a
// copy of the real GIAB Ashkenazi trio whose bcftools csq (BCSQ) consequences are rewritten as snpEff ANN (the
// prioritise reader takes VEP CSQ or snpEff ANN), with a planted de novo stop-gain in the son.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ASHK_PED, plantIntoAshkTrio } from '../../helpers/family-vcf.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const { dir, cleanup } = makeTempDir();
afterAll(() => cleanup());

const SO: Record<string, string> = { missense: 'missense_variant', synonymous: 'synonymous_variant', frameshift: 'frameshift_variant', stop_gained: 'stop_gained' };

/** BCSQ=missense|GENE|… → ANN=ALT|missense_variant|MODERATE|GENE|… (coding consequences only). */
function withAnn(file: string): string {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out = lines.map((l) => {
    if (l.startsWith('#CHROM')) return '##INFO=<ID=ANN,Number=.,Type=String,Description="Functional annotations: \'Allele | Annotation | Annotation_Impact | Gene_Name | Gene_ID | Feature_Type | Feature_ID | Transcript_BioType | Rank | HGVS.c | HGVS.p\'">\n' + l;
    if (l.startsWith('#') || !l) return l;
    const cols = l.split('\t');
    const m = /BCSQ=([a-z_]+)\|([^|;]+)/.exec(cols[7]);
    if (!m || !SO[m[1]]) return l;
    const impact = m[1] === 'synonymous' ? 'LOW' : m[1] === 'missense' ? 'MODERATE' : 'HIGH';
    cols[7] += `;ANN=${cols[4].split(',')[0]}|${SO[m[1]]}|${impact}|${m[2]}|${m[2]}|transcript|T1|protein_coding|1/1|c.1A>T|p.X`;
    return cols.join('\t');
  });
  const target = file.replace(/\.vcf$/, '.ann.vcf');
  fs.writeFileSync(target, out.join('\n'));
  return target;
}

describe('prioritise --ped --proband', () => {
  it('gives each ranked variant its segregation and the family reasons', () => {
    // A de novo stop-gain in NOTCH2 (chr1), well covered in both parents.
    const planted = plantIntoAshkTrio(dir, 'denovo', [
      { chrom: '1', pos: 120_500_000, ref: 'C', alt: 'T', gene: 'NOTCH2', son: '0/1:20,21:41:99', father: '0/0:38,0:38:99', mother: '0/0:40,0:40:99' },
    ]);
    const text = fs.readFileSync(planted, 'utf8').replace('BCSQ=missense|NOTCH2|ENST_PLANTED', 'BCSQ=stop_gained|NOTCH2|ENST_PLANTED');
    fs.writeFileSync(planted, text);
    const annotated = withAnn(planted);
    const r = spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, 'bin/genodesk.js'), 'prioritise', '--hpo', 'HP:0001250', '--vcf', annotated, '--sample', 'HG002', '--ped', ASHK_PED, '--proband', 'HG002', '--limit', '500'],
      { env: { ...process.env, GENODESK_DATA_DIR: path.join(dir, 'data'), GENODESK_DB_KEY: 'k' }, encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    const json = JSON.parse(r.stdout);
    expect(r.status, r.stdout.slice(0, 500)).toBe(0);
    const variants = json.genes.flatMap((g: { variants: { pos: number; segregation: string; why: string[] }[] }) => g.variants);
    expect(variants.length).toBeGreaterThan(0);
    const segregations = new Set(variants.map((v: { segregation: string }) => v.segregation));
    expect([...segregations].every((s) => ['de_novo', 'maternal', 'paternal', 'both_parents', 'unknown'].includes(s as string))).toBe(true);
    const denovo = variants.find((v: { pos: number }) => v.pos === 120_500_000);
    expect(denovo?.segregation).toBe('de_novo');
    expect(denovo?.why.join(' ')).toContain('Family: de novo');
    // Inherited variants are told apart from de novo ones.
    expect(segregations.has('maternal') || segregations.has('paternal') || segregations.has('both_parents')).toBe(true);

    // A PED whose mother has no column in the VCF is refused with the PED line.
    const ped = path.join(dir, 'no-mother.ped');
    fs.writeFileSync(ped, 'ash HG002 HG003 MUM 1 2\nash HG003 0 0 1 1\nash MUM 0 0 2 1\n');
    const bad = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/genodesk.js'), 'prioritise', '--hpo', 'HP:0001250', '--vcf', annotated, '--sample', 'HG002', '--ped', ped, '--proband', 'HG002'], {
      env: { ...process.env, GENODESK_DATA_DIR: path.join(dir, 'data'), GENODESK_DB_KEY: 'k' },
      encoding: 'utf8',
    });
    expect(JSON.parse(bad.stdout).error).toMatchObject({ code: 'family/sample-missing-from-vcf', details: { line: 3, role: 'mother' } });
  });
});
