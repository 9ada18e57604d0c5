// GT parsing, the recoding `bcftools norm -m-any` applies when it splits a multi-allelic record, and the
// zygosity classes of shared/schemas/vcf.ts. Pure functions: used by the parse worker and by the PGx reads.

/** Codes stored in variants.zygosity: the index of each class in ZYGOSITIES (shared/schemas/vcf.ts). */
export const ZYG = {
  homRef: 0,
  het: 1,
  homAlt: 2,
  hemiRef: 3,
  hemiAlt: 4,
  halfCall: 5,
  noCall: 6,
  none: 7,
} as const;

export interface Genotype {
  /** Allele indexes in GT order; null for `.`. */
  alleles: (number | null)[];
  /** Separator before each allele after the first (`/` or `|`). */
  separators: string[];
  /**
   * VCF 4.4 explicit phase of the first allele (`|0/1`, `/0|1`), or '' when implicit. Kept only when it
   * differs from the implicit one (see parseGenotype), which is how htslib ≥ 1.18 writes it back
   * (htslib test/vcf44_1.expected).
   */
  prefix: '' | '|' | '/';
}

const MAX_ALLELE_INDEX = 2 ** 31 - 1;
const SLASH = 47;
const PIPE = 124;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/**
 * Parses `str.slice(start, end)` as a GT value. Returns a string naming what was expected when it is not
 * one, so the caller can report file, line and column.
 */
export function parseGenotype(str: string, start: number, end: number): Genotype | string {
  if (end <= start) return 'a genotype such as 0/1, 1|0 or ./.';
  const alleles: (number | null)[] = [];
  const separators: string[] = [];
  let i = start;
  let prefix: '' | '|' | '/' = '';
  let c = str.charCodeAt(i);
  if (c === SLASH || c === PIPE) {
    prefix = c === PIPE ? '|' : '/';
    i += 1;
  }
  for (;;) {
    if (i >= end) return 'an allele index or "." after a separator';
    c = str.charCodeAt(i);
    if (c === DOT) {
      alleles.push(null);
      i += 1;
    } else if (c >= ZERO && c <= NINE) {
      let v = 0;
      while (i < end && (c = str.charCodeAt(i)) >= ZERO && c <= NINE) {
        v = v * 10 + (c - ZERO);
        i += 1;
      }
      // An index beyond the ALT list is kept, not refused: htslib (and so bcftools) reads such files
      // (htslib test-vcf-hdr-in.vcf has GT 0/1 with ALT "."). It is never this row's ALT, so splitting
      // recodes it to 0 as bcftools does; the original GT stays on the row.
      if (v > MAX_ALLELE_INDEX) return 'allele indexes below 2^31';
      alleles.push(v);
    } else {
      return 'allele indexes (0, 1, …) or "." separated by "/" or "|"';
    }
    if (i >= end) break;
    c = str.charCodeAt(i);
    if (c !== SLASH && c !== PIPE) return 'allele indexes (0, 1, …) or "." separated by "/" or "|"';
    separators.push(c === PIPE ? '|' : '/');
    i += 1;
  }
  if (prefix !== '') {
    // htslib's reading of a GT without a prefix: phased when every separator is `|`; a haploid call is
    // phased, a haploid "." is not (it reads as the unphased missing value).
    const implicitPhased = alleles.length === 1 ? alleles[0] !== null : separators.every((s) => s === '|');
    if ((prefix === '|') === implicitPhased) prefix = '';
  }
  return { alleles, separators, prefix };
}

/** The genotype as htslib writes it (explicit first-allele phase only where it is not implied). */
export function formatGenotype(g: Genotype): string {
  return formatAlleles(g, g.alleles);
}

function formatAlleles(g: Genotype, alleles: readonly (number | null)[]): string {
  let s = g.prefix + alleleText(alleles[0]);
  for (let k = 1; k < alleles.length; k++) s += g.separators[k - 1] + alleleText(alleles[k]);
  return s;
}

function alleleText(a: number | null | undefined): string {
  return a === null || a === undefined ? '.' : String(a);
}

/**
 * The genotype of the biallelic row for ALT number `altIndex` (1-based), as `bcftools norm -m-any`
 * recodes it: that ALT becomes 1, every other ALT becomes 0 (REF), missing stays missing. So a 1/2 call
 * becomes 1/0 and 0/1; the original stays recoverable from the row's `original` record.
 */
export function recodeForAlt(g: Genotype, altIndex: number): (number | null)[] {
  const out: (number | null)[] = new Array(g.alleles.length);
  for (let k = 0; k < g.alleles.length; k++) {
    const a = g.alleles[k];
    out[k] = a === null ? null : a === altIndex ? 1 : 0;
  }
  return out;
}

export function formatRecoded(g: Genotype, recoded: readonly (number | null)[]): string {
  return formatAlleles(g, recoded);
}

/** Phased when every allele is placed on a haplotype: ploidy ≥ 2, every separator `|`, no `/` prefix. */
export function isPhased(g: Genotype): boolean {
  if (g.alleles.length < 2 || g.prefix === '/') return false;
  for (const s of g.separators) if (s !== '|') return false;
  return true;
}

/** Zygosity class (ZYG) of a recoded biallelic genotype: alleles are 0, 1 or null. */
export function classifyRecoded(recoded: readonly (number | null)[]): number {
  let missing = 0;
  let ref = 0;
  let alt = 0;
  for (const a of recoded) {
    if (a === null) missing += 1;
    else if (a === 0) ref += 1;
    else alt += 1;
  }
  if (missing === recoded.length) return ZYG.noCall;
  if (missing > 0) return ZYG.halfCall;
  if (recoded.length === 1) return alt ? ZYG.hemiAlt : ZYG.hemiRef;
  if (alt === 0) return ZYG.homRef;
  if (ref === 0) return ZYG.homAlt;
  return ZYG.het;
}

/** Allele indexes of a stored GT string (as written by formatGenotype); null for a missing GT. */
export function genotypeIndexes(gt: string | null): { alleles: (number | null)[]; phased: boolean } | null {
  if (gt === null) return null;
  const g = parseGenotype(gt, 0, gt.length);
  if (typeof g === 'string') return null;
  return { alleles: g.alleles, phased: isPhased(g) };
}

/** Purines (A, G) 1, pyrimidines (C, T) 2, by character code of either case; 0 otherwise. */
const BASE_CLASS = new Uint8Array(128);
for (const [bases, cls] of [['AGag', 1], ['CTct', 2]] as const) for (const b of bases) BASE_CLASS[b.charCodeAt(0)] = cls;

/** True for A<->G and C<->T (purine-purine, pyrimidine-pyrimidine); the caller passes two different single bases. */
export function isTransition(ref: string, alt: string): boolean {
  const r = BASE_CLASS[ref.charCodeAt(0)];
  return r !== 0 && r === BASE_CLASS[alt.charCodeAt(0)] && ref.toUpperCase() !== alt.toUpperCase();
}
