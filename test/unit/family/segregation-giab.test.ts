// The segregation engine and family QC on the real GIAB Ashkenazi trio, with planted cases in copies of it.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FamilyQc, SegregationResult } from '../../../shared/schemas/family.ts';
import { familyModelFromPed } from '../../../electron/main/services/family/ped/family-model.ts';
import { parsePed } from '../../../electron/main/services/family/ped/parse-ped.ts';
import { createFamilyQc } from '../../../electron/main/services/family/qc/family-qc.ts';
import type { FamilyVariant } from '../../../electron/main/services/family/segregation/family-genotypes.ts';
import { segregateVariants } from '../../../electron/main/services/family/segregation/segregate.ts';
import { openFamilyVcf } from '../../../electron/main/services/family/vcf/read-family-vcf.ts';
import { ASHK_PED, ASHK_VCF, plantIntoAshkTrio, xSexSites } from '../../helpers/family-vcf.ts';
import type { PlantedRecord } from '../../helpers/family-vcf.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const { dir, cleanup } = makeTempDir();
afterAll(() => cleanup());

async function analyse(file: string): Promise<{ variants: FamilyVariant[]; results: Map<string, SegregationResult>; qc: FamilyQc }> {
  const ped = parsePed(fs.readFileSync(ASHK_PED, 'utf8'), 'ashk-trio.ped');
  const vcf = await openFamilyVcf(file);
  const family = familyModelFromPed(ped, 'GRCh37', { vcfSamples: vcf.samples });
  const qc = createFamilyQc(family);
  const variants: FamilyVariant[] = [];
  for await (const v of vcf.variants) {
    qc.add(v);
    variants.push(v);
  }
  return { variants, results: segregateVariants(family, variants), qc: qc.result() };
}

// Son, father, mother sample fields (GT:AD:DP:GQ).
const REF = '0/0:35,0:35:99';
const HET = '0/1:18,20:38:99';
const HOM = '1/1:0,36:36:99';
const planted: PlantedRecord[] = [
  { chrom: '1', pos: 3_000_001, ref: 'A', alt: 'G', gene: 'PLANT_DN', son: HET, father: REF, mother: REF },
  // De novo in the son, but the father was read 3 times: a heterozygous father shows no ALT read 1 time in 8.
  { chrom: '1', pos: 3_000_101, ref: 'C', alt: 'T', son: HET, father: '0/0:3,0:3:9', mother: REF },
  // One from the mother, one from the father: in trans.
  { chrom: '1', pos: 4_000_001, ref: 'G', alt: 'A', gene: 'PLANT_TRANS', son: HET, father: REF, mother: HET },
  { chrom: '1', pos: 4_000_501, ref: 'T', alt: 'C', gene: 'PLANT_TRANS', son: HET, father: HET, mother: REF },
  // Both from the mother: in cis, not a compound heterozygote.
  { chrom: '1', pos: 5_000_001, ref: 'G', alt: 'A', gene: 'PLANT_CIS', son: HET, father: REF, mother: HET },
  { chrom: '1', pos: 5_000_501, ref: 'T', alt: 'C', gene: 'PLANT_CIS', son: HET, father: REF, mother: HET },
  // Parents not called; the son's calls are read-backed phased (same PS): one pair in trans, one in cis.
  { chrom: '1', pos: 6_000_001, ref: 'A', alt: 'C', gene: 'PLANT_RB_TRANS', format: 'GT:AD:DP:GQ:PS', son: '0|1:18,20:38:99:6000001', father: './.:0,0:0:.:.', mother: './.:0,0:0:.:.' },
  { chrom: '1', pos: 6_000_101, ref: 'A', alt: 'C', gene: 'PLANT_RB_TRANS', format: 'GT:AD:DP:GQ:PS', son: '1|0:18,20:38:99:6000001', father: './.:0,0:0:.:.', mother: './.:0,0:0:.:.' },
  { chrom: '1', pos: 6_500_001, ref: 'A', alt: 'C', gene: 'PLANT_RB_CIS', format: 'GT:AD:DP:GQ:PS', son: '0|1:18,20:38:99:6500001', father: './.:0,0:0:.:.', mother: './.:0,0:0:.:.' },
  { chrom: '1', pos: 6_500_101, ref: 'A', alt: 'C', gene: 'PLANT_RB_CIS', format: 'GT:AD:DP:GQ:PS', son: '0|1:18,20:38:99:6500001', father: './.:0,0:0:.:.', mother: './.:0,0:0:.:.' },
  // Homozygous in the son, heterozygous mother, father not called.
  { chrom: '1', pos: 7_000_001, ref: 'G', alt: 'T', gene: 'PLANT_HOM', son: HOM, father: './.:0,0:0:.:.', mother: HET },
  // Homozygous in the son with a heterozygous father but a homozygous-reference mother: Mendelian inconsistency.
  { chrom: '1', pos: 7_500_001, ref: 'G', alt: 'T', son: HOM, father: HET, mother: REF },
  // X-linked: hemizygous in the son (outside the GRCh37 PARs), carrier mother, father without it.
  { chrom: 'X', pos: 31_000_000, ref: 'C', alt: 'G', gene: 'PLANT_XL', son: '1:0,30:30:99', father: '0:30,0:30:99', mother: '0/1:15,16:31:99' },
  // Inside PAR1 (X:60,001–2,699,520): autosomal rules, so het son with a het father is paternal.
  { chrom: 'X', pos: 1_000_000, ref: 'C', alt: 'G', son: HET, father: HET, mother: REF },
];

