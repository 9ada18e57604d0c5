// Family QC before interpretation, in one streaming pass (variants are fed one at a time, so a genome never
// has to be held): Mendelian error rate per trio, sex from chrX heterozygosity outside the PARs, and
// relatedness of each pair that should (or should not) be related. A swapped or mislabelled sample shows as
// a parent–child pair with no kinship, a high IBS0 rate and many Mendelian errors.
//
// Kinship is KING-robust's estimator (Manichaikul et al., Bioinformatics 2010;26:2867, eq. for between-family
// pairs): φ = (N_Aa,Aa − 2·N_AA,aa) / (N_Aa(i) + N_Aa(j)), over autosomal biallelic SNVs that passed the
// caller's filters and were called with GQ ≥ 20 in both. Expected φ: parent–child and full siblings 1/4,
// unrelated 0; KING's degree boundaries (2^-2.5 ≈ 0.177 between first and second degree, 2^-4.5 ≈ 0.044 for
// unrelated) decide. Parent–child pairs share an allele at every site, so IBS0 (one hom-ref, the other
// hom-alt) must be near 0. Sex: heterozygous share of non-reference calls on chrX outside the PARs.
import type { FamilyQc } from '../../../../../shared/schemas/family.ts';
import type { FamilyModel, FamilyVariant, PedMember } from '../segregation/family-genotypes.ts';
import { readCall } from '../segregation/family-genotypes.ts';
import { isAutosome, isXNonPar } from '../segregation/x-chromosome.ts';

export const QC_THRESHOLDS = {
  minGq: 20,
  firstDegreeMinKinship: 2 ** -2.5,
  firstDegreeMaxKinship: 2 ** -1.5,
  unrelatedMaxKinship: 2 ** -4.5,
  parentChildMaxIbs0: 0.005,
  maxMendelianErrorRate: 0.02,
  minXSites: 20,
  maleMaxXHet: 0.05,
  femaleMinXHet: 0.2,
  minRelatednessSites: 100,
} as const;

interface PairCounts {
  a: PedMember;
  b: PedMember;
  ai: number;
  bi: number;
  expected: 'parent-child' | 'siblings' | 'unrelated';
  sites: number;
  hetA: number;
  hetB: number;
  hetHet: number;
  ibs0: number;
}

const TRANSMITS: Record<number, number[]> = { 0: [0], 1: [0, 1], 2: [1] };

function isSnv(v: FamilyVariant): boolean {
  return v.ref.length === 1 && v.alt.length === 1;
}

function expectedRelation(a: PedMember, b: PedMember): PairCounts['expected'] {
  if (a.father === b.id || a.mother === b.id || b.father === a.id || b.mother === a.id) return 'parent-child';
  if (a.mother !== null && a.mother === b.mother && a.father !== null && a.father === b.father) return 'siblings';
  return 'unrelated';
}

