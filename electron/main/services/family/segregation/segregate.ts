// The segregation engine: for each variant the proband carries, where it came from (de novo, maternal,
// paternal, both parents) and which modes of inheritance the family still allows, each with its reason.
// Pure: the same function serves `prioritise --ped`, the diagnosis tiering and the family bench.
//
// Modes follow the usual trio reasoning of Exomiser's pedigree filter and Genomics England's tiering
// (docs/family.md): a dominant variant must be carried by affected relatives and not by unaffected ones
// (full penetrance assumed, said in the reason); a recessive homozygous variant needs carrier parents and no
// unaffected homozygous relative; X-linked needs an unaffected father not to carry it; compound
// heterozygous pairs must be in trans (compound-het.ts).
import type { Mode, Segregation, SegregationResult } from '../../../../../shared/schemas/family.ts';
import type { FamilyModel, FamilyVariant, PedMember, ReadCall } from './family-genotypes.ts';
import { readCall } from './family-genotypes.ts';
import { checkDeNovo } from './de-novo-quality.ts';
import { isXNonPar } from './x-chromosome.ts';
import { pairCompoundHets } from './compound-het.ts';

export interface FamilyIndex {
  proband: PedMember;
  mother: PedMember | null;
  father: PedMember | null;
  /** Everyone but the proband and the parents (siblings, other relatives). */
  relatives: PedMember[];
}

export function indexFamily(family: FamilyModel): FamilyIndex {
  const byId = new Map(family.members.map((m) => [m.id, m]));
  const proband = byId.get(family.proband);
  if (!proband) throw new Error(`proband ${family.proband} is not a member of the family`);
  const mother = proband.mother ? (byId.get(proband.mother) ?? null) : null;
  const father = proband.father ? (byId.get(proband.father) ?? null) : null;
  const relatives = family.members.filter((m) => m !== proband && m !== mother && m !== father);
  return { proband, mother, father, relatives };
}

const label = (m: PedMember, role: string) => `${m.affected === 'unknown' ? '' : `${m.affected} `}${role} ${m.id}`;

const NO_CALL: ReadCall = { alt: null, ploidy: 0, phased: false, altHaplotype: null };

/** Where the ALT came from. A son's X comes from his mother only: his father's genotype does not count. */
function originOf(mc: ReadCall, fc: ReadCall, sonX: boolean): Segregation {
  const m = mc.alt === null ? null : mc.alt > 0;
  const f = sonX ? false : fc.alt === null ? null : fc.alt > 0;
  if (sonX) return m === null ? 'unknown' : m ? 'maternal' : 'de_novo';
  if (m === null && f === null) return 'unknown';
  if (m === null) return f ? 'paternal' : 'unknown';
  if (f === null) return m ? 'maternal' : 'unknown';
  return m && f ? 'both_parents' : m ? 'maternal' : f ? 'paternal' : 'de_novo';
}

/**
 * Only the segregation label of a site the proband carries (null when not carried): what a whole-genome pass
 * counts. The full result (modes, reasons, de novo checks) is segregateVariant's, for the sites that need it.
 */
export function segregationOf(fam: FamilyIndex, family: FamilyModel, v: FamilyVariant): Segregation | null {
  const pc = readCall(v.calls[fam.proband.id]);
  if (!pc.alt) return null;
  const sonX = fam.proband.sex === 'male' && isXNonPar(v.chrom, v.pos, family.build);
  return originOf(fam.mother ? readCall(v.calls[fam.mother.id]) : NO_CALL, fam.father ? readCall(v.calls[fam.father.id]) : NO_CALL, sonX);
}

