// The allele as the consequence rules see it (Ensembl's convention): the reference bases it replaces,
// [start, end] on the + strand, and the bases it puts there. An insertion has no reference bases and is
// written start = end + 1 (it sits between `end` and `start`); a deletion has alt = ''.
// Built from a VCF allele already normalised by trimAllele (shared with the import), then stripped of the
// anchor base VCF requires for indels.
import { isSymbolicAlt, normaliseChrom, trimAllele } from '../../vcf/normalise-allele.ts';

export type StructuralType = 'DEL' | 'DUP' | 'INS' | 'INV' | 'CNV' | 'OTHER';

export interface GenomicAllele {
  chrom: string;
  start: number;
  end: number;
  ref: string;
  alt: string;
  /** Set for symbolic ALTs (<DEL>, <INS:ME:ALU>…): consequences are location-based, with no HGVS. */
  structural?: StructuralType;
}

export interface VcfAllele {
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  /** INFO END for symbolic alleles. */
  end?: number;
}

export function isInsertion(a: { start: number; end: number }): boolean {
  return a.start === a.end + 1;
}

function structuralType(alt: string): StructuralType {
  const m = /^<([A-Z]+)/.exec(alt.toUpperCase());
  const kind = m?.[1];
  if (kind === 'DEL' || kind === 'DUP' || kind === 'INS' || kind === 'INV' || kind === 'CNV') return kind;
  return 'OTHER';
}

/**
 * VCF allele → GenomicAllele. The VCF allele must already be trimmed (trimAllele); remaining shared leading
 * then trailing bases are removed here, so `CATG>C` at 107 becomes a deletion of 108-110.
 */
export function toGenomicAllele(input: VcfAllele): GenomicAllele {
  // Most of a genome is single-base substitutions: nothing to trim (the general path gives the same).
  if (input.ref.length === 1 && input.alt.length === 1 && !isSymbolicAlt(input.alt)) {
    const ref = input.ref.toUpperCase();
    const alt = input.alt.toUpperCase();
    if (ref !== alt) return { chrom: normaliseChrom(input.chrom), start: input.pos, end: input.pos, ref, alt };
  }
  // Trim first (idempotent) so every caller places the allele exactly as the import does.
  const v = isSymbolicAlt(input.alt) ? input : { ...input, ...trimAllele(input.pos, input.ref.toUpperCase(), input.alt.toUpperCase()) };
  const chrom = normaliseChrom(v.chrom);
  const ref = v.ref.toUpperCase();
  if (isSymbolicAlt(v.alt)) {
    const type = structuralType(v.alt);
    // Symbolic records carry one padding base before the event (VCF 4.x §5.3).
    if (type === 'INS') return { chrom, start: v.pos + 1, end: v.pos, ref: '', alt: '', structural: type };
    const end = v.end !== undefined && v.end >= v.pos ? v.end : v.pos + ref.length - 1;
    return { chrom, start: Math.min(v.pos + 1, end), end, ref: '', alt: '', structural: type };
  }
  let r = ref;
  let a = v.alt.toUpperCase();
  let start = v.pos;
  let i = 0;
  while (i < r.length && i < a.length && r[i] === a[i]) i++;
  if (i > 0) {
    r = r.slice(i);
    a = a.slice(i);
    start += i;
  }
  let j = 0;
  while (j < r.length && j < a.length && r[r.length - 1 - j] === a[a.length - 1 - j]) j++;
  if (j > 0) {
    r = r.slice(0, r.length - j);
    a = a.slice(0, a.length - j);
  }
  return { chrom, start, end: start + r.length - 1, ref: r, alt: a };
}

/** The normalised VCF-style allele GenoDesk stores and reports (same rule as the import). */
export function normaliseVcfAllele(v: VcfAllele): VcfAllele {
  // A single base on each side has nothing to trim.
  if (v.ref.length === 1 && v.alt.length === 1) {
    return { chrom: normaliseChrom(v.chrom), pos: v.pos, ref: v.ref.toUpperCase(), alt: isSymbolicAlt(v.alt) ? v.alt : v.alt.toUpperCase(), end: v.end };
  }
  const t = trimAllele(v.pos, v.ref.toUpperCase(), isSymbolicAlt(v.alt) ? v.alt : v.alt.toUpperCase());
  return { chrom: normaliseChrom(v.chrom), pos: t.pos, ref: t.ref, alt: t.alt, end: v.end };
}
