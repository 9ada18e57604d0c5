// `npm run bench:phenotype [-- --cases PATH] [--max N] [--split tune|check|all] [--parts a,b,c]`
// Phenotype-driven ranking measured on phenopacket-store cases (issue 13 item 5). Prints figures, not
// pass/fail. Cases: PHENOTYPE_BENCH_CASES or --cases (a .tar.gz of phenopacket JSONs or a folder of them);
// by default the dev half in ../shared/data/phenopackets/. The same bench runs unchanged on the held-out half.
//   (a) phenotype only: rank of the causal gene among every gene with HPO annotations;
//   (b) simulated exome: the case's own GRCh38 variants with a VEP-style CSQ derived from their HGVS, written
//       to a VCF with the causal variants of ≥100 other cases in other genes, read back by the same code as
//       `prioritise --vcf`;
//   (c) time per case in process and one whole `genodesk prioritise` process.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_RESOURCES_DIR } from '../../electron/main/resources-dir.ts';
import { findReleaseFiles, loadHpoRelease } from '../../electron/main/services/phenotype/hpo-release.ts';
import type { HpoRelease } from '../../electron/main/services/phenotype/hpo-release.ts';
import { rankGenes, resolveQuery } from '../../electron/main/services/phenotype/prioritise.ts';
import type { CombineOptions } from '../../electron/main/services/phenotype/prioritise.ts';
import { DEFAULT_COMBINE } from '../../electron/main/services/phenotype/prioritise.ts';
import type { ScoringOptions } from '../../electron/main/services/phenotype/ranking/phenotype-scorer.ts';
import { DEFAULT_SCORING } from '../../electron/main/services/phenotype/ranking/phenotype-scorer.ts';
import type { BenchCase } from './phenotype/read-cases.ts';
import { phenopacketFiles, splitOf, toCase } from './phenotype/read-cases.ts';
import { runExomeBench } from './phenotype/simulated-exome.ts';
import { runProcessBench } from './phenotype/process-time.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string' },
    max: { type: 'string' },
    split: { type: 'string', default: 'all' },
    parts: { type: 'string', default: 'a,b,c' },
    tune: { type: 'boolean', default: false },
  },
});
const source = values.cases ?? process.env.PHENOTYPE_BENCH_CASES ?? path.resolve(import.meta.dirname, '../../../shared/data/phenopackets/phenopacket-store.b694d17.dev-half.tar.gz');
const parts = new Set(values.parts.split(','));

export interface RankStats {
  n: number;
  top1: number;
  top3: number;
  top5: number;
  top10: number;
  rr: number;
  notRanked: number;
}

export const emptyStats = (): RankStats => ({ n: 0, top1: 0, top3: 0, top5: 0, top10: 0, rr: 0, notRanked: 0 });

export function addRank(s: RankStats, rank: number | null): void {
  s.n++;
  if (rank === null) {
    s.notRanked++;
    return;
  }
  if (rank <= 1) s.top1++;
  if (rank <= 3) s.top3++;
  if (rank <= 5) s.top5++;
  if (rank <= 10) s.top10++;
  s.rr += 1 / rank;
}

export const pct = (x: number, n: number): string => (n === 0 ? '—' : `${((100 * x) / n).toFixed(1)}%`);

/**
 * Rank of the best-placed causal gene among every ranked gene, or null when no causal gene has HPO
 * annotations. Genes tied on score count at the middle of their tie (the expected rank if the tie were
 * broken at random), not at its top: a method that ties everything must not look perfect.
 */
export function fairRank(scores: readonly number[], isCausal: (i: number) => boolean): number | null {
  let best: number | null = null;
  for (let i = 0; i < scores.length; i++) {
    if (!isCausal(i)) continue;
    let first = i;
    while (first > 0 && scores[first - 1] === scores[i]) first--;
    let last = i;
    while (last + 1 < scores.length && scores[last + 1] === scores[i]) last++;
    const r = first + 1 + (last - first) / 2;
    if (best === null || r < best) best = r;
  }
  return best;
}

/** Rank of the best-placed causal gene with ties sharing their best rank (CLI.md's convention for the output). */
export function bestRank(scores: readonly number[], isCausal: (i: number) => boolean): number | null {
  let best: number | null = null;
  for (let i = 0; i < scores.length; i++) {
    if (!isCausal(i)) continue;
    let first = i;
    while (first > 0 && scores[first - 1] === scores[i]) first--;
    if (best === null || first + 1 < best) best = first + 1;
  }
  return best;
}

function phenotypeRanks(data: HpoRelease, c: BenchCase, scoring: ScoringOptions): { mid: number | null; best: number | null } {
  const q = resolveQuery(data, c.observed, c.excluded);
  const r = rankGenes(data, { observed: q.observed.map((x) => x.index), excluded: q.excluded.map((x) => x.index) }, undefined, scoring);
  const scores = r.candidates.map((x) => x.score);
  const isCausal = (i: number): boolean => c.genes.includes(r.candidates[i].gene);
  return { mid: fairRank(scores, isCausal), best: bestRank(scores, isCausal) };
}

