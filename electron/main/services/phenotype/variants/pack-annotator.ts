// Consequences for a VCF that carries none, from the installed transcript (and ClinVar) packs of its build:
// the same annotator `genodesk annotate` and the diagnosis workspace use.
import { createAnnotator } from '../../annotation/annotator.ts';
import { openSourcesFromPacks } from '../../annotation/packs/open-sources.ts';
import type { ActivePacks } from '../../packs/packs-service.ts';
import type { GenomeBuild } from '../../annotation/packs/genome-build.ts';
import type { PackAnnotator } from './read-vcf-candidates.ts';
import type { VerifiedStamps } from '../../annotation/packs/verified-stamps.ts';

/** `stamps`: pack files verified by an earlier call and unchanged since are not hashed again (verified-stamps.ts). */
export function packAnnotator(active: (build: GenomeBuild) => ActivePacks, stamps?: VerifiedStamps): PackAnnotator {
  return async (build) => {
    if (!build) return null;
    const packs = active(build);
    if (!packs.transcripts) return null;
    const sources = await openSourcesFromPacks({ transcripts: packs.transcripts.dir, clinvar: packs.clinvar?.dir }, { stamps });
    const annotator = createAnnotator(sources);
    const names = [packs.transcripts.version, packs.clinvar?.version].filter(Boolean).map((v) => JSON.stringify(v));
    return { annotate: (v) => annotator.annotateOne(v), source: `installed packs ${names.join(', ')}`, close: () => sources.reference.close() };
  };
}
