// Population frequencies for the diagnosis workspace's candidates: the active gnomAD pack's figure joins
// whatever the VCF's own annotation carried, so the rarity filters (maximum AF per mode of inheritance,
// rank-candidates.ts) run on every variant once a pack is installed. The highest genetic-ancestry-group AF
// is used where gnomAD gives one (grpmax/popmax: the frequency in the group where the variant is most
// common, the figure ACMG/AMP frequency criteria are applied to), else the overall AF. A variant absent
// from the pack counts as AF 0 "not seen in gnomAD vN": absence from a population resource is itself
// evidence of rarity (ACMG/AMP PM2), and it is labelled as such in the candidate's reasons and the report.
import type { CandidateVariantInput } from '../../../../shared/schemas/diagnosis.ts';
import type { PackVersion } from '../../../../shared/schemas/annotation.ts';
import type { GenomeBuild } from '../../../../shared/vcf-constants.ts';
import type { FrequencyService } from './frequency-service.ts';

export interface AnnotatedCandidates {
  variants: CandidateVariantInput[];
  packs: PackVersion[];
  notes: string[];
}

export function withPackFrequencies<T extends AnnotatedCandidates>(annotated: T, build: GenomeBuild, frequency: Pick<FrequencyService, 'reader' | 'activePack'> | undefined): T {
  const pack = frequency?.activePack(build);
  if (!frequency || !pack) return annotated;
  const read = frequency.reader(build);
  const label = `gnomAD ${pack.version}`;
  const variants = annotated.variants.map((v) => {
    const r = read(v);
    const f = r.frequency;
    const entry =
      r.frequencyStatus === 'not-seen'
        ? { af: 0, source: `not seen in ${label}` }
        : f && (f.grpmaxAf ?? f.af) !== null
          ? { af: (f.grpmaxAf ?? f.af) as number, source: f.grpmaxAf !== null ? `${label} AF_grpmax${f.grpmax ? ` (${f.grpmax})` : ''}` : `${label} AF` }
          : null;
    return entry ? { ...v, populationFrequencies: [...(v.populationFrequencies ?? []), entry] } : v;
  });
  return {
    ...annotated,
    variants,
    packs: [...annotated.packs, pack],
    notes: [...annotated.notes, `Population frequencies from ${label} (${pack.id}); variants absent from it count as not seen (AF 0).`],
  };
}
