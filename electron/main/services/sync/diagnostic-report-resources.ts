// An issued diagnostic report as the central server receives it. The diagnosis workspace builds the
// Genomics Reporting IG resources (buildGenomicReportResources: variant, molecular-consequence and
// diagnostic-implication Observations in a genomic-report) and validates them (assertValidGenomicResources);
// sync turns them into conditional creates on GenoDesk identifiers, like the PGx report:
//   - the builder's ids are deterministic (derived from report number and variant) but they are ids on *our*
//     side: a FHIR server assigns its own on create, so each resource goes as a POST with ifNoneExist on a
//     GenoDesk identifier, and the builder's `Observation/<id>` references become urn:uuid references the
//     transaction resolves;
//   - the report's subject is the patient's id on the server, never the local one.
import { AppError } from '../../../../shared/errors.ts';
import type { DiagnosticReportContent } from '../../../../shared/schemas/diagnosis.ts';
import { assertValidGenomicResources } from '../diagnosis/fhir-validate.ts';
import { buildGenomicReportResources } from '../diagnosis/report-fhir.ts';
import type { FhirResource } from './fhir-client.ts';
import { GENODESK_DIAGNOSTIC_REPORT_PART_SYSTEM, GENODESK_DIAGNOSTIC_REPORT_SYSTEM } from './fhir-systems.ts';
import type { BundleEntry } from './pgx-report-resources.ts';
import { resolveReferences } from './pgx-report-resources.ts';

/** The last path segment of the IG profile (`variant`, `diagnostic-implication`, …), for identifier values. */
function profileKind(resource: FhirResource): string {
  const profile = resource.meta?.profile?.[0] ?? '';
  return profile.slice(profile.lastIndexOf('/') + 1) || resource.resourceType;
}

/**
 * Every resource of the report as a conditional-create entry, in dependency order (each variant before the
 * observations derived from it, the report last). Throws `fhir/invalid-resource` when the diagnosis
 * validator rejects what the builder made: such a report is never sent.
 */
export function diagnosticReportEntries(content: DiagnosticReportContent, patientServerId: string): BundleEntry[] {
  const patientReference = `Patient/${patientServerId}`;
  const built = buildGenomicReportResources(content, { patientReference });
  try {
    assertValidGenomicResources([built.report, ...built.observations]);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    throw new AppError(
      'fhir/invalid-resource',
      `The FHIR resources built from diagnostic report ${content.reportId} are not valid (${err.message}). It was not sent; GenoDesk will try again after an update.`,
      { resourceType: 'DiagnosticReport', record: `diagnostic report ${content.reportId}`, issues: (err.details as { issues?: unknown }).issues ?? [] },
    );
  }

  const resources = [...built.observations, built.report] as FhirResource[];
  // The builder's UUID-shaped ids are stable for a report, so they make stable fullUrls too.
  const fullUrls = new Map<string, string>(resources.map((r) => [`${r.resourceType}/${r.id}`, `urn:uuid:${r.id}`]));
  // Belt and braces: any reference to the local patient id (a builder default) goes to the server's.
  fullUrls.set(`Patient/${content.patient.id}`, patientReference);

  return resources.map((r) => {
    const { id, ...rest } = r;
    const resource = resolveReferences(rest as FhirResource, fullUrls);
    const isReport = resource.resourceType === 'DiagnosticReport';
    const system = isReport ? GENODESK_DIAGNOSTIC_REPORT_SYSTEM : GENODESK_DIAGNOSTIC_REPORT_PART_SYSTEM;
    const value = isReport ? content.reportId : `${content.reportId}/${profileKind(r)}/${id}`;
    // One identifier system per kind of record (fhir-systems.ts) replaces the builder's local
    // `urn:genodesk:report`: the server finds our earlier writes by this one.
    resource.identifier = [{ system, value }];
    return {
      fullUrl: `urn:uuid:${id}`,
      resource,
      request: { method: 'POST', url: resource.resourceType, ifNoneExist: `identifier=${encodeURIComponent(system)}|${encodeURIComponent(value)}` },
    };
  });
}
