// Reading genotypes: build detection from headers, record lookup by position (including records that
// only span a position), gVCF blocks, and the store adapter.
import { describe, expect, it } from 'vitest';
import { detectBuild, genotypeSourceFromRecords, type VcfRecordGenotype } from '../../../electron/main/services/pgx/genotype-source.ts';

describe('genome build from the header', () => {
  it('uses chr1 length (GRCh38 248956422, GRCh37 249250621: NCBI assembly reports)', () => {
    expect(detectBuild(['##contig=<ID=chr1,length=248956422>']).build).toBe('GRCh38');
    expect(detectBuild(['##contig=<ID=1,length=249250621>']).build).toBe('GRCh37');
  });
  it('falls back to contig assembly tags and ##reference', () => {
    expect(detectBuild(['##contig=<ID=chr7,assembly=GRCh38.p14,species="Homo sapiens">']).build).toBe('GRCh38');
    expect(detectBuild(['##reference=file:///ref/human_g1k_v37.fasta']).build).toBe('GRCh37');
    expect(detectBuild(['##reference=hg19']).build).toBe('GRCh37');
    expect(detectBuild(['##fileformat=VCFv4.2']).build).toBeNull();
  });
  it('prefers contig lengths over a misleading ##reference', () => {
    expect(detectBuild(['##reference=hg19', '##contig=<ID=chr1,length=248956422>']).build).toBe('GRCh38');
  });
});

describe('genotypeSourceFromRecords (the store adapter route)', () => {
  const rec = (chrom: string, pos: number, ref: string, alts: string[], gt: (number | null)[]): VcfRecordGenotype => ({ chrom, pos, ref, alts, gt, phased: false, ps: null });
  const source = genotypeSourceFromRecords(
    [rec('7', 99652770, 'T', ['TA'], [0, 1]), rec('chr2', 233760233, 'CAT', ['C', 'CATAT'], [1, 2])],
    [{ chrom: 'chr10', start: 94760000, end: 94770000, called: true }, { chrom: 'chr10', start: 94770001, end: 94770100, called: false }],
    'GRCh38',
  );
  it('normalises chromosome names and finds records at and spanning a position', () => {
    expect(source.lookup('chr7', 99652770)).toMatchObject({ kind: 'called', records: [{ chrom: 'chr7' }] });
    expect(source.lookup('chr2', 233760234)).toMatchObject({ kind: 'called' });
    expect(source.lookup('chr2', 233760236).kind).toBe('missing');
  });
  it('reports positions inside called blocks as reference blocks, and no-call blocks as missing', () => {
    expect(source.lookup('chr10', 94765000).kind).toBe('reference-block');
    expect(source.lookup('chr10', 94770050).kind).toBe('missing');
    expect(source.lookup('chr10', 94780000).kind).toBe('missing');
  });
  it('lists records overlapping a range (for indels anchored one base away)', () => {
    expect(source.lookupRange?.('chr2', 233760232, 233760236).map((r) => r.pos)).toEqual([233760233]);
  });
});
