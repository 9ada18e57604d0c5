// Nucleotide and amino-acid helpers shared by the annotator and HGVS formatting.
// Genetic codes are the NCBI translation tables 1 (standard) and 2 (vertebrate mitochondrial): Ensembl VEP
// translates chrM transcripts with table 2, everything else with table 1.

const COMPLEMENT: Record<string, string> = {
  A: 'T', C: 'G', G: 'C', T: 'A', N: 'N',
  R: 'Y', Y: 'R', S: 'S', W: 'W', K: 'M', M: 'K', B: 'V', V: 'B', D: 'H', H: 'D',
};

/** Complement by character code (N for anything COMPLEMENT does not name, lower case included). */
const COMPLEMENT_CODE = new Uint8Array(128).fill(78);
for (const [base, comp] of Object.entries(COMPLEMENT)) COMPLEMENT_CODE[base.charCodeAt(0)] = comp.charCodeAt(0);

// Written into a byte buffer and decoded once: appending a character at a time made a rope of one-character
// strings for every minus-strand transcript and allele (~4 % of a genome run's allocation, heap profile).
export function reverseComplement(seq: string): string {
  const n = seq.length;
  if (n === 1) return COMPLEMENT[seq] ?? 'N';
  const out = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) {
    const c = seq.charCodeAt(n - 1 - i);
    out[i] = c < 128 ? COMPLEMENT_CODE[c] : 78;
  }
  return out.toString('latin1', 0, n);
}

const BASES = 'TCAG';
// NCBI table 1 in TCAG order (first base slowest).
const STANDARD_AA = 'FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG';
// NCBI table 2: AGA/AGG stop, ATA Met, TGA Trp.
const MITO_AA = 'FFLLSSSSYY**CCWWLLLLPPPPHHQQRRRRIIMMTTTTNNKKSS**VVVVAAAADDEEGGGG';

export type CodonTable = 'standard' | 'mitochondrial';

export function codonTableFor(chrom: string): CodonTable {
  return /^(chr)?(M|MT)$/i.test(chrom) ? 'mitochondrial' : 'standard';
}

/** Index of each of T, C, A, G in the tables' order; -1 for anything else (N, ambiguity codes, lower case). */
const BASE_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < BASES.length; i++) BASE_INDEX[BASES.charCodeAt(i)] = i;
const AA_CODES = { standard: aaCodes(STANDARD_AA), mitochondrial: aaCodes(MITO_AA) };
const X = 88;
const STOP = 42;

function aaCodes(aas: string): Uint8Array {
  return Uint8Array.from(aas, (c) => c.charCodeAt(0));
}

/** The amino acid (character code) of the codon at i, X when any base is not T, C, A or G (the tables hold only those). */
function codonAt(seq: string, i: number, aas: Uint8Array): number {
  const a = seq.charCodeAt(i);
  const b = seq.charCodeAt(i + 1);
  const c = seq.charCodeAt(i + 2);
  if (a > 127 || b > 127 || c > 127) return X;
  const x = BASE_INDEX[a];
  const y = BASE_INDEX[b];
  const z = BASE_INDEX[c];
  return (x | y | z) < 0 ? X : aas[x * 16 + y * 4 + z];
}

// Codons are read by character code and the protein written into a byte buffer: a substring and a Map lookup
// per codon, and a one-character string appended per amino acid, were most of a coding variant's garbage.
/** One amino acid per complete codon; codons with N/ambiguity give X; a trailing partial codon gives X (as VEP). */
export function translate(seq: string, table: CodonTable = 'standard'): string {
  const aas = AA_CODES[table];
  const n = seq.length - (seq.length % 3);
  const partial = n < seq.length ? 1 : 0;
  const out = Buffer.allocUnsafe(n / 3 + partial);
  let k = 0;
  for (let i = 0; i < n; i += 3) out[k++] = codonAt(seq, i, aas);
  if (partial) out[k++] = X;
  return out.toString('latin1', 0, k);
}

/** Translation up to and including the first stop ('*'); a trailing partial codon gives X, as in translate(). */
export function translateToStop(seq: string, table: CodonTable = 'standard'): { protein: string; stopFound: boolean } {
  const aas = AA_CODES[table];
  const out = Buffer.allocUnsafe(Math.ceil(seq.length / 3));
  let k = 0;
  let i = 0;
  for (; i + 3 <= seq.length; i += 3) {
    const aa = codonAt(seq, i, aas);
    out[k++] = aa;
    if (aa === STOP) return { protein: out.toString('latin1', 0, k), stopFound: true };
  }
  if (i < seq.length) out[k++] = X;
  return { protein: out.toString('latin1', 0, k), stopFound: false };
}

const THREE_LETTER: Record<string, string> = {
  A: 'Ala', R: 'Arg', N: 'Asn', D: 'Asp', C: 'Cys', Q: 'Gln', E: 'Glu', G: 'Gly', H: 'His', I: 'Ile',
  L: 'Leu', K: 'Lys', M: 'Met', F: 'Phe', P: 'Pro', S: 'Ser', T: 'Thr', W: 'Trp', Y: 'Tyr', V: 'Val',
  U: 'Sec', O: 'Pyl', '*': 'Ter', X: 'Xaa',
};

export function threeLetter(aa: string): string {
  let out = '';
  for (const c of aa) out += THREE_LETTER[c] ?? 'Xaa';
  return out;
}

const ONE_LETTER = new Map(Object.entries(THREE_LETTER).map(([k, v]) => [v.toUpperCase(), k]));

/** 'GlyTrp' or 'Gly*' → 'GW' / 'G*'; used to compare third-party p. strings. */
export function oneLetterFromThree(aa3: string): string {
  let out = '';
  let i = 0;
  while (i < aa3.length) {
    if (aa3[i] === '*') {
      out += '*';
      i += 1;
      continue;
    }
    const code = ONE_LETTER.get(aa3.substring(i, i + 3).toUpperCase());
    if (!code) throw new Error(`not a three-letter amino-acid string: ${aa3}`);
    out += code;
    i += 3;
  }
  return out;
}

export function isPlainDna(seq: string): boolean {
  return /^[ACGTN]*$/.test(seq);
}