/** One variant's segregation, before compound heterozygous pairing. */
export function segregateVariant(fam: FamilyIndex, family: FamilyModel, v: FamilyVariant): SegregationResult {
  const { proband, mother, father } = fam;
  const pc = readCall(v.calls[proband.id]);
  const reasons: string[] = [];
  const excluded: SegregationResult['excludedModes'] = [];
  const compatible = new Set<Mode>();
  const result = (segregation: SegregationResult['segregation'], deNovoConfidence: SegregationResult['deNovoConfidence'] = null): SegregationResult => ({
    segregation,
    compatibleModes: [...compatible],
    excludedModes: excluded,
    reasons,
    deNovoConfidence,
    compoundHet: null,
  });
  if (pc.alt === null || pc.alt === 0) {
    reasons.push(pc.alt === null ? `the proband ${proband.id} has no call here` : `the proband ${proband.id} does not carry this variant`);
    return result('unknown');
  }
  const xNonPar = isXNonPar(v.chrom, v.pos, family.build);
  const sonX = xNonPar && proband.sex === 'male';
  const mc: ReadCall = mother ? readCall(v.calls[mother.id]) : NO_CALL;
  const fc: ReadCall = father ? readCall(v.calls[father.id]) : NO_CALL;
  if (!mother) reasons.push('no mother in the family');
  else if (mc.alt === null) reasons.push(`the mother ${mother.id} has no call here`);
  if (!father) reasons.push('no father in the family');
  else if (fc.alt === null && !sonX) reasons.push(`the father ${father.id} has no call here`);

  const segregation = originOf(mc, fc, sonX);
  if (segregation === 'unknown' && !sonX && (mc.alt === 0) !== (fc.alt === 0) && (mc.alt === null || fc.alt === null)) {
    reasons.push(`one parent does not carry it and the other is not genotyped: de novo cannot be told from inherited`);
  }
  if (sonX && father && fc.alt !== null && fc.alt > 0) reasons.push(`the father ${father.id} carries it, but a son inherits his X from his mother`);
  if (sonX) reasons.push(`chrX outside the pseudoautosomal regions (${family.build}): hemizygous in a male`);

  let deNovoConfidence: SegregationResult['deNovoConfidence'] = null;
  if (segregation === 'de_novo') {
    const parents = sonX ? [{ role: 'mother' as const, member: mother! }] : [{ role: 'mother' as const, member: mother! }, { role: 'father' as const, member: father! }];
    const check = checkDeNovo(v, proband, parents, sonX);
    deNovoConfidence = check.confidence;
    reasons.push(check.confidence === 'high' ? 'de novo: absent from the parents, who were covered well enough to rule out inheritance' : 'apparent de novo, low confidence:');
    reasons.push(...check.reasons);
  }

  const relatives = fam.relatives.map((r) => ({ member: r, call: readCall(v.calls[r.id]) }));
  const carriers = [
    ...(mother && mc.alt !== null ? [{ member: mother, role: 'mother', alt: mc.alt }] : []),
    ...(father && fc.alt !== null && !sonX ? [{ member: father, role: 'father', alt: fc.alt }] : []),
  ];

  // Dominant (heterozygous proband, or a son's hemizygous X for X-linked dominant handled below).
  if (pc.alt === 1 || sonX) {
    if (segregation === 'de_novo') compatible.add('de_novo_dominant');
    const unaffectedCarrier =
      carriers.find((c) => c.alt > 0 && c.member.affected === 'unaffected') ??
      relatives.map((r) => ({ member: r.member, role: 'relative', alt: r.call.alt ?? 0 })).find((c) => c.alt > 0 && c.member.affected === 'unaffected');
    const affectedNonCarrier = relatives.find((r) => r.member.affected === 'affected' && r.call.alt === 0);
    if (!sonX && segregation !== 'de_novo') {
      if (unaffectedCarrier) excluded.push({ mode: 'inherited_dominant', reason: `${label(unaffectedCarrier.member, unaffectedCarrier.role)} carries it (fully penetrant dominant ruled out; reduced penetrance would still allow it)` });
      else if (affectedNonCarrier) excluded.push({ mode: 'inherited_dominant', reason: `${label(affectedNonCarrier.member, 'relative')} does not carry it` });
      else compatible.add('inherited_dominant');
    }
    if (segregation === 'de_novo' && affectedNonCarrier) reasons.push(`${label(affectedNonCarrier.member, 'relative')} does not carry it (a shared cause would need parental mosaicism)`);
  }

  // Recessive homozygous (autosomes, and a daughter's X).
  if (pc.alt === 2 && !sonX) {
    const problem =
      carriers.find((c) => c.alt === 2 && c.member.affected === 'unaffected') ??
      relatives.map((r) => ({ member: r.member, role: 'relative', alt: r.call.alt ?? 0 })).find((c) => c.alt === 2 && c.member.affected === 'unaffected');
    const affectedNotHom = relatives.find((r) => r.member.affected === 'affected' && r.call.alt !== null && r.call.alt < 2);
    if (problem) excluded.push({ mode: 'recessive_homozygous', reason: `${label(problem.member, problem.role)} is homozygous too` });
    else if (affectedNotHom) excluded.push({ mode: 'recessive_homozygous', reason: `${label(affectedNotHom.member, 'relative')} is not homozygous` });
    else compatible.add('recessive_homozygous');
    for (const [parent, call, role] of [
      [mother, mc, 'mother'],
      [father, fc, 'father'],
    ] as const) {
      if (!parent) continue;
      if (call.alt === 0) {
        reasons.push(`homozygous in the proband but the ${role} ${parent.id} is reference: a Mendelian inconsistency (a deletion on the ${role}'s allele, uniparental disomy, or a calling error)`);
      } else if (call.alt === null) reasons.push(`the ${role}'s genotype is missing: the origin of the second copy is not checked`);
    }
  }

  // X-linked (outside the PARs): an unaffected father or brother must not be hemizygous for it.
  if (xNonPar) {
    const unaffectedMale = [
      ...(father && fc.alt !== null && fc.alt > 0 && father.affected === 'unaffected' ? [{ member: father, role: 'father' }] : []),
      ...relatives.filter((r) => r.member.sex === 'male' && r.member.affected === 'unaffected' && (r.call.alt ?? 0) > 0).map((r) => ({ member: r.member, role: 'brother' })),
    ][0];
    const affectedMaleWithout = relatives.find((r) => r.member.sex === 'male' && r.member.affected === 'affected' && r.call.alt === 0);
    if (unaffectedMale) excluded.push({ mode: 'x_linked', reason: `${label(unaffectedMale.member, unaffectedMale.role)} is hemizygous for it` });
    else if (affectedMaleWithout) excluded.push({ mode: 'x_linked', reason: `${label(affectedMaleWithout.member, 'brother')} does not carry it` });
    else if (sonX || pc.alt === 2 || segregation === 'de_novo' || carriers.some((c) => c.alt > 0 && c.member.affected !== 'unaffected')) compatible.add('x_linked');
  }

  return result(segregation, deNovoConfidence);
}

/**
 * The entry point: every variant the proband carries gets its segregation; then heterozygous variants are
 * paired within genes for compound heterozygosity. Results are keyed by FamilyVariant.key.
 */
export function segregateVariants(family: FamilyModel, variants: readonly FamilyVariant[]): Map<string, SegregationResult> {
  const fam = indexFamily(family);
  const out = new Map<string, SegregationResult>();
  for (const v of variants) out.set(v.key, segregateVariant(fam, family, v));
  pairCompoundHets(fam, family, variants, out);
  return out;
}
