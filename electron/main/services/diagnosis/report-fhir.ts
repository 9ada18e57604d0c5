// The diagnostic report as HL7 FHIR R4 resources shaped by the Genomics Reporting Implementation Guide
// (hl7.fhir.uv.genomics-reporting, STU3 3.0.0 profiles and codes):
//   - one `variant` Observation per classified variant (LOINC 69548-6, value "Present"),
//   - one `molecular-consequence` Observation per variant with a predicted consequence,
//   - one `diagnostic-implication` Observation per variant (ACMG class, condition, inheritance),
//   - all gathered by a `genomic-report` DiagnosticReport (LOINC 51969-4, category GE),
// plus the same for secondary findings, marked with the core observation-secondaryFinding extension.
// Ids are derived from the report id and the variant, so re-sending the same report updates the same
// resources (the sync issue sends the transaction bundle as is).
import { createHash } from 'node:crypto';
import type { AcmgClass, DiagnosticReportContent, ModeOfInheritance, ReportVariant, Zygosity } from '../../../../shared/schemas/diagnosis.ts';
import { CLASS_LABELS } from './acmg-classifier.ts';
import { soAccession } from './consequence-terms.ts';
import { criterionLabel } from './acmg-criteria.ts';
import { phenotypeLine } from './report-content.ts';

export const IG_BASE = 'http://hl7.org/fhir/uv/genomics-reporting';
export const PROFILE = {
  variant: `${IG_BASE}/StructureDefinition/variant`,
  diagnosticImplication: `${IG_BASE}/StructureDefinition/diagnostic-implication`,
  molecularConsequence: `${IG_BASE}/StructureDefinition/molecular-consequence`,
  genomicReport: `${IG_BASE}/StructureDefinition/genomic-report`,
} as const;

export const SYSTEM = {
  loinc: 'http://loinc.org',
  tbd: `${IG_BASE}/CodeSystem/tbd-codes-cs`,
  obsCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  diagnosticService: 'http://terminology.hl7.org/CodeSystem/v2-0074',
  hgvs: 'http://varnomen.hgvs.org',
  hgnc: 'http://www.genenames.org',
  sequenceOntology: 'http://sequenceontology.org',
  refseq: 'http://www.ncbi.nlm.nih.gov/refseq',
  ensembl: 'http://www.ensembl.org',
  clinvar: 'http://www.ncbi.nlm.nih.gov/clinvar',
  hpo: 'http://human-phenotype-ontology.org',
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
} as const;

/** RefSeq accessions of the GRCh38 primary assembly chromosomes (NCBI GCF_000001405.26). */
export const GRCH38_REFSEQ: Readonly<Record<string, string>> = {
  chr1: 'NC_000001.11', chr2: 'NC_000002.12', chr3: 'NC_000003.12', chr4: 'NC_000004.12', chr5: 'NC_000005.10',
  chr6: 'NC_000006.12', chr7: 'NC_000007.14', chr8: 'NC_000008.11', chr9: 'NC_000009.12', chr10: 'NC_000010.11',
  chr11: 'NC_000011.10', chr12: 'NC_000012.12', chr13: 'NC_000013.11', chr14: 'NC_000014.9', chr15: 'NC_000015.10',
  chr16: 'NC_000016.10', chr17: 'NC_000017.11', chr18: 'NC_000018.10', chr19: 'NC_000019.10', chr20: 'NC_000020.11',
  chr21: 'NC_000021.9', chr22: 'NC_000022.11', chrX: 'NC_000023.11', chrY: 'NC_000024.10', chrM: 'NC_012920.1',
};

