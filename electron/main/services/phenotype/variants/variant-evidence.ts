// How strongly one variant's own evidence says "could cause disease", 0–1, gene by gene. The shape follows
// Exomiser (Smedley et al. 2015, Nat Protoc 10:2004): a pathogenicity score from the predicted consequence,
// raised by a ClinVar pathogenic/likely-pathogenic assertion and lowered by a benign one, times a frequency
// score (1 when absent from the population data, falling to 0 at 2 % allele frequency), times a quality
// factor (FILTER not PASS, GQ < 20). The consequence values are GenoDesk's: no in-silico predictor is
// shipped, so every missense change gets the same middling value and ClinVar does the distinguishing.
import type { CandidateVariantInput } from '../../../../../shared/schemas/diagnosis.ts';
import { normaliseClinvarSignificance } from '../../diagnosis/clinvar-significance.ts';
import { mostSevereRank, severityRank } from '../../diagnosis/consequence-terms.ts';

const CONSEQUENCE_SCORE: Record<string, number> = {
  transcript_ablation: 1,
  frameshift_variant: 1,
  stop_gained: 1,
  splice_acceptor_variant: 1,
  splice_donor_variant: 1,
  start_lost: 0.95,
  stop_lost: 0.85,
  inframe_deletion: 0.7,
  inframe_insertion: 0.7,
  protein_altering_variant: 0.7,
  missense_variant: 0.65,
  splice_donor_5th_base_variant: 0.6,
  splice_region_variant: 0.5,
  splice_donor_region_variant: 0.5,
  incomplete_terminal_codon_variant: 0.5,
  transcript_amplification: 0.5,
  '5_prime_UTR_variant': 0.15,
  '3_prime_UTR_variant': 0.15,
  synonymous_variant: 0.1,
  stop_retained_variant: 0.1,
  start_retained_variant: 0.1,
  non_coding_transcript_exon_variant: 0.1,
  intron_variant: 0.05,
  upstream_gene_variant: 0.05,
  downstream_gene_variant: 0.05,
};

export interface GeneVariantEvidence {
  gene: string;
  variant: CandidateVariantInput;
  /** The most severe consequence term on this gene. */
  consequence: string | null;
  hgvsc: string | null;
  hgvsp: string | null;
  score: number;
  why: string[];
}

export function frequencyScore(af: number | null): number {
  if (af === null || af <= 0) return 1;
  const pct = af * 100;
  if (pct >= 2) return 0;
  // Exomiser's frequency score: 1.13533 − 0.13533·e^(AF%), 1 at 0 %, 0 at 2 %.
  return Math.max(0, Math.min(1, 1.13533 - 0.13533 * Math.exp(pct)));
}

/** The variant's evidence for each gene its consequences name (one entry per gene). */
export function variantEvidence(v: CandidateVariantInput): GeneVariantEvidence[] {
  const byGene = new Map<string, { terms: string[]; hgvsc: string | null; hgvsp: string | null; best: number }>();
  for (const c of v.consequences) {
    if (!c.gene) continue;
    const rank = mostSevereRank(c.terms);
    const cur = byGene.get(c.gene);
    if (!cur || rank < cur.best) byGene.set(c.gene, { terms: c.terms, hgvsc: c.hgvsc, hgvsp: c.hgvsp, best: rank });
  }
  const af = v.populationFrequencies && v.populationFrequencies.length > 0 ? Math.max(...v.populationFrequencies.map((f) => f.af)) : null;
  const out: GeneVariantEvidence[] = [];
  for (const [gene, c] of byGene) {
    const worst = [...c.terms].sort((a, b) => severityRank(a) - severityRank(b))[0] ?? null;
    const why: string[] = [];
    let score = worst ? (CONSEQUENCE_SCORE[worst] ?? 0.05) : 0.05;
    why.push(worst ? `${worst.replace(/_/g, ' ')} (${score.toFixed(2)})` : 'no consequence on this gene');
    if (v.clinvar) {
      const k = normaliseClinvarSignificance(v.clinvar.significance);
      if (k === 'pathogenic' || k === 'likely-pathogenic' || k === 'pathogenic-likely-pathogenic') {
        score = Math.max(score, 1);
        why.push(`ClinVar ${v.clinvar.significance} (${v.clinvar.stars}★)`);
      } else if (k === 'benign' || k === 'likely-benign' || k === 'benign-likely-benign') {
        score = Math.min(score, 0.05);
        why.push(`ClinVar ${v.clinvar.significance}`);
      }
    }
    const fs = frequencyScore(af);
    if (af !== null) why.push(`population AF ${af.toPrecision(2)} (×${fs.toFixed(2)})`);
    score *= fs;
    if (v.filter && v.filter !== 'PASS' && v.filter !== '.') {
      score *= 0.5;
      why.push(`FILTER ${v.filter} (×0.5)`);
    }
    if (v.gq !== null && v.gq < 20) {
      score *= 0.75;
      why.push(`GQ ${v.gq} (×0.75)`);
    }
    out.push({ gene, variant: v, consequence: worst, hgvsc: c.hgvsc, hgvsp: c.hgvsp, score, why });
  }
  return out;
}
