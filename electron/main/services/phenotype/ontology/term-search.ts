// Keystroke search over every current HPO term by label, synonym and id: case- and accent-insensitive
// (shared/text-fold), each query word matching the start of a word of the name ("seiz" → "Seizure",
// "gen seiz" → "Generalized-onset seizure"). One linear pass over pre-folded names: about 80,000 names
// at HPO 2026-02-16 size, a few milliseconds a keystroke with no index to build or keep in step.
import { foldForSearch } from '../../../../../shared/text-fold.ts';
import type { HpoOntology } from './hpo-ontology.ts';

/** Folded words joined by single spaces, with a leading space so " word" finds a word start. */
export function foldedWords(text: string): string {
  let out = '';
  for (const raw of text.split(/[^\p{L}\p{N}]+/u)) {
    const w = foldForSearch(raw);
    if (w) out += ' ' + w;
  }
  return out;
}

interface Name {
  term: number;
  folded: string;
  isLabel: boolean;
  length: number;
}

export class TermSearch {
  private readonly names: Name[] = [];
  private readonly ontology: HpoOntology;

  constructor(ontology: HpoOntology) {
    this.ontology = ontology;
    for (let i = 0; i < ontology.size; i++) {
      this.names.push({ term: i, folded: foldedWords(ontology.labels[i]), isLabel: true, length: ontology.labels[i].length });
      for (const s of ontology.synonyms[i]) this.names.push({ term: i, folded: foldedWords(s), isLabel: false, length: s.length });
    }
  }

  /** Term indices, best first: id hits, then exact names, names starting with the query, word-prefix matches; labels before synonyms, shorter first. */
  search(query: string, limit: number): number[] {
    const q = query.trim();
    if (!q) return [];
    const hits = new Map<number, number>();
    const put = (term: number, rank: number): void => {
      const before = hits.get(term);
      if (before === undefined || rank < before) hits.set(term, rank);
    };
    const idMatch = /^(?:hp[:_ ]?)?(\d{1,7})$/i.exec(q);
    if (idMatch) {
      const digits = idMatch[1];
      // "1250" and "HP:0001250" both name HP:0001250; "HP:00012" is an id prefix.
      try {
        put(this.ontology.resolve(`HP:${digits.padStart(7, '0')}`).index, 0);
      } catch {
        // An id that is not (or no longer) in HPO: the word search below may still find a name.
      }
      if (/^hp/i.test(q) && digits.length < 7) {
        for (let i = 0; i < this.ontology.size; i++) if (this.ontology.ids[i].startsWith(`HP:${digits}`)) put(i, 1);
      }
    }
    const words = foldedWords(q).split(' ').filter(Boolean);
    if (words.length > 0) {
      const whole = ' ' + words.join(' ');
      const needles = words.map((w) => ' ' + w);
      for (const n of this.names) {
        let all = true;
        for (const needle of needles) {
          if (!n.folded.includes(needle)) {
            all = false;
            break;
          }
        }
        if (!all) continue;
        const kind = n.folded === whole ? 0 : n.folded.startsWith(whole) ? 1 : 2;
        // Lower is better: match kind, then label over synonym, then shorter names (more general wording first).
        put(n.term, 10 + kind * 1000 + (n.isLabel ? 0 : 500) + Math.min(n.length, 499));
      }
    }
    return [...hits.entries()]
      .sort((a, b) => a[1] - b[1] || this.ontology.labels[a[0]].localeCompare(this.ontology.labels[b[0]]))
      .slice(0, limit)
      .map(([term]) => term);
  }
}
