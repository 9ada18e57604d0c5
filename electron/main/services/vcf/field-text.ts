// Checks and reads of VCF field text in place, by offset into a line (or a stripe holding it): the parse
// worker validates every fixed column of every record without making a string of it.

/** Character codes: '.', 'G', 'T'. */
export const DOT = 46;
export const G = 71;
export const T = 84;

/**
 * The value of `s[from, to)` when it is 1 to 15 decimal digits (so exact as a double), else -1.
 * What a POS must be.
 */
export function digitsValue(s: string, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Does `s[from, to)` match FLOAT (a decimal number, optionally signed, with an optional exponent)? */
export function isFloatIn(s: string, from: number, to: number): boolean {
  let i = from;
  let c = s.charCodeAt(i);
  if (i < to && (c === 43 || c === 45)) i += 1;
  let digits = 0;
  while (i < to && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
    i += 1;
    digits += 1;
  }
  if (i < to && s.charCodeAt(i) === DOT) {
    i += 1;
    while (i < to && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
      i += 1;
      digits += 1;
    }
  }
  if (digits === 0) return false;
  if (i < to && ((c = s.charCodeAt(i)) === 101 || c === 69)) {
    i += 1;
    if (i < to && ((c = s.charCodeAt(i)) === 43 || c === 45)) i += 1;
    const exponentFrom = i;
    while (i < to && (c = s.charCodeAt(i)) >= 48 && c <= 57) i += 1;
    if (i === exponentFrom) return false;
  }
  return i === to;
}

/** Is there a ':' in `s[from, to)`? */
export function hasColon(s: string, from: number, to: number): boolean {
  const c = s.indexOf(':', from);
  return c >= 0 && c < to;
}

/** ASCII letters only, in place: REF. */
export function isLettersIn(s: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) | 32;
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/** ASCII letters only (what BASES matched): REF and plain ALT alleles. */
export function isLetters(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 32;
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/** Tab-separated columns of the line `text[start, end)`. */
export function countColumns(text: string, start: number, end: number): number {
  let n = 1;
  let p = text.indexOf('\t', start);
  while (p >= 0 && p < end) {
    n += 1;
    p = text.indexOf('\t', p + 1);
  }
  return n;
}
