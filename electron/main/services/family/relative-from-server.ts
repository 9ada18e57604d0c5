// A relative's relation, sex and affected status taken from the central FamilyMemberHistory when a person
// resolves a sync conflict with "take the central version". Runs inside the caller's mutate() transaction
// (the caller records the audit entry); the family's version moves on as for any other edit. When the
// relation changes, the proband's and siblings' parent links follow, so the pedigree stays drawable.
import { AppError } from '../../../../shared/errors.ts';
import { AFFECTED, RELATIONS } from '../../../../shared/schemas/family.ts';
import { SEXES } from '../../../../shared/schemas/patient.ts';
import type { SqliteDatabase } from '../../db/connection.ts';

export interface RelativeFields {
  relation: string;
  sex: string;
  affected: string;
}

const cannot = (what: string, value: string) =>
  new AppError('sync/invalid-choice', `The central record gives this relative the ${what} "${value}", which GenoDesk cannot record. Keep this computer’s version, or change the family in the family editor.`, { [what]: value });

/** Returns the family's new version. */
export function applyRelativeFields(sqlite: SqliteDatabase, familyId: string, patientId: string, fields: RelativeFields, at: string): number {
  const relation = fields.relation as (typeof RELATIONS)[number];
  if (!RELATIONS.includes(relation) || relation === 'proband') throw cannot('relation', fields.relation);
  if (!(SEXES as readonly string[]).includes(fields.sex)) throw cannot('sex', fields.sex);
  if (!(AFFECTED as readonly string[]).includes(fields.affected)) throw cannot('affected status', fields.affected);
  const members = sqlite.prepare('SELECT patient_id AS patientId, relation FROM family_members WHERE family_id = ?').all(familyId) as { patientId: string; relation: string }[];
  if ((relation === 'mother' || relation === 'father') && members.some((m) => m.relation === relation && m.patientId !== patientId)) {
    throw new AppError('sync/invalid-choice', `The central record names this relative the ${relation}, but the family here already has a ${relation}. Change the family in the family editor first.`, { relation });
  }
  if ((relation === 'mother' && fields.sex === 'male') || (relation === 'father' && fields.sex === 'female')) {
    throw new AppError('family/sex-contradicts-role', `The central record names a ${fields.sex} relative as the ${relation}; GenoDesk cannot record that.`, { relation, sex: fields.sex });
  }
  sqlite.prepare('UPDATE family_members SET relation = ?, sex = ?, affected = ? WHERE family_id = ? AND patient_id = ?').run(relation, fields.sex, fields.affected, familyId, patientId);
  const before = members.find((m) => m.patientId === patientId)?.relation;
  if (before === undefined) throw new AppError('family/not-found', 'This relative is no longer in the family here.', { familyId, patientId });
  const parent = (r: string) => (sqlite.prepare('SELECT patient_id FROM family_members WHERE family_id = ? AND relation = ?').pluck().get(familyId, r) as string | undefined) ?? null;
  if (before !== relation) {
    sqlite
      .prepare("UPDATE family_members SET mother_id = ?, father_id = ? WHERE family_id = ? AND relation IN ('proband', 'sibling')")
      .run(parent('mother'), parent('father'), familyId);
  }
  sqlite.prepare('UPDATE families SET version = version + 1, updated_at = ? WHERE id = ?').run(at, familyId);
  return sqlite.prepare('SELECT version FROM families WHERE id = ?').pluck().get(familyId) as number;
}
