// A patient's HPO terms as FHIR R4 Observations, one per term, following the HL7 Phenomics Exchange IG
// (Phenopackets on FHIR, 1.0.0-ballot, profile `phenotype`; its 0.1.0 `PhenotypicFeature` profile the same
// way): code = the HPO term (system http://purl.obolibrary.org/obo/hp.owl, Coding.version = the HPO release
// it was recorded against), value = LOINC LL1937-3 Present (LA9633-4) or Absent (LA9634-2) for an excluded
// term, subject = the patient on the server. The IG profile URL is not claimed in meta.profile: it is a
// ballot and its constraints are not checked here; the base R4 validation is.
// A term has one Observation for its whole life, found by a GenoDesk identifier `<patient>/<HP id>` and
// written by conditional update (PUT Observation?identifier=…): flipping seen/absent updates it, removing it
// marks it entered-in-error, and a retry after a lost answer writes the same state again.
import { createHash } from 'node:crypto';
import type { PhenotypeTermForFhir } from './sync-context.ts';
import type { FhirResource } from './fhir-client.ts';
import { GENODESK_PHENOTYPE_SYSTEM, HPO_SYSTEM, LOINC, OBSERVATION_CATEGORY } from './fhir-systems.ts';
import type { BundleEntry } from './pgx-report-resources.ts';

const PRESENT = { system: LOINC, code: 'LA9633-4', display: 'Present' };
const ABSENT = { system: LOINC, code: 'LA9634-2', display: 'Absent' };

export function phenotypeTermIdentifier(patientId: string, termId: string): { system: string; value: string } {
  return { system: GENODESK_PHENOTYPE_SYSTEM, value: `${patientId}/${termId}` };
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function phenotypeTermToFhir(patientId: string, patientServerId: string, t: PhenotypeTermForFhir): FhirResource {
  const name = t.label ? `${t.label} (${t.id})` : t.id;
  const state = t.removedAt ? 'removed from the phenotype (entered in error)' : t.excluded ? 'looked for and absent' : 'present';
  const release = t.hpoRelease ? `HPO release ${t.hpoRelease}` : 'HPO release not recorded';
  return {
    resourceType: 'Observation',
    text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${escapeXml(name)}: ${state} (${escapeXml(release)}).</p></div>` },
    identifier: [phenotypeTermIdentifier(patientId, t.id)],
    status: t.removedAt ? 'entered-in-error' : 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'exam', display: 'Exam' }] }],
    code: {
      coding: [{ system: HPO_SYSTEM, ...(t.hpoRelease ? { version: t.hpoRelease } : {}), code: t.id, ...(t.label ? { display: t.label } : {}) }],
      ...(t.label ? { text: t.label } : {}),
    },
    subject: { reference: `Patient/${patientServerId}` },
    effectiveDateTime: t.recordedAt,
    performer: [{ display: t.recordedBy }],
    valueCodeableConcept: { coding: [t.excluded ? ABSENT : PRESENT] },
  };
}

/** Every recorded term as a conditional-update entry (removed ones as entered-in-error). */
export function phenotypeEntries(patientId: string, patientServerId: string, terms: PhenotypeTermForFhir[]): BundleEntry[] {
  return terms.map((t) => {
    const id = phenotypeTermIdentifier(patientId, t.id);
    return {
      // Stable per term; the transaction needs a fullUrl for each entry.
      fullUrl: `urn:uuid:${termUuid(patientId, t.id)}`,
      resource: phenotypeTermToFhir(patientId, patientServerId, t),
      request: { method: 'PUT', url: `Observation?identifier=${encodeURIComponent(id.system)}|${encodeURIComponent(id.value)}` },
    };
  });
}

/** A UUID-shaped name derived from patient and term (it only names the entry inside one bundle). */
function termUuid(patientId: string, termId: string): string {
  const h = createHash('sha256').update(`${patientId}/${termId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
