// Per-gene working data for the NamedAlleleMatcher: the sample's alleles at the positions it has, the
// positions it lacks, and the named alleles re-scored for what is available (PharmCAT "Named Allele
// Matcher 101"/"201": a named allele's score is the number of positions it defines; positions the sample
// lacks are dropped from every allele, and an allele left with no defined position cannot be called).
import type { DefinitionNamedAllele, DefinitionVariant, GeneDefinition, GeneExemption } from './pgx-data.ts';
import { isWobble } from './iupac.ts';
import { namedAlleleCompare } from './haplotype-name-order.ts';
import type { SampleAllele } from './sample-alleles.ts';

/** A named allele restricted to the available positions (arrays aligned with MatchData.positions). */
export interface Haplotype {
  name: string;
  id: string;
  reference: boolean;
  alleles: (string | null)[];
  score: number;
  /** Positions (of the full definition) this allele defines but the sample lacks. */
  missingPositions: DefinitionVariant[];
  /** Component names when this is a combination ([*6 + *14]); a single name otherwise. */
  components: string[];
  numCombinations: number;
  numPartials: number;
}

export interface MatchData {
  gene: string;
  /** Available positions, sorted by position (the order PharmCAT builds sample sequences in). */
  positions: DefinitionVariant[];
  samples: SampleAllele[];
  missing: DefinitionVariant[];
  haplotypes: Haplotype[];
  /** Definition alleles that cannot be called because every position they define is missing. */
  uncallable: string[];
  isHaploid: boolean;
  isPhased: boolean;
  isHomozygous: boolean;
  hasPartialMissing: boolean;
  missingRequired: DefinitionVariant[];
  missingAmp1: DefinitionVariant[];
}

export interface PrepareOptions {
  /** Blank cells in non-reference alleles read as the reference allele (PharmCAT's standard mode). */
  assumeReference: boolean;
  /** Research mode: UGT1A1's pre-combined alleles (*80+*28) are left out so combinations are found instead. */
  findCombinations: boolean;
  exemption?: GeneExemption;
  /** Named alleles to leave out (DPYD's HapB3 is matched on its own). */
  excludeAlleles?: ReadonlySet<string>;
  /** Positions to leave out entirely (DPYD's HapB3 positions). */
  excludePositions?: ReadonlySet<number>;
}

function isIgnoredPosition(exemption: GeneExemption | undefined, v: DefinitionVariant): boolean {
  if (!exemption) return false;
  return exemption.ignoredPositions.some((ip) => (ip.rsid !== null ? ip.rsid === v.rsid : ip.chromosomeHgvsName === v.chromosomeHgvsName));
}

export function prepareMatchData(
  def: GeneDefinition,
  sampleByPos: ReadonlyMap<number, SampleAllele>,
  opts: PrepareOptions,
): MatchData {
  const ex = opts.exemption;
  const keep: number[] = [];
  const missing: DefinitionVariant[] = [];
  def.variants.forEach((v, i) => {
    if (isIgnoredPosition(ex, v) || opts.excludePositions?.has(v.position)) return;
    if (sampleByPos.has(v.position)) keep.push(i);
    else missing.push(v);
  });
  keep.sort((a, b) => def.variants[a].position - def.variants[b].position);
  const positions = keep.map((i) => def.variants[i]);
  const samples = positions.map((v) => sampleByPos.get(v.position) as SampleAllele);

  const ignoredLc = new Set(ex?.ignoredAllelesLc ?? []);
  const defs: DefinitionNamedAllele[] = def.namedAlleles.filter(
    (na) => !ignoredLc.has(na.name.toLowerCase()) && !opts.excludeAlleles?.has(na.name) && !(opts.findCombinations && def.gene === 'UGT1A1' && na.name.includes('+')),
  );
  const refDef = def.namedAlleles.find((na) => na.reference);
  const haplotypes: Haplotype[] = [];
  const uncallable: string[] = [];
  for (const na of defs) {
    const alleles = keep.map((i) => na.alleles[i] ?? null);
    const score = alleles.reduce((n, a) => n + (a !== null ? 1 : 0), 0);
    if (score === 0) {
      uncallable.push(na.name);
      continue;
    }
    const missingPositions: DefinitionVariant[] = [];
    def.variants.forEach((v, i) => {
      if (na.alleles[i] !== null && !sampleByPos.has(v.position)) missingPositions.push(v);
    });
    let matchAlleles = alleles;
    if (opts.assumeReference && !na.reference && refDef) {
      matchAlleles = keep.map((i, k) => {
        if (alleles[k] !== null) return alleles[k];
        const r = refDef.alleles[i];
        if (r === null) return null;
        // a wobble in the reference allele (e.g. CYP2C19 *38) means "any"; blanks default to the REF base
        return isWobble(r) ? def.variants[i].ref : r;
      });
    }
    haplotypes.push({ name: na.name, id: na.id, reference: na.reference, alleles: matchAlleles, score, missingPositions, components: [na.name], numCombinations: 0, numPartials: 0 });
  }
  haplotypes.sort(namedAlleleCompare);

  const isHaploid = samples.length > 0 && samples.every((s) => s.allele2 === null);
  const isPhased = samples.every((s) => s.phased);
  const isHomozygous = isHaploid || samples.every((s) => s.computed1 !== null && s.computed1 === s.computed2);
  const hasPartialMissing = samples.some((s) => s.vcfCall.includes('.'));
  const required = new Set(ex?.requiredPositions ?? []);
  const amp1 = new Set(ex?.amp1Positions ?? []);
  return {
    gene: def.gene,
    positions,
    samples,
    missing,
    haplotypes,
    uncallable,
    isHaploid,
    isPhased,
    isHomozygous,
    hasPartialMissing,
    missingRequired: missing.filter((v) => required.has(v.position)),
    missingAmp1: missing.filter((v) => amp1.has(v.position)),
  };
}
