// Mapping our VEP (release 105+) vocabulary onto what a peer could have said, so a comparison measures the
// rules and not the naming. Every mapping here is a documented difference of vocabulary, not of biology.

/** VEP before release 105 had no splice_donor_5th_base/splice_donor_region/splice_polypyrimidine_tract terms:
 *  the first two were reported as splice_region_variant, the third only within the 3-8 bp splice region. */
export function toPre105Vocabulary(terms: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of terms) {
    if (t === 'splice_donor_5th_base_variant' || t === 'splice_donor_region_variant') out.add('splice_region_variant');
    else if (t === 'splice_polypyrimidine_tract_variant') continue;
    else out.add(t);
  }
  return [...out];
}

const TO_BCFTOOLS: Record<string, string | null> = {
  missense_variant: 'missense',
  synonymous_variant: 'synonymous',
  stop_gained: 'stop_gained',
  stop_lost: 'stop_lost',
  start_lost: 'start_lost',
  start_retained_variant: 'start_retained',
  stop_retained_variant: 'stop_retained',
  frameshift_variant: 'frameshift',
  inframe_insertion: 'inframe_insertion',
  inframe_deletion: 'inframe_deletion',
  protein_altering_variant: 'inframe_altering',
  splice_donor_variant: 'splice_donor',
  splice_acceptor_variant: 'splice_acceptor',
  splice_region_variant: 'splice_region',
  '5_prime_UTR_variant': '5_prime_utr',
  '3_prime_UTR_variant': '3_prime_utr',
  intron_variant: 'intron',
  non_coding_transcript_exon_variant: 'non_coding',
  coding_sequence_variant: 'coding_sequence',
  feature_elongation: 'feature_elongation',
  feature_truncation: 'feature_truncation',
  incomplete_terminal_codon_variant: 'incomplete_terminal_codon',
  transcript_ablation: 'transcript_ablation',
  // bcftools csq reports neither flanking regions nor biotype-derived terms as consequences.
  upstream_gene_variant: null,
  downstream_gene_variant: null,
  NMD_transcript_variant: null,
  non_coding_transcript_variant: null,
  coding_transcript_variant: null,
};

/**
 * Our terms as bcftools csq would name them (its README: terms are SO names without `_variant`). bcftools
 * reports `intron` only when nothing else applies to the transcript, so intron is dropped beside other terms.
 */
export function toBcftoolsVocabulary(terms: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of toPre105Vocabulary(terms)) {
    const m = TO_BCFTOOLS[t];
    if (m === undefined) out.add(t);
    else if (m !== null) out.add(m);
  }
  if (out.size > 1) out.delete('intron');
  return [...out].sort();
}

export function sameTerms(a: readonly string[], b: readonly string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
