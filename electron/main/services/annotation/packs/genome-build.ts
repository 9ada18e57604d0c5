// Recognising the genome build of a pack file or a VCF from what it says about itself. Annotating a GRCh37
// VCF against a GRCh38 pack gives confident, wrong consequences, so every input is checked.
// Primary-assembly chromosome lengths and RefSeq accessions are those of the GRC assembly reports for
// GRCh37.p13 (GCF_000001405.25) and GRCh38.p14 (GCF_000001405.40); chrM is the rCRS (NC_012920.1) in both.
import { normaliseChrom } from '../../vcf/normalise-allele.ts';

export type GenomeBuild = 'GRCh37' | 'GRCh38';

const CHROMS = [...Array.from({ length: 22 }, (_, i) => `chr${i + 1}`), 'chrX', 'chrY'];

const GRCH38_LENGTHS = [
  248956422, 242193529, 198295559, 190214555, 181538259, 170805979, 159345973, 145138636, 138394717, 133797422,
  135086622, 133275309, 114364328, 107043718, 101991189, 90338345, 83257441, 80373285, 58617616, 64444167,
  46709983, 50818468, 156040895, 57227415,
];
const GRCH37_LENGTHS = [
  249250621, 243199373, 198022430, 191154276, 180915260, 171115067, 159138663, 146364022, 141213431, 135534747,
  135006516, 133851895, 115169878, 107349540, 102531392, 90354753, 81195210, 78077248, 59128983, 63025520,
  48129895, 51304566, 155270560, 59373566,
];
const GRCH38_ACCESSION_VERSIONS = [11, 12, 12, 12, 10, 12, 14, 11, 12, 11, 10, 12, 11, 9, 10, 10, 11, 10, 10, 11, 9, 11, 11, 10];
const GRCH37_ACCESSION_VERSIONS = [10, 11, 11, 11, 9, 11, 13, 10, 11, 10, 9, 11, 10, 8, 9, 9, 10, 9, 9, 10, 8, 10, 10, 9];

const LENGTHS: Record<GenomeBuild, Map<string, number>> = {
  GRCh37: new Map(CHROMS.map((c, i) => [c, GRCH37_LENGTHS[i]])),
  GRCh38: new Map(CHROMS.map((c, i) => [c, GRCH38_LENGTHS[i]])),
};

/** RefSeq chromosome accession (NC_000021.9) → build and GenoDesk chromosome name. */
const ACCESSIONS = new Map<string, { build: GenomeBuild; chrom: string }>();
CHROMS.forEach((chrom, i) => {
  const n = String(i + 1).padStart(6, '0');
  ACCESSIONS.set(`NC_${n}.${GRCH38_ACCESSION_VERSIONS[i]}`, { build: 'GRCh38', chrom });
  ACCESSIONS.set(`NC_${n}.${GRCH37_ACCESSION_VERSIONS[i]}`, { build: 'GRCh37', chrom });
});

export function refSeqAccession(name: string): { build: GenomeBuild; chrom: string } | undefined {
  return ACCESSIONS.get(name);
}

/** Contig name to GenoDesk's chromosome name, understanding RefSeq NC_ accessions as well as 21/chr21. */
export function canonicalChrom(name: string): string {
  if (name === 'NC_012920.1') return 'chrM';
  return ACCESSIONS.get(name)?.chrom ?? normaliseChrom(name);
}

/** Build named in free text: "GRCh38.p14", "hg19", "b37", a reference path such as ".../GRCh37/human_g1k_v37.fasta". */
export function buildFromText(text: string | undefined): GenomeBuild | undefined {
  if (!text) return undefined;
  if (/grch38|hg38|\bb38\b|GCA_000001405\.(1[5-9]|2\d)|GCF_000001405\.(2[6-9]|[34]\d)/i.test(text)) return 'GRCh38';
  if (/grch37|hg19|\bb37\b|human_g1k_v37|hs37d5|GCF_000001405\.(1\d|2[0-5])/i.test(text)) return 'GRCh37';
  return undefined;
}

export interface BuildEvidence {
  build?: GenomeBuild;
  /** What decided it, for error messages. */
  reason?: string;
  conflicting?: boolean;
}

/**
 * Build from contig lengths: a contig votes only when its length is exactly that of a primary chromosome in
 * one build. Slices and test fragments have other lengths and do not vote, so they stay "unknown".
 */
export function buildFromContigLengths(contigs: Iterable<[string, number]>): BuildEvidence {
  const votes = new Set<GenomeBuild>();
  let reason = '';
  for (const [name, length] of contigs) {
    const chrom = canonicalChrom(name);
    for (const build of ['GRCh37', 'GRCh38'] as const) {
      if (LENGTHS[build].get(chrom) === length) {
        votes.add(build);
        reason ||= `${name} is ${length} bp long, as in ${build}`;
      }
    }
  }
  if (votes.size === 1) return { build: [...votes][0], reason };
  if (votes.size > 1) return { conflicting: true, reason: 'contig lengths match more than one build' };
  return {};
}

export function buildFromAccessions(names: Iterable<string>): BuildEvidence {
  const votes = new Set<GenomeBuild>();
  let reason = '';
  for (const name of names) {
    const hit = ACCESSIONS.get(name);
    if (hit) {
      votes.add(hit.build);
      reason ||= `${name} is the ${hit.build} accession of ${hit.chrom}`;
    }
  }
  if (votes.size === 1) return { build: [...votes][0], reason };
  if (votes.size > 1) return { conflicting: true, reason: 'RefSeq accessions of more than one build' };
  return {};
}

export function chromosomeLength(build: GenomeBuild, chrom: string): number | undefined {
  return LENGTHS[build].get(canonicalChrom(chrom));
}
