// Per-gene calling, following PharmCAT's NamedAlleleMatcher as documented in docs/NamedAlleleMatcher-101,
// -201 and Gene-Definition-Exceptions: standard genes call the top-scoring diplotypes; NAT2 applies its
// unphased priority list; DPYD and RYR1 ("lowest-function" genes) call a diplotype only from phased or
// effectively phased data and otherwise list the variants found; DPYD's HapB3 is decided by the intronic
// SNP (rs75017182) when present. CYP2D6 is only called from VCF when asked (PharmCAT's research mode).
import type { PgxMatchOptions, PgxWarning } from '../../../../shared/schemas/pgx.ts';
import type { DefinitionVariant, GeneDefinition, GeneExemption, PgxData } from './pgx-data.ts';
import type { PgxGenotypeSource } from './genotype-source.ts';
import { readSampleAllele, type SampleAllele } from './sample-alleles.ts';
import { prepareMatchData, type Haplotype, type MatchData } from './match-data.ts';
import {
  compareDiplotypes,
  compareStrandMatch,
  matchCombinations,
  matchDiplotypes,
  matchedHaplotypes,
  permutationCount,
  type DiplotypeMatch,
  type StrandMatch,
} from './diplotype-matcher.ts';
import { COMBINATION_JOINER, haplotypeNameCompare, namedAlleleCompare } from './haplotype-name-order.ts';
import { definitionAlleleAccepts } from './iupac.ts';

/** PharmCAT reads undocumented ALTs at these genes' positions as reference (toxicity genes). */
export const TREAT_UNDOCUMENTED_AS_REFERENCE = new Set(['CACNA1S', 'DPYD', 'G6PD', 'NUDT15', 'RYR1', 'TPMT']);
/** Genes whose phenotype comes from the lowest-function variants rather than a diplotype table. */
export const LOWEST_FUNCTION_GENES = new Set(['DPYD', 'RYR1']);

export const HAPB3_ALLELE = 'c.1129-5923C>G, c.1236G>A (HapB3)';
const HAPB3_EXON_RSID = 'rs56038477';
const HAPB3_INTRON_RSID = 'rs75017182';

export type GeneCallStatus = 'called' | 'ambiguous' | 'variant-list' | 'not-called' | 'no-data';

export interface GeneCall {
  gene: string;
  status: GeneCallStatus;
  diplotypes: DiplotypeMatch[];
  /** All candidates before NAT2's unphased priority pick (empty when no pick was made). */
  alternativeDiplotypes: DiplotypeMatch[];
  /** DPYD/RYR1 on unphased data: variants found, a homozygous one listed twice. */
  haplotypeList: string[];
  data: MatchData;
  effectivelyPhased: boolean;
  warnings: PgxWarning[];
}

function note(warnings: PgxWarning[], code: string, message: string, severity: PgxWarning['severity'] = 'warning'): void {
  warnings.push({ code, severity, message });
}

function describe(v: DefinitionVariant): string {
  return `${v.chromosome}:${v.position}${v.rsid ? ` (${v.rsid})` : ''}`;
}

function readGeneSamples(def: GeneDefinition, source: PgxGenotypeSource, options: PgxMatchOptions, warnings: PgxWarning[]): Map<number, SampleAllele> {
  const lowest = LOWEST_FUNCTION_GENES.has(def.gene);
  const treat = TREAT_UNDOCUMENTED_AS_REFERENCE.has(def.gene) && (lowest || !options.findCombinations);
  const ctx = { gene: def.gene, treatUndocumentedAsReference: treat, warnings };
  const map = new Map<number, SampleAllele>();
  for (const v of def.variants) {
    const sa = readSampleAllele(source, v, ctx);
    if (sa) map.set(v.position, sa);
  }
  return map;
}

function strandOptions(data: MatchData): { strands: string[][]; single: boolean } {
  // effectively phased data: one orientation of the (at most one) heterozygous unit is as good as the other
  const s1 = data.samples.map((s) => s.computed1 ?? s.computed2 ?? '.');
  const s2 = data.samples.map((s) => (s.allele2 === null && s.computed2 === null ? s.computed1 ?? '.' : s.computed2 ?? '.'));
  const single = data.isHaploid || s1.every((a, i) => a === s2[i]);
  return { strands: single ? [s1] : [s1, s2], single };
}

function hapOnStrand(h: Haplotype, strand: readonly string[]): boolean {
  return h.alleles.every((a, i) => a === null || definitionAlleleAccepts(a, strand[i]));
}

