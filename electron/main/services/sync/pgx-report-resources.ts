// A finished PGx result (the `genodesk pgx` JSON, docs CLI.md) as the HL7 Genomics Reporting IG (STU3) shapes
// it: a genomic-report DiagnosticReport whose results are genotype and haplotype Observations and
// therapeutic-implication Observations, with medication-recommendation Tasks as its recommended actions.
// Sent as transaction bundles (chunkEntries); every entry is a conditional create on a GenoDesk identifier, so a retry
// after a lost answer finds what the first attempt created instead of creating it again.
import { randomUUID } from 'node:crypto';
import type { FhirResource } from './fhir-client.ts';
import {
  DIAGNOSTIC_SERVICE_SECTION,
  GENODESK_REPORT_PART_SYSTEM,
  GENODESK_REPORT_SYSTEM,
  GENOMIC_REPORT_PROFILE,
  GENOTYPE_PROFILE,
  HAPLOTYPE_PROFILE,
  IG_TBD_CODES,
  LOINC,
  MEDICATION_RECOMMENDATION_PROFILE,
  OBSERVATION_CATEGORY,
  RECOMMENDED_ACTION_EXTENSION,
  THERAPEUTIC_IMPLICATION_PROFILE,
} from './fhir-systems.ts';

/** The parts of the pgx result this builder reads (the PGx feature owns the full type). */
export interface PgxResultForFhir {
  genes: {
    gene: string;
    source?: string;
    diplotypes: string[];
    phenotypes?: string[];
    activityScore?: string | number | null;
  }[];
  recommendations: {
    drug: string;
    genes: string[];
    guideline?: unknown;
    classification?: string | null;
    recommendation: string;
    lookupKey?: unknown;
  }[];
}

export interface PgxReportInput {
  reportId: string;
  /** `Patient/<server id>`: the report is sent only after its patient is on the server. */
  patientReference: string;
  result: PgxResultForFhir;
  /** When the report was finished (ISO instant). */
  issued: string;
}

export interface BundleEntry {
  fullUrl: string;
  resource: FhirResource;
  /** A conditional create, or (records that change, such as a phenotype term) a conditional update on the identifier. */
  request: { method: 'POST'; url: string; ifNoneExist: string } | { method: 'PUT'; url: string };
}

export interface PgxReportBundle {
  /** Every resource of the report as a conditional-create entry, in dependency order (report last). */
  entries: BundleEntry[];
  counts: { genotypes: number; haplotypes: number; implications: number; recommendations: number };
}

