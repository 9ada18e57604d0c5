// Where each symbol and line of a pedigree goes, as plain geometry, so the Family tab's SVG and the diagnostic
// report's PDF draw one and the same pedigree. Notation after Bennett et al., "Standardized human pedigree
// nomenclature: update and assessment of the recommendations of the NSGC", J Genet Couns 2008;17:424–433
// (and the NSGC 2022 update): square male, circle female, diamond sex unknown; filled affected, open
// unaffected, "?" affected status not known; the parents joined by a horizontal relationship line, a vertical
// line of descent to the sibship line, each child hanging from it by an individual line; an arrow with "P"
// at the lower left of the proband; generations numbered I, II at the left and individuals II-1, II-2 from
// left to right. Consanguinity (double relationship line) and death (a slash) are not recorded in GenoDesk,
// so they are not drawn. Relatives outside the parents and their children are returned in `others`, to be
// listed under the drawing: a full multi-generation layout is not attempted.
import type { Affected, Relation, Sex } from './schemas/family.ts';

export interface PedigreePerson {
  id: string;
  /** "Family, Given" as recorded; the drawing labels the given name. */
  name: string;
  relation: Relation;
  sex: Sex;
  affected: Affected;
  father: string | null;
  mother: string | null;
}

export interface PedigreeSymbol {
  person: PedigreePerson;
  /** Centre of the symbol. */
  x: number;
  y: number;
  shape: 'square' | 'circle' | 'diamond';
  filled: boolean;
  /** Affected status not known: drawn open with a "?" inside. */
  statusUnknown: boolean;
  proband: boolean;
  /** Generation and position, as Bennett numbers individuals ("II-1"). */
  number: string;
  /** The name shown under the symbol. */
  label: string;
}

export interface PedigreeLine {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  kind: 'relationship' | 'descent' | 'sibship' | 'individual';
}

export interface PedigreeLayout {
  width: number;
  height: number;
  /** Side of a square (diameter of a circle, diagonal of a diamond). */
  size: number;
  symbols: PedigreeSymbol[];
  lines: PedigreeLine[];
  /** The proband arrow: a shaft from (x1, y1) to the tip at (x2, y2), its head as a triangle, "P" at `label`. */
  arrow: { x1: number; y1: number; x2: number; y2: number; head: [number, number][]; label: { x: number; y: number } } | null;
  /** Roman generation numerals at the left, level with the symbols of that generation. */
  generations: { label: string; x: number; y: number }[];
  /** Members not drawn (neither a parent of the proband nor a child of those parents). */
  others: PedigreePerson[];
  /** One sentence for screen readers and the report's text. */
  description: string;
}

export const PEDIGREE_SIZE = 36;
const GAP = 110;
const LEFT = 44; // room for the generation numerals
const PARENT_Y = 28;
const CHILD_Y = 138;
const SIBSHIP_Y = CHILD_Y - 46;
const HEIGHT = 212;

function shapeOf(sex: Sex): PedigreeSymbol['shape'] {
  return sex === 'male' ? 'square' : sex === 'female' ? 'circle' : 'diamond';
}

function givenName(name: string): string {
  return name.split(',')[1]?.trim() || name;
}

/** Lays out the proband's parents and their children; `probandId` must be one of `people`. */
export function layoutPedigree(people: readonly PedigreePerson[], probandId: string): PedigreeLayout {
  const proband = people.find((m) => m.id === probandId);
  if (!proband) throw new Error(`The proband ${probandId} is not among the family's members.`);
  const father = people.find((m) => m.id === proband.father) ?? null;
  const mother = people.find((m) => m.id === proband.mother) ?? null;
  const children = people.filter(
    (m) => m.id === proband.id || (m.relation === 'sibling' && ((proband.mother !== null && m.mother === proband.mother) || (proband.father !== null && m.father === proband.father))),
  );
  const others = people.filter((m) => m !== father && m !== mother && !children.includes(m));
  const hasParents = father !== null || mother !== null;
  const half = PEDIGREE_SIZE / 2;
  const width = LEFT + Math.max(2, children.length) * GAP + 40;
  const mid = LEFT + (width - LEFT) / 2;
  const cx = (i: number) => mid - ((children.length - 1) * GAP) / 2 + i * GAP;

  const symbols: PedigreeSymbol[] = [];
  const lines: PedigreeLine[] = [];
  const symbol = (person: PedigreePerson, x: number, y: number, number: string): PedigreeSymbol => ({
    person,
    x,
    y,
    shape: shapeOf(person.sex),
    filled: person.affected === 'affected',
    statusUnknown: person.affected === 'unknown',
    proband: person.id === proband.id,
    number,
    label: givenName(person.name),
  });

  // Generation I: father on the left, mother on the right (the usual order; Bennett fixes none).
  const childY = hasParents ? CHILD_Y : PARENT_Y;
  const parents = [father && { p: father, x: mid - GAP / 2 }, mother && { p: mother, x: mid + GAP / 2 }].filter((v): v is { p: PedigreePerson; x: number } => Boolean(v));
  parents.forEach((v, i) => symbols.push(symbol(v.p, v.x, PARENT_Y, `I-${i + 1}`)));
  const childGeneration = hasParents ? 'II' : 'I';
  children.forEach((c, i) => symbols.push(symbol(c, cx(i), childY, `${childGeneration}-${i + 1}`)));

  if (hasParents) {
    // With one parent recorded, a short relationship line runs from that parent to the midpoint
    // between the parents' places, so the line of descent falls in the same place and clear of the parent's label.
    const left = father ? mid - GAP / 2 + half : mid;
    const right = mother ? mid + GAP / 2 - half : mid;
    lines.push({ x1: left, y1: PARENT_Y, x2: right, y2: PARENT_Y, kind: 'relationship' });
    const sibshipLeft = Math.min(cx(0), mid);
    const sibshipRight = Math.max(cx(children.length - 1), mid);
    lines.push({ x1: mid, y1: PARENT_Y, x2: mid, y2: SIBSHIP_Y, kind: 'descent' });
    lines.push({ x1: sibshipLeft, y1: SIBSHIP_Y, x2: sibshipRight, y2: SIBSHIP_Y, kind: 'sibship' });
    children.forEach((c, i) => lines.push({ x1: cx(i), y1: SIBSHIP_Y, x2: cx(i), y2: childY - half, kind: 'individual' }));
  }

  const p = symbols.find((s) => s.proband)!;
  const tip: [number, number] = [p.x - half - 2, p.y + half];
  const arrow = {
    x1: p.x - half - 26,
    y1: p.y + half + 20,
    x2: p.x - half - 4,
    y2: p.y + half + 2,
    head: [tip, [p.x - half - 12, p.y + half + 2], [p.x - half - 5, p.y + half + 9]] as [number, number][],
    label: { x: p.x - half - 36, y: p.y + half + 22 },
  };

  const generations = hasParents
    ? [
        { label: 'I', x: 6, y: PARENT_Y },
        { label: 'II', x: 6, y: childY },
      ]
    : [{ label: 'I', x: 6, y: childY }];

  const affectedCount = people.filter((m) => m.affected === 'affected').length;
  const description = `Pedigree: ${people.length} members, ${affectedCount} affected; proband ${proband.name}`;
  return { width, height: hasParents ? HEIGHT : HEIGHT - (CHILD_Y - PARENT_Y), size: PEDIGREE_SIZE, symbols, lines, arrow, generations, others, description };
}

/** The key printed under every drawing, so a reader need not know the notation. */
export const PEDIGREE_KEY = 'Square male, circle female, diamond sex unknown; filled affected, open unaffected, ? not known; arrow and P: proband.';