function strandMatchFromComponents(components: Haplotype[]): StrandMatch {
  const sorted = [...components].sort(namedAlleleCompare);
  if (sorted.length === 1) return { kind: 'haplotype', name: sorted[0].name, haplotype: sorted[0], componentHaplotypes: sorted, sequences: [], offReference: false };
  const name = `[${sorted.map((c) => c.name).join(COMBINATION_JOINER)}]`;
  const n = sorted[0].alleles.length;
  const alleles: (string | null)[] = new Array(n).fill(null);
  for (const c of sorted) c.alleles.forEach((a, i) => { if (a !== null) alleles[i] = a; });
  const hap: Haplotype = {
    name,
    id: sorted.map((c) => c.id).join(COMBINATION_JOINER),
    reference: false,
    alleles,
    score: sorted.reduce((k, c) => k + c.score, 0),
    missingPositions: sorted.flatMap((c) => c.missingPositions),
    components: sorted.map((c) => c.name),
    numCombinations: sorted.length,
    numPartials: 0,
  };
  return { kind: 'combination', name, haplotype: hap, componentHaplotypes: sorted, sequences: [], offReference: false };
}

interface HapB3State {
  present: boolean;
  hap: Haplotype | null;
  /** Per strand (effectively phased) or count (unphased) of HapB3 from the deciding SNP. */
  driverIndex: number;
  driverAllele: string;
  warnings: PgxWarning[];
}

/**
 * DPYD HapB3 (Gene-Definition-Exceptions.md): decided by the intronic SNP rs75017182 when available,
 * otherwise by the exonic rs56038477 (with a warning); a disagreement between them is reported.
 */
function hapB3State(def: GeneDefinition, orig: MatchData): HapB3State | null {
  const hapDef = def.namedAlleles.find((n) => n.name === HAPB3_ALLELE);
  if (!hapDef) return null;
  const idxOf = (rsid: string) => orig.positions.findIndex((p) => p.rsid === rsid);
  const defIdx = (rsid: string) => def.variants.findIndex((v) => v.rsid === rsid);
  const intron = idxOf(HAPB3_INTRON_RSID);
  const exon = idxOf(HAPB3_EXON_RSID);
  if (intron < 0 && exon < 0) return null;
  const warnings: PgxWarning[] = [];
  const count = (i: number, allele: string) => [orig.samples[i].computed1, orig.samples[i].computed2].filter((a) => a === allele).length;
  const intronAllele = hapDef.alleles[defIdx(HAPB3_INTRON_RSID)] as string;
  const exonAllele = hapDef.alleles[defIdx(HAPB3_EXON_RSID)] as string;
  if (intron >= 0 && exon >= 0 && count(intron, intronAllele) !== count(exon, exonAllele)) {
    note(warnings, 'pcat-dpyd-hapB3-intronic-mismatch-exonic', 'HapB3 is made of an exonic SNP (rs56038477) and an intronic SNP (rs75017182, c.1129-5923C>G); its decreased function is attributed to the intronic SNP. In this sample the two disagree, so HapB3 was called from the intronic SNP alone (PharmCAT method).');
  } else if (intron < 0) {
    note(warnings, 'pcat-dpyd-hapB3-exonic-only', 'The intronic HapB3 SNP (rs75017182, c.1129-5923C>G) is missing, so HapB3 was called from the exonic SNP rs56038477 alone. Genotype rs75017182 to confirm the presence or absence of HapB3 and its decreased function (PharmCAT method).');
  }
  const driverIndex = intron >= 0 ? intron : exon;
  const driverAllele = intron >= 0 ? intronAllele : exonAllele;
  const present = count(driverIndex, driverAllele) > 0;
  const hap: Haplotype = { name: HAPB3_ALLELE, id: hapDef.id, reference: false, alleles: [], score: 2, missingPositions: [], components: [HAPB3_ALLELE], numCombinations: 0, numPartials: 0 };
  return { present, hap, driverIndex, driverAllele, warnings };
}

