// `annotate --vcf --gff3 --fasta` end to end on real files: the NA12878 GRCh38 chr21 Platinum calls
// against the shipped demo packs; bad input (wrong build, REF contradicting the FASTA) refused as the
// issue requires.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { RESOURCES, SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { annotateVcfFile } from '../../../electron/main/services/annotation/annotate-vcf-file.ts';
import { annotatedVariantSchema } from '../../../shared/schemas/annotation.ts';
import type { AnnotatedVariant } from '../../../shared/schemas/annotation.ts';
import type { AppError } from '../../../shared/errors.ts';

const DEMO = path.join(RESOURCES, 'packs', 'grch38-chr21-ensembl84-demo');
const CLINVAR_PACK = path.join(RESOURCES, 'packs', 'clinvar-20211025-grch38-testset');
const NA12878_38 = path.join(SHARED_DATA, 'vcf', 'platinum-genomes-NA12878', 'PG_NA12878_hg38-chr21.vcf.gz');
const NA12878_37 = path.join(SHARED_DATA, 'vcf', 'platinum-genomes-NA12878', 'PG_NA12878_chr21.vcf.gz');
const GFF = path.join(DEMO, 'transcripts.gff3.gz');
const FASTA = path.join(DEMO, 'GRCh38_chr21_Npadded.fa.gz');
const tmp = makeTempDir('genodesk-annotate-');
afterAll(() => tmp.cleanup());

describe('annotateVcfFile', () => {
  it('annotates every NA12878 chr21 allele against the demo packs, each result valid per the schema', async () => {
    const all: AnnotatedVariant[] = [];
    const r = await annotateVcfFile({ vcf: NA12878_38, packs: { transcripts: DEMO, clinvar: CLINVAR_PACK }, onVariant: (v) => all.push(v) });
    expect(r.summary.records).toBe(65370); // PROVENANCE.md: 65,370 records
    expect(r.summary.alleles).toBe(all.length);
    expect(r.summary.referenceMismatches).toBe(0);
    expect(r.summary.inTranscripts).toBeGreaterThan(500);
    expect(r.summary.packs.map((p) => p.id)).toEqual(['grch38-chr21-ensembl84-demo', 'clinvar-20211025-grch38-testset']);
    for (const v of all) annotatedVariantSchema.parse(v);
    const coding = all.filter((v) => v.consequences.some((c) => c.hgvsp));
    expect(coding.length).toBeGreaterThan(0);
    for (const v of coding) for (const c of v.consequences.filter((x) => x.hgvsp)) expect(c.hgvsp).toMatch(/:p\.(\(.+\)|Met1\?)$/);
  });

  it('gives the same JSON from files (CLI one-off run) as from installed packs', async () => {
    const fromFiles = await annotateVcfFile({ vcf: NA12878_38, gff3: GFF, fasta: FASTA });
    const fromPacks = await annotateVcfFile({ vcf: NA12878_38, packs: { transcripts: DEMO } });
    expect(fromFiles.variants).toEqual(fromPacks.variants);
  });

  it('refuses a GRCh37 VCF against GRCh38 packs (annotate/build-mismatch)', async () => {
    const e = await annotateVcfFile({ vcf: NA12878_37, packs: { transcripts: DEMO } }).catch((x: AppError) => x);
    expect((e as AppError).code).toBe('annotate/build-mismatch');
    expect((e as AppError).details).toMatchObject({ vcfBuild: 'GRCh37', packBuild: 'GRCh38' });
  });

  it('counts and refuses to annotate alleles whose REF contradicts the FASTA', async () => {
    const lines = zlib.gunzipSync(fs.readFileSync(NA12878_38)).toString().split('\n');
    const header = lines.filter((l) => l.startsWith('#'));
    const body = lines.filter((l) => l && !l.startsWith('#') && /\t2560\d{4}\t/.test(l)).slice(0, 40);
    const flip: Record<string, string> = { A: 'C', C: 'G', G: 'T', T: 'A' };
    const altered = body.map((l, i) => {
      if (i % 4 !== 0) return l;
      const f = l.split('\t');
      if (f[3].length !== 1) return l;
      f[3] = flip[f[3]];
      if (f[4] === f[3]) f[4] = flip[f[3]];
      return f.join('\t');
    });
    const wrong = altered.filter((l, i) => l !== body[i]).length;
    const vcf = path.join(tmp.dir, 'wrong-ref.vcf');
    fs.writeFileSync(vcf, [...header, ...altered].join('\n'));
    const r = await annotateVcfFile({ vcf, packs: { transcripts: DEMO } });
    expect(wrong).toBeGreaterThan(5);
    expect(r.summary.referenceMismatches).toBe(wrong);
    const refused = (r.variants ?? []).filter((v) => v.error);
    expect(refused).toHaveLength(wrong);
    for (const v of refused) {
      expect(v.error?.code).toBe('annotate/reference-mismatch');
      expect(v.consequences).toEqual([]);
    }
  });

  it('carries VEP CSQ already in the VCF, with tool and version', async () => {
    // Its records are on chr1, outside the demo pack: the tool annotations are still carried through.
    const file = path.join(SHARED_DATA, 'annotation-truth', 'vep-csq-vcf', 'split-vep.select-tr-expr.vcf');
    const r = await annotateVcfFile({ vcf: file, gff3: GFF, fasta: FASTA });
    const v = (r.variants ?? [])[0];
    expect(v.vcfAnnotations?.[0]).toMatchObject({ tool: 'VEP', version: 'v110', field: 'CSQ' });
    expect(v.vcfAnnotations?.[0].transcripts.length).toBeGreaterThan(0);
  });
});
