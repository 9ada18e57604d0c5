// Whether an apparent de novo call survives the quality checks that separate true de novo variants from
// calling errors. Method: the trio de novo filter published with slivar (Pedersen et al., npj Genomic
// Medicine 2021; slivar-functions.js `denovo`/`hq1`): genotype quality ≥ 20 in all three, child allele
// balance 0.2–0.8, parents' ALT reads together < 2, every sample's depth enough to have seen the allele.
// We ask DP ≥ 10 of a parent, because a heterozygous parent shows no ALT read with probability 0.5^DP
// (≈ 0.1 % at 10 reads, 6 % at 4): below that the parent's coverage cannot rule out inheritance.
import type { FamilyVariant, PedMember, SampleCall } from './family-genotypes.ts';
import { altFraction } from './family-genotypes.ts';

export const DE_NOVO_THRESHOLDS = { minGq: 20, minParentDp: 10, minChildDp: 10, minAb: 0.2, maxAb: 0.8, maxParentAltReads: 1 } as const;

export interface DeNovoCheck {
  confidence: 'high' | 'low';
  reasons: string[];
}

const pct = (p: number) => (p >= 0.01 ? `${Math.round(p * 100)} %` : `${(p * 100).toFixed(2)} %`);

/** `parents` are the ones whose reference call makes the variant de novo (the mother only for a son's X). */
export function checkDeNovo(variant: FamilyVariant, child: PedMember, parents: { role: 'mother' | 'father'; member: PedMember }[], hemizygousChild: boolean): DeNovoCheck {
  const t = DE_NOVO_THRESHOLDS;
  const reasons: string[] = [];
  const kid = variant.calls[child.id] as SampleCall;
  if (variant.filter && variant.filter !== 'PASS' && variant.filter !== '.') reasons.push(`the call did not pass the caller's filters (FILTER ${variant.filter})`);
  if (kid.gq === null) reasons.push('the proband has no genotype quality (GQ)');
  else if (kid.gq < t.minGq) reasons.push(`the proband's genotype quality ${kid.gq} is below ${t.minGq}`);
  if (kid.dp !== null && kid.dp < t.minChildDp) reasons.push(`the proband's depth ${kid.dp} is below ${t.minChildDp}`);
  const ab = altFraction(kid);
  if (!hemizygousChild && ab !== null && (ab < t.minAb || ab > t.maxAb)) {
    reasons.push(`the proband's allele balance ${ab.toFixed(2)} is outside ${t.minAb}–${t.maxAb} (a heterozygous call is expected near 0.5)`);
  }
  let parentAltReads = 0;
  for (const { role, member } of parents) {
    const call = variant.calls[member.id] as SampleCall;
    if (call.adAlt !== null) parentAltReads += call.adAlt;
    const depth = call.dp ?? (call.adRef !== null && call.adAlt !== null ? call.adRef + call.adAlt : null);
    if (depth === null) reasons.push(`the ${role}'s depth is not recorded, so coverage cannot rule out inheritance`);
    else if (depth < t.minParentDp) {
      reasons.push(`the ${role}'s depth is ${depth}: a heterozygous ${role} would show no ALT read ${pct(0.5 ** depth)} of the time, so coverage cannot rule out inheritance`);
    }
    if (call.gq === null) reasons.push(`the ${role}'s genotype quality is not recorded`);
    else if (call.gq < t.minGq) reasons.push(`the ${role}'s genotype quality ${call.gq} is below ${t.minGq}: the reference call is uncertain`);
  }
  if (parentAltReads > t.maxParentAltReads) reasons.push(`the parents have ${parentAltReads} reads with the ALT allele: inherited or parental mosaic, not de novo`);
  return { confidence: reasons.length === 0 ? 'high' : 'low', reasons };
}
