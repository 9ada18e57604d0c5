// A GenoDesk medicine as FHIR R4 MedicationStatement (pushed), and MedicationStatement/MedicationRequest as
// a medicine (pulled). Only what GenoDesk keeps crosses: the drug (text, and a coding when a code is known),
// status, start and stop dates, and the dose as text. A code is written "system|code" locally; a catalogue
// drug carries its SNOMED CT substance code (resources/medicines/drug-codes.json) as the coding.
import type { FhirResource } from './fhir-client.ts';
import type { SyncedMedication } from '../../../../shared/schemas/sync.ts';
import { GENODESK_MEDICATION_SYSTEM, SNOMED_CT_SYSTEM } from './fhir-systems.ts';

export type { SyncedMedication };

export function sameMedication(a: SyncedMedication | null, b: SyncedMedication | null): boolean {
  return !!a && !!b && a.drug === b.drug && a.code === b.code && a.dose === b.dose && a.started === b.started && a.stopped === b.stopped && a.status === b.status;
}

function coding(code: string | null): { system?: string; code: string }[] | undefined {
  if (!code) return undefined;
  const bar = code.lastIndexOf('|');
  return bar > 0 ? [{ system: code.slice(0, bar), code: code.slice(bar + 1) }] : [{ code }];
}

export function medicationToFhir(localId: string, patientReference: string, m: SyncedMedication): FhirResource {
  const period: Record<string, string> = {};
  if (m.started) period.start = m.started;
  if (m.stopped) period.end = m.stopped;
  return {
    resourceType: 'MedicationStatement',
    identifier: [{ system: GENODESK_MEDICATION_SYSTEM, value: localId }],
    // FHIR R4 MedicationStatement.status: a stopped medicine is "stopped" (kept, not "entered-in-error").
    status: m.status === 'stopped' ? 'stopped' : 'active',
    medicationCodeableConcept: { text: m.drug, ...(coding(m.code) ? { coding: coding(m.code) } : {}) },
    subject: { reference: patientReference },
    ...(Object.keys(period).length ? { effectivePeriod: period } : {}),
    ...(m.dose ? { dosage: [{ text: m.dose }] } : {}),
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}/;
const date = (v: unknown): string | null => (typeof v === 'string' && DATE.test(v) ? v.slice(0, 10) : null);

export interface PulledMedication {
  fields: SyncedMedication;
  /** GenoDesk's own id when the resource was pushed by a GenoDesk install. */
  localId: string | null;
  subject: string | null;
}

/** Reads a MedicationStatement or MedicationRequest; null when it names no drug a person could read. */
export function medicationFromFhir(r: FhirResource): PulledMedication | null {
  const res = r as FhirResource & Record<string, unknown>;
  const concept = res.medicationCodeableConcept as { text?: string; coding?: { system?: string; code?: string; display?: string }[] } | undefined;
  // A SNOMED CT coding is preferred when several are given: it is what the catalogue is matched on.
  const first = concept?.coding?.find((c) => c.code && c.system === SNOMED_CT_SYSTEM) ?? concept?.coding?.find((c) => c.code);
  const drug = (concept?.text ?? first?.display ?? '').trim();
  if (!drug) return null;
  const statusText = String(res.status ?? '');
  // Statuses that mean "not being taken now" in R4 (MedicationStatement and MedicationRequest value sets).
  const stoppedStatus = ['stopped', 'completed', 'cancelled', 'entered-in-error', 'not-taken', 'ended'].includes(statusText);
  const period = (res.effectivePeriod ?? (res.dispenseRequest as { validityPeriod?: unknown } | undefined)?.validityPeriod) as { start?: string; end?: string } | undefined;
  const started = date(period?.start) ?? date(res.effectiveDateTime) ?? date(res.authoredOn);
  const stopped = date(period?.end) ?? null;
  const dose = ((res.dosage ?? res.dosageInstruction) as { text?: string }[] | undefined)?.[0]?.text ?? null;
  const own = (res.identifier as { system?: string; value?: string }[] | undefined)?.find((i) => i.system === GENODESK_MEDICATION_SYSTEM)?.value ?? null;
  return {
    fields: {
      drug,
      code: first?.code ? (first.system ? `${first.system}|${first.code}` : first.code) : null,
      dose,
      started,
      stopped: stoppedStatus ? (stopped ?? null) : null,
      status: stoppedStatus ? 'stopped' : 'active',
    },
    localId: own,
    subject: (res.subject as { reference?: string } | undefined)?.reference ?? null,
  };
}
