// One version of the lab's classification of a variant as an HL7 Genomics Reporting IG (STU3 3.0.0)
// `diagnostic-implication` Observation:
//   - the variant it is about is a contained IG `variant` Observation (assembly, RefSeq chromosome accession,
//     1-based start-end, VCF-style ref/alt, gene and HGVS when the classification recorded them), referenced
//     from derivedFrom as the IG's GenomicImplication requires (derivedFrom 1..*, slice "variant"). Contained
//     rather than a separate resource so one version is one conditional create: it arrives whole or not at all;
//   - the ACMG/AMP class as the IG's clinical-significance component (LOINC 53037-8, answers LL4034-6);
//   - each criterion with its strength, the points (Tavtigian et al. 2020) and the explanation as components,
//     the scientist's comment as a note.
// No subject. A lab classification is the lab's knowledge about a variant, used for every patient who carries
// it, not a finding about one patient: R4 Observation.subject is 0..1 and the IG's GenomicBase keeps it so;
// the IG describes implications' subject as "typically the Patient" (General Genomic Reporting) and its
// population operations (find-population-dx-implications) treat implications as statements about variants.
// The patient whose case prompted the classification stays local (it is not the subject and would disclose
// that patient's carrier status). The variant carries no value[x] ("Present") either: that answers whether a
// tested sample has it, and there is no sample here.
import type { AcmgClass, Strength } from '../../../../shared/schemas/diagnosis.ts';
import type { LabClassificationRecord } from '../../../../shared/schemas/diagnosis-workspace.ts';
import { CLASS_LABELS } from '../diagnosis/acmg-classifier.ts';
import { criterionLabel } from '../diagnosis/acmg-criteria.ts';
import { CLINICAL_SIGNIFICANCE, GRCH38_REFSEQ } from '../diagnosis/report-fhir.ts';
import type { FhirResource } from './fhir-client.ts';
import {
  ACMG_CRITERION_CODES,
  ACMG_STRENGTH_CODES,
  DIAGNOSTIC_IMPLICATION_PROFILE,
  DIAGNOSTIC_SERVICE_SECTION,
  GENODESK_CLASSIFICATION_SYSTEM,
  GENODESK_OBSERVATION_CODES,
  IG_TBD_CODES,
  LOINC,
  OBSERVATION_CATEGORY,
  VARIANT_PROFILE,
} from './fhir-systems.ts';

/**
 * RefSeq accessions of the GRCh37 primary assembly chromosomes (NCBI GRCh37.p13, GCF_000001405.25); the
 * GRCh38 ones are the diagnosis report's (GCF_000001405.26). Both are checked in test/unit/sync against
 * PharmCAT's chr_build_mapping.tsv.
 */
export const GRCH37_REFSEQ: Readonly<Record<string, string>> = {
  chr1: 'NC_000001.10', chr2: 'NC_000002.11', chr3: 'NC_000003.11', chr4: 'NC_000004.11', chr5: 'NC_000005.9',
  chr6: 'NC_000006.11', chr7: 'NC_000007.13', chr8: 'NC_000008.10', chr9: 'NC_000009.11', chr10: 'NC_000010.10',
  chr11: 'NC_000011.9', chr12: 'NC_000012.11', chr13: 'NC_000013.10', chr14: 'NC_000014.8', chr15: 'NC_000015.9',
  chr16: 'NC_000016.9', chr17: 'NC_000017.10', chr18: 'NC_000018.9', chr19: 'NC_000019.9', chr20: 'NC_000020.10',
  chr21: 'NC_000021.8', chr22: 'NC_000022.10', chrX: 'NC_000023.10', chrY: 'NC_000024.9', chrM: 'NC_012920.1',
};

export const REFSEQ_BY_BUILD: Readonly<Record<'GRCh37' | 'GRCh38', Readonly<Record<string, string>>>> = { GRCh37: GRCH37_REFSEQ, GRCh38: GRCH38_REFSEQ };

// LOINC LL1040-6 (human reference sequence assembly) answers, as the diagnosis report codes them.
const ASSEMBLY = { GRCh37: { code: 'LA14029-5', display: 'GRCh37' }, GRCh38: { code: 'LA26806-2', display: 'GRCh38' } } as const;

const STRENGTH_DISPLAY: Readonly<Record<Strength, string>> = {
  supporting: 'Supporting',
  moderate: 'Moderate',
  strong: 'Strong',
  'very-strong': 'Very strong',
  'stand-alone': 'Stand-alone',
};

const NCBI_REFSEQ = 'http://www.ncbi.nlm.nih.gov/refseq';
const ENSEMBL = 'http://www.ensembl.org';
const HGVS = 'http://varnomen.hgvs.org';

/** Method text shared with the diagnostic report (report-fhir.ts), so both say the same about how classes are made. */
export const CLASSIFICATION_METHOD =
  'ACMG/AMP criteria as adapted by ACGS Best Practice Guidelines 2020; points-based classification (Tavtigian et al. 2020)';

/** The identifier a classification version is created under (If-None-Exist) and found by. */
export function classificationIdentifier(c: Pick<LabClassificationRecord, 'id'>): { system: string; value: string } {
  return { system: GENODESK_CLASSIFICATION_SYSTEM, value: c.id };
}