/** DPYD and RYR1 (see file comment). */
function callLowestFunction(def: GeneDefinition, sampleByPos: Map<number, SampleAllele>, orig: MatchData, ex: GeneExemption | undefined, warnings: PgxWarning[]): GeneCall {
  const base = { gene: def.gene, alternativeDiplotypes: [], data: orig, warnings };
  const effectivelyPhased = permutationCount(orig) <= 2;
  const hapB3 = def.gene === 'DPYD' ? hapB3State(def, orig) : null;
  if (hapB3) warnings.push(...hapB3.warnings);
  const hapB3Positions = new Set(hapB3 ? def.variants.filter((v) => v.rsid === HAPB3_INTRON_RSID || v.rsid === HAPB3_EXON_RSID).map((v) => v.position) : []);
  const combo = prepareMatchData(def, sampleByPos, {
    assumeReference: false,
    findCombinations: true,
    exemption: ex,
    excludeAlleles: hapB3 ? new Set([HAPB3_ALLELE]) : undefined,
    excludePositions: hapB3 ? hapB3Positions : undefined,
  });
  // map combo positions into orig positions so both views see the same strands
  const origIndexOf = combo.positions.map((p) => orig.positions.findIndex((q) => q.position === p.position));
  const reference = combo.haplotypes.find((h) => h.reference);

  if (effectivelyPhased) {
    const { strands } = strandOptions(orig);
    const matches: StrandMatch[] = [];
    for (const strand of strands) {
      const comboStrand = origIndexOf.map((i) => strand[i]);
      const comps: Haplotype[] = [];
      for (const h of combo.haplotypes) {
        if (h.reference) continue;
        if (!hapOnStrand(h, comboStrand)) continue;
        if (comps.some((c) => c.alleles.some((a, i) => a !== null && h.alleles[i] !== null))) {
          note(warnings, 'overlapping-alleles', `${h.name} overlaps another allele found on the same strand; it was not combined.`);
          continue;
        }
        comps.push(h);
      }
      if (hapB3?.present && hapB3.hap && strand[hapB3.driverIndex] === hapB3.driverAllele) comps.push(hapB3.hap);
      if (comps.length === 0) {
        if (!reference || !hapOnStrand(reference, comboStrand)) {
          note(warnings, 'no-strand-match', `No ${def.gene} allele matches one of the sample's strands.`);
          return { ...base, status: 'not-called', diplotypes: [], haplotypeList: [], effectivelyPhased };
        }
        comps.push(reference);
      }
      matches.push(strandMatchFromComponents(comps));
    }
    const m1 = matches[0];
    const m2 = orig.isHaploid ? null : (matches[1] ?? matches[0]);
    const score = m1.haplotype.score + (m2 ? m2.haplotype.score : 0);
    const [a, b] = m2 && compareStrandMatch(m1, m2) > 0 ? [m2, m1] : [m1, m2];
    const dip: DiplotypeMatch = { name: b ? `${a.name}/${b.name}` : a.name, hap1: a, hap2: b, score };
    return { ...base, status: 'called', diplotypes: [dip], haplotypeList: [], effectivelyPhased };
  }

  // Unphased: list every variant found (twice if homozygous), as PharmCAT does; the phenotype then uses
  // the two lowest-function ones.
  const found = matchedHaplotypes(combo);
  const homozygousAt = (h: Haplotype) =>
    h.alleles.every((a, i) => a === null || (definitionAlleleAccepts(a, combo.samples[i].computed1 ?? '.') && definitionAlleleAccepts(a, combo.samples[i].computed2 ?? '.')));
  // a strand can carry >= 2 variants (so single-variant matches are partial) unless phasing forbids it
  const nonRefPositions = combo.samples.filter((s, i) => s.computed1 !== combo.positions[i].ref || s.computed2 !== combo.positions[i].ref).length;
  const hasPartials = nonRefPositions >= 2;
  const hapB3Count = hapB3?.present ? [orig.samples[hapB3.driverIndex].computed1, orig.samples[hapB3.driverIndex].computed2].filter((a) => a === hapB3.driverAllele).length : 0;
  let list = [...found].sort((x, y) => haplotypeNameCompare(x.name, y.name));
  if (list.length + hapB3Count > 2 || hasPartials || hapB3Count > 0) {
    if (list.length + hapB3Count > 2 || hasPartials) list = list.filter((h) => !h.reference);
  }
  const names: string[] = [];
  for (const h of list) {
    names.push(h.name);
    if (!h.reference && homozygousAt(h)) names.push(h.name);
  }
  for (let i = 0; i < hapB3Count; i++) names.push(HAPB3_ALLELE);
  note(warnings, 'unphased-variant-list', `${def.gene} data are unphased, so no diplotype is called; the variants found are listed and the phenotype uses the two lowest-function ones (PharmCAT method for lowest-function genes).`, 'info');
  return { ...base, status: 'variant-list', diplotypes: [], haplotypeList: names, effectivelyPhased };
}

function applyUnphasedPriority(call: GeneCall, ex: GeneExemption | undefined): GeneCall {
  if (!ex || call.diplotypes.length <= 1 || call.effectivelyPhased) return call;
  const names = new Set(call.diplotypes.map((d) => d.name));
  for (const udp of ex.unphasedDiplotypePriorities) {
    if (udp.list.every((d) => names.has(d))) {
      const pick = call.diplotypes.find((d) => d.name === udp.pick);
      if (!pick) continue;
      call.warnings.push({
        code: 'unphased-priority',
        severity: 'info',
        message: `Unphased ${call.gene} variants resulted in multiple calls (${[...names].join(', ')}). PharmCAT picks ${udp.pick} based on frequency data; the others cannot be ruled out without phased data.`,
      });
      return { ...call, status: 'called', diplotypes: [pick], alternativeDiplotypes: call.diplotypes };
    }
  }
  return call;
}

