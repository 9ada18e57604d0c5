// Does a genotype fit the gene's mode of inheritance? Singleton analysis: zygosity, the patient's recorded
// sex for X-linked genes, and, for biallelic genes, a second heterozygous candidate in the same gene
// (possible compound heterozygote), with phase when the VCF records it.
import type { ModeOfInheritance, MoiCompatibility, PatientSex, Phase, Zygosity } from '../../../../shared/schemas/diagnosis.ts';
import { describeMoi } from './panelapp-moi.ts';

export interface PhasedGenotype {
  genotype: string | null;
  altIndex?: number;
  phased: boolean;
  ps?: number | string | null;
}

/** Haplotypes (0-based GT positions) carrying this ALT when the GT is phased; null when unphased or absent. */
export function altHaplotypes(g: PhasedGenotype): number[] | null {
  if (!g.phased || !g.genotype || g.genotype.includes('/')) return null;
  const alleles = g.genotype.split('|');
  if (alleles.length < 2 || alleles.some((a) => a === '.')) return null;
  const alt = String(g.altIndex ?? 1);
  const haps: number[] = [];
  alleles.forEach((a, i) => {
    if (a === alt) haps.push(i);
  });
  return haps;
}

/**
 * Phase of two heterozygous variants. VCF 4.2 §1.6.2: phased genotypes without a PS field belong to one
 * phase set, so two phased calls are comparable when their PS values are equal or both absent.
 */
export function phaseBetween(a: PhasedGenotype, b: PhasedGenotype): Phase {
  const ha = altHaplotypes(a);
  const hb = altHaplotypes(b);
  if (!ha || !hb || ha.length !== 1 || hb.length !== 1) return 'unknown';
  const psA = a.ps ?? null;
  const psB = b.ps ?? null;
  if (String(psA) !== String(psB)) return 'unknown';
  return ha[0] === hb[0] ? 'cis' : 'trans';
}

export interface InheritancePartner {
  key: string;
  label: string;
  phase: Phase;
}

export interface InheritanceAssessment {
  compatibility: MoiCompatibility;
  text: string;
}

/** At most three named, so a gene with many variants keeps a readable reason. */
function names(partners: readonly InheritancePartner[]): string {
  const shown = partners.slice(0, 3).map((p) => p.label).join(', ');
  return partners.length > 3 ? `${shown} and ${partners.length - 3} more` : shown;
}

function secondHit(desc: string, partners: readonly InheritancePartner[]): InheritanceAssessment {
  if (partners.length === 0) {
    return {
      compatibility: 'incompatible',
      text: `Single heterozygous variant in a gene with ${desc} inheritance: a second variant in the gene would be needed (none passed the filters).`,
    };
  }
  const trans = partners.filter((p) => p.phase === 'trans');
  const unknown = partners.filter((p) => p.phase === 'unknown');
  if (trans.length > 0) {
    return {
      compatibility: 'compatible',
      text: `Compound heterozygous with ${names(trans)}: in trans (same phase set, opposite haplotypes), fitting ${desc} inheritance.`,
    };
  }
  if (unknown.length > 0) {
    return {
      compatibility: 'possible-compound-heterozygous',
      text: `Possible compound heterozygote with ${names(unknown)}: phase not known (parental testing can confirm trans).`,
    };
  }
  return {
    compatibility: 'incompatible',
    text: `The other variant(s) in the gene (${names(partners)}) are in cis (same haplotype): one allele affected, which does not fit ${desc} inheritance.`,
  };
}

export function assessInheritance(args: {
  moi: ModeOfInheritance;
  zygosity: Zygosity;
  chrom: string;
  sex: PatientSex;
  partners: readonly InheritancePartner[];
}): InheritanceAssessment {
  const { moi, zygosity, chrom, sex, partners } = args;
  const desc = describeMoi(moi);
  if (zygosity === 'unknown' || zygosity === 'reference') {
    return { compatibility: 'unknown', text: `Zygosity not known: fit with ${desc} inheritance not assessed.` };
  }
  const zyg = zygosity.charAt(0).toUpperCase() + zygosity.slice(1);
  switch (moi.category) {
    case 'monoallelic': {
      const imprinting =
        moi.detail === 'monoallelic-paternally-imprinted' || moi.detail === 'monoallelic-maternally-imprinted' || moi.detail === 'monoallelic-imprinting-unknown'
          ? ' Parent of origin (imprinting) not assessed.'
          : '';
      return { compatibility: 'compatible', text: `${zyg} fits ${desc} inheritance.${imprinting}` };
    }
    case 'biallelic':
      if (zygosity === 'homozygous') return { compatibility: 'compatible', text: `Homozygous fits ${desc} inheritance.` };
      if (zygosity === 'hemizygous') return { compatibility: 'compatible', text: `Hemizygous call (no second allele) fits ${desc} inheritance.` };
      return secondHit(desc, partners);
    case 'x-linked': {
      if (chrom !== 'chrX') return { compatibility: 'unknown', text: `The panel records ${desc} inheritance but the variant is on ${chrom}.` };
      if (sex === 'male') {
        if (zygosity === 'heterozygous') {
          return { compatibility: 'unknown', text: 'Heterozygous call on chrX in a male: pseudoautosomal region or a calling artefact; check ploidy.' };
        }
        return { compatibility: 'compatible', text: `${zyg} on chrX in a male fits ${desc} inheritance.` };
      }
      if (zygosity !== 'heterozygous') return { compatibility: 'compatible', text: `${zyg} on chrX fits ${desc} inheritance.` };
      if (moi.detail === 'x-linked-monoallelic') {
        return { compatibility: 'compatible', text: `Heterozygous${sex === 'female' ? ' female' : ''}: fits ${desc} inheritance (females may be affected, often less severely).` };
      }
      if (sex === 'female' && moi.detail === 'x-linked-biallelic') return secondHit(desc, partners);
      if (partners.length > 0) return secondHit(desc, partners);
      return {
        compatibility: 'unknown',
        text:
          sex === 'female'
            ? `Heterozygous female; the panel does not say whether one X-linked hit is enough in females.`
            : `Heterozygous on chrX and the patient's sex is not recorded: fits ${desc} inheritance only if a heterozygous female can be affected.`,
      };
    }
    case 'mitochondrial':
      return { compatibility: 'compatible', text: `${zyg} call fits ${desc} inheritance; heteroplasmy level not assessed.` };
    case 'unknown':
      return { compatibility: 'unknown', text: `Mode of inheritance ${desc} in the panel: fit not assessed.` };
  }
}

const ORDER: Readonly<Record<MoiCompatibility, number>> = {
  compatible: 0,
  'possible-compound-heterozygous': 1,
  unknown: 2,
  incompatible: 3,
};

export function bestCompatibility(items: readonly MoiCompatibility[]): MoiCompatibility {
  return items.reduce<MoiCompatibility>((best, c) => (ORDER[c] < ORDER[best] ? c : best), 'incompatible');
}

export function compatibilityOrder(c: MoiCompatibility): number {
  return ORDER[c];
}
