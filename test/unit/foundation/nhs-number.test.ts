import { describe, expect, it } from 'vitest';
import { formatNhsNumber, nhsCheckDigit, nhsNumberProblem, normaliseNhsNumber } from '../../../shared/nhs-number.ts';

describe('NHS number (Modulus 11)', () => {
  // 943 476 5919 is the NHS Data Dictionary's own worked example of a valid number.
  it('accepts valid numbers with or without spaces', () => {
    expect(nhsNumberProblem('943 476 5919')).toBeNull();
    expect(nhsNumberProblem('9434765919')).toBeNull();
    expect(normaliseNhsNumber(' 943 476  5919 ')).toBe('9434765919');
  });
  it('rejects a wrong check digit, wrong length, letters and empty', () => {
    expect(nhsNumberProblem('9434765918')).toBe('check-digit');
    expect(nhsNumberProblem('943476591')).toBe('not-ten-digits');
    expect(nhsNumberProblem('94347659190')).toBe('not-ten-digits');
    expect(nhsNumberProblem('94347659A9')).toBe('not-ten-digits');
    expect(nhsNumberProblem('943-476-5919')).toBe('not-ten-digits');
    expect(nhsNumberProblem('')).toBe('empty');
  });
  it('treats a computed check of 10 as invalid and 11 as 0', () => {
    // 1000000010: weights give 10*1 + 2*1 = 12 → 11 - 1 = 10 → no valid check digit exists.
    expect(nhsCheckDigit('100000001')).toBeNull();
    // 000000000 → sum 0 → 11 → check digit 0.
    expect(nhsCheckDigit('000000000')).toBe(0);
  });
  it('formats as 3-3-4', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
  });
});