export function createFamilyQc(family: FamilyModel) {
  const members = family.members;
  const byId = new Map(members.map((m) => [m.id, m]));
  const trios = members
    .filter((m) => m.mother && m.father && byId.has(m.mother) && byId.has(m.father))
    .map((child) => ({ childMember: child, child: members.indexOf(child), mother: members.indexOf(byId.get(child.mother!)!), father: members.indexOf(byId.get(child.father!)!), sites: 0, errors: 0 }));
  const dose: (number | null)[] = new Array(members.length).fill(null);
  const pairs: PairCounts[] = [];
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      pairs.push({ a: members[i], b: members[j], ai: i, bi: j, expected: expectedRelation(members[i], members[j]), sites: 0, hetA: 0, hetB: 0, hetHet: 0, ibs0: 0 });
    }
  }
  const x = new Map(members.map((m) => [m.id, { het: 0, nonRef: 0 }]));

  const goodDosage = (v: FamilyVariant, id: string): number | null => {
    const call = v.calls[id];
    if (call?.gq !== null && call?.gq !== undefined && call.gq < QC_THRESHOLDS.minGq) return null;
    return readCall(call).alt;
  };

  function add(v: FamilyVariant): void {
    if (v.filter && v.filter !== 'PASS' && v.filter !== '.') return;
    if (isXNonPar(v.chrom, v.pos, family.build)) {
      for (const m of members) {
        const r = readCall(v.calls[m.id]);
        if (r.alt === null || r.alt === 0) continue;
        const s = x.get(m.id)!;
        s.nonRef++;
        if (r.ploidy === 2 && r.alt === 1) s.het++;
      }
      return;
    }
    if (!isAutosome(v.chrom)) return;
    // Dosage by member index (no per-site Map: this runs for every site of a genome).
    for (let k = 0; k < members.length; k++) dose[k] = goodDosage(v, members[k].id);
    for (const t of trios) {
      const c = dose[t.child];
      const mo = dose[t.mother];
      const fa = dose[t.father];
      if (c == null || mo == null || fa == null || c + mo + fa === 0) continue;
      t.sites++;
      if (!TRANSMITS[mo].some((a) => TRANSMITS[fa].includes(c - a))) t.errors++;
    }
    if (!isSnv(v)) return;
    for (const p of pairs) {
      const da = dose[p.ai];
      const db = dose[p.bi];
      if (da == null || db == null || da + db === 0) continue;
      p.sites++;
      if (da === 1) p.hetA++;
      if (db === 1) p.hetB++;
      if (da === 1 && db === 1) p.hetHet++;
      if (Math.abs(da - db) === 2) p.ibs0++;
    }
  }

  function result(): FamilyQc {
    const t = QC_THRESHOLDS;
    const warnings: string[] = [];
    const sites = trios.reduce((n, tr) => n + tr.sites, 0);
    const errors = trios.reduce((n, tr) => n + tr.errors, 0);
    for (const tr of trios) {
      const rate = tr.sites ? tr.errors / tr.sites : 0;
      if (tr.sites && rate > t.maxMendelianErrorRate) {
        warnings.push(`${tr.childMember.id}: ${(rate * 100).toFixed(1)} % of ${tr.sites} sites break Mendelian inheritance with ${members[tr.mother].id} and ${members[tr.father].id} (expected under ${t.maxMendelianErrorRate * 100} %): check for a swapped sample or wrong parents`);
      }
    }
    const sexChecks = members.map((m) => {
      const s = x.get(m.id)!;
      const het = s.nonRef ? s.het / s.nonRef : null;
      const inferredSex: 'male' | 'female' | 'unknown' = s.nonRef < t.minXSites || het === null ? 'unknown' : het <= t.maleMaxXHet ? 'male' : het >= t.femaleMinXHet ? 'female' : 'unknown';
      const ok = inferredSex === 'unknown' || m.sex === 'unknown' || m.sex === 'other' || inferredSex === m.sex;
      if (!ok) warnings.push(`${m.id} is recorded ${m.sex} but chrX heterozygosity ${het!.toFixed(2)} over ${s.nonRef} sites outside the PARs looks ${inferredSex}: check the sample`);
      return { sample: m.id, recordedSex: m.sex, xSites: s.nonRef, xHeterozygosity: het, inferredSex, ok };
    });
    if (sexChecks.every((c) => c.inferredSex === 'unknown')) warnings.push(`too few chrX calls outside the PARs (fewer than ${t.minXSites} per sample) to check sex`);
    const relatedness = pairs.map((p) => {
      const enough = p.sites >= t.minRelatednessSites && p.hetA + p.hetB > 0;
      const kinship = enough ? (p.hetHet - 2 * p.ibs0) / (p.hetA + p.hetB) : null;
      const ibs0Rate = enough ? p.ibs0 / p.sites : null;
      let ok = true;
      if (kinship !== null) {
        if (p.expected === 'unrelated') ok = kinship < t.firstDegreeMinKinship;
        else ok = kinship >= t.firstDegreeMinKinship && kinship <= t.firstDegreeMaxKinship && (p.expected !== 'parent-child' || ibs0Rate! <= t.parentChildMaxIbs0);
      }
      if (!ok) {
        warnings.push(
          `${p.a.id} and ${p.b.id} should be ${p.expected === 'unrelated' ? 'unrelated' : p.expected} but kinship is ${kinship!.toFixed(3)} and IBS0 ${(ibs0Rate! * 100).toFixed(2)} % over ${p.sites} sites: a swapped or mislabelled sample`,
        );
      }
      return { a: p.a.id, b: p.b.id, expected: p.expected, sites: p.sites, kinship, ibs0Rate, ok };
    });
    return { sites, mendelianErrors: errors, mendelianErrorRate: sites ? errors / sites : null, sexChecks, relatedness, warnings };
  }

  return { add, result };
}