/** Calls one gene from the genotype source. */
export function callGene(pgx: PgxData, gene: string, source: PgxGenotypeSource, options: PgxMatchOptions): GeneCall {
  const def = pgx.definition(gene);
  const ex = options.withExemptions ? pgx.exemption(gene) : undefined;
  const warnings: PgxWarning[] = [];
  const sampleByPos = readGeneSamples(def, source, options, warnings);
  const orig = prepareMatchData(def, sampleByPos, { assumeReference: true, findCombinations: false, exemption: ex });
  const base = { gene, alternativeDiplotypes: [] as DiplotypeMatch[], haplotypeList: [] as string[], data: orig, warnings };

  if (orig.samples.length === 0) {
    note(warnings, 'no-data', `None of the ${def.variants.length} ${gene} allele-defining positions are in the file; ${gene} was not called.`);
    return { ...base, status: 'no-data', diplotypes: [], effectivelyPhased: false };
  }
  if (orig.missing.length > 0) {
    note(warnings, 'missing-positions', `${orig.missing.length} of ${def.variants.length} ${gene} positions are missing from the file and were not assumed reference; alleles defined there could not be distinguished.`);
  }
  const blockCount = orig.samples.filter((s) => s.evidence === 'reference-block').length;
  if (blockCount > 0) {
    note(warnings, 'reference-block', `${blockCount} ${gene} position(s) were not in the file as records but lie inside gVCF reference blocks, so they were read as homozygous reference.`, 'info');
  }
  if (orig.missingRequired.length > 0) {
    note(warnings, 'missing-required-position', `Cannot call ${gene} - missing required variant${orig.missingRequired.length > 1 ? 's' : ''} (${orig.missingRequired.map(describe).join(', ')}).`);
    return { ...base, status: 'not-called', diplotypes: [], effectivelyPhased: false };
  }
  if (orig.missingAmp1.length > 0) {
    note(warnings, 'missing-amp1-position', `Missing variant${orig.missingAmp1.length > 1 ? 's' : ''} required to meet AMP Tier 1 requirements: ${orig.missingAmp1.map(describe).join(', ')}.`);
  }
  if (orig.uncallable.length > 0) {
    note(warnings, 'uncallable-alleles', `Cannot be called because all their defining positions are missing: ${orig.uncallable.join(', ')}.`, 'info');
  }

  if (LOWEST_FUNCTION_GENES.has(gene)) return callLowestFunction(def, sampleByPos, orig, ex, warnings);

  const effectivelyPhased = permutationCount(orig) <= 2;
  const callCombination = (): GeneCall => {
    const combo = prepareMatchData(def, sampleByPos, { assumeReference: false, findCombinations: true, exemption: ex });
    const dips = matchCombinations(combo, { findPartials: true });
    note(warnings, 'research-combinations', 'Combination and partial allele calls are for research use only (PharmCAT): they describe variants found in novel arrangements, not catalogued alleles.');
    return { ...base, data: orig, status: dips.length === 0 ? 'not-called' : dips.length === 1 ? 'called' : 'ambiguous', diplotypes: dips, effectivelyPhased };
  };

  if (orig.hasPartialMissing) {
    if (options.findCombinations) return callCombination();
    note(warnings, 'partial-genotype', `${gene} has a position where only one allele was called; no diplotype can be called.`);
    return { ...base, status: 'not-called', diplotypes: [], effectivelyPhased };
  }
  // PharmCAT lists every candidate for unphased data of a gene with a priority list (NAT2), then picks.
  const priorityMode = !effectivelyPhased && (ex?.unphasedDiplotypePriorities.length ?? 0) > 0;
  const dips = matchDiplotypes(orig, options.topCandidateOnly && !priorityMode);
  if (dips.length === 0) {
    if (options.findCombinations) return callCombination();
    note(warnings, 'not-called', `The sample's ${gene} alleles match no combination of defined alleles (possibly a novel allele or an undocumented variation); not called.`);
    return { ...base, status: 'not-called', diplotypes: [], effectivelyPhased };
  }
  dips.sort(compareDiplotypes);
  const call: GeneCall = { ...base, status: dips.length === 1 ? 'called' : 'ambiguous', diplotypes: dips, effectivelyPhased };
  return applyUnphasedPriority(call, ex);
}