// LOINC answer lists used by the IG: LL1040-6 (assembly), LL381-5 (allelic state), LL378-1 (source
// class), LL1971-2 (presence), LL4034-6 (clinical significance), LL5323-2 (coordinate system).
const ASSEMBLY: Readonly<Record<'GRCh37' | 'GRCh38', { code: string; display: string }>> = {
  GRCh37: { code: 'LA14029-5', display: 'GRCh37' },
  GRCh38: { code: 'LA26806-2', display: 'GRCh38' },
};
const ALLELIC_STATE: Partial<Record<Zygosity, { code: string; display: string }>> = {
  heterozygous: { code: 'LA6706-1', display: 'Heterozygous' },
  homozygous: { code: 'LA6705-3', display: 'Homozygous' },
  hemizygous: { code: 'LA6707-9', display: 'Hemizygous' },
};
export const CLINICAL_SIGNIFICANCE: Readonly<Record<AcmgClass, { code: string; display: string }>> = {
  pathogenic: { code: 'LA6668-3', display: 'Pathogenic' },
  'likely-pathogenic': { code: 'LA26332-9', display: 'Likely pathogenic' },
  'uncertain-significance': { code: 'LA26333-7', display: 'Uncertain significance' },
  'likely-benign': { code: 'LA26334-5', display: 'Likely benign' },
  benign: { code: 'LA6675-8', display: 'Benign' },
};
/** HPO terms of the IG's ConditionInheritanceModeVS. */
const INHERITANCE_HPO: Partial<Record<ModeOfInheritance['category'], { code: string; display: string }>> = {
  monoallelic: { code: 'HP:0000006', display: 'Autosomal dominant inheritance' },
  biallelic: { code: 'HP:0000007', display: 'Autosomal recessive inheritance' },
  'x-linked': { code: 'HP:0001417', display: 'X-linked inheritance' },
  mitochondrial: { code: 'HP:0001427', display: 'Mitochondrial inheritance' },
};

/** Sequence Ontology class of the DNA change (IG DNAChangeTypeVS, SO:0002072 descendants). */
function dnaChangeType(ref: string, alt: string): { code: string; display: string } {
  if (ref.length === 1 && alt.length === 1) return { code: 'SO:0001483', display: 'SNV' };
  if (ref.length === alt.length) return { code: 'SO:0002007', display: 'MNV' };
  if (alt.length === 1 && ref.length > 1 && ref[0] === alt[0]) return { code: 'SO:0000159', display: 'deletion' };
  if (ref.length === 1 && alt.length > 1 && ref[0] === alt[0]) return { code: 'SO:0000667', display: 'insertion' };
  return { code: 'SO:1000032', display: 'delins' };
}

type Json = Record<string, unknown>;

