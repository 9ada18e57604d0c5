// Families: a proband and relatives who are registered patients. Every change goes through the mutator, so
// the family rows, the audit entry and the sync-outbox entry (entity "family") commit together or not at all;
// a bad PED or an unknown patient throws before anything is written.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/errors.ts';
import { pedigreeNumberSchema, type Affected, type Family, type FamilyDraft, type Relation, type Sex } from '../../../../shared/schemas/family.ts';
import type { Patient } from '../../../../shared/schemas/patient.ts';
import type { Store } from '../../db/connection.ts';
import type { Clock } from '../clock.ts';
import { createMutator } from '../mutator.ts';
import type { PatientsService } from '../patients/patients-service.ts';
import { impliedProband, parsePed } from './ped/parse-ped.ts';
import { matchPedToPatients, PED_WORDING } from './ped/match-patients.ts';
import { readFamilyById } from './family-read.ts';

export interface FamilyServiceDeps {
  store: Store;
  actor: string;
  clock?: Clock;
  patients: PatientsService;
  onCommitted?: () => void;
}

interface MemberRow {
  patientId: string;
  relation: Relation;
  sex: Sex;
  affected: Affected;
  fatherId: string | null;
  motherId: string | null;
  sample: string | null;
}

interface FamilyRow {
  id: string;
  probandId: string;
  pedFamilyId: string | null;
  pedigreeNumber: string | null;
  version: number;
  updatedAt: string;
}

export type FamilyService = ReturnType<typeof createFamilyService>;

/** The CLI passes text straight through, so the service checks a pedigree number itself (the IPC also does). */
function checkedPedigreeNumber(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = pedigreeNumberSchema.safeParse(value);
  if (!parsed.success) throw new AppError('family/invalid', `Pedigree number "${value}": ${parsed.error.issues[0].message}`, { pedigreeNumber: value });
  return parsed.data;
}

export interface PedImportOptions {
  map?: Record<string, string>;
  proband?: string;
  /** Whose words errors use for the sample map and the proband: the CLI's options (default) or the app's fields. */
  wording?: keyof typeof PED_WORDING;
  /** The clinical genetics pedigree number; omitted keeps the recorded one, empty clears it. */
  pedigreeNumber?: string;
}

