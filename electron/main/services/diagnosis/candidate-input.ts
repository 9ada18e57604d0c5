// Joins what the store keeps for one variant (the import's row, issue 6) and its annotation (issue 7) into
// the ranking's input. Consequences come from GenoDesk's annotator when it ran; otherwise from tool
// annotations already in the VCF (VEP CSQ, snpEff ANN); otherwise the import's gene overlap names the
// gene with the consequence unknown. Population frequencies come from gnomAD fields of a VEP CSQ.
import type { AnnotatedVariant, VcfBorneAnnotation } from '../../../../shared/schemas/annotation.ts';
import type { CandidateVariantInput, Consequence, Impact, PopulationFrequency, Zygosity } from '../../../../shared/schemas/diagnosis.ts';
import type { VariantRow } from '../../../../shared/schemas/vcf.ts';
import { impactOf } from './consequence-terms.ts';

export const ANNOTATOR_SOURCE = 'genodesk-annotator';
export const GENE_OVERLAP_SOURCE = 'import-gene-overlap';

/** The import's zygosity classes (after `bcftools norm -m-any` recoding) → the ranking's. */
export function zygosityFromRow(z: VariantRow['zygosity']): Zygosity {
  switch (z) {
    case 'het':
      return 'heterozygous';
    case 'hom-alt':
      return 'homozygous';
    case 'hemi-alt':
      return 'hemizygous';
    case 'hom-ref':
    case 'hemi-ref':
      return 'reference';
    // "./1": one allele not called, so neither heterozygous nor homozygous can be claimed.
    case 'half-call':
    case 'no-call':
    case 'none':
      return 'unknown';
  }
}

const IMPACTS: ReadonlySet<string> = new Set(['HIGH', 'MODERATE', 'LOW', 'MODIFIER']);

function fromVcfBorne(annotations: readonly VcfBorneAnnotation[]): Consequence[] {
  const out: Consequence[] = [];
  for (const a of annotations) {
    for (const t of a.transcripts) {
      if (!t.gene || t.terms.length === 0) continue;
      out.push({
        gene: t.gene,
        transcript: t.transcript ?? null,
        terms: t.terms,
        hgvsc: t.hgvsc || null,
        hgvsp: t.hgvsp ? decodeURIComponent(t.hgvsp) : null,
        impact: t.impact && IMPACTS.has(t.impact) ? (t.impact as Impact) : impactOf(t.terms),
        canonical: t.fields.CANONICAL === 'YES',
        mane: Boolean(t.fields.MANE_SELECT),
        source: `${a.tool}${a.version ? ` ${a.version}` : ''} ${a.field} (in the VCF)`,
      });
    }
  }
  return out;
}

/**
 * gnomAD allele frequencies in a VEP CSQ: whole-dataset (gnomAD_AF, gnomADe_AF, gnomADg_AF) and per
 * population. Genomics England requires a variant not to exceed the threshold in any population, but it
 * does not apply the dominant threshold to the tiny Amish and Middle-Eastern samples (0.1 there), so
 * those and the catch-all "other" group are left out.
 */
const GNOMAD_FIELD = /^gnomAD[eg]?(?:2\.1)?_(?:([A-Z]{3})_)?AF$/;
const SKIPPED_POPULATIONS = new Set(['AMI', 'MID', 'OTH']);

export function populationFrequenciesFromVcfBorne(annotations: readonly VcfBorneAnnotation[]): PopulationFrequency[] {
  const best = new Map<string, number>();
  for (const a of annotations) {
    if (a.tool !== 'VEP') continue;
    for (const t of a.transcripts) {
      for (const [key, raw] of Object.entries(t.fields)) {
        const m = GNOMAD_FIELD.exec(key);
        if (!m || (m[1] && SKIPPED_POPULATIONS.has(m[1])) || !raw || raw === '.') continue;
        const af = Number(raw.split('&')[0]);
        if (Number.isFinite(af) && af >= 0 && af <= 1 && !best.has(key)) best.set(key, af);
      }
    }
  }
  return [...best].map(([key, af]) => ({ af, source: `${key} (VEP CSQ)` }));
}

export function candidateInputFromStore(row: VariantRow, annotated: AnnotatedVariant | null): CandidateVariantInput {
  let consequences: Consequence[] = (annotated?.consequences ?? []).map((c) => ({
    gene: c.gene,
    transcript: c.transcript,
    terms: c.terms,
    hgvsc: c.hgvsc,
    hgvsp: c.hgvsp,
    impact: c.impact,
    mane: c.maneSelect,
    canonical: c.canonical,
    source: ANNOTATOR_SOURCE,
  }));
  const borne = annotated?.vcfAnnotations ?? [];
  if (consequences.length === 0) consequences = fromVcfBorne(borne);
  if (consequences.length === 0) {
    consequences = row.genes.map((gene) => ({ gene, transcript: null, terms: [], hgvsc: null, hgvsp: null, impact: null, source: GENE_OVERLAP_SOURCE }));
  }
  const c = annotated?.clinvar ?? null;
  return {
    chrom: row.chrom,
    pos: row.pos,
    ref: row.ref,
    alt: row.alt,
    genotype: row.genotype,
    // The import recodes GT per ALT when it splits a record, so this ALT is always allele 1.
    altIndex: 1,
    zygosity: zygosityFromRow(row.zygosity),
    phased: row.phased,
    ps: row.phaseSet,
    filter: row.filter ?? '.',
    gq: row.genotypeQuality,
    dp: row.depth,
    consequences,
    clinvar: c
      ? {
          significance: c.significance,
          stars: c.stars,
          condition: c.conditions.length > 0 ? c.conditions.join('; ') : null,
          variationId: c.variationId,
          reviewStatus: c.reviewStatus,
        }
      : null,
    populationFrequencies: populationFrequenciesFromVcfBorne(borne),
  };
}