describe('segregation on the real GIAB Ashkenazi trio', () => {
  let real: Awaited<ReturnType<typeof analyse>>;
  let plantedRun: Awaited<ReturnType<typeof analyse>>;
  beforeAll(async () => {
    real = await analyse(ASHK_VCF);
    plantedRun = await analyse(plantIntoAshkTrio(dir, 'planted', [...planted, ...xSexSites(30)]));
  });

  it('finds the 27 apparent heterozygous de novo sites (13 PASS); quality checks keep only well-covered, balanced PASS calls', () => {
    const hetDeNovo = real.variants.filter((v) => v.calls.HG002?.gt === '0/1' && real.results.get(v.key)?.segregation === 'de_novo');
    expect(hetDeNovo).toHaveLength(27);
    expect(hetDeNovo.filter((v) => v.filter === 'PASS')).toHaveLength(13);
    const high = hetDeNovo.filter((v) => real.results.get(v.key)!.deNovoConfidence === 'high').map((v) => v.key);
    // Each of these three is PASS, GQ 99 in all three samples, parents read ≥ 45 times with no ALT read,
    // and the son's allele balance is 0.37–0.50; every other site fails a named check.
    expect(high).toEqual(['1:15752321:TCTGA:T', '1:155036260:C:T', '1:200080462:A:AT']);
    for (const v of hetDeNovo.filter((x) => !high.includes(x.key))) {
      const r = real.results.get(v.key)!;
      expect(r.deNovoConfidence).toBe('low');
      expect(r.reasons.join(' ')).toMatch(/filters|allele balance|depth|genotype quality|ALT allele/);
    }
    // A low-coverage parent is named with the chance that coverage missed a heterozygous parent.
    const lowDepth = real.results.get('1:248802430:A:C')!;
    expect(lowDepth.reasons.join(' ')).toContain("the mother's depth is 1: a heterozygous mother would show no ALT read 50 % of the time");
  });

  it('family QC of the real trio: few Mendelian errors, parents related to the son at kinship ≈ 1/4 with no IBS0, parents unrelated', () => {
    expect(real.qc.mendelianErrorRate).toBeLessThan(0.005);
    const pair = (a: string, b: string) => real.qc.relatedness.find((r) => r.a === a && r.b === b)!;
    expect(pair('HG002', 'HG003').kinship).toBeCloseTo(0.25, 1);
    expect(pair('HG002', 'HG004').kinship).toBeCloseTo(0.25, 1);
    expect(pair('HG002', 'HG003').ibs0Rate).toBeLessThan(0.002);
    expect(pair('HG003', 'HG004').kinship).toBeLessThan(0.044);
    expect(real.qc.relatedness.every((r) => r.ok)).toBe(true);
    // The real file covers chr1–chr2 only: sex cannot be checked, and QC says so instead of guessing.
    expect(real.qc.sexChecks.every((s) => s.inferredSex === 'unknown')).toBe(true);
    expect(real.qc.warnings.join(' ')).toContain('too few chrX calls');
  });

  it('classifies the planted de novo (high and low confidence), trans, cis, read-backed, homozygous and X-linked cases', () => {
    const r = (key: string) => plantedRun.results.get(key)!;
    expect(r('1:3000001:A:G')).toMatchObject({ segregation: 'de_novo', deNovoConfidence: 'high', compatibleModes: ['de_novo_dominant'] });
    expect(r('1:3000101:C:T')).toMatchObject({ segregation: 'de_novo', deNovoConfidence: 'low' });
    expect(r('1:3000101:C:T').reasons.join(' ')).toContain("the father's depth is 3: a heterozygous father would show no ALT read 13 % of the time, so coverage cannot rule out inheritance");

    expect(r('1:4000001:G:A').segregation).toBe('maternal');
    expect(r('1:4000501:T:C').segregation).toBe('paternal');
    expect(r('1:4000001:G:A').compoundHet).toEqual({ partner: '1:4000501:T:C', phase: 'trans', by: 'parents' });
    expect(r('1:4000001:G:A').compatibleModes).toContain('compound_heterozygous');

    for (const key of ['1:5000001:G:A', '1:5000501:T:C']) {
      expect(r(key).compoundHet).toMatchObject({ phase: 'cis', by: 'parents' });
      expect(r(key).compatibleModes).not.toContain('compound_heterozygous');
      expect(r(key).excludedModes.find((e) => e.mode === 'compound_heterozygous')?.reason).toContain('in cis');
    }

    expect(r('1:6000001:A:C').compoundHet).toEqual({ partner: '1:6000101:A:C', phase: 'trans', by: 'read-backed' });
    expect(r('1:6500001:A:C').compoundHet).toMatchObject({ phase: 'cis', by: 'read-backed' });
    expect(r('1:6500001:A:C').compatibleModes).not.toContain('compound_heterozygous');

    const hom = r('1:7000001:G:T');
    expect(hom.segregation).toBe('maternal');
    expect(hom.compatibleModes).toContain('recessive_homozygous');
    expect(hom.reasons.join(' ')).toContain("the father's genotype is missing: the origin of the second copy is not checked");
    expect(r('1:7500001:G:T').reasons.join(' ')).toContain('Mendelian inconsistency');

    const xl = r('X:31000000:C:G');
    expect(xl.segregation).toBe('maternal');
    expect(xl.compatibleModes).toContain('x_linked');
    expect(xl.compatibleModes).not.toContain('inherited_dominant');
    expect(r('X:1000000:C:G').segregation).toBe('paternal');
  });

  it('sex check on planted chrX sites: son and father hemizygous, mother heterozygous', () => {
    const sex = Object.fromEntries(plantedRun.qc.sexChecks.map((s) => [s.sample, s.inferredSex]));
    expect(sex).toEqual({ HG002: 'male', HG003: 'male', HG004: 'female' });
    expect(plantedRun.qc.sexChecks.every((s) => s.ok)).toBe(true);
  });

  it('flags a swapped-sample file: son and father columns exchanged', async () => {
    const swapped = await analyse(plantIntoAshkTrio(dir, 'swapped-son-father', [], { HG002: 'HG003', HG003: 'HG002' }));
    const motherChild = swapped.qc.relatedness.find((p) => p.a === 'HG002' && p.b === 'HG004')!;
    expect(motherChild.ok).toBe(false);
    expect(motherChild.kinship!).toBeLessThan(0.1);
    expect(swapped.qc.mendelianErrorRate!).toBeGreaterThan(0.02);
    expect(swapped.qc.warnings.join(' ')).toMatch(/swapped or mislabelled sample/);
  });

  it('flags a file whose mother and father columns are exchanged by the sex check', async () => {
    const swapped = await analyse(plantIntoAshkTrio(dir, 'swapped-parents', xSexSites(30), { HG003: 'HG004', HG004: 'HG003' }));
    const mother = swapped.qc.sexChecks.find((s) => s.sample === 'HG004')!;
    expect(mother).toMatchObject({ recordedSex: 'female', inferredSex: 'male', ok: false });
  });
});
