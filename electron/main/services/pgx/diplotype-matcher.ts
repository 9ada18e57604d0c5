// Diplotype matching, re-implemented from PharmCAT's published method (docs/NamedAlleleMatcher-101/201):
// the sample's alleles are arranged into every possible pair of strands allowed by its phasing (unphased
// heterozygous positions can go either way, a phase set flips as a block, phased positions without a
// phase set stay on their strand); a named allele matches a strand when every position it defines agrees
// (IUPAC codes allowed, blank = not defined there); a diplotype is two alleles matching complementary
// strands; its score is the sum of the alleles' scores, and ties are listed best first.
import { AppError } from '../../../../shared/errors.ts';
import type { DefinitionVariant } from './pgx-data.ts';
import type { Haplotype, MatchData } from './match-data.ts';
import { definitionAlleleAccepts, isWobble } from './iupac.ts';
import {
  COMBINATION_JOINER,
  combinationComponents,
  compareSequenceSets,
  haplotypeNameCompare,
  isCombinationName,
  matchNameCompare,
  namedAlleleCompare,
} from './haplotype-name-order.ts';

/** One strand's match: a named allele, a combination of them, or a partial/off-reference call. */
export interface StrandMatch {
  kind: 'haplotype' | 'combination';
  name: string;
  haplotype: Haplotype;
  /** For combinations: the component named alleles, in definition order. */
  componentHaplotypes: Haplotype[];
  /** Sample strand sequences this match was made on (sorted); empty in the factorised fast path. */
  sequences: string[];
  /** Off-reference partial (a strand with variants but no named allele): listed last. */
  offReference: boolean;
}

export interface DiplotypeMatch {
  name: string;
  hap1: StrandMatch;
  /** null on haploid data (chrX hemizygous, chrY, chrM). */
  hap2: StrandMatch | null;
  score: number;
}

/** The sample arranged into units that phase independently (see file comment). */
interface StrandUnits {
  /** Positions indexes per unit; option 0 takes allele1s, option 1 allele2s. */
  units: number[][];
  /** Per position: [option0 allele, option1 allele] ('.' for no allele). */
  options: [string, string][];
  /** True when every strand is one fixed sequence (homozygous everywhere, or haploid). */
  singleStrand: boolean;
  /** Number of distinct strand sequences PharmCAT would enumerate. */
  permutationCount: number;
}

function buildUnits(data: MatchData): StrandUnits {
  const s = data.samples;
  const s1Blank = s.every((x) => x.allele1 === null);
  const s2Blank = s.every((x) => x.allele2 === null);
  const options: [string, string][] = s.map((x) => [x.computed1 ?? '.', x.computed2 ?? '.']);
  if (s1Blank || s2Blank) {
    // haploid: a single strand made of whichever allele is present
    const one: [string, string][] = s.map((x) => {
      const a = (s1Blank ? x.computed2 : x.computed1) ?? '.';
      return [a, a];
    });
    return { units: [s.map((_x, i) => i)], options: one, singleStrand: true, permutationCount: 1 };
  }
  const fixed: number[] = [];
  const phaseSets = new Map<string, number[]>();
  const free: number[][] = [];
  s.forEach((x, i) => {
    if (x.effectivelyPhased) fixed.push(i);
    else if (x.phaseSet !== null) {
      let u = phaseSets.get(x.phaseSet);
      if (!u) phaseSets.set(x.phaseSet, (u = []));
      u.push(i);
    } else free.push([i]);
  });
  const units = [fixed, ...phaseSets.values(), ...free].filter((u) => u.length > 0);
  let permutationCount = 1;
  for (const u of units) {
    if (u.some((i) => options[i][0] !== options[i][1])) permutationCount *= 2;
  }
  return { units, options, singleStrand: permutationCount === 1, permutationCount };
}

export function permutationCount(data: MatchData): number {
  return buildUnits(data).permutationCount;
}

function accepts(def: string | null, sample: string): boolean {
  return def === null || definitionAlleleAccepts(def, sample);
}

/** compat[h][u] = bit 1 if allele h fits option 0 of unit u, bit 2 if it fits option 1. */
function compatibility(haps: readonly Haplotype[], su: StrandUnits): Uint8Array[] {
  return haps.map((h) => {
    const row = new Uint8Array(su.units.length);
    su.units.forEach((u, ui) => {
      let ok0 = true;
      let ok1 = true;
      for (const i of u) {
        const d = h.alleles[i];
        if (ok0 && !accepts(d, su.options[i][0])) ok0 = false;
        if (ok1 && !accepts(d, su.options[i][1])) ok1 = false;
        if (!ok0 && !ok1) break;
      }
      row[ui] = (ok0 ? 1 : 0) | (ok1 ? 2 : 0);
    });
    return row;
  });
}

