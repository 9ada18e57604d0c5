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

/** `probandServerId` and `relativeServerId` are the server's Patient ids (the relative's may not be there yet). */
export function familyMemberHistory(family: Family, member: FamilyMember, probandServerId: string, relativeServerId: string | null): FhirResource {
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
    note: [{ text: `Affected status recorded in GenoDesk: ${member.affected}.` }],
  };
  return resource;
}
