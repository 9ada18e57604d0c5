// A whole genome's worth of carried variants as the phenotype ranking receives them (CandidateVariantInput),
// for measuring and cancelling rankings at the app's limit (MAX_PATIENT_VARIANTS) without importing a genome.
// Deterministic: the same genes, positions and consequences every run. The mix is a genome's, mostly
// intronic and non-coding with a few percent coding changes, spread over every gene the HPO release annotates
// (and as many again it does not), and one homozygous stop-gain in `causal` so the ranking has a clear answer.
import type { CandidateVariantInput } from '../../shared/schemas/diagnosis.ts';

const MIX: [string, number][] = [
  ['intron_variant', 0.7],
  ['upstream_gene_variant', 0.1],
  ['3_prime_UTR_variant', 0.08],
  ['synonymous_variant', 0.06],
  ['missense_variant', 0.055],
  ['frameshift_variant', 0.005],
];

export function genomeCandidates(hpoGenes: readonly string[], count: number, causal = 'COQ8A'): CandidateVariantInput[] {
  const genes = [...hpoGenes, ...hpoGenes.map((g) => `${g}-AS1`)];
  let seed = 0x2545f491;
  const rand = () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return seed / 4294967296;
  };
  const term = (): string => {
    let x = rand();
    for (const [t, p] of MIX) if ((x -= p) < 0) return t;
    return MIX[0][0];
  };
  const out: CandidateVariantInput[] = [];
  for (let i = 0; i < count - 1; i++) {
    const hom = rand() < 0.35;
    out.push({
      chrom: String(1 + (i % 22)),
      pos: 10_000 + i * 7,
      ref: 'A',
      alt: 'G',
      genotype: hom ? '1/1' : '0/1',
      zygosity: hom ? 'homozygous' : 'heterozygous',
      phased: false,
      filter: 'PASS',
      gq: 60,
      dp: 30,
      consequences: [{ gene: genes[Math.floor(rand() * genes.length)], transcript: `ENST${String(i).padStart(11, '0')}`, terms: [term()], hgvsc: null, hgvsp: null, impact: null }],
      clinvar: null,
    });
  }
  out.push({
    chrom: '1',
    pos: 226_986_000,
    ref: 'C',
    alt: 'T',
    genotype: '1/1',
    zygosity: 'homozygous',
    phased: false,
    filter: 'PASS',
    gq: 99,
    dp: 40,
    consequences: [{ gene: causal, transcript: 'ENST00000366777', terms: ['stop_gained'], hgvsc: 'c.1042C>T', hgvsp: 'p.Arg348Ter', impact: 'HIGH' }],
    clinvar: { significance: 'Pathogenic', stars: 2, condition: null },
  });
  return out;
}
