// The batch annotator: variants in, per-variant annotation JSON out (shared/schemas/annotation.ts).
// Pure and synchronous once its sources are open, so it runs the same in the worker, the CLI and tests.
// A variant whose REF the reference contradicts is not annotated: it comes back with an
// annotate/reference-mismatch error and is counted, because consequences computed against the wrong
// bases would be confidently wrong.
import type { AnnotatedVariant, PackVersion, TranscriptConsequence } from '../../../../shared/schemas/annotation.ts';
import type { ReferenceSequence } from './sequence/fasta-reader.ts';
import type { TranscriptModel } from './transcripts/transcript-model.ts';
import { TranscriptIndex } from './transcripts/transcript-index.ts';
import type { TranscriptLookup } from './transcripts/transcript-index.ts';
import { TranscriptSequence } from './transcripts/transcript-sequence.ts';
import { normaliseVcfAllele, toGenomicAllele } from './consequence/genomic-allele.ts';
import type { VcfAllele } from './consequence/genomic-allele.ts';
import { predictTranscriptEffect } from './consequence/predict.ts';
import type { TranscriptEffect } from './consequence/predict.ts';
import { impactRank, termRank } from './consequence/so-terms.ts';
import type { ClinVarIndex } from './clinvar/clinvar-index.ts';
import { isSymbolicAlt } from '../vcf/normalise-allele.ts';
import type { GenomeBuild } from './packs/genome-build.ts';

export interface AnnotationSources {
  transcripts: TranscriptModel[] | TranscriptLookup;
  reference: ReferenceSequence;
  clinvar?: ClinVarIndex;
  /** Pack versions recorded with every run. */
  packs?: PackVersion[];
  build?: GenomeBuild;
}

export type VariantInput = VcfAllele;

export interface DetailedEffect {
  transcript: TranscriptModel;
  sequence: TranscriptSequence;
  effect: TranscriptEffect;
}

export interface AnnotatorStats {
  annotated: number;
  inTranscripts: number;
  referenceMismatches: number;
}

export interface Annotator {
  readonly packs: PackVersion[];
  readonly build?: GenomeBuild;
  readonly stats: AnnotatorStats;
  annotate(variants: readonly VariantInput[]): AnnotatedVariant[];
  annotateOne(variant: VariantInput): AnnotatedVariant;
  /** The same, with the internal per-transcript facts (proteins, coordinates) for agreement checks. */
  annotateDetailed(variant: VariantInput): { result: AnnotatedVariant; effects: DetailedEffect[] };
}

function consequenceJson(t: TranscriptModel, e: TranscriptEffect): TranscriptConsequence {
  const c: TranscriptConsequence = {
    gene: t.geneName,
    geneId: t.geneId,
    transcript: t.id,
    biotype: t.biotype,
    strand: t.strand,
    terms: e.terms,
    hgvsc: e.hgvsc ?? null,
    hgvsp: e.hgvsp ?? null,
    impact: e.impact,
    maneSelect: t.maneSelect,
    canonical: t.canonical,
  };
  if (e.exon) c.exon = e.exon;
  if (e.intron) c.intron = e.intron;
  if (e.distance !== undefined) c.distance = e.distance;
  if (e.proteinStart !== undefined) c.proteinPosition = e.proteinStart;
  if (e.aminoAcids) c.aminoAcids = e.aminoAcids;
  return c;
}

/** Display order: MANE Select first, then canonical, then the most severe, then by id (stable output). */
function displayKey(c: TranscriptConsequence): number {
  // termRank < 100 (about 40 SO terms) and impactRank < 10: one number orders all four criteria but the id.
  return (c.maneSelect ? 0 : 100_000) + (c.canonical ? 0 : 10_000) + impactRank(c.impact) * 100 + termRank(c.terms[0]);
}

/**
 * Sorts in place into display order. A variant has a handful of consequences: an insertion sort on keys
 * computed once beats Array#sort calling a comparator that looks ranks up on every comparison (~0.7 µs a
 * variant on a genome, CPU profile).
 */
function sortForDisplay(list: TranscriptConsequence[]): TranscriptConsequence[] {
  const keys = list.map(displayKey);
  for (let i = 1; i < list.length; i++) {
    const c = list[i];
    const k = keys[i];
    let j = i - 1;
    while (j >= 0 && (keys[j] > k || (keys[j] === k && list[j].transcript > c.transcript))) {
      list[j + 1] = list[j];
      keys[j + 1] = keys[j];
      j--;
    }
    list[j + 1] = c;
    keys[j + 1] = k;
  }
  return list;
}

/** REF bases must match the reference; N on either side matches anything (unknown base). */
function refMatches(ref: string, fasta: string): boolean {
  if (ref.length !== fasta.length) return false;
  for (let i = 0; i < ref.length; i++) {
    const r = ref.charCodeAt(i) | 32;
    const f = fasta.charCodeAt(i) | 32;
    if (r !== f && r !== 110 && f !== 110) return false;
  }
  return true;
}

