// One normalisation for every place that compares variants (import, annotation, ClinVar lookup, PGx):
// if two features normalised differently, a ClinVar match or a PGx position could be silently missed.
// Rule (as `bcftools norm` and vt do for a split biallelic record): drop shared trailing bases, then
// shared leading bases, always keeping at least one base in each allele; POS moves right by the number
// of leading bases removed. No left-alignment: that needs the reference sequence, which an import may lack.

export interface Allele {
  pos: number;
  ref: string;
  alt: string;
}

/** Symbolic or special ALTs (`<DEL>`, `<*>`, `*`, breakends) are kept exactly as written. */
export function isSymbolicAlt(alt: string): boolean {
  return alt.startsWith('<') || alt === '*' || alt.includes('[') || alt.includes(']') || alt === '.';
}

export function trimAllele(pos: number, ref: string, alt: string): Allele {
  if (isSymbolicAlt(alt)) return { pos, ref, alt };
  let r = ref;
  let a = alt;
  while (r.length > 1 && a.length > 1 && r[r.length - 1].toUpperCase() === a[a.length - 1].toUpperCase()) {
    r = r.slice(0, -1);
    a = a.slice(0, -1);
  }
  let p = pos;
  while (r.length > 1 && a.length > 1 && r[0].toUpperCase() === a[0].toUpperCase()) {
    r = r.slice(1);
    a = a.slice(1);
    p += 1;
  }
  return { pos: p, ref: r, alt: a };
}

/**
 * Chromosome names as GenoDesk stores them: `chr`-prefixed, `chrM` for the mitochondrion.
 * VCFs from GRCh37 pipelines say `1`/`MT`; GRCh38 ones `chr1`/`chrM`. Other contigs (alts, decoys,
 * unplaced) keep their own name so nothing is silently merged.
 */
export function normaliseChrom(name: string): string {
  // A file names a few dozen contigs and this runs for every record it holds: remembered, up to a bound.
  let known = normalisedChroms.get(name);
  if (known === undefined) {
    known = normaliseChromName(name);
    if (normalisedChroms.size < MAX_REMEMBERED_CHROMS) normalisedChroms.set(name, known);
  }
  return known;
}

const MAX_REMEMBERED_CHROMS = 4096;
const normalisedChroms = new Map<string, string>();

function normaliseChromName(name: string): string {
  const bare = name.replace(/^chr/i, '');
  if (/^(\d{1,2}|X|Y)$/i.test(bare)) return `chr${bare.toUpperCase()}`;
  if (/^(M|MT)$/i.test(bare)) return 'chrM';
  return name;
}
