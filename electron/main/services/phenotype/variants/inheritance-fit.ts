// Does a gene's set of variants fit a disease's mode of inheritance (HPO inheritance terms of the disease
// in genes_to_phenotype)? Singleton reasoning as in services/diagnosis/inheritance.ts: recessive needs two
// hits (homozygous, or two heterozygous variants — phase unknown, so possible compound heterozygote);
// dominant needs one; X-linked takes one (hemizygous in a male, or a heterozygous female). A genotype that
// does not fit keeps a fraction of its score, since inheritance annotations are incomplete.
import type { Inheritance } from '../../../../../shared/schemas/phenotype.ts';
import type { GeneVariantEvidence } from './variant-evidence.ts';

export interface InheritanceFit {
  score: number;
  fit: string;
  variants: GeneVariantEvidence[];
}

/** Share of the score kept when the genotype contradicts every listed mode (AR with one heterozygous hit). */
export const MISFIT_FACTOR = 0.4;

function recessive(hits: GeneVariantEvidence[]): InheritanceFit {
  const hom = hits.find((h) => h.variant.zygosity === 'homozygous' || h.variant.zygosity === 'hemizygous');
  const het = hits.filter((h) => h.variant.zygosity !== 'homozygous' && h.variant.zygosity !== 'hemizygous');
  const homScore = hom ? hom.score : 0;
  const pairScore = het.length >= 2 ? (het[0].score + het[1].score) / 2 : 0;
  if (hom && homScore >= pairScore) return { score: homScore, fit: 'recessive: homozygous', variants: [hom] };
  if (het.length >= 2) return { score: pairScore, fit: 'recessive: two heterozygous variants (possible compound heterozygote, phase not known)', variants: het.slice(0, 2) };
  return { score: (hits[0]?.score ?? 0) * MISFIT_FACTOR, fit: 'recessive: only one heterozygous variant', variants: hits.slice(0, 1) };
}

function single(hits: GeneVariantEvidence[], label: string): InheritanceFit {
  return { score: hits[0]?.score ?? 0, fit: `${label}: one variant`, variants: hits.slice(0, 1) };
}

/** `hits` sorted by score, best first. */
export function fitInheritance(hits: GeneVariantEvidence[], modes: readonly Inheritance[]): InheritanceFit {
  const fits: InheritanceFit[] = [];
  const set = new Set(modes);
  if (set.has('autosomal-recessive') || set.has('x-linked-recessive')) fits.push(recessive(hits));
  if (set.has('autosomal-dominant')) fits.push(single(hits, 'dominant'));
  if (set.has('x-linked-dominant') || set.has('x-linked')) fits.push(single(hits, 'X-linked'));
  if (set.has('x-linked-recessive')) {
    const hemi = hits.find((h) => h.variant.zygosity === 'hemizygous' || h.variant.zygosity === 'homozygous');
    if (hemi) fits.push({ score: hemi.score, fit: 'X-linked recessive: hemizygous/homozygous', variants: [hemi] });
  }
  if (set.has('mitochondrial') || set.has('y-linked') || set.has('other') || fits.length === 0) fits.push(single(hits, modes.length === 0 ? 'inheritance not annotated' : 'other inheritance'));
  return fits.sort((a, b) => b.score - a.score)[0];
}
