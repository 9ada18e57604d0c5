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

/**
 * What a TermSearch is built from: every name folded and the terms in label order. Plain data, so the release
 * snapshot can carry it: folding ~80,000 names and a locale sort cost ~0.2 s, which the thread that opens a
 * snapshot then does not pay.
 */
export interface TermSearchIndex {
  names: Name[];
  byLabel: Int32Array;
}

export function buildTermSearchIndex(ontology: HpoOntology): TermSearchIndex {
  const names: Name[] = [];
  for (let i = 0; i < ontology.size; i++) {
    names.push({ term: i, folded: foldedWords(ontology.labels[i]), isLabel: true, length: ontology.labels[i].length });
    for (const s of ontology.synonyms[i]) names.push({ term: i, folded: foldedWords(s), isLabel: false, length: s.length });
  }
  const collator = new Intl.Collator();
  return { names, byLabel: Int32Array.from([...ontology.labels.keys()].sort((a, b) => collator.compare(ontology.labels[a], ontology.labels[b]))) };
}

export class TermSearch {
  private readonly names: Name[];
  private readonly ontology: HpoOntology;
  /** Each term's place in label order: ties are broken by a number, not a locale comparison per pair. */
  private readonly alphabetical: Int32Array;
  private readonly byLabel: Int32Array;
  /** Every folded name end to end (\u0001-separated) and where each starts: one indexOf scan finds candidates. */
  private readonly all: string;
  private readonly starts: Int32Array;

  /** `index` must have been built from this same release (the snapshot's is); without it, it is built here. */
  constructor(ontology: HpoOntology, index: TermSearchIndex = buildTermSearchIndex(ontology)) {
    this.ontology = ontology;
    this.alphabetical = new Int32Array(ontology.size);
    this.byLabel = index.byLabel;
    this.names = index.names;
    this.byLabel.forEach((t, i) => (this.alphabetical[t] = i));
    this.starts = new Int32Array(this.names.length);
    let offset = 0;
    this.names.forEach((n, k) => {
      this.starts[k] = offset;
      offset += n.folded.length + 1;
    });
    this.all = this.names.map((n) => n.folded + '\u0001').join('');
  }

  /** Term indices, best first: id hits, then exact names, names starting with the query, word-prefix matches; labels before synonyms, shorter first. */
  search(query: string, limit: number): number[] {
    const q = query.trim();
    if (!q) return [];
    // Best rank per term in a typed array (a one-letter query touches most of the ~80,000 names).
    const best = new Float64Array(this.ontology.size).fill(Infinity);
    const touched: number[] = [];
    const put = (term: number, rank: number): void => {
      if (best[term] === Infinity) touched.push(term);
      if (rank < best[term]) best[term] = rank;
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
        // Ids in file order are ascending: the first `limit` with the prefix are the ones listed.
        let found = 0;
        for (let i = 0; i < this.ontology.size && found < limit; i++) {
          if (this.ontology.ids[i].startsWith(`HP:${digits}`)) {
            put(i, 1);
            found++;
          }
        }
      }
    }
    const words = foldedWords(q).split(' ').filter(Boolean);
    if (words.length > 0) {
      const whole = ' ' + words.join(' ');
      const needles = words.map((w) => ' ' + w);
      // Scan for the longest word (the most selective) across all names at once, then check the others per name.
      const longest = needles.reduce((a, b) => (b.length > a.length ? b : a));
      let lastName = -1;
      for (let at = this.all.indexOf(longest); at >= 0; at = this.all.indexOf(longest, at + 1)) {
        let lo = 0;
        let hi = this.starts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (this.starts[mid] <= at) lo = mid;
          else hi = mid - 1;
        }
        if (lo === lastName) continue;
        lastName = lo;
        const n = this.names[lo];
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
    // rank·2^15 + place in label order (< 2^15 terms): one numeric sort orders by both.
    const keys = Float64Array.from(touched, (t) => best[t] * 32768 + this.alphabetical[t]).sort();
    return Array.from(keys.subarray(0, limit), (k) => this.byLabel[k % 32768]);
  }
}
