// Compound heterozygosity: two heterozygous variants in one gene count for a recessive disorder only when
// they sit on different copies (in trans). Phase comes from the parents (one variant from each: trans;
// both from the same parent: cis) — "phase by inheritance", as slivar's compound-hets does — or, where the
// parents cannot tell, from read-backed phasing in the proband's VCF (GT phased with "|" and the same
// FORMAT/PS: the caller saw both alleles on the same reads or read pairs; VCF 4.3 §1.6.2).
import type { SegregationResult } from '../../../../../shared/schemas/family.ts';
import type { FamilyModel, FamilyVariant } from './family-genotypes.ts';
import { readCall } from './family-genotypes.ts';
import type { FamilyIndex } from './segregate.ts';
import { isXNonPar } from './x-chromosome.ts';

type Phase = 'trans' | 'cis' | 'unknown';
type PhaseBy = 'parents' | 'read-backed' | 'none';

function phaseOf(a: FamilyVariant, b: FamilyVariant, sa: SegregationResult, sb: SegregationResult, probandId: string): { phase: Phase; by: PhaseBy } {
  const one = (s: SegregationResult) => (s.segregation === 'maternal' || s.segregation === 'paternal' ? s.segregation : null);
  const pa = one(sa);
  const pb = one(sb);
  if (pa && pb) return { phase: pa === pb ? 'cis' : 'trans', by: 'parents' };
  const ca = a.calls[probandId];
  const cb = b.calls[probandId];
  const ra = readCall(ca);
  const rb = readCall(cb);
  if (ra.phased && rb.phased && ra.altHaplotype !== null && rb.altHaplotype !== null && ca?.ps != null && ca.ps === cb?.ps) {
    return { phase: ra.altHaplotype === rb.altHaplotype ? 'cis' : 'trans', by: 'read-backed' };
  }
  return { phase: 'unknown', by: 'none' };
}

/** An unaffected full sibling carrying both variants has the same two hits, so the pair cannot be the (fully penetrant) cause. */
function unaffectedCarrierOfBoth(fam: FamilyIndex, a: FamilyVariant, b: FamilyVariant): string | null {
  for (const r of fam.relatives) {
    if (r.affected !== 'unaffected') continue;
    const ra = readCall(a.calls[r.id]);
    const rb = readCall(b.calls[r.id]);
    // Only a sibling (same parents) inherits the same in-trans arrangement; other relatives are left alone.
    const sibling = r.mother === fam.proband.mother && r.father === fam.proband.father && r.mother !== null;
    if (sibling && (ra.alt ?? 0) > 0 && (rb.alt ?? 0) > 0) return r.id;
  }
  return null;
}

const keyOf = (v: FamilyVariant) => v.key;

/** Pairs the proband's heterozygous variants within each gene; sets `compoundHet` and the mode on each. */
export function pairCompoundHets(fam: FamilyIndex, family: FamilyModel, variants: readonly FamilyVariant[], results: Map<string, SegregationResult>): void {
  const byGene = new Map<string, FamilyVariant[]>();
  for (const v of variants) {
    if (!v.gene) continue;
    // A son's X has one copy: no pair can be in trans.
    if (fam.proband.sex === 'male' && isXNonPar(v.chrom, v.pos, family.build)) continue;
    if (readCall(v.calls[fam.proband.id]).alt !== 1) continue;
    const list = byGene.get(v.gene);
    if (list) list.push(v);
    else byGene.set(v.gene, [v]);
  }
  for (const [gene, list] of byGene) {
    if (list.length < 2) continue;
    for (const a of list) {
      const sa = results.get(keyOf(a))!;
      let best: { partner: FamilyVariant; phase: Phase; by: PhaseBy } | null = null;
      const cis: string[] = [];
      let blockedBy: string | null = null;
      for (const b of list) {
        if (b === a) continue;
        const sb = results.get(keyOf(b))!;
        const { phase, by } = phaseOf(a, b, sa, sb, fam.proband.id);
        if (phase === 'cis') {
          cis.push(b.key);
          continue;
        }
        const carrier = unaffectedCarrierOfBoth(fam, a, b);
        if (carrier) {
          blockedBy = `unaffected sibling ${carrier} carries both ${a.key} and ${b.key}`;
          continue;
        }
        if (!best || (best.phase === 'unknown' && phase === 'trans')) best = { partner: b, phase, by };
      }
      if (best) {
        sa.compatibleModes.push('compound_heterozygous');
        sa.compoundHet = { partner: best.partner.key, phase: best.phase, by: best.by };
        sa.reasons.push(
          best.phase === 'trans'
            ? `compound heterozygous in ${gene} with ${best.partner.key}, in trans (${best.by === 'parents' ? 'one from each parent' : 'read-backed phase'})`
            : `possible compound heterozygous in ${gene} with ${best.partner.key}; phase unknown (no parental or read-backed phase)`,
        );
      } else if (cis.length > 0 || blockedBy) {
        const reason = blockedBy ?? `in cis with ${cis.join(', ')} in ${gene} (${list.length === 2 ? 'both variants on the same copy' : 'every partner on the same copy'}): not a compound heterozygote`;
        sa.excludedModes.push({ mode: 'compound_heterozygous', reason });
        if (cis.length > 0) sa.compoundHet = { partner: cis[0], phase: 'cis', by: 'parents' };
      }
    }
  }
  // A cis verdict found by read-backed phase must say so: recompute `by` for cis pairs.
  for (const list of byGene.values()) {
    for (const a of list) {
      const sa = results.get(keyOf(a))!;
      if (sa.compoundHet?.phase !== 'cis') continue;
      const b = list.find((x) => x.key === sa.compoundHet!.partner)!;
      sa.compoundHet.by = phaseOf(a, b, sa, results.get(b.key)!, fam.proband.id).by;
    }
  }
}