export function createFamilyService({ store, actor, clock, patients, onCommitted }: FamilyServiceDeps) {
  const { sqlite } = store;
  const mutate = createMutator({ store, actor, clock, onCommitted });
  const columns = 'id, proband_id AS probandId, ped_family_id AS pedFamilyId, pedigree_number AS pedigreeNumber, version, updated_at AS updatedAt';
  const familyOfProband = sqlite.prepare(`SELECT ${columns} FROM families WHERE proband_id = ?`);
  const familyById = sqlite.prepare(`SELECT ${columns} FROM families WHERE id = ?`);
  const familiesOfMember = sqlite.prepare('SELECT family_id AS familyId FROM family_members WHERE patient_id = ? ORDER BY family_id').pluck();
  const insertFamily = sqlite.prepare('INSERT INTO families (id, proband_id, ped_family_id, pedigree_number, version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)');
  const updateFamily = sqlite.prepare('UPDATE families SET ped_family_id = ?, pedigree_number = ?, version = version + 1, updated_at = ? WHERE id = ?');
  const deleteMembers = sqlite.prepare('DELETE FROM family_members WHERE family_id = ?');
  const insertMember = sqlite.prepare(
    'INSERT INTO family_members (family_id, patient_id, relation, sex, affected, father_id, mother_id, sample, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );

  function toFamily(row: FamilyRow): Family {
    return readFamilyById(sqlite, row.id) as Family;
  }

  /** The family a patient is proband of, else the first one they belong to; null when none. */
  function find(patientRef: string): Family | null {
    const patient = patients.resolve(patientRef);
    const own = familyOfProband.get(patient.id) as FamilyRow | undefined;
    if (own) return toFamily(own);
    const other = familiesOfMember.get(patient.id) as string | undefined;
    return other ? toFamily(familyById.get(other) as FamilyRow) : null;
  }

  function show(patientRef: string): Family {
    const family = find(patientRef);
    if (!family) throw new AppError('family/not-found', `No family is recorded for patient "${patientRef}".`, { patient: patientRef });
    return family;
  }

  /**
   * Writes the members of the proband's family (creating or replacing it) as one audited, synced change.
   * `pedigreeNumberInput` undefined keeps the recorded number, "" clears it.
   */
  function write(
    probandId: string,
    members: MemberRow[],
    pedFamilyId: string | null,
    pedigreeNumberInput: string | undefined,
    action: string,
    expectedVersion?: number,
    source?: Record<string, unknown>,
  ): Family {
    return mutate(({ at, record }) => {
      const existing = familyOfProband.get(probandId) as FamilyRow | undefined;
      if (existing && expectedVersion !== undefined && existing.version !== expectedVersion) {
        throw new AppError('family/stale-version', 'This family was changed since you opened it. Reload it, then make your change again.', {
          expectedVersion,
          currentVersion: existing.version,
        });
      }
      const id = existing?.id ?? randomUUID();
      const pedigreeNumber = pedigreeNumberInput === undefined ? (existing?.pedigreeNumber ?? null) : pedigreeNumberInput.trim() || null;
      if (existing) {
        updateFamily.run(pedFamilyId, pedigreeNumber, at, id);
        deleteMembers.run(id);
      } else insertFamily.run(id, probandId, pedFamilyId, pedigreeNumber, at, at);
      members.forEach((m, i) => insertMember.run(id, m.patientId, m.relation, m.sex, m.affected, m.fatherId, m.motherId, m.sample, i));
      const version = existing ? existing.version + 1 : 1;
      record({
        entityType: 'family',
        entityId: id,
        action,
        changes: { proband: probandId, pedFamilyId, pedigreeNumber, members: members.map((m) => ({ patient: m.patientId, relation: m.relation, sex: m.sex, affected: m.affected })), ...source },
        outbox: { op: existing ? 'update' : 'create', entityVersion: version },
      });
      return toFamily(familyOfProband.get(probandId) as FamilyRow);
    });
  }

  function set(draft: FamilyDraft): Family {
    const proband = patients.resolve(draft.proband);
    const mother = draft.mother ? patients.resolve(draft.mother) : null;
    const father = draft.father ? patients.resolve(draft.father) : null;
    const siblings = (draft.siblings ?? []).map((s) => patients.resolve(s));
    const affected = new Set((draft.affected ?? [proband.id]).map((a) => patients.resolve(a).id));
    const all: [Patient, Relation][] = [[proband, 'proband'], ...(mother ? [[mother, 'mother'] as [Patient, Relation]] : []), ...(father ? [[father, 'father'] as [Patient, Relation]] : []), ...siblings.map((s) => [s, 'sibling'] as [Patient, Relation])];
    const seen = new Map<string, Relation>();
    for (const [p, relation] of all) {
      const before = seen.get(p.id);
      if (before) throw new AppError('family/duplicate-member', `${p.familyName}, ${p.givenName} is named both as ${before} and as ${relation}.`, { patient: p.id, relations: [before, relation] });
      seen.set(p.id, relation);
    }
    for (const id of affected) {
      if (!seen.has(id)) throw new AppError('family/invalid', `Patient ${id} is marked affected but is not a member of this family.`, { patient: id });
    }
    if (mother?.sex === 'male') throw new AppError('family/sex-contradicts-role', `${mother.familyName}, ${mother.givenName} is registered as male and cannot be the mother.`, { patient: mother.id, role: 'mother' });
    if (father?.sex === 'female') throw new AppError('family/sex-contradicts-role', `${father.familyName}, ${father.givenName} is registered as female and cannot be the father.`, { patient: father.id, role: 'father' });
    const members: MemberRow[] = all.map(([p, relation]) => ({
      patientId: p.id,
      relation,
      sex: p.sex,
      affected: affected.has(p.id) ? 'affected' : 'unaffected',
      fatherId: relation === 'proband' || relation === 'sibling' ? (father?.id ?? null) : null,
      motherId: relation === 'proband' || relation === 'sibling' ? (mother?.id ?? null) : null,
      sample: null,
    }));
    return write(proband.id, members, null, checkedPedigreeNumber(draft.pedigreeNumber), 'set', draft.version);
  }

  /**
   * Imports a PED file's one family: every row must match a registered patient (`map` first, then NHS number,
   * then an imported VCF sample of that name). The proband is `proband` or the PED's affected child.
   */
  function importPed(text: string, options: PedImportOptions & { file?: string } = {}): Family {
    const file = options.file ?? 'PED file';
    const wording = PED_WORDING[options.wording ?? 'cli'];
    const ped = parsePed(text, file);
    const matched = matchPedToPatients(sqlite, ped, (ref) => patients.resolve(ref), options.map ?? {}, file, wording);
    const probandInd = options.proband ? ped.individuals.find((p) => p.id === options.proband || matched.get(p.id)?.id === patients.resolve(options.proband!).id) : impliedProband(ped);
    if (!probandInd) throw new AppError('family/invalid', `${file}: no affected child to take as the proband; ${wording.nameProband}.`, { file });
    const pid = (sample: string | null) => (sample === null ? null : matched.get(sample)!.id);
    const relationOf = (p: (typeof ped.individuals)[number]): Relation => {
      if (p === probandInd) return 'proband';
      if (p.id === probandInd.mother) return 'mother';
      if (p.id === probandInd.father) return 'father';
      const sharesParent = (p.mother !== null && p.mother === probandInd.mother) || (p.father !== null && p.father === probandInd.father);
      return sharesParent ? 'sibling' : 'other';
    };
    const ordered = [probandInd, ...ped.individuals.filter((p) => p !== probandInd)];
    const members: MemberRow[] = ordered.map((p) => {
      const patient = matched.get(p.id)!;
      return {
        patientId: patient.id,
        relation: relationOf(p),
        // PED sex "unknown" falls back to the register's.
        sex: p.sex === 'unknown' ? patient.sex : p.sex,
        affected: p.affected,
        fatherId: pid(p.father),
        motherId: pid(p.mother),
        sample: p.id,
      };
    });
    const ids = new Set<string>();
    for (const [i, m] of members.entries()) {
      if (ids.has(m.patientId)) {
        throw new AppError('family/duplicate-member', `${file} line ${ordered[i].line}: "${ordered[i].id}" is the same registered patient as another line.`, { file, line: ordered[i].line, patient: m.patientId });
      }
      ids.add(m.patientId);
    }
    return write(matched.get(probandInd.id)!.id, members, ped.family, checkedPedigreeNumber(options.pedigreeNumber), 'import-ped', undefined, { file });
  }

  /** A PED file on this computer (the app's file chooser, or a typed path in the harness). */
  function importPedFile(file: string, options: PedImportOptions = {}): Family {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new AppError('family/ped-malformed', `Cannot read ${file}: ${(err as Error).message}`, { file });
    }
    return importPed(text, { ...options, file: path.basename(file) });
  }

  return { find, show, set, importPed, importPedFile };
}
