// A recorded family as FHIR R4 FamilyMemberHistory resources: one per relative, about the proband (patient),
// with the relationship coded in HL7 v3 RoleCode (MTH mother, FTH father, SIB sibling, FAMMEMB other family
// member; the value set R4 binds FamilyMemberHistory.relationship to), sex in administrative-gender, the
// relative's own Patient record linked with the R4 core extension `familymemberhistory-patient-record`, and
// affected status as a condition ("affected, as the proband") or a note. Each resource carries GenoDesk's own
// stable identifier `<family id>/<relative's patient id>` first (the conditional create finds it by that), and,
// when the clinical genetics service's pedigree number was entered, that number under NHS England's pedigree
// number system (fhir-systems.ts cites the FHIR Genomics IG's NamingSystem): every relative's history then
// carries the family's number, so `FamilyMemberHistory?identifier=<system>|<number>` finds the whole family.
import type { Family, FamilyMember } from '../../../../shared/schemas/family.ts';
import type { SyncedFamilyMember } from '../../../../shared/schemas/sync.ts';
import type { FhirResource } from './fhir-client.ts';
import { GENODESK_ID_BASE, NHS_PEDIGREE_NUMBER_SYSTEM } from './fhir-systems.ts';

export const GENODESK_FAMILY_MEMBER_SYSTEM = `${GENODESK_ID_BASE}/family-member`;
export const V3_ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
export const ADMINISTRATIVE_GENDER = 'http://hl7.org/fhir/administrative-gender';
export const PATIENT_RECORD_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/familymemberhistory-patient-record';

const ROLE: Record<FamilyMember['relation'], { code: string; display: string }> = {
  proband: { code: 'FAMMEMB', display: 'family member' },
  mother: { code: 'MTH', display: 'mother' },
  father: { code: 'FTH', display: 'father' },
  sibling: { code: 'SIB', display: 'sibling' },
  other: { code: 'FAMMEMB', display: 'family member' },
};

export function familyMemberIdentifier(family: Family, member: FamilyMember): { system: string; value: string } {
  return { system: GENODESK_FAMILY_MEMBER_SYSTEM, value: `${family.id}/${member.patient}` };
}

const AFFECTED_NOTE = /^Affected status recorded in GenoDesk: (\w+)\.$/;

/** Free-text notes on a FamilyMemberHistory, without GenoDesk's own affected-status note. */
export function freeNotes(resource: FhirResource | null | undefined): string[] {
  const notes = ((resource as { note?: { text?: string }[] } | null | undefined)?.note ?? []).map((n) => n.text ?? '');
  return notes.filter((t) => t !== '' && !AFFECTED_NOTE.test(t));
}

const RELATION_OF_CODE: Record<string, string> = { MTH: 'mother', FTH: 'father', SIB: 'sibling', FAMMEMB: 'other' };

/**
 * The fields of a relative GenoDesk compares in a conflict, read back from a FamilyMemberHistory (ours or one
 * edited centrally): relation, sex, affected status (a condition, else GenoDesk's note), name and free notes.
 */
export function familyMemberFromFhir(resource: FhirResource): SyncedFamilyMember {
  const r = resource as FhirResource & {
    relationship?: { coding?: { code?: string; display?: string }[]; text?: string };
    sex?: { coding?: { code?: string }[] };
    condition?: unknown[];
    note?: { text?: string }[];
    name?: string;
  };
  const coding = r.relationship?.coding?.[0];
  const relation = (coding?.code && RELATION_OF_CODE[coding.code]) ?? coding?.display ?? coding?.code ?? r.relationship?.text ?? 'not recorded';
  const noted = (r.note ?? []).map((n) => AFFECTED_NOTE.exec(n.text ?? '')?.[1]).find((v) => v !== undefined);
  const affected = r.condition?.length ? 'affected' : noted && noted !== 'affected' ? noted : 'unknown';
  return { relation, sex: r.sex?.coding?.[0]?.code ?? 'unknown', affected, name: r.name ?? '', notes: freeNotes(resource).join('\n') };
}

export function sameFamilyMember(a: SyncedFamilyMember | null | undefined, b: SyncedFamilyMember | null | undefined): boolean {
  return !!a && !!b && a.relation === b.relation && a.sex === b.sex && a.affected === b.affected && a.name === b.name && a.notes === b.notes;
}

/**
 * `probandServerId` and `relativeServerId` are the server's Patient ids (the relative's may not be there yet).
 * `carriedNotes` are free-text notes last agreed with the server (written there by someone else), kept so a
 * later send from GenoDesk does not drop them.
 */
export function familyMemberHistory(family: Family, member: FamilyMember, probandServerId: string, relativeServerId: string | null, carriedNotes: readonly string[] = []): FhirResource {
  const role = ROLE[member.relation];
  const resource: FhirResource = {
    resourceType: 'FamilyMemberHistory',
    identifier: [familyMemberIdentifier(family, member), ...(family.pedigreeNumber ? [{ system: NHS_PEDIGREE_NUMBER_SYSTEM, value: family.pedigreeNumber }] : [])],
    status: 'completed',
    patient: { reference: `Patient/${probandServerId}` },
    date: family.updatedAt.slice(0, 10),
    name: member.name,
    relationship: { coding: [{ system: V3_ROLE_CODE, code: role.code, display: role.display }] },
    ...(member.sex === 'unknown' ? {} : { sex: { coding: [{ system: ADMINISTRATIVE_GENDER, code: member.sex }] } }),
    ...(relativeServerId ? { extension: [{ url: PATIENT_RECORD_EXTENSION, valueReference: { reference: `Patient/${relativeServerId}` } }] } : {}),
    ...(member.affected === 'affected' ? { condition: [{ code: { text: 'Affected (the condition the proband was referred for)' } }] } : {}),
    note: [...carriedNotes.map((text) => ({ text })), { text: `Affected status recorded in GenoDesk: ${member.affected}.` }],
  };
  return resource;
}
