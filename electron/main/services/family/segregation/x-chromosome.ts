// Where a male carries one copy: chrX outside the pseudoautosomal regions. PAR coordinates are the Genome
// Reference Consortium's (https://www.ncbi.nlm.nih.gov/grc/human, "Pseudoautosomal regions"), 1-based,
// inclusive: GRCh37 PAR1 X:60,001–2,699,520, PAR2 X:154,931,044–155,260,560; GRCh38 PAR1 X:10,001–2,781,479,
// PAR2 X:155,701,383–156,030,895. Inside them X behaves as an autosome (the Y copy recombines with it).
export const PAR_REGIONS = {
  GRCh37: [
    [60_001, 2_699_520],
    [154_931_044, 155_260_560],
  ],
  GRCh38: [
    [10_001, 2_781_479],
    [155_701_383, 156_030_895],
  ],
} as const satisfies Record<string, readonly (readonly [number, number])[]>;

const kinds = new Map<string, 'x' | 'autosome' | 'other'>();

/** X, autosome or other, memoised: asked once per site of a genome. */
function kindOf(chrom: string): 'x' | 'autosome' | 'other' {
  let k = kinds.get(chrom);
  if (!k) {
    const c = chrom.replace(/^chr/i, '');
    k = c === 'X' || c === 'x' || c === '23' ? 'x' : /^\d+$/.test(c) && Number(c) >= 1 && Number(c) <= 22 ? 'autosome' : 'other';
    if (kinds.size < 10_000) kinds.set(chrom, k);
  }
  return k;
}

export function isXContig(chrom: string): boolean {
  return kindOf(chrom) === 'x';
}

/** True for a chrX position outside both PARs of the build: hemizygous in a male. */
export function isXNonPar(chrom: string, pos: number, build: 'GRCh37' | 'GRCh38'): boolean {
  if (!isXContig(chrom)) return false;
  return !PAR_REGIONS[build].some(([from, to]) => pos >= from && pos <= to);
}

export function isAutosome(chrom: string): boolean {
  return kindOf(chrom) === 'autosome';
}
