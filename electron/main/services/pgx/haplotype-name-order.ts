// Orderings that decide how PharmCAT lists alleles and diplotypes ("*1/*80+*28" before "*28/*80" at equal
// score, "*2" before "*10", "Reference" first). They follow PharmCAT's published output order, which is
// natural (numeric-aware) ordering of allele names with a few special cases described below.

export const COMBINATION_JOINER = ' + ';

/** PharmCAT writes a combination or partial allele on one gene copy as "[a + b]". */
export function isCombinationName(name: string): boolean {
  return name.startsWith('[') && name.includes(COMBINATION_JOINER) && name.endsWith(']');
}

export function combinationComponents(name: string): string[] {
  const inner = isCombinationName(name) ? name.slice(1, -1) : name;
  return inner.split(COMBINATION_JOINER).map((s) => s.trim());
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type Part = string | number;

function partsOf(s: string): Part[] {
  const parts: Part[] = [];
  let start = 0;
  let wasDigit = s.length > 0 && s.charCodeAt(0) >= 48 && s.charCodeAt(0) <= 57;
  for (let i = 1; i <= s.length; i++) {
    const isDigit = i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;
    if (i === s.length || isDigit !== wasDigit) {
      const piece = s.slice(start, i);
      parts.push(wasDigit ? Number(piece) : piece);
      start = i;
      wasDigit = isDigit;
    }
  }
  return parts;
}

/** Numbers compare as numbers ("*2" < "*10"); a text part sorts after a number part at the same place. */
export function naturalCompare(a: string, b: string): number {
  const pa = partsOf(a);
  const pb = partsOf(b);
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i];
    const y = pb[i];
    let cmp: number;
    if (typeof x === 'number' && typeof y === 'number') cmp = x - y;
    else if (typeof x === 'string' && typeof y === 'string') cmp = compareStrings(x, y);
    else cmp = typeof x === 'string' ? 1 : -1;
    if (cmp !== 0) return cmp < 0 ? -1 : 1;
  }
  if (pa.length === pb.length) return 0;
  return pa.length < pb.length ? -1 : 1;
}

const TOP_TERMS = new Set(['Any', 'All', 'Reference']);
const BOTTOM_TERMS = new Set(['Other', 'Unknown']);

function plainNameCompare(a: string, b: string): number {
  if (a === b) return 0;
  if (TOP_TERMS.has(a) || BOTTOM_TERMS.has(b)) return -1;
  if (TOP_TERMS.has(b) || BOTTOM_TERMS.has(a)) return 1;
  return naturalCompare(a, b);
}

const HGVS_NAME = /^(?:.*:)?[cgnmopr]\.(\d+).*$/s;

/** Allele-name order: single alleles before combinations, HGVS-style names (DPYD, RYR1) by position. */
export function haplotypeNameCompare(a: string, b: string): number {
  if (a === b) return 0;
  const ca = isCombinationName(a);
  const cb = isCombinationName(b);
  if (ca !== cb) return ca ? 1 : -1;
  let n1 = a;
  let n2 = b;
  if (ca) {
    const h1 = combinationComponents(a);
    const h2 = combinationComponents(b);
    if (h1.length !== h2.length) return h1.length < h2.length ? -1 : 1;
    n1 = h1[0];
    n2 = h2[0];
  }
  const m1 = HGVS_NAME.exec(n1);
  const m2 = HGVS_NAME.exec(n2);
  if (m1 && m2) {
    const p1 = Number(m1[1]);
    const p2 = Number(m2[1]);
    if (p1 === p2) return compareStrings(n1, n2);
    return p1 < p2 ? -1 : 1;
  }
  return plainNameCompare(n1, n2);
}

export interface OrderableAllele {
  name: string;
  id: string;
  reference: boolean;
}

/** Definition order of named alleles: the reference allele first, then by name, then by identifier. */
export function namedAlleleCompare(a: OrderableAllele, b: OrderableAllele): number {
  if (a.reference !== b.reference) return a.reference ? -1 : 1;
  const r = haplotypeNameCompare(a.name, b.name);
  if (r !== 0) return r;
  return compareStrings(a.id, b.id);
}

/** Order of matched alleles on one strand: component by component, then by the sample sequences they matched. */
export function matchNameCompare(a: string, b: string): number {
  if (a === b) return 0;
  const p1 = a.split(COMBINATION_JOINER).map((s) => s.trim());
  const p2 = b.split(COMBINATION_JOINER).map((s) => s.trim());
  for (let i = 0; i < p1.length; i++) {
    if (i >= p2.length) return 1;
    const r = haplotypeNameCompare(p1[i], p2[i]);
    if (r !== 0) return r;
  }
  return p2.length > p1.length ? -1 : 0;
}

export function compareSequenceSets(a: readonly string[], b: readonly string[]): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  for (let i = 0; i < a.length; i++) {
    const r = compareStrings(a[i], b[i]);
    if (r !== 0) return r;
  }
  return 0;
}
