// Per gene, only the variant evidence the inheritance fit can use. inheritance-fit.ts reads, from a gene's
// hits sorted best first, the best homozygous/hemizygous hit, the two best others and the best hit overall
// (always one of those), so every other hit can be dropped as it arrives: a whole genome's 400,000 candidate
// variants reduce to at most three per gene, and the phenotype worker holds genes, not variants, while the
// main thread is still sending them. Ties keep the earlier hit, as the stable sort over all hits did.
import type { CandidateVariantInput } from '../../../../../shared/schemas/diagnosis.ts';
import type { GeneVariantEvidence } from './variant-evidence.ts';
import { variantEvidence } from './variant-evidence.ts';

interface Kept {
  e: GeneVariantEvidence;
  /** Arrival order, for ties. */
  seq: number;
}

interface Slots {
  hom: Kept | null;
  first: Kept | null;
  second: Kept | null;
}

const better = (e: GeneVariantEvidence, than: Kept | null): boolean => than === null || e.score > than.e.score;

export class GeneEvidence {
  private readonly slots = new Map<string, Slots>();
  private seq = 0;
  /** Every gene-level evidence seen (a variant counts once per gene it touches), kept or not. */
  count = 0;

  add(v: CandidateVariantInput): void {
    const hom = v.zygosity === 'homozygous' || v.zygosity === 'hemizygous';
    for (const e of variantEvidence(v)) {
      this.count++;
      let s = this.slots.get(e.gene);
      if (!s) this.slots.set(e.gene, (s = { hom: null, first: null, second: null }));
      if (hom) {
        if (better(e, s.hom)) s.hom = { e, seq: this.seq++ };
      } else if (better(e, s.first)) {
        s.second = s.first;
        s.first = { e, seq: this.seq++ };
      } else if (better(e, s.second)) s.second = { e, seq: this.seq++ };
    }
  }

  /** Genes in the order their first hit came, each with its kept hits best first (ties: earlier first). */
  *genes(): Generator<[string, GeneVariantEvidence[]]> {
    for (const [gene, s] of this.slots) {
      const kept = [s.hom, s.first, s.second].filter((k): k is Kept => k !== null);
      kept.sort((a, b) => b.e.score - a.e.score || a.seq - b.seq);
      yield [gene, kept.map((k) => k.e)];
    }
  }

  get geneCount(): number {
    return this.slots.size;
  }

  static of(variants: readonly CandidateVariantInput[], checkpoint?: (done: number) => void, every = 2048): GeneEvidence {
    const acc = new GeneEvidence();
    for (let i = 0; i < variants.length; i++) {
      if (checkpoint && i % every === 0) checkpoint(i);
      acc.add(variants[i]);
    }
    return acc;
  }
}
