// A recorded family as the engine's FamilyModel (member ids are patient ids) with the import each member is
// analysed from: the proband's latest complete import, and for each relative the import of the same file
// (a family VCF) if there is one, else their latest complete import on the same build.
import { AppError } from '../../../../shared/errors.ts';
import type { Family } from '../../../../shared/schemas/family.ts';
import type { SqliteDatabase } from '../../db/connection.ts';
import type { FamilyModel } from './segregation/family-genotypes.ts';

interface ImportPick {
  key: number;
  sha256: string;
  build: 'GRCh37' | 'GRCh38';
}

export interface StoredFamilyInputs {
  model: FamilyModel;
  importKeys: Map<string, number>;
  /** Members without a usable import (analysed as "not genotyped"). */
  missing: string[];
}

/** `subject` is the member analysed (the proband by default; a sibling's candidates are read against the same parents). */
export function storedFamilyInputs(sqlite: SqliteDatabase, family: Family, subjectImportId?: string, subject: string = family.proband): StoredFamilyInputs {
  const latest = sqlite.prepare("SELECT key, sha256, build FROM imports WHERE patient_id = ? AND status = 'complete' ORDER BY imported_at DESC, key DESC");
  const byId = sqlite.prepare("SELECT key, sha256, build FROM imports WHERE id = ? AND patient_id = ? AND status = 'complete'");
  const probandImport = (subjectImportId ? byId.get(subjectImportId, subject) : latest.get(subject)) as ImportPick | undefined;
  if (!probandImport) throw new AppError('diagnosis/no-import', 'This patient has no complete VCF import to analyse.', { patientId: subject });
  const importKeys = new Map<string, number>([[subject, probandImport.key]]);
  const missing: string[] = [];
  for (const m of family.members) {
    if (m.patient === subject) continue;
    const all = latest.all(m.patient) as ImportPick[];
    const pick = all.find((i) => i.sha256 === probandImport.sha256) ?? all.find((i) => i.build === probandImport.build);
    if (pick) importKeys.set(m.patient, pick.key);
    else missing.push(m.patient);
  }
  return {
    model: {
      proband: subject,
      build: probandImport.build,
      members: family.members.map((m) => ({ id: m.patient, father: m.father, mother: m.mother, sex: m.sex, affected: m.affected })),
    },
    importKeys,
    missing,
  };
}
