// The inputs of the segregation engine: the family as a pedigree of sample ids, and each variant with the
// genotype of every member. Genotypes are those of one ALT allele after multi-allelic splitting (as
// services/vcf stores them: 1 is this ALT, other ALTs recoded to 0 as `bcftools norm -m-any` does).
import type { Affected, Sex } from '../../../../../shared/schemas/family.ts';

export interface PedMember {
  id: string;
  father: string | null;
  mother: string | null;
  sex: Sex;
  affected: Affected;
}

export interface FamilyModel {
  proband: string;
  members: PedMember[];
  build: 'GRCh37' | 'GRCh38';
}

export interface SampleCall {
  /** GT as written, e.g. "0/1", "1|0", "1", "./.". */
  gt: string | null;
  /** Phase set (FORMAT/PS) of a phased call. */
  ps: number | null;
  gq: number | null;
  dp: number | null;
  adRef: number | null;
  adAlt: number | null;
}

export interface FamilyVariant {
  /** chrom:pos:ref:alt, the id results are reported under. */
  key: string;
  /** Contig as the file writes it (chrX, X, 23…); only "is it X" matters here. */
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  /** Gene symbol for compound heterozygosity; null when not annotated. */
  gene: string | null;
  filter: string | null;
  calls: Record<string, SampleCall | undefined>;
}

export type Dosage = 0 | 1 | 2;

export interface ReadCall {
  /** Copies of the ALT allele; null for a no-call or a sample absent from the file. */
  alt: Dosage | null;
  ploidy: number;
  phased: boolean;
  /** For a phased het: which haplotype carries the ALT (0 = first allele of GT). */
  altHaplotype: 0 | 1 | null;
}

const MISSING: ReadCall = Object.freeze({ alt: null, ploidy: 0, phased: false, altHaplotype: null });
/** GT strings are few ("0/1", "1|0", "./."…): each is parsed once and the frozen result shared. */
const parsed = new Map<string, ReadCall>();

/** Reads GT into ALT dosage and phase. A half call ("./1") counts as missing: it cannot rule anything out. */
export function readCall(call: SampleCall | undefined): ReadCall {
  const gt = call?.gt;
  if (!gt) return MISSING;
  let r = parsed.get(gt);
  if (!r) {
    r = Object.freeze(parseGt(gt));
    if (parsed.size < 10_000) parsed.set(gt, r);
  }
  return r;
}

function parseGt(gt: string): ReadCall {
  const alleles = gt.split(/[/|]/);
  const phased = gt.includes('|') && !gt.includes('/');
  let alt = 0;
  for (const a of alleles) {
    if (a === '.' || a === '') return { alt: null, ploidy: alleles.length, phased, altHaplotype: null };
    if (a === '1') alt++;
  }
  const altHaplotype = phased && alleles.length === 2 && alt === 1 ? (alleles[0] === '1' ? 0 : 1) : null;
  // A haploid ALT (male X outside the PARs written "1") is one copy of the only X: treated as hom.
  const dosage: Dosage = alleles.length === 1 ? (alt === 1 ? 2 : 0) : (Math.min(alt, 2) as Dosage);
  return { alt: dosage, ploidy: alleles.length, phased, altHaplotype };
}

/** Fraction of reads supporting ALT, or null without AD. */
export function altFraction(call: SampleCall | undefined): number | null {
  if (!call || call.adRef === null || call.adAlt === null) return null;
  const total = call.adRef + call.adAlt;
  return total > 0 ? call.adAlt / total : null;
}