function plainMatch(h: Haplotype): StrandMatch {
  return { kind: 'haplotype', name: h.name, haplotype: h, componentHaplotypes: [h], sequences: [], offReference: false };
}

/** Order of strand matches (PharmCAT's match ordering: by name component by component, then sequences). */
export function compareStrandMatch(a: StrandMatch, b: StrandMatch): number {
  if (a === b) return 0;
  if (a.kind === 'combination') {
    if (b.kind === 'combination') {
      const n = Math.min(a.componentHaplotypes.length, b.componentHaplotypes.length);
      for (let i = 0; i < n; i++) {
        const r = namedAlleleCompare(a.componentHaplotypes[i], b.componentHaplotypes[i]);
        if (r !== 0) return r;
      }
      if (a.componentHaplotypes.length !== b.componentHaplotypes.length) return a.componentHaplotypes.length < b.componentHaplotypes.length ? -1 : 1;
      return compareSequenceSets(a.sequences, b.sequences);
    }
    if (a.offReference) return 1;
    const r = haplotypeNameCompare(a.name, b.name);
    if (r !== 0) return r;
    const r2 = namedAlleleCompare(a.componentHaplotypes[0], b.haplotype);
    return r2 !== 0 ? r2 : 1;
  }
  if (a.name === b.name) return compareSequenceSets(a.sequences, b.sequences);
  const r = matchNameCompare(a.name, b.name);
  return r !== 0 ? r : compareSequenceSets(a.sequences, b.sequences);
}

export function compareDiplotypes(a: DiplotypeMatch, b: DiplotypeMatch): number {
  if (a.score !== b.score) return b.score - a.score;
  const r = compareStrandMatch(a.hap1, b.hap1);
  if (r !== 0) return r;
  if (a.hap2 === null || b.hap2 === null) return a.hap2 === b.hap2 ? 0 : a.hap2 === null ? -1 : 1;
  return compareStrandMatch(a.hap2, b.hap2);
}

function makeDiplotype(m1: StrandMatch, m2: StrandMatch | null, score: number): DiplotypeMatch {
  if (m2 === null) return { name: m1.name, hap1: m1, hap2: null, score };
  const [h1, h2] = compareStrandMatch(m1, m2) <= 0 ? [m1, m2] : [m2, m1];
  return { name: `${h1.name}/${h2.name}`, hap1: h1, hap2: h2, score };
}

function topOnly(list: DiplotypeMatch[], topCandidateOnly: boolean): DiplotypeMatch[] {
  if (!topCandidateOnly || list.length <= 1) return list;
  const top = list[0].score;
  return list.filter((d) => d.score === top);
}

/**
 * Standard matching (no combinations). Equivalent to enumerating every strand permutation and pairing
 * complementary ones, but done per independently phased unit so many unphased heterozygous positions do
 * not blow up: a pair of alleles is possible exactly when every unit can be oriented to suit both.
 */
export function matchDiplotypes(data: MatchData, topCandidateOnly: boolean): DiplotypeMatch[] {
  if (data.samples.length === 0) return [];
  const su = buildUnits(data);
  const compat = compatibility(data.haplotypes, su);
  const matched: number[] = [];
  data.haplotypes.forEach((_h, hi) => {
    if (compat[hi].every((c) => c !== 0)) matched.push(hi);
  });
  if (matched.length === 0) return [];
  const unitOf = new Array<number>(su.options.length);
  su.units.forEach((u, ui) => { for (const i of u) unitOf[i] = ui; });
  const wobbles = data.haplotypes.map((h) => h.alleles.flatMap((a, i) => (a !== null && isWobble(a) ? [i] : [])));
  const bothStrands = (hi: number) => compat[hi].every((c) => c === 3);
  const out: DiplotypeMatch[] = [];
  if (data.isHaploid) {
    for (const hi of matched) out.push(makeDiplotype(plainMatch(data.haplotypes[hi]), null, data.haplotypes[hi].score));
  } else {
    for (let x = 0; x < matched.length; x++) {
      for (let y = x; y < matched.length; y++) {
        const hx = matched[x];
        const hy = matched[y];
        const c1 = compat[hx];
        const c2 = compat[hy];
        let ok = true;
        for (let u = 0; u < c1.length && ok; u++) {
          // option o for strand 1 needs the other option for strand 2
          ok = ((c1[u] & 1) !== 0 && (c2[u] & 2) !== 0) || ((c1[u] & 2) !== 0 && (c2[u] & 1) !== 0);
        }
        if (!ok) continue;
        const h1 = data.haplotypes[hx];
        const h2 = data.haplotypes[hy];
        const score = h1.score + h2.score - wobblePenalty(data, su, unitOf, c1, c2, wobbles[hx], wobbles[hy], hx !== hy && bothStrands(hx), hx !== hy && bothStrands(hy));
        out.push(makeDiplotype(plainMatch(h1), plainMatch(h2), score));
      }
    }
  }
  out.sort(compareDiplotypes);
  return topOnly(out, topCandidateOnly);
}

