// A GenoDesk patient as a FHIR R4 Patient and back. A PUT replaces the whole server resource, so we write
// our fields onto the last resource the server gave us: addresses, telecoms or other identifiers added
// centrally survive our updates.
import { AppError } from '../../../../shared/errors.ts';
import type { Patient } from '../../../../shared/schemas/patient.ts';
import type { SyncedPatient, SyncedPatientField } from '../../../../shared/schemas/sync.ts';
import { SYNCED_PATIENT_FIELDS } from '../../../../shared/schemas/sync.ts';
import { cleanDraft } from '../patients/validate-patient.ts';
import type { FhirResource } from './fhir-client.ts';
import { GENODESK_PATIENT_SYSTEM, NHS_NUMBER_SYSTEM } from './fhir-systems.ts';

interface Identifier {
  system?: string;
  value?: string;
  [k: string]: unknown;
}
interface HumanName {
  use?: string;
  family?: string;
  given?: string[];
  [k: string]: unknown;
}

export function syncedFields(p: Pick<Patient, SyncedPatientField>): SyncedPatient {
  return { nhsNumber: p.nhsNumber, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate, sex: p.sex };
}

export function sameFields(a: SyncedPatient | null | undefined, b: SyncedPatient | null | undefined): boolean {
  if (!a || !b) return false;
  return SYNCED_PATIENT_FIELDS.every((f) => a[f] === b[f]);
}

export function differingFields(a: SyncedPatient, b: SyncedPatient): SyncedPatientField[] {
  return SYNCED_PATIENT_FIELDS.filter((f) => a[f] !== b[f]);
}

/** Which name GenoDesk owns: the official one, else the first one without a use. */
function ownedNameIndex(names: HumanName[]): number {
  const official = names.findIndex((n) => n.use === 'official');
  if (official >= 0) return official;
  return names.findIndex((n) => n.use === undefined || n.use === 'usual');
}

export function patientToFhir(localId: string, fields: SyncedPatient, serverCopy?: FhirResource): FhirResource {
  const base: FhirResource = serverCopy ? structuredClone(serverCopy) : { resourceType: 'Patient' };
  delete base.meta;
  delete base.text; // a narrative generated from old values would contradict the new ones
  const others = ((base.identifier as Identifier[] | undefined) ?? []).filter(
    (i) => i.system !== NHS_NUMBER_SYSTEM && i.system !== GENODESK_PATIENT_SYSTEM,
  );
  const names = [...((base.name as HumanName[] | undefined) ?? [])];
  const idx = ownedNameIndex(names);
  const name: HumanName = { ...(idx >= 0 ? names[idx] : {}), use: 'official', family: fields.familyName, given: fields.givenName.split(' ') };
  if (idx >= 0) names[idx] = name;
  else names.unshift(name);
  return {
    ...base,
    resourceType: 'Patient',
    identifier: [{ system: NHS_NUMBER_SYSTEM, value: fields.nhsNumber }, { system: GENODESK_PATIENT_SYSTEM, value: localId }, ...others],
    name: names,
    gender: fields.sex,
    birthDate: fields.birthDate,
  };
}

export interface PulledPatient {
  localId: string;
  fields: SyncedPatient;
  serverId: string;
  versionId: string;
  lastUpdated: string;
}

/**
 * Reads a server Patient into GenoDesk's fields, checked by the same rules as a form entry (NHS number check
 * digit, real dates, names). Central data that breaks them is refused with `sync/remote-invalid`.
 */
export function patientFromFhir(resource: FhirResource, today: Date): PulledPatient {
  const serverId = resource.id;
  const versionId = resource.meta?.versionId;
  const lastUpdated = resource.meta?.lastUpdated;
  const identifiers = (resource.identifier as Identifier[] | undefined) ?? [];
  const localId = identifiers.find((i) => i.system === GENODESK_PATIENT_SYSTEM)?.value;
  const nhs = identifiers.find((i) => i.system === NHS_NUMBER_SYSTEM)?.value;
  const names = (resource.name as HumanName[] | undefined) ?? [];
  const idx = ownedNameIndex(names);
  const name = idx >= 0 ? names[idx] : names[0];
  const fail = (why: string) =>
    new AppError('sync/remote-invalid', `A patient record on the FHIR server could not be taken in: ${why}. It was left on the server unchanged.`, {
      serverId: serverId ?? null,
      reason: why,
    });
  if (resource.resourceType !== 'Patient') throw fail(`expected a Patient, got ${resource.resourceType}`);
  if (!serverId || !versionId || !lastUpdated) throw fail('it has no id, version or last-updated time');
  if (!localId) throw fail('it carries no GenoDesk identifier');
  if (!nhs) throw fail('it has no NHS number');
  const gender = typeof resource.gender === 'string' ? resource.gender : 'unknown';
  try {
    const clean = cleanDraft(
      {
        nhsNumber: nhs,
        familyName: name?.family ?? '',
        givenName: (name?.given ?? []).join(' '),
        birthDate: typeof resource.birthDate === 'string' ? resource.birthDate : '',
        sex: gender,
      },
      today,
    );
    return { localId, fields: clean, serverId, versionId, lastUpdated };
  } catch (err) {
    throw fail(err instanceof AppError ? err.message : 'its details are not valid');
  }
}
