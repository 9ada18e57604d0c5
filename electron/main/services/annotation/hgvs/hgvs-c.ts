// HGVS c./n. descriptions on a transcript (HGVS Nomenclature v21: c.123A>G, c.-12del, c.*34_*35insT,
// c.100+5G>C, c.99_101dup, c.4_6delinsTT). Deletions, duplications and insertions are moved as far 3' as
// the sequence allows, in the transcript's direction ("3' rule"), within the transcript. Deleted bases are
// not spelt out, as in Ensembl VEP's HGVSc.
import type { GenomicAllele } from '../consequence/genomic-allele.ts';
import { isInsertion } from '../consequence/genomic-allele.ts';
import { reverseComplement } from '../sequence/dna.ts';
import type { TranscriptSequence } from '../transcripts/transcript-sequence.ts';

/** c. (or n.) number of a cDNA position: 123, -12 (5' UTR), *34 (3' UTR). */
export function cdnaToHgvsNumber(ts: TranscriptSequence, cdna: number): string {
  if (!ts.coding) return String(cdna);
  if (cdna < ts.cdnaCodingStart) return `-${ts.cdnaCodingStart - cdna}`;
  if (cdna > ts.cdnaCodingEnd) return `*${cdna - ts.cdnaCodingEnd}`;
  return String(cdna - ts.cdnaCodingStart + 1);
}

/**
 * HGVS position of a genomic base on the transcript, with an intron offset when intronic (c.100+5, c.-21+16,
 * c.*910-180). The middle base of an odd-length intron is numbered from the upstream exon (HGVS).
 * Undefined outside the transcript.
 */
export function genomicToHgvsPosition(ts: TranscriptSequence, pos: number): string | undefined {
  const t = ts.model;
  if (pos < t.start || pos > t.end) return undefined;
  const cdna = ts.genomicToCdna(pos);
  if (cdna !== undefined) return cdnaToHgvsNumber(ts, cdna);
  for (const intron of ts.introns) {
    if (pos < intron.start || pos > intron.end) continue;
    const fromLeft = pos - intron.start + 1; // distance from the exon on the genomic left
    const fromRight = intron.end - pos + 1;
    const leftExonLast = ts.genomicToCdna(intron.start - 1) as number;
    const rightExonFirst = ts.genomicToCdna(intron.end + 1) as number;
    if (t.strand === 1) {
      // upstream exon is on the left
      return fromLeft <= fromRight
        ? `${cdnaToHgvsNumber(ts, leftExonLast)}+${fromLeft}`
        : `${cdnaToHgvsNumber(ts, rightExonFirst)}-${fromRight}`;
    }
    return fromRight <= fromLeft
      ? `${cdnaToHgvsNumber(ts, rightExonFirst)}+${fromRight}`
      : `${cdnaToHgvsNumber(ts, leftExonLast)}-${fromLeft}`;
  }
  return undefined;
}

const WINDOW = 64;

/**
 * Moves a deletion or insertion as far as equivalent placements allow: rightwards (+1) or leftwards (-1) on
 * the genome, never past [min, max]. Substitutions and delins are returned unchanged.
 */
export function shiftIndel(
  a: GenomicAllele,
  direction: 1 | -1,
  fetch: (start: number, end: number) => string,
  min: number,
  max: number,
): GenomicAllele {
  const isDel = a.alt === '' && a.ref !== '';
  const isIns = a.ref === '' && a.alt !== '';
  if (!isDel && !isIns) return a;
  let seq = isDel ? a.ref : a.alt;
  let start = a.start;
  let end = a.end;
  const n = seq.length;
  if (direction === 1) {
    // next base to the right of the event
    let cursor = end + 1;
    let buf = '';
    let bufStart = cursor;
    for (;;) {
      if (cursor > max) break;
      if (cursor - bufStart >= buf.length) {
        bufStart = cursor;
        buf = fetch(cursor, Math.min(max, cursor + WINDOW - 1));
        if (buf.length === 0) break;
      }
      const base = buf[cursor - bufStart];
      if (base !== seq[0] || base === 'N') break;
      seq = seq.slice(1) + seq[0];
      start++;
      end++;
      cursor++;
    }
  } else {
    let cursor = start - 1;
    let buf = '';
    let bufEnd = cursor;
    for (;;) {
      if (cursor < min) break;
      if (bufEnd - cursor >= buf.length) {
        bufEnd = cursor;
        const from = Math.max(min, cursor - WINDOW + 1);
        buf = fetch(from, cursor);
        if (buf.length === 0) break;
      }
      const base = buf[buf.length - 1 - (bufEnd - cursor)];
      if (base !== seq[n - 1] || base === 'N') break;
      seq = seq[n - 1] + seq.slice(0, n - 1);
      start--;
      end--;
      cursor--;
    }
  }
  return isDel ? { ...a, start, end, ref: seq } : { ...a, start, end, alt: seq };
}

/** `c.…` / `n.…` for a sequence allele, 3'-shifted; undefined when any part lies outside the transcript. */
export function hgvsCoding(ts: TranscriptSequence, allele: GenomicAllele): string | undefined {
  if (allele.structural) return undefined;
  const t = ts.model;
  const fetch = (s: number, e: number): string => ts.genomic(s, e);
  const a = shiftIndel(allele, t.strand === 1 ? 1 : -1, fetch, t.start, t.end);
  const prefix = ts.hgvsPrefix;
  const plus = t.strand === 1;
  const orient = (s: string): string => (plus ? s : reverseComplement(s));
  if (isInsertion(a)) {
    const ins = orient(a.alt);
    // Duplication: the inserted bases repeat those just 5' of the insertion point (transcript orientation).
    const k = ins.length;
    const dupStart = plus ? a.end - k + 1 : a.start;
    const dupEnd = plus ? a.end : a.start + k - 1;
    if (dupStart >= t.start && dupEnd <= t.end && ts.genomic(dupStart, dupEnd) === a.alt) {
      const p5 = genomicToHgvsPosition(ts, plus ? dupStart : dupEnd);
      const p3 = genomicToHgvsPosition(ts, plus ? dupEnd : dupStart);
      if (p5 === undefined || p3 === undefined) return undefined;
      return `${prefix}${k === 1 ? p5 : `${p5}_${p3}`}dup`;
    }
    const left = genomicToHgvsPosition(ts, plus ? a.end : a.start);
    const right = genomicToHgvsPosition(ts, plus ? a.start : a.end);
    if (left === undefined || right === undefined) return undefined;
    return `${prefix}${left}_${right}ins${ins}`;
  }
  const p5 = genomicToHgvsPosition(ts, plus ? a.start : a.end);
  const p3 = a.start === a.end ? p5 : genomicToHgvsPosition(ts, plus ? a.end : a.start);
  if (p5 === undefined || p3 === undefined) return undefined;
  const range = a.start === a.end ? p5 : `${p5}_${p3}`;
  if (a.alt === '') return `${prefix}${range}del`;
  if (a.ref.length === 1 && a.alt.length === 1) return `${prefix}${p5}${orient(a.ref)}>${orient(a.alt)}`;
  return `${prefix}${range}delins${orient(a.alt)}`;
}
