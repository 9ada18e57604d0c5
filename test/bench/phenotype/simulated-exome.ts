// Bench (b): a simulated exome per case. The case's own GRCh38 variants (zygosity from the phenopacket) and
// the causal variants of ≥100 other cases in other genes are written to a VCF with a VEP-style CSQ whose
// consequence is derived from each variant's HGVS (p. notation when given, else c. notation and the
// REF/ALT lengths), then read back by readVcfCandidates — the same code as `genodesk prioritise --vcf`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HpoRelease } from '../../../electron/main/services/phenotype/hpo-release.ts';
import type { CombineOptions } from '../../../electron/main/services/phenotype/prioritise.ts';
import { rankGenes, resolveQuery } from '../../../electron/main/services/phenotype/prioritise.ts';
import type { ScoringOptions } from '../../../electron/main/services/phenotype/ranking/phenotype-scorer.ts';
import { readVcfCandidates } from '../../../electron/main/services/phenotype/variants/read-vcf-candidates.ts';
import type { BenchCase, CaseVariant } from './read-cases.ts';

export const DECOY_CASES = 100;

/** The consequence VEP would give, read from the HGVS (p. first; c. and allele lengths otherwise). */
export function consequenceFromHgvs(v: Pick<CaseVariant, 'hgvsc' | 'hgvsp' | 'ref' | 'alt'>): string {
  const p = v.hgvsp?.split(':').pop() ?? '';
  if (p) {
    if (/fs/.test(p)) return 'frameshift_variant';
    if (/^p\.\(?Met1\D/.test(p) || /^p\.\(?M1\D/.test(p)) return 'start_lost';
    if (/(Ter|\*)\d*\)?$/.test(p) && !/ext/.test(p)) return 'stop_gained';
    if (/ext/.test(p)) return 'stop_lost';
    if (/=/.test(p)) return 'synonymous_variant';
    if (/delins|ins|dup/.test(p)) return 'inframe_insertion';
    if (/del/.test(p)) return 'inframe_deletion';
    if (/^p\.\(?[A-Z][a-z]{2}\d+[A-Z][a-z]{2}\)?$/.test(p)) return 'missense_variant';
  }
  const c = v.hgvsc?.split(':').pop() ?? '';
  if (/^c\.-\d+(?![+-])/.test(c)) return '5_prime_UTR_variant';
  if (/^c\.\*/.test(c)) return '3_prime_UTR_variant';
  const offset = /^c\.[-*]?\d+([+-])(\d+)/.exec(c);
  if (offset) {
    const n = Number(offset[2]);
    if (n <= 2) return offset[1] === '+' ? 'splice_donor_variant' : 'splice_acceptor_variant';
    if (n <= 8) return 'splice_region_variant';
    return 'intron_variant';
  }
  if (v.ref.length !== v.alt.length) return Math.abs(v.ref.length - v.alt.length) % 3 === 0 ? (v.alt.length > v.ref.length ? 'inframe_insertion' : 'inframe_deletion') : 'frameshift_variant';
  // A coding substitution with no p. given: taken as missense, the commonest outcome (stated in the bench output).
  return 'missense_variant';
}

const GT: Record<CaseVariant['zygosity'], string> = { heterozygous: '0/1', homozygous: '1/1', hemizygous: '1', unknown: '0/1' };

function vcfText(variants: CaseVariant[]): string {
  const header = [
    '##fileformat=VCFv4.2',
    '##reference=GRCh38',
    '##VEP="v110" (simulated from HGVS by the GenoDesk phenotype bench)',
    '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Feature|HGVSc|HGVSp">',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tCASE',
  ];
  const seen = new Set<string>();
  const lines = variants
    .filter((v) => {
      const k = `${v.chrom}-${v.pos}-${v.ref}-${v.alt}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.chrom.localeCompare(b.chrom) || a.pos - b.pos)
    .map((v) => {
      const csq = [v.alt, consequenceFromHgvs(v), '', v.gene, v.hgvsc?.split(':')[0] ?? '', encodeURIComponent(v.hgvsc ?? ''), encodeURIComponent(v.hgvsp ?? '')].join('|');
      return `chr${v.chrom}\t${v.pos}\t.\t${v.ref}\t${v.alt}\t50\tPASS\tCSQ=${csq}\tGT\t${GT[v.zygosity]}`;
    });
  return `${[...header, ...lines].join('\n')}\n`;
}

export interface ExomeFigures {
  n: number;
  top1: number;
  top5: number;
  perCaseMs: number;
}

export async function runExomeBench(data: HpoRelease, cases: BenchCase[], scoring: ScoringOptions, combine: CombineOptions, fairRank: (scores: number[], isCausal: (i: number) => boolean) => number | null): Promise<ExomeFigures> {
  const withVariants = cases.filter((c) => c.variants.length > 0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-phenotype-bench-'));
  const file = path.join(dir, 'case.vcf');
  let n = 0;
  let top1 = 0;
  let top5 = 0;
  const started = performance.now();
  try {
    for (let i = 0; i < withVariants.length; i++) {
      const c = withVariants[i];
      const decoys: CaseVariant[] = [];
      let taken = 0;
      // The next cases in file order whose genes differ: deterministic, spread over other notebooks.
      for (let k = 1; k < withVariants.length && taken < DECOY_CASES; k++) {
        const o = withVariants[(i + k * 37) % withVariants.length];
        if (o.genes.some((g) => c.genes.includes(g))) continue;
        decoys.push(...o.variants);
        taken++;
      }
      fs.writeFileSync(file, vcfText([...c.variants, ...decoys]));
      const read = await readVcfCandidates(file, {});
      const q = resolveQuery(data, c.observed, c.excluded);
      const r = rankGenes(data, { observed: q.observed.map((x) => x.index), excluded: q.excluded.map((x) => x.index) }, read.variants, scoring, combine);
      const rank = fairRank(
        r.candidates.map((x) => x.score),
        (j) => c.genes.includes(r.candidates[j].gene),
      );
      n++;
      if (rank !== null && rank <= 1) top1++;
      if (rank !== null && rank <= 5) top5++;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const perCaseMs = (performance.now() - started) / Math.max(1, n);
  console.log(`\n(b) simulated exome, ${n} cases with GRCh38 variants, each among the causal variants of ${DECOY_CASES} other cases (other genes)`);
  console.log(`  top-1 ${((100 * top1) / Math.max(1, n)).toFixed(1)}%  top-5 ${((100 * top5) / Math.max(1, n)).toFixed(1)}%  (${perCaseMs.toFixed(1)} ms per case: VCF written, read back, ranked)`);
  return { n, top1, top5, perCaseMs };
}
