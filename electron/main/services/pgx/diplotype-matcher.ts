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
  compareSequenceSets,
  haplotypeNameCompare,
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

/** HGVS-style name of a sample allele at a position that no allele in a combination defines. */
export function hgvsForVcfAllele(v: DefinitionVariant, allele: string): string {
  const names = v.chromosomeHgvsName.split(';').map((s) => s.trim());
  const idx = v.alts.indexOf(allele);
  if (idx >= 0 && names.length === v.alts.length) return names[idx];
  if (v.alts.length === 1 && idx === 0) return names[0];
  if (v.ref.length === 1 && allele.length === 1) return `g.${v.position}${v.ref}>${allele}`;
  return `g.${v.position}${v.ref}>${allele}`;
}

/** Positions (indexes into MatchData.positions) an allele's identity rests on: its variant positions. */
function corePositions(h: Haplotype, data: MatchData): number[] {
  const core: number[] = [];
  h.alleles.forEach((a, i) => {
    if (a !== null && a !== data.positions[i].ref) core.push(i);
  });
  return core;
}

function partialNames(data: MatchData, seq: Sequence, varPositions: readonly number[], covered: readonly Haplotype[], cores: Map<Haplotype, number[]>): string[] {
  const coveredPos = new Set(covered.flatMap((h) => cores.get(h) as number[]));
  return varPositions.filter((i) => !coveredPos.has(i)).map((i) => hgvsForVcfAllele(data.positions[i], seq.alleles[i]));
}