const GENOMICS_CATEGORIES = [
  { coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory', display: 'Laboratory' }] },
  { coding: [{ system: DIAGNOSTIC_SERVICE_SECTION, code: 'GE', display: 'Genetics' }] },
];

const GENE_STUDIED = { coding: [{ system: LOINC, code: '48018-6', display: 'Gene studied [ID]' }] };
const CONCLUSION = { coding: [{ system: IG_TBD_CODES, code: 'conclusion-string', display: 'Conclusion string' }] };

/**
 * PharmCAT names never contain "/" (checked against every allele in PharmCAT's phenotypes.tsv), so the
 * diplotype "*1/*80+*28" splits into the haplotypes "*1" and "*80+*28".
 */
export function haplotypesOf(diplotype: string): string[] {
  return diplotype.split('/').map((h) => h.trim()).filter((h) => h.length > 0);
}

/** Guideline text from PharmCAT may carry HTML headings; FHIR strings here are plain text. */
function plainText(value: string): string {
  return value
    .replace(/<[^>]+>/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

function describeLookupKey(key: unknown, genes: string[], phenotypeByGene: Map<string, string[]>): string {
  if (key && typeof key === 'object' && !Array.isArray(key)) {
    const parts = Object.entries(key as Record<string, unknown>).map(([gene, v]) => `${gene} ${String(v)}`);
    if (parts.length) return parts.join('; ');
  }
  const parts = genes.map((g) => `${g} ${(phenotypeByGene.get(g) ?? []).join(' or ') || 'phenotype not assigned'}`);
  return parts.join('; ');
}

function guidelineName(g: unknown): string | undefined {
  if (typeof g === 'string') return g;
  if (g && typeof g === 'object') {
    const o = g as { name?: unknown; source?: unknown };
    if (typeof o.name === 'string') return o.name;
    if (typeof o.source === 'string') return o.source;
  }
  return undefined;
}

export function buildPgxReportBundle(input: PgxReportInput): PgxReportBundle {
  const { reportId, patientReference, result, issued } = input;
  const subject = { reference: patientReference };
  const entries: { fullUrl: string; resource: FhirResource; system: string; value: string }[] = [];
  const add = (resource: FhirResource, system: string, value: string): string => {
    const fullUrl = `urn:uuid:${randomUUID()}`;
    resource.identifier = [{ system, value }];
    entries.push({ fullUrl, resource, system, value });
    return fullUrl;
  };
  const observation = (profile: string, code: unknown, extra: Record<string, unknown>): FhirResource => ({
    resourceType: 'Observation',
    meta: { profile: [profile] },
    status: 'final',
    category: GENOMICS_CATEGORIES,
    code,
    subject,
    effectiveDateTime: issued,
    issued,
    ...extra,
  });

  const genotypeRefs = new Map<string, string[]>();
  const phenotypeByGene = new Map<string, string[]>();
  const genotypeSummary: string[] = [];
  const haplotypeRefs: string[] = [];
  result.genes.forEach((g, geneIndex) => {
    phenotypeByGene.set(g.gene, g.phenotypes ?? []);
    const refs: string[] = [];
    g.diplotypes.forEach((diplotype, dipIndex) => {
      const haps = [...new Set(haplotypesOf(diplotype))];
      const hapUrls = haps.map((hap, hapIndex) =>
        add(
          observation(HAPLOTYPE_PROFILE, { coding: [{ system: LOINC, code: '84414-2', display: 'Haplotype name' }] }, {
            valueCodeableConcept: { text: `${g.gene} ${hap}` },
            component: [{ code: GENE_STUDIED, valueCodeableConcept: { text: g.gene } }],
          }),
          GENODESK_REPORT_PART_SYSTEM,
          `${reportId}/haplotype/${geneIndex}/${dipIndex}/${hapIndex}`,
        ),
      );
      haplotypeRefs.push(...hapUrls);
      const phenotype = (g.phenotypes ?? []).filter((p) => p.trim() !== '').join(' or ');
      const score = g.activityScore === null || g.activityScore === undefined || g.activityScore === '' ? '' : `; activity score ${g.activityScore}`;
      const components: Record<string, unknown>[] = [{ code: GENE_STUDIED, valueCodeableConcept: { text: g.gene } }];
      if (phenotype || score) components.push({ code: CONCLUSION, valueString: `${g.gene} phenotype: ${phenotype || 'not assigned'}${score}` });
      const url = add(
        observation(GENOTYPE_PROFILE, { coding: [{ system: LOINC, code: '84413-4', display: 'Genotype display name' }] }, {
          valueCodeableConcept: { text: `${g.gene} ${diplotype}` },
          component: components,
          derivedFrom: hapUrls.map((reference) => ({ reference })),
        }),
        GENODESK_REPORT_PART_SYSTEM,
        `${reportId}/genotype/${geneIndex}/${dipIndex}`,
      );
      refs.push(url);
      genotypeSummary.push(`${g.gene} ${diplotype}${phenotype ? ` (${phenotype})` : ''}`);
    });
    genotypeRefs.set(g.gene, refs);
  });

  const implicationRefs: string[] = [];
  const taskRefs: string[] = [];
  result.recommendations.forEach((rec, recIndex) => {
    const derivedFrom = rec.genes.flatMap((gene) => genotypeRefs.get(gene) ?? []);
    // The IG requires an implication to derive from at least one finding; without a called genotype the
    // recommendation stays in the local report only.
    if (derivedFrom.length === 0) return;
    const text = plainText(rec.recommendation);
    const components: Record<string, unknown>[] = [
      { code: { coding: [{ system: LOINC, code: '51963-7', display: 'Medication assessed [ID]' }] }, valueCodeableConcept: { text: rec.drug } },
      {
        code: { coding: [{ system: IG_TBD_CODES, code: 'therapeutic-implication', display: 'Therapeutic Implication' }] },
        valueCodeableConcept: { text: describeLookupKey(rec.lookupKey, rec.genes, phenotypeByGene) },
      },
    ];
    if (rec.classification) {
      components.push({ code: { coding: [{ system: LOINC, code: '93044-6', display: 'Level of evidence' }] }, valueCodeableConcept: { text: rec.classification } });
    }
    const guideline = guidelineName(rec.guideline);
    components.push({ code: CONCLUSION, valueString: guideline ? `${text}\n(${guideline})` : text });
    const tiUrl = add(
      observation(THERAPEUTIC_IMPLICATION_PROFILE, { coding: [{ system: IG_TBD_CODES, code: 'therapeutic-implication', display: 'Therapeutic Implication' }] }, {
        component: components,
        derivedFrom: derivedFrom.map((reference) => ({ reference })),
      }),
      GENODESK_REPORT_PART_SYSTEM,
      `${reportId}/implication/${recIndex}`,
    );
    implicationRefs.push(tiUrl);
    // Task.code is bound (required) to LOINC LL4049-4; PharmCAT gives free text, not one of those answers,
    // so the code is left out rather than guessed and the recommendation travels in description.
    const taskUrl = add(
      {
        resourceType: 'Task',
        meta: { profile: [MEDICATION_RECOMMENDATION_PROFILE] },
        status: 'requested',
        intent: 'proposal',
        for: subject,
        authoredOn: issued,
        description: `${rec.drug}: ${text}`,
        reasonReference: { reference: tiUrl },
      },
      GENODESK_REPORT_PART_SYSTEM,
      `${reportId}/recommendation/${recIndex}`,
    );
    taskRefs.push(taskUrl);
  });

  const genotypeUrls = [...genotypeRefs.values()].flat();
  const report: FhirResource = {
    resourceType: 'DiagnosticReport',
    meta: { profile: [GENOMIC_REPORT_PROFILE] },
    extension: taskRefs.map((reference) => ({ url: RECOMMENDED_ACTION_EXTENSION, valueReference: { reference } })),
    status: 'final',
    category: [{ coding: [{ system: DIAGNOSTIC_SERVICE_SECTION, code: 'GE', display: 'Genetics' }] }],
    code: { coding: [{ system: LOINC, code: '51969-4', display: 'Genetic analysis report' }] },
    subject,
    effectiveDateTime: issued,
    issued,
    result: [...genotypeUrls, ...haplotypeRefs, ...implicationRefs].map((reference) => ({ reference })),
    conclusion: genotypeSummary.length ? `Pharmacogenomic genotypes: ${genotypeSummary.join('; ')}.` : 'No pharmacogenomic genotype was called.',
  };
  if (taskRefs.length === 0) delete report.extension;
  add(report, GENODESK_REPORT_SYSTEM, reportId);

  return {
    entries: entries.map((e) => ({
      fullUrl: e.fullUrl,
      resource: e.resource,
      request: { method: 'POST', url: e.resource.resourceType, ifNoneExist: `identifier=${encodeURIComponent(e.system)}|${encodeURIComponent(e.value)}` },
    })),
    counts: { genotypes: genotypeUrls.length, haplotypes: haplotypeRefs.length, implications: implicationRefs.length, recommendations: taskRefs.length },
  };
}

/**
 * Splits the entries (already in dependency order: haplotypes, genotypes, implications, tasks, report) into
 * transaction bundles of at most `size` entries. Medplum runs a transaction holding conditional creates
 * under serializable isolation and caps it at 8 entries; each chunk is still all-or-nothing and each entry
 * still conditional, so a retry of any chunk after a lost answer creates nothing twice.
 */
export function chunkEntries(entries: BundleEntry[], size: number): BundleEntry[][] {
  const chunks: BundleEntry[][] = [];
  for (let i = 0; i < entries.length; i += size) chunks.push(entries.slice(i, i + size));
  return chunks;
}

/** Replaces references to entries of earlier chunks (urn:uuid:…) with the server's `Type/id`. */
export function resolveReferences<T>(value: T, known: ReadonlyMap<string, string>): T {
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, known)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = k === 'reference' && typeof v === 'string' && known.has(v) ? known.get(v) : resolveReferences(v, known);
    }
    return out as T;
  }
  return value;
}

export function transactionBundle(entries: BundleEntry[]): FhirResource {
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}