function termsKnown(data: HpoRelease, ids: string[]): string[] {
  return ids.filter((id) => {
    try {
      data.ontology.resolve(id);
      return true;
    } catch {
      return false;
    }
  });
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const data = loadHpoRelease(findReleaseFiles(path.join(DEFAULT_RESOURCES_DIR, 'hpo')), 'bundled');
  console.log(`HPO ${data.dataVersion.version}: ${data.dataVersion.annotations}; loaded in ${(performance.now() - t0).toFixed(0)} ms`);
  const all: BenchCase[] = [];
  let unreadable = 0;
  for (const [file, text] of phenopacketFiles(source)) {
    const c = toCase(file, text);
    if (!c) unreadable++;
    else all.push(c);
  }
  const max = values.max ? Number(values.max) : Infinity;
  const chosen = all.filter((c) => values.split === 'all' || splitOf(c.file) === values.split);
  // Spread a --max sample over every disease group rather than taking the first notebooks only.
  const step = Number.isFinite(max) ? Math.max(1, Math.floor(chosen.length / max)) : 1;
  const sample = chosen.filter((_, i) => i % step === 0).slice(0, max);
  const noGene = sample.filter((c) => c.genes.length === 0);
  const noTerms = sample.filter((c) => c.genes.length > 0 && termsKnown(data, c.observed).length === 0);
  const cases = sample
    .filter((c) => c.genes.length > 0)
    .map((c) => ({ ...c, observed: termsKnown(data, c.observed), excluded: termsKnown(data, c.excluded).filter((e) => !c.observed.includes(e)) }))
    .filter((c) => c.observed.length > 0);
  console.log(`cases: ${source}\n  ${all.length} phenopackets (${unreadable} unreadable); split ${values.split}, ${sample.length} used; ${noGene.length} without a causal gene (structural variants; counted, not ranked); ${noTerms.length} without a usable observed term`);

  if (values.tune) {
    const grid: ScoringOptions[] = process.env.PHENOTYPE_GRID
      ? (JSON.parse(process.env.PHENOTYPE_GRID) as ScoringOptions[])
      : [0, 0.02, 0.1].flatMap((symmetric) => [0, 0.1].flatMap((excludedWeight) => [0, 0.3].map((frequencyLog) => ({ symmetric, excludedWeight, frequencyWeighted: true, frequencyLog, sizePenalty: 0 }))));
    for (const g of grid) {
      const s = emptyStats();
      const b = emptyStats();
      for (const c of cases) {
        const r = phenotypeRanks(data, c, g);
        addRank(s, r.mid);
        addRank(b, r.best);
      }
      console.log(`  ${JSON.stringify(g)}  mid-tie: top1 ${pct(s.top1, s.n)}  top10 ${pct(s.top10, s.n)}  MRR ${(s.rr / s.n).toFixed(3)} | best-rank: top1 ${pct(b.top1, b.n)}  top10 ${pct(b.top10, b.n)}`);
    }
    return;
  }

  if (parts.has('a')) {
    const overall = emptyStats();
    const overallBest = emptyStats();
    const byGroup = new Map<string, RankStats>();
    const started = performance.now();
    for (const c of cases) {
      const ranks = phenotypeRanks(data, c, DEFAULT_SCORING);
      const rank = ranks.mid;
      addRank(overall, rank);
      addRank(overallBest, ranks.best);
      const g = byGroup.get(c.group) ?? emptyStats();
      addRank(g, rank);
      byGroup.set(c.group, g);
    }
    const perCase = (performance.now() - started) / Math.max(1, cases.length);
    console.log(`\n(a) phenotype only, ${overall.n} cases, causal gene among ${data.annotations.genes.size} genes`);
    console.log(`  ties at mid-tie:   top-1 ${pct(overall.top1, overall.n)}  top-3 ${pct(overall.top3, overall.n)}  top-10 ${pct(overall.top10, overall.n)}  MRR ${(overall.rr / overall.n).toFixed(3)}  causal gene without HPO annotations: ${overall.notRanked}`);
    console.log(`  ties at best rank: top-1 ${pct(overallBest.top1, overallBest.n)}  top-3 ${pct(overallBest.top3, overallBest.n)}  top-10 ${pct(overallBest.top10, overallBest.n)}  MRR ${(overallBest.rr / overallBest.n).toFixed(3)}`);
    console.log(`  (c) ${perCase.toFixed(1)} ms per case in process (ranking all genes)`);
    printGroups(byGroup);
  }
  if (parts.has('b')) await runExomeBench(data, cases, DEFAULT_SCORING, process.env.PHENOTYPE_COMBINE ? (JSON.parse(process.env.PHENOTYPE_COMBINE) as CombineOptions) : DEFAULT_COMBINE, fairRank);
  if (parts.has('c')) runProcessBench(cases);
}

export function printGroups(byGroup: Map<string, RankStats>, topN = 25): void {
  // Disease groups: phenopacket-store's notebook folders, largest first; the rest summed.
  const rows = [...byGroup.entries()].sort((a, b) => b[1].n - a[1].n);
  console.log(`  ${'group'.padEnd(34)} ${'n'.padStart(5)} ${'top-1'.padStart(7)} ${'top-10'.padStart(7)}`);
  const rest = emptyStats();
  rows.forEach(([g, s], i) => {
    if (i < topN) console.log(`  ${g.slice(0, 34).padEnd(34)} ${String(s.n).padStart(5)} ${pct(s.top1, s.n).padStart(7)} ${pct(s.top10, s.n).padStart(7)}`);
    else for (const k of Object.keys(rest) as (keyof RankStats)[]) rest[k] += s[k];
  });
  if (rest.n > 0) console.log(`  ${`(${rows.length - topN} other groups)`.padEnd(34)} ${String(rest.n).padStart(5)} ${pct(rest.top1, rest.n).padStart(7)} ${pct(rest.top10, rest.n).padStart(7)}`);
}

await main();