/**
 * PharmCAT scores an allele defined by an IUPAC code (e.g. CYP2C19 *2's R at rs58973490) one less when the
 * sample has only the reference base there: the code did not help identify the allele. The diplotype keeps
 * the best-scoring arrangement of strands, so each phasing unit is oriented to lose as little as possible.
 */
function wobblePenalty(
  data: MatchData,
  su: StrandUnits,
  unitOf: number[],
  c1: Uint8Array,
  c2: Uint8Array,
  w1: number[],
  w2: number[],
  h1Both: boolean,
  h2Both: boolean,
): number {
  if (w1.length === 0 && w2.length === 0) return 0;
  const ref = (i: number, opt: 0 | 1) => su.options[i][opt] === data.positions[i].ref;
  let total = 0;
  for (let u = 0; u < c1.length; u++) {
    const hasWobble = w1.some((i) => unitOf[i] === u) || w2.some((i) => unitOf[i] === u);
    if (!hasWobble) continue;
    let best = Infinity;
    for (const o of [0, 1] as const) {
      const other = (1 - o) as 0 | 1;
      if (!((c1[u] & (o === 0 ? 1 : 2)) !== 0 && (c2[u] & (other === 0 ? 1 : 2)) !== 0)) continue;
      let pen = 0;
      for (const i of w1) if (unitOf[i] === u && ref(i, o) && (!h1Both || ref(i, other))) pen++;
      for (const i of w2) if (unitOf[i] === u && ref(i, other) && (!h2Both || ref(i, o))) pen++;
      best = Math.min(best, pen);
    }
    if (Number.isFinite(best)) total += best;
  }
  return total;
}

/** Alleles that match at least one strand arrangement (PharmCAT's haplotype matches). */
export function matchedHaplotypes(data: MatchData): Haplotype[] {
  if (data.samples.length === 0) return [];
  const su = buildUnits(data);
  const compat = compatibility(data.haplotypes, su);
  return data.haplotypes.filter((_h, hi) => compat[hi].every((c) => c !== 0));
}

// --- explicit permutations and combinations (research mode) --------------------------------------------

const MAX_PERMUTATIONS = 4096;
const MAX_COMBINATIONS = 50_000;

interface Sequence {
  alleles: string[];
  key: string;
}

function enumerateSequences(data: MatchData, su: StrandUnits): Sequence[] {
  if (su.permutationCount > MAX_PERMUTATIONS) {
    throw new AppError('pgx/too-many-combinations', `${data.gene}: ${su.permutationCount} strand arrangements are possible from this unphased data, too many to search for combination alleles. Use phased data or turn off combination search.`, { gene: data.gene, permutations: su.permutationCount });
  }
  const out = new Map<string, Sequence>();
  const n = su.options.length;
  const choice = new Array<number>(su.units.length).fill(0);
  const rec = (u: number): void => {
    if (u === su.units.length) {
      const alleles = new Array<string>(n);
      su.units.forEach((unit, ui) => {
        for (const i of unit) alleles[i] = su.options[i][choice[ui]];
      });
      const key = alleles.map((a, i) => `${data.positions[i].position}:${a};`).join('');
      if (!out.has(key)) out.set(key, { alleles, key });
      return;
    }
    choice[u] = 0;
    rec(u + 1);
    const unit = su.units[u];
    if (unit.some((i) => su.options[i][0] !== su.options[i][1])) {
      choice[u] = 1;
      rec(u + 1);
    }
  };
  rec(0);
  return [...out.values()];
}

