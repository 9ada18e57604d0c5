// HGVS p. descriptions predicted from the reference and variant protein (HGVS Nomenclature v21, protein):
// three-letter amino acids, predicted changes in parentheses — p.(Arg12Trp), p.(Gln55Ter), p.(Thr125=),
// p.(Leu189CysfsTer2), p.(Ter260CysextTer2), p.(Lys89_Gly93dup), p.(Cys322_Asn326del),
// p.(Glu604_Phe605insSerPro), p.(Ser382_Asp383delinsArgTyr) — and p.Met1? for a lost start codon.
// Insertions, deletions and duplications are placed as far C-terminal as the sequence allows (3' rule).
import { threeLetter } from '../sequence/dna.ts';

export interface ProteinChangeInput {
  /** Reference protein including its terminal '*' when the CDS ends in a stop codon. */
  ref: string;
  /** First codon the variant touches (1-based). */
  codonStart: number;
  /** Reference and variant translations of the codons the variant touches (VEP's Amino_acids). */
  refPeptide: string;
  altPeptide: string;
  /** Variant protein from the start, read through the 3' UTR to the first stop (for fs and ext). */
  altProtein: string;
  /** CDS length changes by a number of bases that is not a multiple of three. */
  frameshift: boolean;
}

export type ProteinChangeKind =
  | 'synonymous'
  | 'missense'
  | 'nonsense'
  | 'frameshift'
  | 'extension'
  | 'deletion'
  | 'insertion'
  | 'duplication'
  | 'delins'
  | 'start-lost';

export interface ProteinChange {
  hgvs: string;
  /** 1-based position of the first amino acid described. */
  position: number;
  kind: ProteinChangeKind;
}

function aa(seq: string, i: number): string {
  return threeLetter(seq[i] ?? 'X');
}

function extension(ref: string, altProtein: string, pos: number): ProteinChange {
  const i = pos - 1;
  if (altProtein[i] === undefined) return { hgvs: `p.(Ter${pos}delextTer?)`, position: pos, kind: 'extension' };
  const stop = altProtein.indexOf('*', i);
  const tail = stop >= 0 ? String(stop - i) : '?';
  return { hgvs: `p.(Ter${pos}${aa(altProtein, i)}extTer${tail})`, position: pos, kind: 'extension' };
}

function frameshift(input: ProteinChangeInput): ProteinChange {
  const { ref, altProtein: alt } = input;
  let i = Math.max(0, input.codonStart - 1);
  while (i < ref.length && i < alt.length && ref[i] === alt[i]) i++;
  const pos = i + 1;
  if (i === 0 && ref[0] === 'M') return { hgvs: 'p.Met1?', position: 1, kind: 'start-lost' };
  if (ref[i] === '*' || ref[i] === undefined) return extension(ref, alt, pos);
  if (alt[i] === '*') return { hgvs: `p.(${aa(ref, i)}${pos}Ter)`, position: pos, kind: 'nonsense' };
  if (alt[i] === undefined) return { hgvs: `p.(${aa(ref, i)}${pos}fsTer?)`, position: pos, kind: 'frameshift' };
  const stop = alt.indexOf('*', i);
  const tail = stop >= 0 ? String(stop - i + 1) : '?';
  return { hgvs: `p.(${aa(ref, i)}${pos}${aa(alt, i)}fsTer${tail})`, position: pos, kind: 'frameshift' };
}

export function describeProteinChange(input: ProteinChangeInput): ProteinChange {
  if (input.frameshift) return frameshift(input);
  const { ref } = input;
  let r = input.refPeptide;
  let a = input.altPeptide;
  const stopAt = a.indexOf('*');
  if (stopAt >= 0) a = a.substring(0, stopAt + 1); // nothing after a new stop is translated
  let pos = input.codonStart;
  while (r.length > 0 && a.length > 0 && r[0] === a[0]) {
    r = r.substring(1);
    a = a.substring(1);
    pos++;
  }
  while (r.length > 0 && a.length > 0 && r[r.length - 1] === a[a.length - 1]) {
    r = r.substring(0, r.length - 1);
    a = a.substring(0, a.length - 1);
  }
  if (r.length === 0 && a.length === 0) {
    const k = Math.min(Math.max(input.codonStart, 1), ref.length);
    return { hgvs: `p.(${aa(ref, k - 1)}${k}=)`, position: k, kind: 'synonymous' };
  }
  if (pos === 1 && ref[0] === 'M' && r.length > 0) return { hgvs: 'p.Met1?', position: 1, kind: 'start-lost' };
  if (r[0] === '*') return extension(ref, input.altProtein, pos);
  if (a[0] === '*' && r.length > 0) return { hgvs: `p.(${aa(r, 0)}${pos}Ter)`, position: pos, kind: 'nonsense' };
  if (r.length === 1 && a.length === 1) return { hgvs: `p.(${aa(r, 0)}${pos}${aa(a, 0)})`, position: pos, kind: 'missense' };
  if (r.length === 0) {
    // Insertion before residue `pos`: slide C-terminal through repeats, then it may be a duplication.
    while (ref[pos - 1] !== undefined && ref[pos - 1] === a[0] && a[0] !== '*') {
      a = a.substring(1) + a[0];
      pos++;
    }
    const k = a.length;
    if (pos - 1 >= k && ref.substring(pos - 1 - k, pos - 1) === a) {
      const from = pos - k;
      const desc = k === 1 ? `${aa(ref, from - 1)}${from}` : `${aa(ref, from - 1)}${from}_${aa(ref, pos - 2)}${pos - 1}`;
      return { hgvs: `p.(${desc}dup)`, position: from, kind: 'duplication' };
    }
    if (pos === 1) return { hgvs: 'p.Met1?', position: 1, kind: 'start-lost' };
    return {
      hgvs: `p.(${aa(ref, pos - 2)}${pos - 1}_${aa(ref, pos - 1)}${pos}ins${threeLetter(a)})`,
      position: pos - 1,
      kind: 'insertion',
    };
  }
  if (a.length === 0) {
    while (ref[pos - 1 + r.length] !== undefined && ref[pos - 1 + r.length] === r[0] && r[0] !== '*') {
      r = r.substring(1) + r[0];
      pos++;
    }
  }
  const range = r.length === 1 ? `${aa(r, 0)}${pos}` : `${aa(r, 0)}${pos}_${aa(r, r.length - 1)}${pos + r.length - 1}`;
  if (a.length === 0) return { hgvs: `p.(${range}del)`, position: pos, kind: 'deletion' };
  return { hgvs: `p.(${range}delins${threeLetter(a)})`, position: pos, kind: 'delins' };
}
