// The one pedigree layout the Family tab and the report PDF draw: who is drawn where, the lines that join them,
// Bennett's numbering, and who is left to the list under the drawing.
import { describe, expect, it } from 'vitest';
import { layoutPedigree, type PedigreePerson } from '../../../shared/pedigree-layout.ts';

const person = (id: string, relation: PedigreePerson['relation'], sex: PedigreePerson['sex'], affected: PedigreePerson['affected'], mother: string | null = null, father: string | null = null): PedigreePerson => ({
  id,
  name: `Lowe, ${id}`,
  relation,
  sex,
  affected,
  mother,
  father,
});

describe('layoutPedigree', () => {
  it('puts the parents on generation I joined by a relationship line, the children on II under one sibship line', () => {
    const layout = layoutPedigree(
      [
        person('ada', 'proband', 'female', 'affected', 'mary', 'john'),
        person('mary', 'mother', 'female', 'unaffected'),
        person('john', 'father', 'male', 'unknown'),
        person('tom', 'sibling', 'male', 'affected', 'mary', 'john'),
        person('uncle', 'other', 'male', 'affected'),
      ],
      'ada',
    );
    const at = (id: string) => layout.symbols.find((s) => s.person.id === id)!;
    expect(layout.symbols.map((s) => [s.person.id, s.number, s.shape, s.filled, s.statusUnknown])).toEqual([
      ['john', 'I-1', 'square', false, true],
      ['mary', 'I-2', 'circle', false, false],
      ['ada', 'II-1', 'circle', true, false],
      ['tom', 'II-2', 'square', true, false],
    ]);
    expect(at('ada').y).toBe(at('tom').y);
    expect(at('john').y).toBeLessThan(at('ada').y);
    expect(layout.lines.map((l) => l.kind)).toEqual(['relationship', 'descent', 'sibship', 'individual', 'individual']);
    const sibship = layout.lines.find((l) => l.kind === 'sibship')!;
    expect([sibship.x1, sibship.x2]).toEqual([at('ada').x, at('tom').x]);
    // The arrow points at the proband from the lower left.
    expect(layout.arrow!.x2).toBeLessThan(at('ada').x);
    expect(layout.arrow!.y2).toBeGreaterThan(at('ada').y);
    expect(layout.generations.map((g) => g.label)).toEqual(['I', 'II']);
    expect(layout.others.map((o) => o.id)).toEqual(['uncle']);
    expect(layout.description).toBe('Pedigree: 5 members, 3 affected; proband Lowe, ada');
    for (const s of layout.symbols) expect(s.x + layout.size / 2).toBeLessThanOrEqual(layout.width);
  });

  it('with one parent a short relationship line leads to the line of descent, clear of the label; with none the proband stands alone', () => {
    const one = layoutPedigree([person('kid', 'proband', 'unknown', 'affected', 'mum'), person('mum', 'mother', 'female', 'affected')], 'kid');
    const mum = one.symbols.find((s) => s.person.id === 'mum')!;
    const kid = one.symbols.find((s) => s.person.id === 'kid')!;
    const stub = one.lines.find((l) => l.kind === 'relationship')!;
    const descent = one.lines.find((l) => l.kind === 'descent')!;
    expect(stub.x2).toBe(mum.x - one.size / 2);
    expect([descent.x1, descent.y1]).toEqual([stub.x1, mum.y]);
    expect(descent.x1).toBe(kid.x);
    expect(one.symbols.find((s) => s.person.id === 'kid')!.shape).toBe('diamond');
    const alone = layoutPedigree([person('kid', 'proband', 'male', 'affected')], 'kid');
    expect(alone.lines).toEqual([]);
    expect(alone.symbols.map((s) => s.number)).toEqual(['I-1']);
    expect(alone.height).toBeLessThan(one.height);
    expect(() => layoutPedigree([person('kid', 'proband', 'male', 'affected')], 'nobody')).toThrow(/not among/);
  });
});
