// Phenotype similarity of a patient's terms to every disease profile. See docs/phenotype.md for the
// method and its references; in short, per disease:
//   observed  — Resnik similarity (IC of the most informative common ancestor) of each patient term with its
//               best-matching disease term, averaged over the patient's terms (best-match average, BMA), and
//               the same from the disease's side (Phenomizer's symmetric form, Köhler et al. 2009), weighted
//               by each disease term's frequency in the disease;
//   excluded  — a patient's excluded term that the disease is annotated with (or a descendant of it) counts
//               against it in proportion to its IC and annotated frequency (LIRICAL's idea, Robinson 2020).
import type { HpoOntology } from '../ontology/hpo-ontology.ts';
import type { DiseaseProfile } from '../annotations/genes-to-phenotype.ts';
import type { AnnotationIndex } from './information-content.ts';

export interface ScoringOptions {
  /** Weight of the disease→patient direction in the symmetric average (0 = patient→disease only). */
  symmetric: number;
  /** Weight of the excluded-term penalty. */
  excludedWeight: number;
  /** Whether disease terms are weighted by their annotated frequency in the disease→patient direction. */
  frequencyWeighted: boolean;
  /** Weight λ of ln(frequency of the matched disease term) added to each patient term's similarity (LIRICAL's use of frequencies). */
  frequencyLog: number;
  /** ν·ln(number of terms in the profile) subtracted: a profile listing everything explains anything. */
  sizePenalty: number;
  /**
   * Correction for profile size against a null of random patient terms (Phenomizer's idea, Köhler 2009):
   * 'none'; 'mean' subtracts nullWeight × the disease's mean best-match score for one random term; 'z' turns the
   * patient→disease average into a z-score against that null (mean and sd per disease), in IC units.
   */
  nullMode?: 'none' | 'mean' | 'z';
  /**
   * LIRICAL's noise floor (Robinson 2020): a patient term the disease does not explain still scores at least
   * IC(term) − floorGap (a log likelihood ratio with P(term | disease) ≥ e^−floorGap), so one unexplained term
   * cannot sink a disease that explains the rest. Undefined: no floor (plain Resnik).
   */
  floorGap?: number;
  /**
   * Weight of a bonus IC(term) for each patient term the disease is annotated with itself (not only through a
   * more specific term): Resnik scores a term the same whether the disease lists it or merely a descendant of
   * it, so large profiles tie with the disease that lists exactly the patient's features (LIRICAL separates
   * exact from ontology-inferred matches for the same reason).
   */
  exactBonus?: number;
  /**
   * w·ln(number of genes of the disease) subtracted: a gene's share of a disease with k genes is 1/k (the gene's
   * posterior is P(disease | terms)·P(gene | disease)), so a heterogeneous group entry listing many genes does not
   * tie every one of them with the gene of the specific disease.
   */
  geneShare?: number;
  /** Whether the exact-match bonus is scaled by the term's annotated frequency in the disease. */
  exactByFrequency?: boolean;
  nullWeight?: number;
  /**
   * β for pooling a gene's diseases: gene score = (1/β)·ln Σ_d e^(β·s_d), the gene's posterior summed over its
   * diseases (P(gene | terms) = Σ_d P(d | terms)·P(gene | d)) rather than its best disease alone. Undefined: best only.
   */
  genePool?: number;
}

export interface NullStats {
  mean: Float64Array;
  sd: Float64Array;
  meanSd: number;
}

// Chosen on the "tune" half of the phenopacket-store dev cases (test/bench/phenotype.bench.ts --tune), 300
// cases, then 450 (2026-12-07: exact-match bonus and gene share added), then all 2,632 (genes pooled over their diseases); see docs/phenotype.md for the figures of the alternatives.
export const DEFAULT_SCORING: ScoringOptions = { symmetric: 0.03, excludedWeight: 0.03, frequencyWeighted: true, frequencyLog: 0.3, sizePenalty: 0, exactBonus: 1, geneShare: 0.5, genePool: 1.5 };

const NULL_SAMPLES = 400;

export interface PhenotypeQuery {
  observed: number[];
  excluded: number[];
}

/** −ln(1 − f), capped: a term the disease always shows (f = 1) costs as much as f = 0.95. */
export function excludedPenalty(frequency: number): number {
  return -Math.log(1 - Math.min(frequency, 0.95));
}

export class PhenotypeScorer {
  private readonly ontology: HpoOntology;
  private readonly diseases: DiseaseProfile[];
  private readonly index: AnnotationIndex;

  constructor(ontology: HpoOntology, diseases: DiseaseProfile[], index: AnnotationIndex) {
    this.ontology = ontology;
    this.diseases = diseases;
    this.index = index;
  }

