// The HPO as integer-indexed arrays: is_a closure (each term's ancestors, itself included), alt_id and
// obsolete ids resolved to current terms. Built once per process from parse-obo's records.
import { AppError } from '../../../../../shared/errors.ts';
import type { HpoTermInfo, TermResolution } from '../../../../../shared/schemas/phenotype.ts';
import { HPO_ID_PATTERN } from '../../../../../shared/schemas/phenotype.ts';
import type { OboFile, OboTerm } from './parse-obo.ts';

/** HPO's top terms (hp.obo 2026-02-16): phenotypic abnormality and mode of inheritance sub-ontologies. */
export const PHENOTYPIC_ABNORMALITY = 'HP:0000118';
export const MODE_OF_INHERITANCE = 'HP:0000005';

export class HpoOntology {
  /** "2026-02-16", from `data-version: hp/releases/2026-02-16`. */
  readonly version: string;
  readonly ids: string[] = [];
  readonly labels: string[] = [];
  readonly definitions: (string | null)[] = [];
  readonly synonyms: string[][] = [];
  readonly parents: Int32Array[] = [];
  /** Ancestors by is_a, the term itself included (the closure every similarity measure walks). */
  readonly ancestors: Int32Array[] = [];
  private readonly index = new Map<string, number>();
  private readonly alternative = new Map<string, number>();
  private readonly obsolete = new Map<string, OboTerm>();

  constructor(obo: OboFile) {
    this.version = obo.dataVersion.replace(/^.*releases\//, '');
    for (const t of obo.terms) {
      if (t.obsolete) {
        this.obsolete.set(t.id, t);
        continue;
      }
      this.index.set(t.id, this.ids.length);
      this.ids.push(t.id);
      this.labels.push(t.label);
      this.definitions.push(t.definition);
      this.synonyms.push(t.synonyms);
    }
    for (const t of obo.terms) {
      if (t.obsolete) continue;
      const i = this.index.get(t.id) as number;
      this.parents[i] = Int32Array.from(t.parents.map((p) => this.index.get(p)).filter((p): p is number => p !== undefined));
      for (const alt of t.altIds) this.alternative.set(alt, i);
    }
    const done = new Uint8Array(this.ids.length);
    const visit = (i: number): Int32Array => {
      if (done[i] === 2) return this.ancestors[i];
      if (done[i] === 1) throw new AppError('phenotype/data-corrupt', `hp.obo: is_a cycle through ${this.ids[i]}.`, { term: this.ids[i] });
      done[i] = 1;
      const set = new Set<number>([i]);
      for (const p of this.parents[i]) for (const a of visit(p)) set.add(a);
      this.ancestors[i] = Int32Array.from(set);
      done[i] = 2;
      return this.ancestors[i];
    };
    for (let i = 0; i < this.ids.length; i++) visit(i);
  }

  get size(): number {
    return this.ids.length;
  }

  indexOf(id: string): number | undefined {
    return this.index.get(id);
  }

  info(i: number): HpoTermInfo {
    return { id: this.ids[i], label: this.labels[i], synonyms: this.synonyms[i], definition: this.definitions[i] };
  }

  isA(i: number, ancestorId: string): boolean {
    const a = this.index.get(ancestorId);
    return a !== undefined && this.ancestors[i].includes(a);
  }

  /**
   * An id as a user or a stored record gives it, resolved to a current term: alt_id → its term;
   * obsolete → replaced_by, or the single `consider` term when there is exactly one (HPO's own advice
   * when no replacement is named). Anything else is `phenotype/unknown-term` naming the id.
   */
  resolve(input: string): TermResolution & { index: number } {
    const id = input.trim().toUpperCase().replace(/^HP_/, 'HP:');
    if (!HPO_ID_PATTERN.test(id)) {
      throw new AppError('phenotype/unknown-term', `"${input}" is not an HPO id: expected HP: and seven digits, such as HP:0001250.`, { id: input });
    }
    const direct = this.index.get(id);
    if (direct !== undefined) return { input, term: this.info(direct), status: 'current', warning: null, index: direct };
    const alt = this.alternative.get(id);
    if (alt !== undefined) {
      return { input, term: this.info(alt), status: 'alternative', warning: `${id} is an alternative id of ${this.ids[alt]} (${this.labels[alt]}) in HPO ${this.version}; ${this.ids[alt]} is used.`, index: alt };
    }
    const old = this.obsolete.get(id);
    if (old) {
      const target = old.replacedBy ?? (old.consider.length === 1 ? old.consider[0] : null);
      const to = target === null ? undefined : (this.index.get(target) ?? this.alternative.get(target));
      if (to !== undefined) {
        return {
          input,
          term: this.info(to),
          status: 'obsolete',
          warning: `${id} (${old.label.replace(/^obsolete /, '')}) is obsolete in HPO ${this.version}; replaced by ${this.ids[to]} (${this.labels[to]}).`,
          index: to,
        };
      }
      const options = old.consider.length > 0 ? ` HPO suggests considering ${old.consider.join(', ')}.` : '';
      throw new AppError('phenotype/unknown-term', `${id} (${old.label}) is obsolete in HPO ${this.version} with no single replacement; choose a current term.${options}`, { id, consider: old.consider });
    }
    throw new AppError('phenotype/unknown-term', `${id} is not a term of HPO ${this.version}.`, { id });
  }
}
