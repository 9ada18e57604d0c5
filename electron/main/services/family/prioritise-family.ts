// The family in the phenotype ranking (`prioritise --ped FILE --proband ID` with --vcf, or --patient with a
// recorded family): every ranked variant gets its segregation from the parents' genotypes, and its `why` the
// family's reasons, including the modes of inheritance the family rules out. Variants are matched by
// normalised contig, trimmed alleles (as services/vcf stores them) and position.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/errors.ts';
import type { Mode, SegregationResult } from '../../../../shared/schemas/family.ts';
import { normaliseChrom, trimAllele } from '../vcf/normalise-allele.ts';
import { familyModelFromPed } from './ped/family-model.ts';
import { parsePed } from './ped/parse-ped.ts';
import type { FamilyVariant } from './segregation/family-genotypes.ts';
import { segregateVariants } from './segregation/segregate.ts';
import { describeSegregation } from './segregation/apply-to-candidates.ts';
import { openFamilyVcf } from './vcf/read-family-vcf.ts';

export interface SiteRef {
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  gene?: string | null;
}

export function siteKey(s: SiteRef): string {
  const t = trimAllele(s.pos, s.ref, s.alt);
  return `${normaliseChrom(s.chrom)}:${t.pos}:${t.ref}:${t.alt}`;
}

/** Segregation of `sites` from a multi-sample VCF and its PED (nothing stored). Keys are siteKey(). */
export async function segregationFromVcf(vcfFile: string, pedFile: string, proband: string | undefined, build: 'GRCh37' | 'GRCh38', sites: readonly SiteRef[]): Promise<Map<string, SegregationResult>> {
  let text: string;
  try {
    text = fs.readFileSync(pedFile, 'utf8');
  } catch (err) {
    throw new AppError('family/ped-malformed', `Cannot read ${pedFile}: ${(err as Error).message}`, { file: pedFile });
  }
  const ped = parsePed(text, path.basename(pedFile));
  const vcf = await openFamilyVcf(vcfFile);
  const model = familyModelFromPed(ped, build, { proband, vcfSamples: vcf.samples, file: path.basename(pedFile) });
  const genes = new Map(sites.map((s) => [siteKey(s), s.gene ?? null]));
  const found: FamilyVariant[] = [];
  for await (const v of vcf.variants) {
    const key = siteKey(v);
    if (!genes.has(key)) continue;
    found.push({ ...v, key, gene: genes.get(key) ?? v.gene });
  }
  return segregateVariants(model, found);
}

/** Which family modes can explain a gene whose diseases have these inheritance words (HPO annotation terms). */
function modesForInheritance(inheritance: readonly string[]): Set<Mode> | null {
  const text = inheritance.join(' ').toLowerCase();
  if (!text) return null;
  const out = new Set<Mode>();
  if (text.includes('dominant')) out.add('de_novo_dominant').add('inherited_dominant');
  if (text.includes('recessive')) out.add('recessive_homozygous').add('compound_heterozygous');
  if (text.includes('x-linked')) out.add('x_linked').add('de_novo_dominant');
  return out.size ? out : null;
}

interface RankedVariant {
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  segregation: string;
  why: string[];
}

/**
 * A gene none of whose family-typed variants fits its diseases' inheritance keeps this share of its score:
 * down-ranked, not removed, because a parent's missed call, low coverage or mosaicism can mislead a single
 * site (the reason is shown; the de novo checks already weigh parental depth). Exomiser with a PED file
 * likewise scores a gene 0 under a mode the pedigree contradicts, but keeps it under the other modes.
 */
export const FAMILY_RULED_OUT_SHARE = 0.1;

/**
 * Sets each variant's segregation and adds the family's reasons to its `why`; a variant whose gene's disease
 * inheritance the family rules out says so ("family rules out …"). A gene whose every variant with family
 * genotypes is ruled out is down-ranked (score × FAMILY_RULED_OUT_SHARE, `familyRuledOut` with the reason) and
 * the genes are ranked again (ties share the best rank, as CLI.md says). Returns the result with `family` fields.
 */
export function applySegregationToRanking<
  R extends { genes: { rank: number; score: number; diseases: { inheritance: string[] }[]; variants: RankedVariant[] }[] },
>(result: R, results: ReadonlyMap<string, SegregationResult>): R {
  for (const gene of result.genes) {
    const allowed = modesForInheritance(gene.diseases.flatMap((d) => d.inheritance));
    let typed = 0;
    let ruledOut = 0;
    for (const v of gene.variants) {
      const r = results.get(siteKey(v));
      if (!r) continue;
      typed++;
      v.segregation = r.segregation;
      Object.assign(v, { familyModes: r.compatibleModes, deNovoConfidence: r.deNovoConfidence, compoundHet: r.compoundHet });
      v.why.push(`Family: ${describeSegregation(r)}${r.reasons.length ? ` (${r.reasons.join('; ')})` : ''}`);
      if (allowed && !r.compatibleModes.some((m) => allowed.has(m))) {
        const why = r.excludedModes.filter((e) => allowed.has(e.mode)).map((e) => e.reason);
        v.why.push(`Family rules out the disease's inheritance for this variant${why.length ? `: ${why.join('; ')}` : ''}`);
        Object.assign(v, { familyRuledOut: true });
        ruledOut++;
      }
    }
    if (typed > 0 && ruledOut === typed) {
      Object.assign(gene, {
        familyRuledOut: `The family rules out the inheritance of this gene's diseases for all ${typed} variant(s) with family genotypes: score ${gene.score.toFixed(3)} × ${FAMILY_RULED_OUT_SHARE}.`,
      });
      gene.score *= FAMILY_RULED_OUT_SHARE;
    }
  }
  // Stable sort keeps the phenotype order among equal scores; ranks are given again with ties sharing the best.
  result.genes.sort((a, b) => b.score - a.score);
  result.genes.forEach((g, i) => {
    const prev = result.genes[i - 1];
    g.rank = prev && Math.abs(prev.score - g.score) < 1e-12 ? prev.rank : i + 1;
  });
  return result;
}