/** Greedy grouping of the alleles found on one strand into non-overlapping combinations (most core positions first). */
function viableCombinations(covered: Haplotype[], cores: Map<Haplotype, number[]>): Haplotype[][] {
  const sorted = [...covered].sort((a, b) => (cores.get(b) as number[]).length - (cores.get(a) as number[]).length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const combos: Haplotype[][] = [];
  for (const allele of sorted) {
    const mine = new Set(cores.get(allele));
    let added = false;
    let overlapCount = 0;
    for (const combo of combos) {
      let overlaps = false;
      for (const existing of combo) {
        const theirs = cores.get(existing) as number[];
        if (theirs.some((p) => mine.has(p))) {
          overlaps = true;
          // same size: most likely a missing position made them look alike, not a real overlap
          if (theirs.length !== mine.size) {
            overlapCount += 1;
            break;
          }
        }
      }
      if (!overlaps) {
        combo.push(allele);
        added = true;
      }
    }
    if (!added && overlapCount === 0) combos.push([allele]);
  }
  return combos;
}

function combinationMatch(data: MatchData, seq: Sequence, components: Haplotype[], partials: string[]): StrandMatch {
  const comps = [...components].sort(namedAlleleCompare);
  const offReference = comps.length === 1 && comps[0].reference;
  const parts = [...(offReference ? [] : comps.map((c) => c.name)), ...partials];
  const inner = parts.join(COMBINATION_JOINER);
  const n = data.positions.length;
  const alleles: (string | null)[] = new Array(n).fill(null);
  if (!offReference) for (const c of comps) c.alleles.forEach((a, i) => { if (a !== null) alleles[i] = a; });
  const defined = alleles.reduce((k, a) => k + (a !== null ? 1 : 0), 0);
  const hap: Haplotype = {
    name: parts.length > 1 ? `[${inner}]` : inner,
    id: comps.map((c) => c.id).join(COMBINATION_JOINER),
    reference: false,
    alleles,
    // an off-reference partial scores nothing (PharmCAT: listed, but below any named-allele explanation)
    score: offReference ? 0 : defined - partials.length,
    missingPositions: comps.flatMap((c) => c.missingPositions),
    components: comps.map((c) => c.name),
    numCombinations: comps.length,
    numPartials: partials.length,
  };
  return { kind: 'combination', name: hap.name, haplotype: hap, componentHaplotypes: comps, sequences: [seq.key], offReference };
}

export interface CombinationOptions {
  findPartials: boolean;
}

/**
 * Research mode (docs/NamedAlleleMatcher-101 "Combinations and Partial Alleles"): on each possible strand,
 * every non-reference allele whose variant positions are all present is found; several non-overlapping
 * ones make a combination ("[*2 + *3]"); variant positions no allele explains are added as partials
 * ("[*17 + g.94781859G>A]", or just "g.94986073A>C" off the reference). All candidates are returned.
 */
export function matchCombinations(data: MatchData, opts: CombinationOptions): DiplotypeMatch[] {
  if (data.samples.length === 0) return [];
  const su = buildUnits(data);
  const sequences = enumerateSequences(data, su);
  const cores = new Map(data.haplotypes.map((h) => [h, corePositions(h, data)]));
  const reference = data.haplotypes.find((h) => h.reference);
  const matches: StrandMatch[] = [];
  const seen = new Set<string>();
  const add = (m: StrandMatch) => {
    const k = `${m.name}|${m.sequences.join('')}`;
    if (!seen.has(k)) {
      seen.add(k);
      matches.push(m);
    }
  };
  for (const seq of sequences) {
    const varPositions = seq.alleles.flatMap((a, i) => (a !== data.positions[i].ref ? [i] : []));
    const covered = data.haplotypes.filter((h) => {
      if (h.reference) return false;
      const core = cores.get(h) as number[];
      return core.length > 0 && core.every((i) => accepts(h.alleles[i], seq.alleles[i]));
    });
    const partials = opts.findPartials ? partialNames(data, seq, varPositions, covered, cores) : [];
    if (covered.length <= 1) {
      const hap = covered[0] ?? reference;
      if (!hap) continue;
      if (partials.length === 0) add({ ...plainMatch(hap), sequences: [seq.key] });
      else add(combinationMatch(data, seq, [hap], partials));
      continue;
    }
    for (const combo of viableCombinations(covered, cores)) {
      const p = combo.length === covered.length && opts.findPartials ? partialNames(data, seq, varPositions, combo, cores) : partials;
      add(combo.length === 1 && p.length === 0 ? { ...plainMatch(combo[0]), sequences: [seq.key] } : combinationMatch(data, seq, combo, p));
    }
  }
  if (matches.length > MAX_COMBINATIONS) {
    throw new AppError('pgx/too-many-combinations', `${data.gene}: too many allele combinations to search on this data.`, { gene: data.gene });
  }
  matches.sort(compareStrandMatch);

  const seqByKey = new Map(sequences.map((q) => [q.key, q]));
  const hom = data.samples.map((x) => x.computed1 === x.computed2);
  const viable = (k1: string, k2: string): boolean => {
    const a = seqByKey.get(k1) as Sequence;
    const b = seqByKey.get(k2) as Sequence;
    for (let i = 0; i < a.alleles.length; i++) {
      if (hom[i] ? a.alleles[i] !== b.alleles[i] : a.alleles[i] === b.alleles[i]) return false;
    }
    return true;
  };
  const out: DiplotypeMatch[] = [];
  const push = (m1: StrandMatch, m2: StrandMatch | null) => out.push(makeDiplotype(m1, m2, m1.haplotype.score + (m2 ? m2.haplotype.score : 0)));
  if (data.isHaploid) {
    for (const m of matches) push(m, null);
  } else if (sequences.length === 1) {
    if (matches.length === 1) push(matches[0], matches[0]);
    else for (let x = 0; x < matches.length; x++) for (let y = x; y < matches.length; y++) push(matches[x], matches[y]);
  } else {
    for (let x = 0; x < matches.length; x++) {
      for (let y = x; y < matches.length; y++) {
        const m1 = matches[x];
        const m2 = matches[y];
        if (m1.sequences.some((s1) => m2.sequences.some((s2) => viable(s1, s2)))) push(m1, m2);
      }
    }
  }
  out.sort(compareDiplotypes);
  const dedup: DiplotypeMatch[] = [];
  for (const d of out) if (!dedup.some((x) => x.name === d.name)) dedup.push(d);
  return dedup;
}
