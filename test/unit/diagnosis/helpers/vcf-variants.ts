// Test-only reader: VCF records → the ranking's variant input (GT, FILTER, GQ, DP, PS), split per ALT and
// trimmed with the import's own normalisation. The app reads variants from the store instead.
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { CandidateVariantInput, Zygosity } from '../../../../shared/schemas/diagnosis.ts';
import { normaliseChrom, trimAllele } from '../../../../electron/main/services/vcf/normalise-allele.ts';

export function readVcfText(file: string): string {
  const bytes = fs.readFileSync(file);
  return (file.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes).toString('utf8');
}

function zygosityOf(gt: string | null, altIndex: number): Zygosity {
  if (!gt) return 'unknown';
  const alleles = gt.split(/[|/]/);
  if (alleles.some((a) => a === '.')) return 'unknown';
  const mine = alleles.filter((a) => a === String(altIndex)).length;
  if (mine === 0) return 'reference';
  if (alleles.length === 1) return 'hemizygous';
  return mine === alleles.length ? 'homozygous' : 'heterozygous';
}

export function vcfToVariants(text: string, sampleIndex = 0): CandidateVariantInput[] {
  const out: CandidateVariantInput[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split('\t');
    const [chrom, pos, , ref, altField, , filter] = f;
    const format = f[8]?.split(':') ?? [];
    const sample = f[9 + sampleIndex]?.split(':') ?? [];
    const field = (name: string): string | null => {
      const i = format.indexOf(name);
      return i >= 0 && sample[i] !== undefined && sample[i] !== '.' ? sample[i] : null;
    };
    const gt = field('GT');
    const num = (name: string) => {
      const v = field(name);
      return v === null ? null : Number(v);
    };
    altField.split(',').forEach((alt, i) => {
      const t = trimAllele(Number(pos), ref, alt);
      out.push({
        chrom: normaliseChrom(chrom),
        pos: t.pos,
        ref: t.ref,
        alt: t.alt,
        genotype: gt,
        altIndex: i + 1,
        zygosity: zygosityOf(gt, i + 1),
        phased: gt !== null && gt.includes('|'),
        ps: field('PS'),
        filter,
        gq: num('GQ'),
        dp: num('DP'),
        consequences: [],
        clinvar: null,
      });
    });
  }
  return out;
}
