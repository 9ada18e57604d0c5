// The join of a stored variant row (issue 6) and its annotation (issue 7) into the ranking's input, on
// real VEP-annotated records; expected frequencies are what bcftools +split-vep extracts.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { candidateInputFromStore, zygosityFromRow } from '../../../electron/main/services/diagnosis/candidate-input.ts';
import { rankCandidates } from '../../../electron/main/services/diagnosis/rank-candidates.ts';
import { annotatedVariantSchema, type AnnotatedVariant } from '../../../shared/schemas/annotation.ts';
import { variantRowSchema, type VariantRow } from '../../../shared/schemas/vcf.ts';
import { csqEntries, csqFormat } from './helpers/vep-csq.ts';
import { readVcfText } from './helpers/vcf-variants.ts';

const VCF = path.join(SHARED_DATA, 'annotation-truth/vep-csq-vcf/split-vep.vcf.gz');
const POPS = ['AFR', 'AMR', 'ASJ', 'EAS', 'FIN', 'NFE', 'SAS'];

function rowsAndAnnotations(): { row: VariantRow; annotated: AnnotatedVariant }[] {
  const text = readVcfText(VCF);
  const format = csqFormat(text);
  const out: { row: VariantRow; annotated: AnnotatedVariant }[] = [];
  let i = 0;
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const f = line.split('\t');
    if (f[4].includes(',')) continue;
    const entries = csqEntries(f[7], format);
    const row = variantRowSchema.parse({
      id: `imp1:${i++}`, importId: 'imp1', chrom: f[0], pos: Number(f[1]), ref: f[3], alt: f[4], ids: [], genotype: null, zygosity: 'none',
      phased: false, phaseSet: null, filter: f[6], quality: Number(f[5]), genotypeQuality: null, depth: null, alleleDepths: null, info: {},
      genes: [...new Set(entries.map((e) => e.fields.SYMBOL).filter(Boolean))], original: null,
    });
    const annotated = annotatedVariantSchema.parse({
      chrom: f[0], pos: Number(f[1]), ref: f[3], alt: f[4], consequences: [], clinvar: null, mostSevereConsequence: null,
      vcfAnnotations: [
        {
          tool: 'VEP', version: null, field: 'CSQ',
          transcripts: entries.map((e) => ({
            allele: e.fields.Allele, gene: e.fields.SYMBOL || undefined, transcript: e.fields.Feature || undefined, terms: e.fields.Consequence.split('&'),
            impact: e.fields.IMPACT, hgvsc: e.fields.HGVSc || undefined, hgvsp: e.fields.HGVSp || undefined, fields: e.fields,
          })),
        },
      ],
    });
    out.push({ row, annotated });
  }
  return out;
}

describe('stored variant + annotation → ranking input', () => {
  const pairs = rowsAndAnnotations();

  it('takes the highest gnomAD frequency over the whole dataset and its populations, as bcftools split-vep reads them', () => {
    const cols = ['gnomAD_AF', ...POPS.map((p) => `gnomAD_${p}_AF`)];
    const out = execFileSync('bash', ['-c', `bcftools view -m2 -M2 '${VCF}' | bcftools +split-vep -d -f '%CHROM:%POS\\t${cols.map((c) => `%${c}`).join('\\t')}\\n'`], {
      encoding: 'utf8',
    });
    const expected = new Map<string, number>();
    for (const line of out.split('\n').filter(Boolean)) {
      const [site, ...values] = line.split('\t');
      for (const v of values) if (v !== '.') expected.set(site, Math.max(expected.get(site) ?? 0, Number(v)));
    }
    let compared = 0;
    for (const { row, annotated } of pairs) {
      const input = candidateInputFromStore(row, annotated);
      const max = Math.max(...(input.populationFrequencies ?? []).map((f) => f.af), -1);
      const want = expected.get(`${row.chrom}:${row.pos}`);
      expect(max === -1 ? undefined : max, `${row.chrom}:${row.pos}`).toBe(want);
      if (want !== undefined) compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('uses the VCF-borne consequences with their tool, and the import gene overlap when nothing else', () => {
    const withCsq = pairs.find((p) => p.annotated.vcfAnnotations![0].transcripts.some((t) => t.terms.includes('missense_variant')))!;
    const input = candidateInputFromStore(withCsq.row, withCsq.annotated);
    expect(input.consequences.some((c) => c.terms.includes('missense_variant') && c.source === 'VEP CSQ (in the VCF)')).toBe(true);
    const bare = candidateInputFromStore({ ...withCsq.row, genes: ['BRCA2'] }, null);
    expect(bare.consequences).toEqual([{ gene: 'BRCA2', transcript: null, terms: [], hgvsc: null, hgvsp: null, impact: null, source: 'import-gene-overlap' }]);
    const ranked = rankCandidates({ variants: [bare], panels: [], filters: { tier3Scope: 'all' } });
    expect(ranked.candidates[0].reasons.find((r) => r.kind === 'consequence')!.text).toMatch(/import's gene table places it in BRCA2/);
  });

  it('maps the import zygosity classes, never claiming a genotype a half call does not show', () => {
    expect(['het', 'hom-alt', 'hemi-alt', 'hom-ref', 'hemi-ref', 'half-call', 'no-call', 'none'].map((z) => zygosityFromRow(z as VariantRow['zygosity']))).toEqual([
      'heterozygous', 'homozygous', 'hemizygous', 'reference', 'reference', 'unknown', 'unknown', 'unknown',
    ]);
  });
});
