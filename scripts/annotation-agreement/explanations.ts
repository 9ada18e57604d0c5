// Why a peer and GenoDesk differ, for the disagreements we understand. Each rule tests a documented
// difference of convention between tools against the facts of the case; it never changes an annotation,
// it only labels the row. Anything no rule recognises stays "unexplained".
import type { Annotator, DetailedEffect } from '../../electron/main/services/annotation/annotator.ts';
import { toGenomicAllele, normaliseVcfAllele } from '../../electron/main/services/annotation/consequence/genomic-allele.ts';
import { shiftIndel } from '../../electron/main/services/annotation/hgvs/hgvs-c.ts';
import type { ReferenceSequence } from '../../electron/main/services/annotation/sequence/fasta-reader.ts';
import { FRAMESHIFT_INTRON_MAX } from '../../electron/main/services/annotation/transcripts/transcript-sequence.ts';
import { sameTerms, toBcftoolsVocabulary } from './vocabulary.ts';

export interface Explanation {
  reason: string;
  text: string;
}

export interface SiblingCase {
  /** Normalised allele key chrom:pos:ref:alt. */
  allele: string;
  agreed: boolean;
  id: string;
}

export interface BcftoolsContext {
  /** The test author's note on the record (INFO type=…). */
  note?: string;
  variant: { chrom: string; pos: number; ref: string; alt: string; line: number };
  effects: DetailedEffect[];
  /** Expected terms per transcript (bcftools vocabulary). */
  expected: Map<string, string[]>;
  annotator: Annotator;
  reference: ReferenceSequence;
  siblings: SiblingCase[];
  /** Terms Ensembl VEP gave for this variant in the test directory's .vep file, if any. */
  vepTerms?: string[];
}

function expectedFor(ctx: BcftoolsContext, d: DetailedEffect): string[] | undefined {
  return ctx.expected.get(d.transcript.id) ?? ctx.expected.get(`gene:${d.transcript.geneName}`);
}

type Rule = (ctx: BcftoolsContext) => Explanation | undefined;

