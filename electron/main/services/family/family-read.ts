// Reading a stored family with its members' names: for the family service and for sync (which reads by id).
import type { Family, FamilyMember } from '../../../../shared/schemas/family.ts';
import type { SqliteDatabase } from '../../db/connection.ts';

const FAMILY_COLUMNS = 'id, proband_id AS probandId, ped_family_id AS pedFamilyId, pedigree_number AS pedigreeNumber, version, updated_at AS updatedAt';

interface FamilyRow {
  id: string;
  probandId: string;
  pedFamilyId: string | null;
  pedigreeNumber: string | null;
  version: number;
  updatedAt: string;
}

type MemberRow = Omit<FamilyMember, 'name'> & { familyName: string; givenName: string };

export function readFamilyById(sqlite: SqliteDatabase, id: string): Family | null {
  const row = sqlite.prepare(`SELECT ${FAMILY_COLUMNS} FROM families WHERE id = ?`).get(id) as FamilyRow | undefined;
  if (!row) return null;
  const members = sqlite
    .prepare(
      `SELECT m.patient_id AS patient, m.relation, m.sex, m.affected, m.father_id AS father, m.mother_id AS mother, m.sample,
              p.nhs_number AS nhsNumber, p.family_name AS familyName, p.given_name AS givenName
         FROM family_members m JOIN patients p ON p.id = m.patient_id WHERE m.family_id = ? ORDER BY m.position`,
    )
    .all(id) as MemberRow[];
  return {
    id: row.id,
    proband: row.probandId,
    pedFamilyId: row.pedFamilyId,
    pedigreeNumber: row.pedigreeNumber,
    version: row.version,
    updatedAt: row.updatedAt,
    members: members.map(({ familyName, givenName, ...m }) => ({ ...m, name: `${familyName}, ${givenName}` })),
  };
}
