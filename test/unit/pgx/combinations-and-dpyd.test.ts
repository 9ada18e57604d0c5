// Research-mode combinations and the lowest-function genes, checked against the worked examples in
// PharmCAT's docs (NamedAlleleMatcher-101 "Combinations and Partial Alleles", Gene-Definition-Exceptions
// "DPYD") and its DPYD HapB3 truth table (test-resources/haplotype/DPYD/hapb3.tsv). Genotypes are built
// from the allele definition tables: every position reference except the named rsIDs.
import { describe, expect, it } from 'vitest';
import { defaultPgxData } from '../../../electron/main/services/pgx/pgx-data.ts';
import { genotypeSourceFromRecords } from '../../../electron/main/services/pgx/genotype-source.ts';
import { callGene } from '../../../electron/main/services/pgx/named-allele-matcher.ts';
import { runPgx } from '../../../electron/main/services/pgx/pgx-engine.ts';

const data = defaultPgxData();
type Gt = [number, number];

function source(gene: string, gts: Record<string, Gt>, phased = false) {
  const def = data.definition(gene);
  return genotypeSourceFromRecords(
    def.variants.map((v) => ({ chrom: v.chromosome, pos: v.position, ref: v.ref, alts: v.alts, gt: gts[v.rsid ?? ''] ?? [0, 0], phased, ps: null })),
    [],
    'GRCh38',
  );
}
const research = { topCandidateOnly: true, findCombinations: true, withExemptions: true, callCyp2d6: true };
const standard = { ...research, findCombinations: false };

describe('combinations and partial alleles (docs/NamedAlleleMatcher-101)', () => {
  it('example 1: CYP2C9 *2 and *3 SNVs alone, unphased → *2/*3', () => {
    expect(callGene(data, 'CYP2C9', source('CYP2C9', { rs1799853: [0, 1], rs1057910: [0, 1] }), research).diplotypes.map((d) => d.name)).toEqual(['*2/*3']);
  });
  it('example 2: CYP2C9 *2 SNV with one *18 SNV → *1/[*2 + g.94986073A>C] best, *2/g.94986073A>C also listed', () => {
    const c = callGene(data, 'CYP2C9', source('CYP2C9', { rs1799853: [0, 1], rs72558193: [0, 1] }), research);
    expect(c.diplotypes.map((d) => d.name)).toEqual(['*1/[*2 + g.94986073A>C]', '*2/g.94986073A>C']);
    expect(c.diplotypes[0].score).toBeGreaterThan(c.diplotypes[1].score);
  });
  it('example 3: CYP2C9 *2 homozygous with *3 → *2/[*2 + *3]', () => {
    expect(callGene(data, 'CYP2C9', source('CYP2C9', { rs1799853: [1, 1], rs1057910: [0, 1] }), research).diplotypes.map((d) => d.name)).toEqual(['*2/[*2 + *3]']);
  });
  it('only looks for combinations when no normal call exists, and not at all unless asked', () => {
    const s = source('CYP2C9', { rs1799853: [0, 1], rs72558193: [0, 1] });
    const c = callGene(data, 'CYP2C9', s, standard);
    expect(c.status).toBe('not-called');
    expect(c.diplotypes).toEqual([]);
  });
});

describe('DPYD (Gene-Definition-Exceptions.md, hapb3.tsv)', () => {
  // hapb3.tsv columns: exon SNP rs56038477, intron SNP rs75017182, c.61C>T rs72549310, c.2846A>T rs67376798
  const dpyd = (gts: Record<string, Gt>, phased = false) => callGene(data, 'DPYD', source('DPYD', gts, phased), standard);
  const HAPB3 = 'c.1129-5923C>G, c.1236G>A (HapB3)';

  it('no variants → Reference/Reference', () => {
    expect(dpyd({}).diplotypes.map((d) => d.name)).toEqual(['Reference/Reference']);
  });
  it('HapB3 heterozygous (row 0/1 0/1): phased → Reference/HapB3; unphased → list "Reference, HapB3"', () => {
    expect(dpyd({ rs56038477: [0, 1], rs75017182: [0, 1] }, true).diplotypes.map((d) => d.name)).toEqual([`Reference/${HAPB3}`]);
    const unphased = dpyd({ rs56038477: [0, 1], rs75017182: [0, 1] });
    expect(unphased.status).toBe('variant-list');
    expect(unphased.haplotypeList).toEqual(['Reference', HAPB3]);
  });
  it('exon and intron disagree → called from the intron, with the PharmCAT warning (row 0/1 0/0)', () => {
    const c = dpyd({ rs56038477: [0, 1] });
    expect(c.diplotypes.map((d) => d.name)).toEqual(['Reference/Reference']);
    expect(c.warnings.map((w) => w.code)).toContain('pcat-dpyd-hapB3-intronic-mismatch-exonic');
  });
  it('single c.61C>T heterozygote → Reference/c.61C>T (row 0/0 0/0 0/1)', () => {
    expect(dpyd({ rs72549310: [0, 1] }).diplotypes.map((d) => d.name)).toEqual(['Reference/c.61C>T']);
  });
  it('unphased HapB3 + c.61C>T → variant list "c.61C>T, HapB3" (row 0/1 0/1 0/1, predicted unphased call)', () => {
    const c = dpyd({ rs56038477: [0, 1], rs75017182: [0, 1], rs72549310: [0, 1] });
    expect(c.status).toBe('variant-list');
    expect(c.haplotypeList).toEqual(['c.61C>T', HAPB3]);
  });
  it('phased c.61C>T with HapB3 on the same strand → Reference/[c.61C>T + HapB3] (predicted phased call)', () => {
    const c = dpyd({ rs56038477: [0, 1], rs75017182: [0, 1], rs72549310: [0, 1] }, true);
    expect(c.diplotypes.map((d) => d.name)).toEqual([`Reference/[c.61C>T + ${HAPB3}]`]);
  });
  it('phenotype from the two lowest-function variants: c.61C>T (no function) + c.2846A>T (decreased) → activity score 0.5', () => {
    const r = runPgx({ source: source('DPYD', { rs72549310: [0, 1], rs67376798: [0, 1] }) });
    const g = r.genes.find((x) => x.gene === 'DPYD')!;
    expect(g.haplotypes).toEqual(['c.61C>T', 'c.2846A>T']);
    expect(g.activityScore).toBe('0.5');
    expect(r.recommendations.find((x) => x.drug === 'fluorouracil' && x.source === 'CPIC')?.lookupKey).toEqual({ DPYD: '0.5' });
  });
});