function matchesSequence(h: Haplotype, seq: Sequence): boolean {
  for (let i = 0; i < seq.alleles.length; i++) {
    if (!accepts(h.alleles[i], seq.alleles[i])) return false;
  }
  return true;
}

/** HGVS-style name of a sample allele at a position that no allele in a combination defines. */
export function hgvsForVcfAllele(v: DefinitionVariant, allele: string): string {
  const names = v.chromosomeHgvsName.split(';').map((s) => s.trim());
  const idx = v.alts.indexOf(allele);
  if (idx >= 0 && names.length === v.alts.length) return names[idx];
  if (v.alts.length === 1 && idx === 0) return names[0];
  if (v.ref.length === 1 && allele.length === 1) return `g.${v.position}${v.ref}>${allele}`;
  return `g.${v.position}${v.ref}>${allele}`;
}

function combinationHaplotype(components: Haplotype[], n: number): Haplotype {
  const alleles: (string | null)[] = new Array(n).fill(null);
  for (const c of components) c.alleles.forEach((a, i) => { if (a !== null) alleles[i] = a; });
  const names = components.map((c) => (isCombinationName(c.name) ? combinationComponents(c.name).join(COMBINATION_JOINER) : c.name));
  const count = components.reduce((k, c) => k + (c.numCombinations > 1 ? 2 : 1), 0);
  const inner = names.join(COMBINATION_JOINER);
  return {
    name: count > 1 ? `[${inner}]` : inner,
    id: components.map((c) => c.id).join(COMBINATION_JOINER),
    reference: false,
    alleles,
    score: alleles.reduce((k, a) => k + (a !== null ? 1 : 0), 0),
    missingPositions: components.flatMap((c) => c.missingPositions),
    components: components.flatMap((c) => c.components),
    numCombinations: components.length,
    numPartials: 0,
  };
}

/** Adds partial-allele detail: positions this match leaves undefined where the strand is not reference. */
function finalizeMatch(m: StrandMatch, data: MatchData, seq: Sequence, findPartials: boolean): StrandMatch {
  const hap = m.haplotype;
  const partials: string[] = [];
  if (findPartials) {
    hap.alleles.forEach((a, i) => {
      if (a === null && data.positions[i].ref !== seq.alleles[i]) partials.push(hgvsForVcfAllele(data.positions[i], seq.alleles[i]));
    });
  }
  if (partials.length === 0) return m;
  const base = isCombinationName(m.name) ? m.name.slice(1, -1) : m.name;
  const inner = [base, ...partials].join(COMBINATION_JOINER);
  const defined = hap.alleles.reduce((k, a) => k + (a !== null ? 1 : 0), 0);
  const partialHap: Haplotype = { ...hap, name: inner, reference: false, numPartials: partials.length, score: defined - partials.length };
  return { ...m, name: `[${inner}]`, haplotype: partialHap };
}

export interface CombinationOptions {
  findPartials: boolean;
  topCandidateOnly: boolean;
  /** Prefer more components (DPYD/RYR1 phased) instead of fewer (default). */
  boostComboScores: boolean;
}

