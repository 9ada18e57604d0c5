// A case as a GA4GH Phenopacket v2 JSON (schema 2.0, https://phenopacket-schema.readthedocs.io/en/2.0.0/),
// the input Exomiser, LIRICAL and PhEval read: subject, phenotypicFeatures (excluded ones flagged),
// interpretations naming the candidate genes and variants when a person chose them, and metaData whose
// resources name the HPO release the terms are coded in (HPO's licence asks for the release with its content).
// The subject is the local patient id, never the NHS number or name: a phenopacket leaves the clinic for
// analysis tools, and they need no identifying details.
import type { Sex } from '../../../../../shared/schemas/patient.ts';

export interface PhenopacketCase {
  patientId: string;
  sex: Sex;
  features: { id: string; label: string; excluded: boolean }[];
  hpoVersion: string;
  /** Candidate genes/variants a person chose (GRCh38, VCF-style), with the disease they point to when known. */
  candidates?: { gene: string; disease?: { id: string; name: string } | null; variants: { chrom: string; pos: number; ref: string; alt: string; genotype: string; hgvsc?: string | null }[] }[];
  created: string;
  createdBy: string;
}

const SEX: Record<Sex, string> = { female: 'FEMALE', male: 'MALE', other: 'OTHER_SEX', unknown: 'UNKNOWN_SEX' };
/** Genotype Ontology (GENO) allelic states, as phenopacket-store codes them. */
const ALLELIC_STATE: Record<string, { id: string; label: string }> = {
  het: { id: 'GENO:0000135', label: 'heterozygous' },
  hom: { id: 'GENO:0000136', label: 'homozygous' },
  hemi: { id: 'GENO:0000134', label: 'hemizygous' },
};

export function buildPhenopacket(c: PhenopacketCase): Record<string, unknown> {
  const subjectId = c.patientId;
  const interpretations = (c.candidates ?? []).map((cand, i) => ({
    id: `${c.patientId}-candidate-${i + 1}`,
    // Candidates chosen for review, not a confirmed diagnosis.
    progressStatus: 'IN_PROGRESS',
    diagnosis: {
      ...(cand.disease ? { disease: { id: cand.disease.id, label: cand.disease.name } } : {}),
      genomicInterpretations: (cand.variants.length > 0 ? cand.variants : [null]).map((v) =>
        v
          ? {
              subjectOrBiosampleId: subjectId,
              interpretationStatus: 'CANDIDATE',
              variantInterpretation: {
                variationDescriptor: {
                  id: `${v.chrom}-${v.pos}-${v.ref}-${v.alt}`,
                  geneContext: { valueId: `symbol:${cand.gene}`, symbol: cand.gene },
                  ...(v.hgvsc ? { expressions: [{ syntax: 'hgvs.c', value: v.hgvsc }] } : {}),
                  vcfRecord: { genomeAssembly: 'GRCh38', chrom: v.chrom, pos: v.pos, ref: v.ref, alt: v.alt },
                  moleculeContext: 'genomic',
                  ...(ALLELIC_STATE[v.genotype] ? { allelicState: ALLELIC_STATE[v.genotype] } : {}),
                },
              },
            }
          : { subjectOrBiosampleId: subjectId, interpretationStatus: 'CANDIDATE', gene: { valueId: `symbol:${cand.gene}`, symbol: cand.gene } },
      ),
    },
  }));
  return {
    id: `genodesk-${c.patientId}`,
    subject: { id: subjectId, sex: SEX[c.sex] },
    phenotypicFeatures: c.features.map((f) => ({ type: { id: f.id, label: f.label }, ...(f.excluded ? { excluded: true } : {}) })),
    ...(interpretations.length > 0 ? { interpretations } : {}),
    metaData: {
      created: c.created,
      createdBy: `${c.createdBy} (GenoDesk)`,
      resources: [
        {
          id: 'hp',
          name: 'human phenotype ontology',
          url: 'http://purl.obolibrary.org/obo/hp.owl',
          version: c.hpoVersion,
          namespacePrefix: 'HP',
          iriPrefix: 'http://purl.obolibrary.org/obo/HP_',
        },
        ...(interpretations.length > 0
          ? // The GENO release phenopacket-store b694d17 names; the three allelic-state ids used are unchanged across releases.
            [{ id: 'geno', name: 'Genotype Ontology', url: 'http://purl.obolibrary.org/obo/geno.owl', version: '2025-07-25', namespacePrefix: 'GENO', iriPrefix: 'http://purl.obolibrary.org/obo/GENO_' }]
          : []),
      ],
      phenopacketSchemaVersion: '2.0',
    },
  };
}
