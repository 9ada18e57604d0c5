// Nucleotide and amino-acid helpers shared by the annotator and HGVS formatting.
// Genetic codes are the NCBI translation tables 1 (standard) and 2 (vertebrate mitochondrial): Ensembl VEP
// translates chrM transcripts with table 2, everything else with table 1.

const COMPLEMENT: Record<string, string> = {
  A: 'T', C: 'G', G: 'C', T: 'A', N: 'N',
  R: 'Y', Y: 'R', S: 'S', W: 'W', K: 'M', M: 'K', B: 'V', V: 'B', D: 'H', H: 'D',
};

export function reverseComplement(seq: string): string {
  let out = '';
  for (let i = seq.length - 1; i >= 0; i--) out += COMPLEMENT[seq[i]] ?? 'N';
  return out;
}

const BASES = 'TCAG';
// NCBI table 1 in TCAG order (first base slowest).
const STANDARD_AA = 'FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG';
// NCBI table 2: AGA/AGG stop, ATA Met, TGA Trp.
const MITO_AA = 'FFLLSSSSYY**CCWWLLLLPPPPHHQQRRRRIIMMTTTTNNKKSS**VVVVAAAADDEEGGGG';

function buildTable(aas: string): Map<string, string> {
  const table = new Map<string, string>();
  let i = 0;
  for (const a of BASES) for (const b of BASES) for (const c of BASES) table.set(a + b + c, aas[i++]);
  return table;
}

const TABLES = { standard: buildTable(STANDARD_AA), mitochondrial: buildTable(MITO_AA) };
export type CodonTable = keyof typeof TABLES;

export function codonTableFor(chrom: string): CodonTable {
  return /^(chr)?(M|MT)$/i.test(chrom) ? 'mitochondrial' : 'standard';
}

/** One amino acid per complete codon; codons with N/ambiguity give X; a trailing partial codon gives X (as VEP). */
export function translate(seq: string, table: CodonTable = 'standard'): string {
  const t = TABLES[table];
  let out = '';
  const n = seq.length - (seq.length % 3);
  for (let i = 0; i < n; i += 3) out += t.get(seq.substring(i, i + 3)) ?? 'X';
  if (n < seq.length) out += 'X';
  return out;
}

/** Translation up to and including the first stop ('*'); a trailing partial codon gives X, as in translate(). */
export function translateToStop(seq: string, table: CodonTable = 'standard'): { protein: string; stopFound: boolean } {
  const t = TABLES[table];
  let out = '';
  let i = 0;
  for (; i + 3 <= seq.length; i += 3) {
    const aa = t.get(seq.substring(i, i + 3)) ?? 'X';
    out += aa;
    if (aa === '*') return { protein: out, stopFound: true };
  }
  if (i < seq.length) out += 'X';
  return { protein: out, stopFound: false };
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
