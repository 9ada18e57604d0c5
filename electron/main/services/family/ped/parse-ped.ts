// PED (pedigree) files as PLINK defines them (https://www.cog-genomics.org/plink/1.9/formats#fam) and as
// Exomiser, slivar and peddy read them: six whitespace-separated columns — family id, individual id,
// paternal id, maternal id, sex (1 male, 2 female, other unknown), phenotype (1 unaffected, 2 affected,
// 0 / -9 missing). Lines starting with '#' are comments or a header. Each check names the line it refers
// to, and the whole file is refused on the first problem: nothing is stored from a half-valid pedigree.
import { AppError } from '../../../../../shared/errors.ts';
import type { Affected, Sex } from '../../../../../shared/schemas/family.ts';

export interface PedIndividual {
  /** 1-based line of the file. */
  line: number;
  family: string;
  id: string;
  father: string | null;
  mother: string | null;
  sex: Sex;
  affected: Affected;
}

export interface Pedigree {
  family: string;
  individuals: PedIndividual[];
}

const MISSING_PARENT = new Set(['0', '.', '']);

function sexOf(code: string): Sex {
  return code === '1' ? 'male' : code === '2' ? 'female' : 'unknown';
}

function affectedOf(code: string, file: string, line: number): Affected {
  if (code === '2') return 'affected';
  if (code === '1') return 'unaffected';
  if (code === '0' || code === '-9' || code === '.') return 'unknown';
  // A quantitative phenotype column would make "affected" meaningless for segregation.
  throw new AppError('family/ped-malformed', `${file} line ${line}: phenotype must be 1 (unaffected), 2 (affected) or 0/-9 (unknown), not "${code}".`, {
    file,
    line,
    column: 6,
    value: code,
  });
}

/** Parses and checks a PED file's text: one family, no repeats, no loops, parents' sex matching their role. */
export function parsePed(text: string, file = 'PED file'): Pedigree {
  const individuals: PedIndividual[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const line = i + 1;
    const cols = raw.split(/\s+/);
    if (cols.length < 6) {
      throw new AppError('family/ped-malformed', `${file} line ${line}: expected 6 columns (family, individual, father, mother, sex, phenotype), found ${cols.length}.`, {
        file,
        line,
        columns: cols.length,
      });
    }
    const [family, id, father, mother, sex, phenotype] = cols;
    individuals.push({
      line,
      family,
      id,
      father: MISSING_PARENT.has(father) ? null : father,
      mother: MISSING_PARENT.has(mother) ? null : mother,
      sex: sexOf(sex),
      affected: affectedOf(phenotype, file, line),
    });
  }
  if (individuals.length === 0) throw new AppError('family/ped-malformed', `${file} holds no pedigree lines.`, { file });
  checkPedigree(individuals, file);
  return { family: individuals[0].family, individuals };
}

function checkPedigree(people: PedIndividual[], file: string): void {
  const first = people[0];
  const other = people.find((p) => p.family !== first.family);
  if (other) {
    throw new AppError(
      'family/ped-several-families',
      `${file} line ${other.line}: family "${other.family}" is a second family (line ${first.line} is "${first.family}"); import one family per file.`,
      { file, line: other.line, families: [first.family, other.family] },
    );
  }
  const byId = new Map<string, PedIndividual>();
  for (const p of people) {
    const seen = byId.get(p.id);
    if (seen) throw new AppError('family/duplicate-member', `${file} line ${p.line}: "${p.id}" is already on line ${seen.line}.`, { file, line: p.line, id: p.id });
    byId.set(p.id, p);
  }
  for (const p of people) {
    if (p.father === p.id || p.mother === p.id) {
      throw new AppError('family/ped-loop', `${file} line ${p.line}: "${p.id}" is listed as their own parent.`, { file, line: p.line, id: p.id });
    }
    if (p.father !== null && p.father === p.mother) {
      throw new AppError('family/sex-contradicts-role', `${file} line ${p.line}: "${p.father}" cannot be both the father and the mother of "${p.id}".`, { file, line: p.line, id: p.id });
    }
    for (const [role, parentId, wrongSex] of [
      ['father', p.father, 'female'],
      ['mother', p.mother, 'male'],
    ] as const) {
      if (parentId === null) continue;
      const parent = byId.get(parentId);
      if (!parent) {
        // A parent with no line of their own has no sex or affected status: segregation could not use them.
        throw new AppError('family/ped-malformed', `${file} line ${p.line}: ${role} "${parentId}" of "${p.id}" has no line of their own in the file.`, {
          file,
          line: p.line,
          id: p.id,
          [role]: parentId,
        });
      }
      if (parent.sex === wrongSex) {
        throw new AppError('family/sex-contradicts-role', `${file} line ${parent.line}: "${parent.id}" is recorded as ${wrongSex} but is the ${role} of "${p.id}" (line ${p.line}).`, {
          file,
          line: parent.line,
          id: parent.id,
          role,
          sex: parent.sex,
        });
      }
    }
  }
  findLoop(people, byId, file);
}

/** A chain of parents that comes back to where it started (A is B's parent and B is A's ancestor). */
function findLoop(people: PedIndividual[], byId: Map<string, PedIndividual>, file: string): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: PedIndividual, path: PedIndividual[]): void => {
    const s = state.get(p.id);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.findIndex((x) => x.id === p.id)), p].map((x) => x.id);
      throw new AppError('family/ped-loop', `${file} line ${p.line}: "${p.id}" is their own ancestor (${cycle.join(' → ')}).`, { file, line: p.line, id: p.id, cycle });
    }
    state.set(p.id, 'visiting');
    for (const parentId of [p.father, p.mother]) {
      const parent = parentId === null ? undefined : byId.get(parentId);
      if (parent) visit(parent, [...path, p]);
    }
    state.set(p.id, 'done');
  };
  for (const p of people) visit(p, []);
}

/**
 * The proband a PED implies when none is named: the first affected person whose parents are both in the
 * file (a trio's child), else the first affected person. PED has no proband column.
 */
export function impliedProband(ped: Pedigree): PedIndividual | undefined {
  const affected = ped.individuals.filter((p) => p.affected === 'affected');
  return affected.find((p) => p.father !== null && p.mother !== null) ?? affected[0];
}