  /** Terms ordered by IC, most informative first: the first one found in a closure is the MICA. */
  private ancestorsByIc(term: number): Int32Array {
    const a = Int32Array.from(this.ontology.ancestors[term]);
    const ic = this.index.ic;
    return a.sort((x, y) => ic[y] - ic[x]);
  }

  /**
   * best[d] = IC(MICA(term, disease d)) + λ·ln(frequency of the disease's terms under that ancestor), for every
   * disease at once through the postings of the term's ancestors, most informative first.
   */
  private bestPerDisease(term: number, into: Float64Array, frequencyLog: number): void {
    const seen = new Uint8Array(this.diseases.length);
    const ic = this.index.ic;
    for (const a of this.ancestorsByIc(term)) {
      const postings = this.index.postings[a];
      const freqs = this.index.postingFrequencies[a];
      for (let k = 0; k < postings.length; k++) {
        const d = postings[k];
        if (!seen[d]) {
          seen[d] = 1;
          into[d] = frequencyLog > 0 && ic[a] > 0 ? ic[a] + frequencyLog * Math.log(Math.max(freqs[k], 0.01)) : ic[a];
        }
      }
    }
  }

  private nullCache: NullStats | null = null;
  private directCache: { diseases: Int32Array[]; frequencies: Float32Array[] } | null = null;

  /** Term → the diseases annotated with exactly that term, and its frequency there. */
  private direct(): { diseases: Int32Array[]; frequencies: Float32Array[] } {
    if (this.directCache) return this.directCache;
    const ds: number[][] = Array.from({ length: this.ontology.size }, () => []);
    const fs: number[][] = Array.from({ length: this.ontology.size }, () => []);
    this.diseases.forEach((dis, d) => {
      for (let k = 0; k < dis.terms.length; k++) {
        ds[dis.terms[k]].push(d);
        fs[dis.terms[k]].push(dis.frequencies[k]);
      }
    });
    this.directCache = { diseases: ds.map((l) => Int32Array.from(l)), frequencies: fs.map((l) => Float32Array.from(l)) };
    return this.directCache;
  }

  /**
   * Per disease, the mean and sd of a single random patient term's best-match score (its Resnik similarity
   * with the disease), the term drawn as an annotation of a random disease (a fixed pseudo-random sample of
   * NULL_SAMPLES terms, the same every run). Computed once, on first use (~0.1–0.3 s).
   */
  nullStats(): NullStats {
    if (this.nullCache) return this.nullCache;
    const nd = this.diseases.length;
    const sum = new Float64Array(nd);
    const sq = new Float64Array(nd);
    const best = new Float64Array(nd);
    let seed = 0x9e3779b9;
    const rand = (): number => {
      seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
      seed ^= seed >>> 13;
      return (seed >>> 0) / 4294967296;
    };
    let n = 0;
    for (let i = 0; i < NULL_SAMPLES && nd > 0; i++) {
      const dis = this.diseases[Math.floor(rand() * nd)];
      if (dis.terms.length === 0) continue;
      const t = dis.terms[Math.floor(rand() * dis.terms.length)];
      best.fill(0);
      this.bestPerDisease(t, best, 0);
      for (let d = 0; d < nd; d++) {
        sum[d] += best[d];
        sq[d] += best[d] * best[d];
      }
      n++;
    }
    const mean = new Float64Array(nd);
    const sd = new Float64Array(nd);
    let sdSum = 0;
    for (let d = 0; d < nd; d++) {
      mean[d] = n > 0 ? sum[d] / n : 0;
      sd[d] = n > 1 ? Math.sqrt(Math.max(0, sq[d] / n - mean[d] * mean[d])) : 1;
      sdSum += sd[d];
    }
    this.nullCache = { mean, sd, meanSd: nd > 0 ? sdSum / nd : 1 };
    return this.nullCache;
  }

