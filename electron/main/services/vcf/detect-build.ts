// Which genome build a VCF's coordinates are on, from its header. Everything downstream (PGx positions,
// annotation packs, gene coordinates) is build-specific, so a wrong guess is a wrong result: when the
// header is silent or contradicts itself the import stops (vcf/unsupported-build) unless the user says.
import type { GenomeBuild } from '../../../../shared/schemas/vcf.ts';
import { normaliseChrom } from './normalise-allele.ts';

// Primary chromosome lengths. Source: Genome Reference Consortium assembly reports (NCBI) for GRCh37.p13
// (GCF_000001405.25) and GRCh38.p14 (GCF_000001405.40); patches do not change these lengths. The
// mitochondrion is left out: both builds use rCRS (16,569 bp) and hg19's chrM (16,571 bp) is an older
// sequence, so it cannot tell the builds apart.
const LENGTHS: Record<GenomeBuild, Record<string, number>> = {
  GRCh37: {
    chr1: 249250621, chr2: 243199373, chr3: 198022430, chr4: 191154276, chr5: 180915260, chr6: 171115067,
    chr7: 159138663, chr8: 146364022, chr9: 141213431, chr10: 135534747, chr11: 135006516, chr12: 133851895,
    chr13: 115169878, chr14: 107349540, chr15: 102531392, chr16: 90354753, chr17: 81195210, chr18: 78077248,
    chr19: 59128983, chr20: 63025520, chr21: 48129895, chr22: 51304566, chrX: 155270560, chrY: 59373566,
  },
  GRCh38: {
    chr1: 248956422, chr2: 242193529, chr3: 198295559, chr4: 190214555, chr5: 181538259, chr6: 170805979,
    chr7: 159345973, chr8: 145138636, chr9: 138394717, chr10: 133797422, chr11: 135086622, chr12: 133275309,
    chr13: 114364328, chr14: 107043718, chr15: 101991189, chr16: 90338345, chr17: 83257441, chr18: 80373285,
    chr19: 58617616, chr20: 64444167, chr21: 46709983, chr22: 50818468, chrX: 156040895, chrY: 57227415,
  },
};

// Names in ##reference / ##assembly / contig `assembly=` that pin a build. NCBI36 (hg18) is recognised
// only to say plainly that it is not supported.
const NAME_PATTERNS: { build: GenomeBuild | 'NCBI36'; re: RegExp }[] = [
  { build: 'GRCh38', re: /grch38|\bhg38\b|hs38|\bb38\b|GCA_000001405\.(1[5-9]|2\d)|GCF_000001405\.(2[6-9]|[3-4]\d)|hg38/i },
  { build: 'GRCh37', re: /grch37|\bhg19\b|hs37|human_g1k_v37|\bb37\b|GCA_000001405\.([1-9]|1[0-4])\b|GCF_000001405\.(1[3-9]|2[0-5])\b|hg19|hs37d5/i },
  { build: 'NCBI36', re: /ncbi36|\bhg18\b|\bb36\b|ncbi_?build_?36/i },
];

// Non-primary contigs whose names exist in one build only (GRCh38 KI27xxxx/ v1 alts; GRCh37 hs37d5 decoy).
const CONTIG_NAME_PATTERNS: { build: GenomeBuild; re: RegExp }[] = [
  { build: 'GRCh38', re: /KI270\d{3}|_alt$|^chrUn_|^HLA-/i },
  { build: 'GRCh37', re: /^hs37d5$|^GL0002\d\d\.1$|^NC_007605$/i },
];

export interface HeaderBuildInput {
  reference: string | null;
  /** ##assembly=… lines. */
  assembly: string | null;
  contigs: { id: string; length: number | null; assembly: string | null }[];
}

export interface BuildEvidence {
  build: GenomeBuild | 'NCBI36' | 'unknown-assembly';
  source: string;
}

export interface BuildDetection {
  /** The build the header establishes, or null when it is silent or contradictory. */
  build: GenomeBuild | null;
  evidence: BuildEvidence[];
  /** Human-readable reason when build is null. */
  problem: string | null;
}

export function detectBuild(input: HeaderBuildInput): BuildDetection {
  const evidence: BuildEvidence[] = [];
  const byName = (value: string | null, source: string) => {
    if (!value) return;
    for (const p of NAME_PATTERNS) {
      if (p.re.test(value)) {
        evidence.push({ build: p.build, source: `${source} "${value}"` });
        return;
      }
    }
  };
  byName(input.reference, '##reference');
  byName(input.assembly, '##assembly');

  let lengthMatches = 0;
  let lengthMisses = 0;
  const contigAssemblies = new Set<string>();
  for (const c of input.contigs) {
    if (c.assembly) contigAssemblies.add(c.assembly);
    for (const p of CONTIG_NAME_PATTERNS) {
      if (p.re.test(c.id)) evidence.push({ build: p.build, source: `##contig ${c.id}` });
    }
    if (c.length === null) continue;
    const chrom = normaliseChrom(c.id);
    const known37 = LENGTHS.GRCh37[chrom];
    if (known37 === undefined) continue;
    if (c.length === known37) {
      evidence.push({ build: 'GRCh37', source: `##contig ${c.id} length ${c.length}` });
      lengthMatches += 1;
    } else if (c.length === LENGTHS.GRCh38[chrom]) {
      evidence.push({ build: 'GRCh38', source: `##contig ${c.id} length ${c.length}` });
      lengthMatches += 1;
    } else {
      lengthMisses += 1;
    }
  }
  for (const a of contigAssemblies) byName(a, '##contig assembly');
  // Primary chromosomes whose lengths match neither build (NCBI36, another species, a test file) say
  // nothing about which of the two it is, but when no length matches at all they say "neither".
  if (lengthMisses > 0 && lengthMatches === 0) {
    evidence.push({ build: 'unknown-assembly', source: `${lengthMisses} ##contig length(s) match neither GRCh37 nor GRCh38` });
  }

  const builds = new Set(evidence.map((e) => e.build));
  if (builds.size === 0) {
    return { build: null, evidence, problem: 'The header has no ##reference or ##contig lengths that name a genome build.' };
  }
  if (builds.has('NCBI36')) {
    return { build: null, evidence, problem: `The header says the file is on NCBI36 (hg18), which GenoDesk does not support.` };
  }
  const supported = [...builds].filter((b): b is GenomeBuild => b === 'GRCh37' || b === 'GRCh38');
  if (supported.length === 2) {
    const say = (b: GenomeBuild) => evidence.filter((e) => e.build === b).map((e) => e.source).slice(0, 2).join(', ');
    return { build: null, evidence, problem: `The header contradicts itself: ${say('GRCh37')} suggest GRCh37 but ${say('GRCh38')} suggest GRCh38.` };
  }
  if (supported.length === 1) return { build: supported[0], evidence, problem: null };
  return { build: null, evidence, problem: 'The ##contig lengths match neither GRCh37 nor GRCh38.' };
}
