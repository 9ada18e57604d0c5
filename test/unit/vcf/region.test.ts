import { describe, expect, it } from 'vitest';
import { parseRegion } from '../../../electron/main/services/vcf/variant-query.ts';
import { AppError } from '../../../shared/errors.ts';

describe('parseRegion', () => {
  it('reads a chromosome, a position, or a 1-based inclusive range, in either naming', () => {
    expect(parseRegion('chr7:117480025-117668665')).toEqual({ chrom: 'chr7', start: 117480025, end: 117668665 });
    expect(parseRegion('7:117,480,025-117,668,665')).toEqual({ chrom: 'chr7', start: 117480025, end: 117668665 });
    expect(parseRegion('MT:100')).toEqual({ chrom: 'chrM', start: 100, end: 100 });
    expect(parseRegion(' chrX ')).toMatchObject({ chrom: 'chrX', start: 1 });
  });

  it.each(['chr1:', 'chr1:200-100', 'chr1:0-5', 'chr1:a-b', '', 'chr1 2 3'])('refuses %j with vcf/invalid-region', (text) => {
    expect(() => parseRegion(text)).toThrow(AppError);
    try {
      parseRegion(text);
    } catch (e) {
      expect((e as AppError).code).toBe('vcf/invalid-region');
    }
  });
});
