// The HPO reader and term resolution on a small OBO written here (is_a closure, alt_id, obsolete with
// replaced_by / consider), and the keystroke search's matching rules.
import { describe, expect, it } from 'vitest';
import { parseObo } from '../../../electron/main/services/phenotype/ontology/parse-obo.ts';
import { HpoOntology } from '../../../electron/main/services/phenotype/ontology/hpo-ontology.ts';
import { TermSearch } from '../../../electron/main/services/phenotype/ontology/term-search.ts';
import { AppError } from '../../../shared/errors.ts';
import { SMALL_OBO } from './helpers/small-hpo.ts';


const ontology = new HpoOntology(parseObo(SMALL_OBO));
const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (err) {
    return err instanceof AppError ? `${err.code}: ${err.message}` : String(err);
  }
  return undefined;
};

describe('HPO ontology', () => {
  it('reads the release, terms and the is_a closure (the term itself included)', () => {
    expect(ontology.version).toBe('2026-02-16');
    expect(ontology.size).toBe(9);
    const gen = ontology.resolve('HP:0002197').index;
    expect([...ontology.ancestors[gen]].map((i) => ontology.ids[i]).sort()).toEqual(['HP:0000001', 'HP:0000118', 'HP:0000707', 'HP:0001250', 'HP:0002197']);
    expect(ontology.info(ontology.resolve('HP:0001250').index)).toEqual({ id: 'HP:0001250', label: 'Seizure', synonyms: ['Epileptic seizure'], definition: 'An intermittent abnormality of nervous system physiology.' });
  });

  it('resolves an alternative id and an obsolete id to the current term, each with a warning', () => {
    const alt = ontology.resolve('HP:0001233');
    expect([alt.term.id, alt.status]).toEqual(['HP:0001250', 'alternative']);
    expect(alt.warning).toMatch(/HP:0001233 is an alternative id of HP:0001250 \(Seizure\) in HPO 2026-02-16/);
    const old = ontology.resolve('HP:0009999');
    expect([old.term.id, old.status]).toEqual(['HP:0001250', 'obsolete']);
    expect(old.warning).toMatch(/HP:0009999 \(Fits\) is obsolete in HPO 2026-02-16; replaced by HP:0001250 \(Seizure\)/);
    expect(ontology.resolve(' hp_0001250 ').term.id).toBe('HP:0001250');
  });

  it('refuses unknown, malformed and unreplaced obsolete ids with phenotype/unknown-term naming the id', () => {
    expect(code(() => ontology.resolve('HP:0012345'))).toBe('phenotype/unknown-term: HP:0012345 is not a term of HPO 2026-02-16.');
    expect(code(() => ontology.resolve('HP:12'))).toMatch(/^phenotype\/unknown-term: "HP:12" is not an HPO id/);
    expect(code(() => ontology.resolve('HP:0009998'))).toMatch(/^phenotype\/unknown-term: HP:0009998 .*no single replacement.*HP:0001250, HP:0000957/);
  });

  it('refuses a file that is not an HPO OBO release, saying what was expected', () => {
    expect(code(() => parseObo('hello\n', 'notes.txt'))).toMatch(/^phenotype\/data-corrupt: notes.txt is not an HPO OBO release/);
    expect(code(() => parseObo('format-version: 1.2\ndata-version: hp/releases/x\n\n[Term]\nid: GO:1\n', 'go.obo'))).toBe('phenotype/data-corrupt: go.obo line 5: expected a term id such as HP:0000001, found "GO:1".');
  });
});

describe('term search', () => {
  const search = new TermSearch(ontology);
  const ids = (q: string) => search.search(q, 10).map((i) => ontology.ids[i]);

  it('matches word prefixes of labels and synonyms, case- and accent-insensitively', () => {
    expect(ids('seiz')).toEqual(['HP:0001250', 'HP:0002197']);
    expect(ids('GEN SEIZ')).toEqual(['HP:0002197']);
    expect(ids('epilep')).toEqual(['HP:0001250']);
    expect(ids('cafe au')).toEqual(['HP:0000957']);
    expect(ids('CAFÉ')).toEqual(['HP:0000957']);
    expect(ids('eizure')).toEqual([]);
  });

  it('finds ids, alternative and obsolete ids and id prefixes', () => {
    expect(ids('HP:0001250')[0]).toBe('HP:0001250');
    expect(ids('1250')[0]).toBe('HP:0001250');
    expect(ids('HP:0001233')[0]).toBe('HP:0001250');
    expect(ids('HP:0009999')[0]).toBe('HP:0001250');
    expect(ids('HP:00021')).toEqual(['HP:0002197']);
  });
});
