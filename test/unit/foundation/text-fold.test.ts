import { describe, expect, it } from 'vitest';
import { foldForSearch } from '../../../shared/text-fold.ts';

describe('foldForSearch', () => {
  it('removes accents, case and punctuation', () => {
    expect(foldForSearch('Zoë')).toBe('zoe');
    expect(foldForSearch('BRONTË')).toBe('bronte');
    expect(foldForSearch("O'Brien")).toBe('obrien');
    expect(foldForSearch('Łukasz')).toBe('lukasz');
    expect(foldForSearch('Smith-Jones')).toBe('smithjones');
    expect(foldForSearch('Strauß')).toBe('strauss');
    expect(foldForSearch('Siobhán')).toBe('siobhan');
  });
});