/** Research mode: matches single alleles, combinations of non-overlapping alleles, and partials. */
export function matchCombinations(data: MatchData, opts: CombinationOptions): DiplotypeMatch[] {
  if (data.samples.length === 0) return [];
  const su = buildUnits(data);
  const sequences = enumerateSequences(data, su);
  const n = data.positions.length;
  const hapMatches = data.haplotypes
    .map((h) => ({ h, seqs: sequences.filter((s) => matchesSequence(h, s)) }))
    .filter((x) => x.seqs.length > 0);
  hapMatches.sort((a, b) => compareStrandMatch(
    { ...plainMatch(a.h), sequences: a.seqs.map((s) => s.key).sort() },
    { ...plainMatch(b.h), sequences: b.seqs.map((s) => s.key).sort() },
  ));

  const matches: StrandMatch[] = [];
  const seen = new Set<string>();
  const add = (m: StrandMatch) => {
    const k = `${m.kind}|${m.name}|${m.sequences.join('')}`;
    if (!seen.has(k)) {
      seen.add(k);
      matches.push(m);
    }
  };
  let combos = 0;
  const extend = (from: number, comps: Haplotype[], seq: Sequence): void => {
    for (let y = from; y < hapMatches.length; y++) {
      const { h, seqs } = hapMatches[y];
      if (!seqs.includes(seq)) continue;
      const overlaps = comps.some((c) => c.alleles.some((a, i) => a !== null && h.alleles[i] !== null));
      if (overlaps) continue;
      if (++combos > MAX_COMBINATIONS) {
        throw new AppError('pgx/too-many-combinations', `${data.gene}: too many allele combinations to search on this data.`, { gene: data.gene });
      }
      const next = [...comps, h].sort(namedAlleleCompare);
      const hap = combinationHaplotype(next, n);
      const m: StrandMatch = { kind: 'combination', name: hap.name, haplotype: hap, componentHaplotypes: next, sequences: [seq.key], offReference: false };
      add(finalizeMatch(m, data, seq, opts.findPartials));
      extend(y + 1, next, seq);
    }
  };
  hapMatches.forEach(({ h, seqs }, x) => {
    for (const seq of seqs) {
      add(finalizeMatch({ ...plainMatch(h), sequences: [seq.key] }, data, seq, opts.findPartials));
      extend(x + 1, [h], seq);
    }
  });
  if (opts.findPartials && sequences.length <= 2) {
    const ref = data.haplotypes.find((h) => h.reference);
    if (ref) {
      for (const seq of sequences) {
        if (matches.some((m) => m.sequences.includes(seq.key))) continue;
        const diffs: string[] = [];
        ref.alleles.forEach((a, i) => {
          if (a !== seq.alleles[i]) diffs.push(hgvsForVcfAllele(data.positions[i], seq.alleles[i]));
        });
        const inner = diffs.join(COMBINATION_JOINER);
        const hap: Haplotype = { ...ref, name: diffs.length > 1 ? `[${inner}]` : inner, reference: false, score: 0, numCombinations: 1, numPartials: diffs.length, components: [ref.name] };
        matches.push({ kind: 'combination', name: hap.name, haplotype: hap, componentHaplotypes: [ref], sequences: [seq.key], offReference: true });
      }
    }
  }
  matches.sort(compareStrandMatch);

  const seqByKey = new Map(sequences.map((s) => [s.key, s]));
  const hom = data.samples.map((s) => s.computed1 === s.computed2);
  const viable = (k1: string, k2: string): boolean => {
    const a = seqByKey.get(k1) as Sequence;
    const b = seqByKey.get(k2) as Sequence;
    for (let i = 0; i < a.alleles.length; i++) {
      if (hom[i] ? a.alleles[i] !== b.alleles[i] : a.alleles[i] === b.alleles[i]) return false;
    }
    return true;
  };

  const pairs: [StrandMatch, StrandMatch | null][] = [];
  if (data.isHaploid) {
    for (const m of matches) pairs.push([m, null]);
  } else if (sequences.length === 1) {
    if (matches.length === 1) pairs.push([matches[0], matches[0]]);
    else for (let x = 0; x < matches.length; x++) for (let y = x; y < matches.length; y++) pairs.push([matches[x], matches[y]]);
  } else {
    const byName = new Map<string, StrandMatch[]>();
    for (const m of matches) {
      let l = byName.get(m.name);
      if (!l) byName.set(m.name, (l = []));
      l.push(m);
    }
    const names = [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let x = 0; x < names.length; x++) {
      for (let y = x; y < names.length; y++) {
        let l1 = byName.get(names[x]) as StrandMatch[];
        let l2 = byName.get(names[y]) as StrandMatch[];
        if (x === y) {
          if (l1.length === 1) {
            if (l1[0].sequences.length === 1) continue;
          } else if (l1.length === 2) {
            l2 = [l1[0]];
            l1 = [l1[1]];
          }
        }
        for (const m1 of l1) {
          for (const m2 of l2) {
            if (m1.sequences.some((s1) => m2.sequences.some((s2) => viable(s1, s2)))) pairs.push([m1, m2]);
          }
        }
      }
    }
  }

  let maxCombos = 0;
  for (const [a, b] of pairs) {
    for (const m of [a, b]) if (m && m.kind === 'combination') maxCombos = Math.max(maxCombos, m.haplotype.numCombinations);
  }
  const comboScore = (m: StrandMatch): number => {
    const na = m.haplotype;
    const bonus = opts.boostComboScores ? na.numCombinations : maxCombos - na.numCombinations;
    return na.score - na.numPartials + bonus;
  };
  const out = pairs.map(([a, b]) => makeDiplotype(a, b, comboScore(a) + (b ? comboScore(b) : 0)));
  out.sort(compareDiplotypes);
  return topOnly(out, opts.topCandidateOnly);
}