  /** `checkpoint(i)` before the i-th observed term: each term is one pass over every disease. */
  score(query: PhenotypeQuery, options: ScoringOptions = DEFAULT_SCORING, checkpoint?: (termsDone: number) => void): Float64Array {
    const nd = this.diseases.length;
    const ic = this.index.ic;
    const forward = new Float64Array(nd);
    const best = new Float64Array(nd);
    for (const [i, p] of query.observed.entries()) {
      checkpoint?.(i);
      best.fill(0);
      this.bestPerDisease(p, best, options.frequencyLog);
      if (options.floorGap !== undefined) {
        const floor = ic[p] - options.floorGap;
        for (let d = 0; d < nd; d++) forward[d] += best[d] > floor ? best[d] : floor;
      } else for (let d = 0; d < nd; d++) forward[d] += best[d];
      if (options.exactBonus) {
        const { diseases: hits, frequencies } = this.direct();
        const fs = frequencies[p];
        for (let k = 0; k < hits[p].length; k++) forward[hits[p][k]] += options.exactBonus * ic[p] * (options.exactByFrequency ? fs[k] : 1);
      }
    }
    const nObs = Math.max(1, query.observed.length);
    const out = new Float64Array(nd);
    for (let d = 0; d < nd; d++) out[d] = forward[d] / nObs - (options.sizePenalty > 0 ? options.sizePenalty * Math.log(1 + this.diseases[d].terms.length) : 0);
    if (options.geneShare) for (let d = 0; d < nd; d++) out[d] -= options.geneShare * Math.log(Math.max(1, this.diseases[d].genes.length));
    const nullMode = options.nullMode ?? 'none';
    if (nullMode !== 'none' && query.observed.length > 0) {
      const { mean, sd, meanSd } = this.nullStats();
      const w = options.nullWeight ?? 1;
      for (let d = 0; d < nd; d++) {
        if (nullMode === 'mean') out[d] -= w * mean[d];
        else out[d] = (1 - w) * out[d] + (w * meanSd * (out[d] - mean[d])) / Math.max(sd[d], 0.05 * meanSd);
      }
    }

    if (options.symmetric > 0 && query.observed.length > 0) {
      // IC of the best common ancestor with any patient term, for every term of the patient's closure.
      const closureIc = new Float64Array(this.ontology.size).fill(-1);
      for (const p of query.observed) for (const a of this.ontology.ancestors[p]) closureIc[a] = ic[a];
      for (let d = 0; d < nd; d++) {
        const dis = this.diseases[d];
        let sum = 0;
        let weight = 0;
        for (let k = 0; k < dis.terms.length; k++) {
          let m = 0;
          for (const a of this.ontology.ancestors[dis.terms[k]]) if (closureIc[a] > m) m = closureIc[a];
          const w = options.frequencyWeighted ? dis.frequencies[k] : 1;
          sum += w * m;
          weight += w;
        }
        const backward = weight > 0 ? sum / weight : 0;
        out[d] = (1 - options.symmetric) * out[d] + options.symmetric * backward;
      }
    }

    if (options.excludedWeight > 0 && query.excluded.length > 0) {
      // LIRICAL (Robinson et al. 2020): an excluded term the disease shows with frequency f has likelihood
      // ratio (1 − f)/(1 − background); its log, averaged like the observed terms, lowers the score.
      for (const e of query.excluded) {
        const postings = this.index.postings[e];
        const freqs = this.index.postingFrequencies[e];
        for (let k = 0; k < postings.length; k++) out[postings[k]] -= (options.excludedWeight * excludedPenalty(freqs[k])) / nObs;
      }
    }
    return out;
  }

  /** The highest annotated frequency of the disease's terms at or below `term` (how surely the disease shows it). */
  excludedFrequency(disease: number, term: number): number {
    const dis = this.diseases[disease];
    let f = 0;
    for (let k = 0; k < dis.terms.length; k++) if (dis.frequencies[k] > f && this.ontology.ancestors[dis.terms[k]].includes(term)) f = dis.frequencies[k];
    return f;
  }

  /** For one disease: each patient term, the disease term it matched best and their common ancestor. */
  explain(disease: number, observed: number[]): { patient: number; disease: number | null; ancestor: number | null; score: number }[] {
    const dis = this.diseases[disease];
    const ic = this.index.ic;
    return observed.map((p) => {
      const anc = new Set(this.ontology.ancestors[p]);
      let bestScore = 0;
      let bestTerm: number | null = null;
      let bestAnc: number | null = null;
      for (const t of dis.terms) {
        for (const a of this.ontology.ancestors[t]) {
          if (anc.has(a) && ic[a] > bestScore) {
            bestScore = ic[a];
            bestTerm = t;
            bestAnc = a;
          }
        }
      }
      return { patient: p, disease: bestTerm, ancestor: bestAnc, score: bestScore };
    });
  }

  /** Excluded patient terms the disease is annotated with (at or below), with their penalty. */
  conflicts(disease: number, excluded: number[], nObserved: number, options: ScoringOptions = DEFAULT_SCORING): { patient: number; disease: number; penalty: number }[] {
    const dis = this.diseases[disease];
    const out: { patient: number; disease: number; penalty: number }[] = [];
    for (const e of excluded) {
      const hit = [...dis.terms].find((t) => this.ontology.ancestors[t].includes(e));
      if (hit !== undefined) out.push({ patient: e, disease: hit, penalty: (options.excludedWeight * excludedPenalty(this.excludedFrequency(disease, e))) / Math.max(1, nObserved) });
    }
    return out;
  }
}
