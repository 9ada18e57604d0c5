// The GT values of a sample column, parsed once each (see GenotypeCache).
import { classifyRecoded, formatGenotype, recodeForAlt } from './genotype.ts';
import type { Genotype } from './genotype.ts';

export interface KnownGenotype {
  /** GT as written in the file. */
  text: string;
  genotype: Genotype;
  /** As stored for a record with one ALT (formatGenotype). */
  formatted: string;
  /** Zygosity of that row: the genotype recoded for ALT 1 (other indexes read as REF, as bcftools does). */
  zygosityOfAlt1: number;
}

/**
 * The few GT values a sample column repeats (0/1, 1/1, 0|1, …), parsed once each. Looked up in place, so
 * a repeat costs neither a string nor a parse. Entries are shared: nothing may change a cached Genotype.
 */
export class GenotypeCache {
  private static readonly SIZE = 16;
  private readonly entries: KnownGenotype[] = [];

  lookup(s: string, from: number, to: number): KnownGenotype | null {
    const n = to - from;
    const entries = this.entries;
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k];
      if (e.text.length === n && s.startsWith(e.text, from)) return e;
    }
    return null;
  }

  add(text: string, genotype: Genotype): KnownGenotype {
    const known = { text, genotype, formatted: formatGenotype(genotype), zygosityOfAlt1: classifyRecoded(recodeForAlt(genotype, 1)) };
    // A column of rare values (long multi-allelic indexes) just stops being cached once the cache is full.
    if (this.entries.length < GenotypeCache.SIZE) this.entries.push(known);
    return known;
  }
}
