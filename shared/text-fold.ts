/**
 * Folds a name for searching: accents removed (Zoë → zoe, Łukasz → lukasz), case folded, and
 * punctuation/spaces dropped so "OBrien" finds "O'Brien" and "smithjones" finds "Smith-Jones".
 */
export function foldForSearch(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}
