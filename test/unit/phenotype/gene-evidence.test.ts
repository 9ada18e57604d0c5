// The phenotype worker keeps at most three hits per gene as variants arrive (gene-evidence.ts). Checked
// against the plain way (every hit of the gene, stable-sorted best first): for every mode of inheritance the
// fit must read the same score, text and variants, on random genes with ties, homozygous, hemizygous and
// heterozygous hits in every order.
import { describe, expect, it } from 'vitest';
import type { CandidateVariantInput } from '../../../shared/schemas/diagnosis.ts';
import type { Inheritance } from '../../../shared/schemas/phenotype.ts';
import { GeneEvidence } from '../../../electron/main/services/phenotype/variants/gene-evidence.ts';
import { fitInheritance } from '../../../electron/main/services/phenotype/variants/inheritance-fit.ts';
import type { GeneVariantEvidence } from '../../../electron/main/services/phenotype/variants/variant-evidence.ts';
import { variantEvidence } from '../../../electron/main/services/phenotype/variants/variant-evidence.ts';

const TERMS = ['stop_gained', 'missense_variant', 'intron_variant', 'synonymous_variant', 'splice_region_variant'];
const ZYGOSITY: CandidateVariantInput['zygosity'][] = ['heterozygous', 'homozygous', 'hemizygous', 'heterozygous'];
const MODES: Inheritance[][] = [['autosomal-recessive'], ['autosomal-dominant'], ['x-linked-recessive'], ['x-linked'], ['autosomal-dominant', 'autosomal-recessive'], []];

function randomVariants(n: number, genes: number, seed: number): CandidateVariantInput[] {
  let s = seed;
  const rand = () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 4294967296;
  };
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  return Array.from({ length: n }, (_, i) => {
    const zygosity = pick(ZYGOSITY);
    return {
      chrom: 'X',
      pos: 1000 + i,
      ref: 'A',
      alt: 'G',
      genotype: zygosity === 'heterozygous' ? '0/1' : '1/1',
      zygosity,
      phased: false,
      filter: rand() < 0.2 ? 'LowQual' : 'PASS',
      gq: rand() < 0.2 ? 10 : 60,
      dp: 30,
      consequences: [{ gene: `G${Math.floor(rand() * genes)}`, transcript: `T${i}`, terms: [pick(TERMS)], hgvsc: null, hgvsp: null, impact: null }],
      clinvar: rand() < 0.05 ? { significance: 'Pathogenic', stars: 2, condition: null } : null,
    };
  });
}

describe('gene evidence gathered as variants arrive', () => {
  it('keeps the best homozygous/hemizygous hit and the two best others, best first', () => {
    const acc = new GeneEvidence();
    for (const v of randomVariants(5_000, 40, 7)) acc.add(v);
    expect(acc.count).toBe(5_000);
    for (const [, hits] of acc.genes()) {
      expect(hits.length).toBeLessThanOrEqual(3);
      expect(hits.filter((h) => h.variant.zygosity !== 'heterozygous').length).toBeLessThanOrEqual(1);
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1].score).toBeGreaterThanOrEqual(hits[i].score);
    }
  });

  it('gives every mode of inheritance the same fit as all of the gene’s hits would', () => {
    for (const seed of [1, 2, 3]) {
      const variants = randomVariants(20_000, 300, seed);
      const all = new Map<string, GeneVariantEvidence[]>();
      for (const v of variants) for (const e of variantEvidence(v)) all.set(e.gene, [...(all.get(e.gene) ?? []), e]);
      const kept = new Map(GeneEvidence.of(variants).genes());
      expect([...kept.keys()]).toEqual([...all.keys()]);
      let pruned = 0;
      for (const [gene, hits] of all) {
        const sorted = [...hits].sort((a, b) => b.score - a.score);
        pruned += hits.length - kept.get(gene)!.length;
        for (const modes of MODES) expect(fitInheritance(kept.get(gene)!, modes)).toEqual(fitInheritance(sorted, modes));
      }
      // The test means something only if hits were really dropped.
      expect(pruned).toBeGreaterThan(10_000);
    }
  });
});