const rules: Rule[] = [
  (ctx) => {
    const key = (() => {
      const n = normaliseVcfAllele(ctx.variant);
      return `${n.chrom}:${n.pos}:${n.ref}:${n.alt}`;
    })();
    const twin = ctx.siblings.find((s) => s.allele === key && s.agreed);
    if (!twin) return undefined;
    return {
      reason: 'same-allele-spelt-differently',
      text: `After trimming this is the same allele as ${twin.id}, where we agree with bcftools; bcftools answers the two spellings differently.`,
    };
  },
  (ctx) => {
    if (!ctx.vepTerms) return undefined;
    const ours = ctx.effects.flatMap((d) => toBcftoolsVocabulary(d.effect.terms));
    if (!sameTerms(ours, toBcftoolsVocabulary(ctx.vepTerms))) return undefined;
    return { reason: 'vep-agrees', text: `Ensembl VEP's own output for this case (${ctx.vepTerms.join('&')}) agrees with GenoDesk; bcftools differs.` };
  },
  (ctx) => {
    const a = toGenomicAllele(ctx.variant);
    for (const d of ctx.effects) {
      // within splice-region distance (3 exonic / 8 intronic bases) of an artefact intron
      const hit = d.sequence.introns.find((i) => i.frameshift && a.start - 8 <= i.end && a.end + 8 >= i.start);
      if (hit) {
        return {
          reason: 'frameshift-intron',
          text: `The variant touches a ${hit.end - hit.start + 1}-bp intron; Ensembl treats introns of ≤${FRAMESHIFT_INTRON_MAX} bp as gene-build artefacts ("frameshift introns") and VEP reports no splice terms for them, bcftools does.`,
        };
      }
    }
    return undefined;
  },
  (ctx) => {
    const a = toGenomicAllele(ctx.variant);
    if (!a.structural) return undefined;
    const ours = ctx.effects.flatMap((d) => toBcftoolsVocabulary(d.effect.terms));
    if (ctx.effects.length > 0 && ours.every((t) => t !== 'feature_elongation') && [...ctx.expected.values()].some((e) => e.includes('feature_elongation'))) {
      return {
        reason: 'sv-elongation-outside-cdna',
        text: 'Insertion outside the cDNA: VEP assigns feature_elongation only when the event reaches the cDNA (ensembl-variation PR #1041); bcftools assigns it anywhere in the transcript.',
      };
    }
    return {
      reason: 'sv-location-term',
      text: 'For a structural deletion VEP reports the location term (UTR, exon) beside feature_truncation; bcftools reports only feature_truncation.',
    };
  },
  (ctx) => {
    for (const d of ctx.effects) {
      if (!d.effect.terms.includes('start_retained_variant')) continue;
      const exp = expectedFor(ctx, d) ?? [];
      if (exp.includes('start_retained') && d.effect.terms.includes('5_prime_UTR_variant')) {
        return {
          reason: 'utr-beside-start-retained',
          text: 'The deletion removes 5\' UTR bases as well as start-codon bases: VEP reports 5_prime_UTR_variant beside start_retained_variant, bcftools one term.',
        };
      }
      return {
        reason: 'start-codon-retained',
        text: 'Edited in place, the 5\' UTR + CDS still ends in the unchanged CDS (VEP\'s _ins_del_start_altered check), so the start codon is retained and no coding change is possible; bcftools reports start_lost.',
      };
    }
    return undefined;
  },
  (ctx) => {
    const a = toGenomicAllele(ctx.variant);
    if (a.ref.length === a.alt.length) return undefined;
    for (const d of ctx.effects) {
      const t = d.transcript;
      const crossing = d.sequence.exons.some(
        (ex) => (a.start < ex.start && a.end >= ex.start && ex.start > t.start) || (a.start <= ex.end && a.end > ex.end && ex.end < t.end),
      );
      if (crossing && d.effect.terms.includes('coding_sequence_variant')) {
        return {
          reason: 'indel-spans-exon-intron-boundary',
          text: 'The indel spans an exon–intron boundary inside the CDS: VEP has no CDS coordinate for its intronic end and reports coding_sequence_variant without a protein prediction; bcftools re-aligns it and predicts the protein.',
        };
      }
    }
    return undefined;
  },
  (ctx) => {
    for (const d of ctx.effects) {
      const exp = expectedFor(ctx, d) ?? [];
      if (exp.includes('stop_lost') && d.sequence.coding && !d.sequence.hasStopCodon()) {
        return {
          reason: 'cds-without-stop',
          text: 'The annotated CDS has no stop codon (incomplete 3\' end, Ensembl cds_end_NF), so no stop can be lost; VEP skips stop predicates for such transcripts.',
        };
      }
      if (exp.includes('inframe_insertion') && d.effect.terms.includes('stop_lost') && !d.effect.terms.includes('inframe_insertion')) {
        return {
          reason: 'inframe-insertion-into-stop',
          text: 'A 3n insertion inside the stop codon: VEP calls inframe_insertion only when the reference amino acid stays at one end of the new peptide (here the stop is replaced), bcftools for any 3n insertion.',
        };
      }
    }
    return undefined;
  },
  (ctx) => {
    const a = toGenomicAllele(ctx.variant);
    if (a.ref !== '' || a.alt === '') return undefined;
    const missingSplice = [...ctx.expected.values()].some((e) => e.includes('splice_region')) &&
      ctx.effects.every((d) => !toBcftoolsVocabulary(d.effect.terms).includes('splice_region'));
    if (!missingSplice) return undefined;
    return {
      reason: 'insertion-at-splice-region-edge',
      text: 'Insertion between the last base of the 3-bp exonic splice region and the next exon base: VEP counts an insertion as inside a region only when both flanking bases are, bcftools when one is.',
    };
  },
  (ctx) => {
    // bcftools re-aligns indels in repeats; annotate the other equivalent placements and see if one gives its answer.
    const a = toGenomicAllele(ctx.variant);
    if (a.structural || (a.ref !== '' && a.alt !== '')) return undefined;
    const fetch = (s: number, e: number): string => ctx.reference.fetch(a.chrom, s, e);
    for (const dir of [-1, 1] as const) {
      const moved = shiftIndel(a, dir, fetch, 1, ctx.reference.length(a.chrom) ?? a.end + 1000);
      if (moved.start === a.start) continue;
      const anchorPos = moved.start - 1;
      const anchor = ctx.reference.fetch(a.chrom, anchorPos, anchorPos);
      const v = { chrom: ctx.variant.chrom, pos: anchorPos, ref: anchor + moved.ref, alt: anchor + moved.alt };
      const { effects } = ctx.annotator.annotateDetailed(v);
      const ok = [...ctx.expected].every(([k, exp]) => {
        const d = effects.find((e) => e.transcript.id === k || `gene:${e.transcript.geneName}` === k);
        return d !== undefined && sameTerms(toBcftoolsVocabulary(d.effect.terms), exp);
      });
      if (ok) {
        return {
          reason: 'indel-placement-in-repeat',
          text: `The indel lies in a repeat; placed ${dir < 0 ? 'left' : 'right'}-most (${v.pos} ${v.ref}>${v.alt}) it gets bcftools' answer. GenoDesk, like VEP, predicts at the position given (trimmed, not re-aligned) and 3'-shifts only HGVS.`,
        };
      }
    }
    return undefined;
  },
];

rules.push((ctx) => {
  if (!ctx.note || !/should not|incorrect|could be|ambiguous/i.test(ctx.note)) return undefined;
  return { reason: 'peer-marks-case-doubtful', text: `bcftools' own note on this test case: "${ctx.note}".` };
});

export function explainBcftools(ctx: BcftoolsContext): Explanation | undefined {
  for (const rule of rules) {
    const e = rule(ctx);
    if (e) return e;
  }
  return undefined;
}