const loinc = (code: string, display: string) => ({ coding: [{ system: LOINC, code, display }] });
const categories = () => [
  { coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory', display: 'Laboratory' }] },
  { coding: [{ system: DIAGNOSTIC_SERVICE_SECTION, code: 'GE', display: 'Genetics' }] },
];

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function variantDescription(c: LabClassificationRecord): string {
  const names = [c.gene, c.hgvsc, c.hgvsp].filter((x): x is string => !!x);
  return `${c.variantId}${names.length ? ` (${names.join(' ')})` : ''}`;
}

function containedVariant(c: LabClassificationRecord): FhirResource {
  const components: Record<string, unknown>[] = [];
  if (c.gene) components.push({ code: loinc('48018-6', 'Gene studied [ID]'), valueCodeableConcept: { text: c.gene } });
  components.push({ code: loinc('62374-4', 'Human reference sequence assembly version'), valueCodeableConcept: loinc(ASSEMBLY[c.build].code, ASSEMBLY[c.build].display) });
  const accession = REFSEQ_BY_BUILD[c.build][c.chrom];
  // Contigs outside the primary assembly (alts, decoys) have no chromosome accession: named as the VCF named them.
  components.push({
    code: loinc('48013-7', 'Genomic reference sequence [ID]'),
    valueCodeableConcept: accession ? { coding: [{ system: NCBI_REFSEQ, code: accession }], text: c.chrom } : { text: c.chrom },
  });
  if (c.transcript) {
    components.push({
      code: loinc('51958-7', 'Transcript reference sequence [ID]'),
      valueCodeableConcept: { coding: [{ system: /^ENST/.test(c.transcript) ? ENSEMBL : NCBI_REFSEQ, code: c.transcript }] },
    });
  }
  if (c.hgvsc) components.push({ code: loinc('48004-6', 'DNA change (c.HGVS)'), valueCodeableConcept: { coding: [{ system: HGVS, code: c.hgvsc }] } });
  if (c.hgvsp) components.push({ code: loinc('48005-3', 'Amino acid change (pHGVS)'), valueCodeableConcept: { coding: [{ system: HGVS, code: c.hgvsp }] } });
  // Coordinates as the store keeps them (VCF style, trimmed, not left-aligned): 1-based, inclusive of the ref allele.
  components.push({ code: loinc('92822-6', 'Genomic coordinate system'), valueCodeableConcept: loinc('LA30102-0', '1-based character counting') });
  components.push({ code: loinc('81254-5', 'Genomic allele start-end'), valueRange: { low: { value: c.pos }, high: { value: c.pos + c.ref.length - 1 } } });
  components.push({ code: loinc('69547-8', 'Genomic ref allele [ID]'), valueString: c.ref });
  components.push({ code: loinc('69551-0', 'Genomic alt allele [ID]'), valueString: c.alt });
  // ACMG/AMP (Richards et al. 2015) classifies germline variants; the workspace classifies no others.
  components.push({ code: loinc('48002-0', 'Genomic source class'), valueCodeableConcept: loinc('LA6683-2', 'Germline') });
  return {
    resourceType: 'Observation',
    id: 'variant',
    meta: { profile: [VARIANT_PROFILE] },
    status: 'final',
    category: categories(),
    code: loinc('69548-6', 'Genetic variant assessment'),
    component: components,
  };
}

export function classificationToFhir(c: LabClassificationRecord): FhirResource {
  const sig = CLINICAL_SIGNIFICANCE[c.acmgClass as AcmgClass];
  const labels = c.criteria.map((x) => criterionLabel(x.code, x.strength));
  const components: Record<string, unknown>[] = [
    { code: loinc('53037-8', 'Genetic variation clinical significance [Imp]'), valueCodeableConcept: loinc(sig.code, sig.display) },
    {
      code: { coding: [{ system: GENODESK_OBSERVATION_CODES, code: 'acmg-points', display: 'ACMG/AMP points (Tavtigian et al. 2020)' }] },
      valueInteger: c.points,
    },
    // Re-classifications add versions and never overwrite: the central copy says which one this is.
    { code: { coding: [{ system: GENODESK_OBSERVATION_CODES, code: 'classification-version', display: 'Laboratory classification version' }] }, valueInteger: c.version },
    ...c.criteria.map((x, i) => ({
      code: { coding: [{ system: ACMG_CRITERION_CODES, code: x.code, display: x.code }], text: `ACMG/AMP criterion ${x.code}` },
      valueCodeableConcept: { coding: [{ system: ACMG_STRENGTH_CODES, code: x.strength, display: STRENGTH_DISPLAY[x.strength] }], text: labels[i] },
    })),
    { code: { coding: [{ system: IG_TBD_CODES, code: 'conclusion-string', display: 'Conclusion string' }] }, valueString: c.explanation },
  ];
  const notes = [{ text: c.comment }, ...c.criteria.filter((x) => x.comment?.trim()).map((x) => ({ text: `${criterionLabel(x.code, x.strength)}: ${x.comment!.trim()}` }))];
  const summary = `${CLASS_LABELS[c.acmgClass]} (${c.points} points). Criteria: ${labels.join(', ') || 'none'}.`;
  return {
    resourceType: 'Observation',
    meta: { profile: [DIAGNOSTIC_IMPLICATION_PROFILE] },
    text: {
      status: 'generated',
      div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>Laboratory classification of ${escapeXml(variantDescription(c))}, version ${c.version}: ${escapeXml(summary)}</p></div>`,
    },
    contained: [containedVariant(c)],
    identifier: [classificationIdentifier(c)],
    status: 'final',
    category: categories(),
    code: { coding: [{ system: IG_TBD_CODES, code: 'diagnostic-implication', display: 'Diagnostic Implication' }] },
    effectiveDateTime: c.createdAt,
    issued: c.createdAt,
    performer: [{ display: c.createdBy }],
    method: { text: CLASSIFICATION_METHOD },
    derivedFrom: [{ reference: '#variant' }],
    component: components,
    note: notes,
  };
}