// Transcripts whose derived sequences are kept. In position order only those overlapping the current
// variant (tens, in dense regions) are in use; 1,024 keeps the annotate worker's live set small.
const SEQUENCE_CACHE = 1024;

/** Releases what the sources hold open (reference file, transcript index file). */
export function closeSources(sources: AnnotationSources): void {
  sources.reference.close();
  if (!Array.isArray(sources.transcripts)) sources.transcripts.close?.();
  // An installed ClinVar pack is read from its on-disk table (clinvar-table.ts).
  sources.clinvar?.close();
}

export function createAnnotator(sources: AnnotationSources): Annotator {
  const index = Array.isArray(sources.transcripts) ? new TranscriptIndex(sources.transcripts) : sources.transcripts;
  const reference = sources.reference;
  // Bounded: on a whole genome every transcript is touched once, and each holds its spliced sequence and
  // protein. Variants come in position order, so the working set is a few genes and the oldest entry is
  // evicted first (first in, first out: moving an entry on every hit cost ~6 % of a genome run's worker time;
  // a transcript evicted while still in use is only rebuilt).
  const sequences = new Map<TranscriptModel, TranscriptSequence>();
  const stats: AnnotatorStats = { annotated: 0, inTranscripts: 0, referenceMismatches: 0 };
  const sequenceOf = (t: TranscriptModel): TranscriptSequence => {
    let s = sequences.get(t);
    if (!s) {
      s = new TranscriptSequence(t, reference);
      if (sequences.size >= SEQUENCE_CACHE) sequences.delete(sequences.keys().next().value as TranscriptModel);
      sequences.set(t, s);
    }
    return s;
  };

  /** `effects` collects the per-transcript facts when asked (agreement checks); a run passes none and skips them. */
  const annotateInto = (input: VariantInput, effects: DetailedEffect[] | undefined): AnnotatedVariant => {
    const v = normaliseVcfAllele(input);
    const base: AnnotatedVariant = {
      chrom: v.chrom,
      pos: v.pos,
      ref: v.ref,
      alt: v.alt,
      consequences: [],
      clinvar: null,
      mostSevereConsequence: 'intergenic_variant',
    };
    const contig = reference.resolve(v.chrom);
    if (contig !== undefined && v.ref !== '.' && v.ref !== '') {
      const len = reference.length(v.chrom) ?? 0;
      const checkLen = isSymbolicAlt(v.alt) ? 1 : v.ref.length;
      const fasta = reference.fetch(v.chrom, v.pos, v.pos + checkLen - 1);
      if (v.pos + checkLen - 1 > len || !refMatches(v.ref.substring(0, checkLen), fasta)) {
        stats.referenceMismatches++;
        base.mostSevereConsequence = null;
        base.error = {
          code: 'annotate/reference-mismatch',
          message: `REF ${v.ref} at ${v.chrom}:${v.pos} does not match the reference (${fasta || 'beyond the end of the contig'}); the variant was not annotated.`,
          details: { chrom: v.chrom, pos: v.pos, vcfRef: v.ref, referenceBases: fasta, referenceFile: reference.file },
        };
        return base;
      }
    }
    stats.annotated++;
    // REF = ALT describes no change (bcftools' test data has one); nothing to predict.
    if (v.ref.toUpperCase() === v.alt.toUpperCase()) return base;
    const allele = toGenomicAllele(v);
    const consequences: TranscriptConsequence[] = [];
    let inTranscript = false;
    for (const t of index.query(allele.chrom, allele.start, allele.end)) {
      const seq = sequenceOf(t);
      const effect = predictTranscriptEffect(seq, allele);
      if (!effect) continue;
      effects?.push({ transcript: t, sequence: seq, effect });
      consequences.push(consequenceJson(t, effect));
      const first = effect.terms[0];
      if (first !== 'upstream_gene_variant' && first !== 'downstream_gene_variant') inTranscript = true;
    }
    if (consequences.length > 0) {
      base.consequences = consequences.length > 1 ? sortForDisplay(consequences) : consequences;
      let best: string = consequences[0].terms[0];
      let bestRank = termRank(best);
      for (let i = 1; i < consequences.length; i++) {
        const rank = termRank(consequences[i].terms[0]);
        if (rank < bestRank) {
          best = consequences[i].terms[0];
          bestRank = rank;
        }
      }
      base.mostSevereConsequence = best;
      if (inTranscript) stats.inTranscripts++;
    }
    if (sources.clinvar) {
      const hit = sources.clinvar.lookup(v.chrom, v.pos, v.ref, v.alt);
      if (hit) base.clinvar = { ...hit };
    }
    return base;
  };

  return {
    packs: sources.packs ?? [],
    build: sources.build,
    stats,
    annotate: (variants) => variants.map((v) => annotateInto(v, undefined)),
    annotateOne: (v) => annotateInto(v, undefined),
    annotateDetailed(v) {
      const effects: DetailedEffect[] = [];
      return { result: annotateInto(v, effects), effects };
    },
  };
}