/** Deterministic UUID-shaped id (RFC 4122 layout, name-based) from the report id and a part name. */
export function stableId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((Number.parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const loinc = (code: string, display: string) => ({ coding: [{ system: SYSTEM.loinc, code, display }] });
const observationCategories = () => [
  { coding: [{ system: SYSTEM.obsCategory, code: 'laboratory', display: 'Laboratory' }] },
  { coding: [{ system: SYSTEM.diagnosticService, code: 'GE', display: 'Genetics' }] },
];

function transcriptSystem(t: string): string {
  return /^ENST/.test(t) ? SYSTEM.ensembl : SYSTEM.refseq;
}

export interface FhirBuildOptions {
  /** FHIR id of the patient on the server the bundle is sent to; defaults to the GenoDesk patient id. */
  patientReference?: string;
  /** The rendered PDF, attached as the report's presentedForm. */
  pdf?: Buffer;
}

export interface GenomicReportResources {
  report: Json;
  observations: Json[];
  /** FHIR transaction: PUT each resource at its stable id so a resend updates rather than duplicates. */
  bundle: Json;
}

function subjectOf(content: DiagnosticReportContent, options: FhirBuildOptions): Json {
  return {
    reference: options.patientReference ?? `Patient/${content.patient.id}`,
    display: content.patient.name,
    ...(content.patient.nhsNumber ? { identifier: { system: SYSTEM.nhsNumber, value: content.patient.nhsNumber.replace(/\s/g, '') } } : {}),
  };
}

function variantObservation(content: DiagnosticReportContent, v: ReportVariant, id: string, subject: Json, secondary: boolean): Json {
  const components: Json[] = [];
  components.push({
    code: loinc('48018-6', 'Gene studied [ID]'),
    valueCodeableConcept: v.hgncId ? { coding: [{ system: SYSTEM.hgnc, code: v.hgncId, display: v.gene }] } : { text: v.gene },
  });
  components.push({ code: loinc('62374-4', 'Human reference sequence assembly version'), valueCodeableConcept: loinc(ASSEMBLY[content.build].code, ASSEMBLY[content.build].display) });
  if (content.build === 'GRCh38' && GRCH38_REFSEQ[v.chrom]) {
    components.push({ code: loinc('48013-7', 'Genomic reference sequence [ID]'), valueCodeableConcept: { coding: [{ system: SYSTEM.refseq, code: GRCH38_REFSEQ[v.chrom] }] } });
  }
  if (v.transcript) {
    components.push({ code: loinc('51958-7', 'Transcript reference sequence [ID]'), valueCodeableConcept: { coding: [{ system: transcriptSystem(v.transcript), code: v.transcript }] } });
  }
  if (v.hgvsc) components.push({ code: loinc('48004-6', 'DNA change (c.HGVS)'), valueCodeableConcept: { coding: [{ system: SYSTEM.hgvs, code: v.hgvsc }] } });
  if (v.hgvsp) components.push({ code: loinc('48005-3', 'Amino acid change (pHGVS)'), valueCodeableConcept: { coding: [{ system: SYSTEM.hgvs, code: v.hgvsp }] } });
  const change = dnaChangeType(v.ref, v.alt);
  components.push({ code: loinc('48019-4', 'DNA change type'), valueCodeableConcept: { coding: [{ system: SYSTEM.sequenceOntology, code: change.code, display: change.display }] } });
  components.push({ code: loinc('92822-6', 'Genomic coordinate system'), valueCodeableConcept: loinc('LA30102-0', '1-based character counting') });
  components.push({
    code: loinc('81254-5', 'Genomic allele start-end'),
    valueRange: { low: { value: v.pos }, high: { value: v.pos + v.ref.length - 1 } },
  });
  components.push({ code: loinc('69547-8', 'Genomic ref allele [ID]'), valueString: v.ref });
  components.push({ code: loinc('69551-0', 'Genomic alt allele [ID]'), valueString: v.alt });
  const state = ALLELIC_STATE[v.zygosity];
  if (state) components.push({ code: loinc('53034-5', 'Allelic state'), valueCodeableConcept: loinc(state.code, state.display) });
  components.push({ code: loinc('48002-0', 'Genomic source class'), valueCodeableConcept: loinc('LA6683-2', 'Germline') });
  if (v.clinvarVariationId) {
    components.push({ code: loinc('81252-9', 'Discrete genetic variant'), valueCodeableConcept: { coding: [{ system: SYSTEM.clinvar, code: v.clinvarVariationId }] } });
  }
  return {
    resourceType: 'Observation',
    id,
    meta: { profile: [PROFILE.variant] },
    ...(secondary ? secondaryFindingExtension() : {}),
    status: 'final',
    category: observationCategories(),
    code: loinc('69548-6', 'Genetic variant assessment'),
    subject,
    effectiveDateTime: content.issuedAt,
    valueCodeableConcept: loinc('LA9633-4', 'Present'),
    component: components,
  };
}

function consequenceObservation(content: DiagnosticReportContent, v: ReportVariant, id: string, variantRef: string, subject: Json): Json | null {
  const terms = v.terms.filter((t) => soAccession(t));
  if (terms.length === 0) return null;
  const components: Json[] = [];
  if (v.hgvsc) components.push({ code: loinc('48004-6', 'DNA change (c.HGVS)'), valueCodeableConcept: { coding: [{ system: SYSTEM.hgvs, code: v.hgvsc }] } });
  if (v.transcript) {
    components.push({ code: loinc('51958-7', 'Transcript reference sequence [ID]'), valueCodeableConcept: { coding: [{ system: transcriptSystem(v.transcript), code: v.transcript }] } });
  }
  if (v.hgvsp) components.push({ code: loinc('48005-3', 'Amino acid change (pHGVS)'), valueCodeableConcept: { coding: [{ system: SYSTEM.hgvs, code: v.hgvsp }] } });
  for (const t of terms) {
    components.push({
      code: { coding: [{ system: SYSTEM.tbd, code: 'feature-consequence', display: 'Feature Consequence' }] },
      valueCodeableConcept: { coding: [{ system: SYSTEM.sequenceOntology, code: soAccession(t)!, display: t }] },
    });
  }
  return {
    resourceType: 'Observation',
    id,
    meta: { profile: [PROFILE.molecularConsequence] },
    status: 'final',
    category: observationCategories(),
    code: { coding: [{ system: SYSTEM.tbd, code: 'molecular-consequence', display: 'Molecular Consequence' }] },
    subject,
    effectiveDateTime: content.issuedAt,
    derivedFrom: [{ reference: variantRef }],
    component: components,
  };
}

function secondaryFindingExtension(): Json {
  // R4 core extension; the ACMG SF v3 code is not in R4's secondary-finding code system, so text only.
  return { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/observation-secondaryFinding', valueCodeableConcept: { text: 'ACMG SF v3.2 secondary finding' } }] };
}

interface ImplicationOverride {
  /** A secondary finding's significance when it is not one ACMG class (ClinVar "Pathogenic/Likely pathogenic"). */
  significanceText?: string;
  note: string;
}

function implicationObservation(
  content: DiagnosticReportContent,
  v: ReportVariant,
  id: string,
  variantRef: string,
  subject: Json,
  secondary: boolean,
  override?: ImplicationOverride,
): Json {
  const sig = CLINICAL_SIGNIFICANCE[v.acmgClass];
  const components: Json[] = [
    {
      code: loinc('53037-8', 'Genetic variation clinical significance [Imp]'),
      valueCodeableConcept: override?.significanceText ? { text: override.significanceText } : loinc(sig.code, sig.display),
    },
  ];
  if (v.condition) components.push({ code: loinc('81259-4', 'Associated phenotype'), valueCodeableConcept: { text: v.condition } });
  const inh = v.moi ? INHERITANCE_HPO[v.moi.category] : undefined;
  if (inh) {
    components.push({
      code: { coding: [{ system: SYSTEM.tbd, code: 'condition-inheritance', display: 'Condition Inheritance' }] },
      valueCodeableConcept: { coding: [{ system: SYSTEM.hpo, code: inh.code, display: inh.display }] },
    });
  }
  const criteria = v.criteria.map((c) => criterionLabel(c.code, c.strength)).join(', ') || 'none';
  return {
    resourceType: 'Observation',
    id,
    meta: { profile: [PROFILE.diagnosticImplication] },
    ...(secondary ? secondaryFindingExtension() : {}),
    status: 'final',
    category: observationCategories(),
    code: { coding: [{ system: SYSTEM.tbd, code: 'diagnostic-implication', display: 'Diagnostic Implication' }] },
    subject,
    effectiveDateTime: content.issuedAt,
    method: { text: 'ACMG/AMP criteria as adapted by ACGS Best Practice Guidelines 2020; points-based classification (Tavtigian et al. 2020)' },
    derivedFrom: [{ reference: variantRef }],
    component: components,
    note: [
      {
        text: override?.note ?? `${CLASS_LABELS[v.acmgClass]} (${v.points} points). Criteria: ${criteria}.${v.classificationComment ? ` ${v.classificationComment}` : ''}`,
      },
    ],
  };
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function buildGenomicReportResources(content: DiagnosticReportContent, options: FhirBuildOptions = {}): GenomicReportResources {
  const subject = subjectOf(content, options);
  const observations: Json[] = [];
  const results: { reference: string }[] = [];
  const add = (obs: Json | null) => {
    if (!obs) return;
    observations.push(obs);
    results.push({ reference: `Observation/${obs.id as string}` });
  };
  const addVariant = (v: ReportVariant, secondary: boolean, override?: ImplicationOverride) => {
    const vid = stableId(content.reportId, secondary ? 'sf-variant' : 'variant', v.key);
    const ref = `Observation/${vid}`;
    add(variantObservation(content, v, vid, subject, secondary));
    add(consequenceObservation(content, v, stableId(content.reportId, secondary ? 'sf-consequence' : 'consequence', v.key), ref, subject));
    add(implicationObservation(content, v, stableId(content.reportId, secondary ? 'sf-implication' : 'implication', v.key), ref, subject, secondary, override));
  };
  for (const v of content.variants) addVariant(v, false);

  if (content.secondaryFindings.status === 'reported') {
    for (const f of content.secondaryFindings.flags) {
      for (const sv of f.variants) {
        // A secondary finding already in the diagnostic list keeps its single set of observations.
        if (content.variants.some((v) => v.key === sv.key)) continue;
        const [chrom, pos, ref, alt] = sv.key.split('-');
        addVariant(
          {
            key: sv.key,
            chrom,
            pos: Number(pos),
            ref,
            alt,
            gene: f.gene,
            hgncId: null,
            transcript: sv.hgvsc?.includes(':') ? sv.hgvsc.split(':')[0] : null,
            hgvsc: sv.hgvsc,
            hgvsp: sv.hgvsp,
            terms: [],
            zygosity: sv.zygosity,
            acmgClass: sv.acmgClass ?? 'likely-pathogenic',
            points: 0,
            criteria: [],
            classificationComment: f.reasons.slice(1, -1).join(' '),
            moi: null,
            condition: `ACMG SF v${f.listVersion} (${f.category})`,
            clinvarVariationId: null,
            tier: null,
            phaseNote: null,
          },
          true,
          // No single class to code (ClinVar "Pathogenic/Likely pathogenic"): say it in text rather than overstate it.
          { significanceText: sv.acmgClass ? undefined : `${sv.significance} (ACMG SF flag)`, note: f.reasons.join(' ') },
        );
      }
    }
  }

  const reportId = stableId(content.reportId, 'report');
  const panelText = content.panels.map((p) => `${p.name} (PanelApp ${p.id}) v${p.version}`).join('; ');
  // The phenotype the analysis was done for, with its HPO release (the terms themselves sync as Observations).
  const phenotype = phenotypeLine(content.referral);
  const variantsText = content.variants.map((v) => `${v.gene} ${[v.hgvsc, v.hgvsp].filter(Boolean).join(' ')}: ${CLASS_LABELS[v.acmgClass]}`).join('; ');
  const report: Json = {
    resourceType: 'DiagnosticReport',
    id: reportId,
    meta: { profile: [PROFILE.genomicReport] },
    identifier: [{ system: 'urn:genodesk:report', value: content.reportId }],
    text: {
      status: 'generated',
      div: `<div xmlns="http://www.w3.org/1999/xhtml"><p><b>Genomic diagnostic report ${escapeXml(content.reportId)}</b></p><p>${escapeXml(content.result.summary)}</p><p>Variants: ${escapeXml(variantsText || 'none')}</p><p>Panels: ${escapeXml(panelText)}</p>${phenotype ? `<p>${escapeXml(phenotype)}</p>` : ''}<p>Limitations: ${escapeXml(content.limitations.join(' '))}</p></div>`,
    },
    status: 'final',
    category: [{ coding: [{ system: SYSTEM.diagnosticService, code: 'GE', display: 'Genetics' }] }],
    code: loinc('51969-4', 'Genetic analysis report'),
    subject,
    effectiveDateTime: content.issuedAt,
    issued: content.issuedAt,
    performer: [{ display: content.laboratory }],
    ...(content.authorisedBy ? { resultsInterpreter: [{ display: content.authorisedBy }] } : {}),
    result: results,
    conclusion: `${content.result.summary} Panels: ${panelText}.${phenotype ? ` ${phenotype}` : ''}`,
    ...(options.pdf
      ? { presentedForm: [{ contentType: 'application/pdf', data: options.pdf.toString('base64'), title: `Genomic diagnostic report ${content.reportId}` }] }
      : {}),
  };

  const all = [...observations, report];
  const bundle: Json = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: all.map((r) => ({
      fullUrl: `${r.resourceType as string}/${r.id as string}`,
      resource: r,
      request: { method: 'PUT', url: `${r.resourceType as string}/${r.id as string}` },
    })),
  };
  return { report, observations, bundle };
}
