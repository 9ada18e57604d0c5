// Method-development tool (not shipped, not part of `npm test`): can a linear combination of per-disease
// phenotype features beat the hand-tuned DEFAULT_SCORING? Fits the weights by pairwise logistic regression
// (causal gene's best disease against the 80 best-scoring diseases of other genes and 40 random ones) on the
// "tune" half and reports top-1/3/10 on the "check" half. Used for docs/phenotype.md ("A fitted combination").
//   node test/bench/phenotype/feature-fit.ts        env: NTUNE, NCHECK, ROUNDS, ITERS, L2, FEATS=R,F,…,
//   NOSIGN=1 (drop the clinical sign constraints), WEIGHTS_OUT=file.json, PHENOTYPE_BENCH_CASES=…
// Features per disease (patient terms P, n = |P|): R Resnik BMA; F mean ln(frequency) at the match; E exact-match
// IC; Cov share of P the disease explains fully; B disease→patient (Phenomizer); Xp excluded penalty −ln(1−f);
// G ln(genes of the disease); S ln(profile size); Mx best single match IC; EF frequency-weighted exact IC;
// Xc share of excluded terms the disease has; Bu share of the disease's frequent terms the patient shows;
// Fl LIRICAL-like log LR with a noise floor.
import path from 'node:path';
import fs from 'node:fs';
import { DEFAULT_RESOURCES_DIR } from '../../../electron/main/resources-dir.ts';
import { findReleaseFiles, loadHpoRelease } from '../../../electron/main/services/phenotype/hpo-release.ts';
import { resolveQuery } from '../../../electron/main/services/phenotype/prioritise.ts';
import { phenopacketFiles, splitOf, toCase } from './read-cases.ts';
const data = loadHpoRelease(findReleaseFiles(path.join(DEFAULT_RESOURCES_DIR, 'hpo')), 'bundled');
const onto = data.ontology, idx = data.index, D = data.annotations.diseases, nd = D.length, ic = idx.ic;
const geneOf: string[][] = D.map((d) => d.genes);
// term -> diseases listing it exactly, with freq
const direct: { d: number[]; f: number[] }[] = Array.from({ length: onto.size }, () => ({ d: [], f: [] }));
D.forEach((dis, d) => dis.terms.forEach((t, k) => { direct[t].d.push(d); direct[t].f.push(dis.frequencies[k]); }));
const ancByIc = new Map<number, Int32Array>();
const anc = (t: number) => { let a = ancByIc.get(t); if (!a) { a = Int32Array.from(onto.ancestors[t]).sort((x, y) => ic[y] - ic[x]); ancByIc.set(t, a); } return a; };
export const NAMES = ['R', 'F', 'E', 'Cov', 'B', 'Xp', 'G', 'S', 'Mx', 'EF', 'Xc', 'Bu', 'Fl'];
function features(obs: number[], exc: number[]): Float64Array[] {
  const F = NAMES.map(() => new Float64Array(nd));
  const [R, Fq, E, Cov, B, Xp, G, S, Mx, EF, Xc, Bu, Fl] = F;
  const n = Math.max(1, obs.length);
  const best = new Float64Array(nd), bf = new Float64Array(nd); const seen = new Uint8Array(nd);
  for (const p of obs) {
    seen.fill(0);
    for (const a of anc(p)) {
      const post = idx.postings[a], fr = idx.postingFrequencies[a];
      for (let k = 0; k < post.length; k++) { const d = post[k]; if (!seen[d]) { seen[d] = 1; best[d] = ic[a]; bf[d] = fr[k]; } }
    }
    for (let d = 0; d < nd; d++) {
      if (!seen[d]) { best[d] = 0; bf[d] = 1; }
      R[d] += best[d] / n;
      if (best[d] > 0) Fq[d] += Math.log(Math.max(bf[d], 0.01)) / n;
      if (best[d] >= ic[p] - 1e-9) Cov[d] += 1 / n;
      if (best[d] > Mx[d]) Mx[d] = best[d];
      // LIRICAL-like floor: log LR with unexplained terms floored at IC-3
      Fl[d] += Math.max(best[d] + (best[d] > 0 ? Math.log(Math.max(bf[d], 0.01)) : 0), ic[p] - 4) / n;
    }
    const dd = direct[p];
    for (let k = 0; k < dd.d.length; k++) { E[dd.d[k]] += ic[p] / n; EF[dd.d[k]] += dd.f[k] * ic[p] / n; }
  }
  for (const e of exc) {
    const post = idx.postings[e], fr = idx.postingFrequencies[e];
    for (let k = 0; k < post.length; k++) { Xp[post[k]] += -Math.log(1 - Math.min(fr[k], 0.95)) / n; Xc[post[k]] += 1 / n; }
  }
  const closureIc = new Float64Array(onto.size).fill(-1);
  for (const p of obs) for (const a of onto.ancestors[p]) closureIc[a] = ic[a];
  for (let d = 0; d < nd; d++) {
    const dis = D[d];
    let sum = 0, w = 0, hi = 0, hiHit = 0;
    for (let k = 0; k < dis.terms.length; k++) {
      const t = dis.terms[k]; let m = 0;
      for (const a of onto.ancestors[t]) if (closureIc[a] > m) m = closureIc[a];
      sum += dis.frequencies[k] * m; w += dis.frequencies[k];
      if (dis.frequencies[k] >= 0.5) { hi++; if (m >= ic[t] - 1e-9) hiHit++; }
    }
    B[d] = w > 0 ? sum / w : 0; Bu[d] = hi > 0 ? hiHit / hi : 0;
    G[d] = Math.log(Math.max(1, dis.genes.length)); S[d] = Math.log(1 + dis.terms.length);
  }
  return F;
}
const cases: ReturnType<typeof toCase>[] = [];
for (const [file, text] of phenopacketFiles(process.env.PHENOTYPE_BENCH_CASES ?? path.resolve(import.meta.dirname, '../../../../shared/data/phenopackets/phenopacket-store.b694d17.dev-half.tar.gz'))) { const c = toCase(file, text); if (c && c.genes.length) cases.push(c); }
const ok = (x: string[]) => x.filter((id) => { try { onto.resolve(id); return true; } catch { return false; } });
function prep(c: NonNullable<ReturnType<typeof toCase>>) {
  const obs = ok(c.observed); if (!obs.length) return null;
  const q = resolveQuery(data, obs, ok(c.excluded).filter((e) => !obs.includes(e)));
  return { c, obs: q.observed.map((x) => x.index), exc: q.excluded.map((x) => x.index) };
}
const W0: Record<string, number> = { R: 0.97, F: 0.29, E: 0.97, B: 0.03, Xp: -0.03, G: -0.485 };
function rankOf(F: Float64Array[], w: number[], genes: string[]): number | null {
  const s = new Float64Array(nd);
  for (let i = 0; i < w.length; i++) if (w[i]) { const f = F[i]; for (let d = 0; d < nd; d++) s[d] += w[i] * f[d]; }
  const gs = new Map<string, number>();
  for (let d = 0; d < nd; d++) for (const g of geneOf[d]) { const v = gs.get(g); if (v === undefined || s[d] > v) gs.set(g, s[d]); }
  let causal = -Infinity; for (const g of genes) { const v = gs.get(g); if (v !== undefined && v > causal) causal = v; }
  if (causal === -Infinity) return null;
  let above = 0, tie = 0; for (const [g, v] of gs) { if (genes.includes(g)) continue; if (v > causal + 1e-12) above++; else if (Math.abs(v - causal) <= 1e-12) tie++; }
  return 1 + above + tie / 2;
}
function evaluate(set: { F: Float64Array[]; genes: string[] }[], w: number[]) {
  let n = 0, t1 = 0, t3 = 0, t10 = 0, rr = 0;
  for (const x of set) { const r = rankOf(x.F, w, x.genes); n++; if (r === null) continue; if (r <= 1) t1++; if (r <= 3) t3++; if (r <= 10) t10++; rr += 1 / r; }
  return `top1 ${(100 * t1 / n).toFixed(1)} top3 ${(100 * t3 / n).toFixed(1)} top10 ${(100 * t10 / n).toFixed(1)} MRR ${(rr / n).toFixed(3)} (n=${n})`;
}
const nTune = Number(process.env.NTUNE ?? 800), nCheck = Number(process.env.NCHECK ?? 600);
const pick = (split: string, max: number) => { const l = cases.filter((c) => splitOf(c!.file) === split); const st = Math.max(1, Math.floor(l.length / max)); return l.filter((_, i) => i % st === 0).slice(0, max); };
const t0 = performance.now();
const tune = pick('tune', nTune).map((c) => prep(c!)).filter((x) => x).map((x) => ({ F: features(x!.obs, x!.exc), genes: x!.c.genes, disease: x!.c.diseases }));
const check = pick('check', nCheck).map((c) => prep(c!)).filter((x) => x).map((x) => ({ F: features(x!.obs, x!.exc), genes: x!.c.genes }));
console.log('features in', ((performance.now() - t0) / 1000).toFixed(1), 's');
const w0 = NAMES.map((k) => W0[k] ?? 0);
console.log('baseline  tune', evaluate(tune, w0)); console.log('baseline check', evaluate(check, w0));
// Pairwise training data: positive = causal gene's best disease under current weights; negatives = top 80 other-gene diseases + 40 random.
const nf = NAMES.length;
const SIGNS: Record<string, number> = process.env.NOSIGN ? {} : { R: 1, F: 1, E: 1, Cov: 1, B: 1, Xp: -1, Xc: -1, G: -1, Mx: 1, EF: 1, Bu: 1, Fl: 1 };
const SIGN = NAMES.map((k) => SIGNS[k] ?? 0);
const mean = new Float64Array(nf), sd = new Float64Array(nf);
{ let cnt = 0; for (const x of tune) for (let d = 0; d < nd; d += 7) { cnt++; for (let i = 0; i < nf; i++) { mean[i] += x.F[i][d]; sd[i] += x.F[i][d] ** 2; } } for (let i = 0; i < nf; i++) { mean[i] /= cnt; sd[i] = Math.sqrt(sd[i] / cnt - mean[i] ** 2) || 1; } }
function buildPairs(w: number[]) {
  const pairs: Float64Array[] = [];
  let seed = 12345; const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  for (const x of tune) {
    const s = new Float64Array(nd); for (let i = 0; i < nf; i++) if (w[i]) for (let d = 0; d < nd; d++) s[d] += w[i] * x.F[i][d];
    let pos = -1; for (let d = 0; d < nd; d++) if (geneOf[d].some((g) => x.genes.includes(g)) && (pos < 0 || s[d] > s[pos])) pos = d;
    if (pos < 0) continue;
    const others = []; for (let d = 0; d < nd; d++) if (!geneOf[d].some((g) => x.genes.includes(g))) others.push(d);
    others.sort((a, b) => s[b] - s[a]);
    const negs = others.slice(0, 80); for (let k = 0; k < 40; k++) negs.push(others[Math.floor(rnd() * others.length)]);
    for (const ng of negs) { const v = new Float64Array(nf); for (let i = 0; i < nf; i++) v[i] = (x.F[i][pos] - x.F[i][ng]) / sd[i]; pairs.push(v); }
  }
  return pairs;
}
function train(pairs: Float64Array[], init: number[], l2: number, iters: number) {
  const w = Float64Array.from(init.map((v, i) => v * sd[i]));
  const m = new Float64Array(nf), v2 = new Float64Array(nf); const lr = 0.05;
  for (let it = 1; it <= iters; it++) {
    const g = new Float64Array(nf);
    for (const p of pairs) { let z = 0; for (let i = 0; i < nf; i++) z += w[i] * p[i]; const s = -1 / (1 + Math.exp(z)); for (let i = 0; i < nf; i++) g[i] += s * p[i]; }
    for (let i = 0; i < nf; i++) { g[i] = g[i] / pairs.length + l2 * w[i]; m[i] = 0.9 * m[i] + 0.1 * g[i]; v2[i] = 0.999 * v2[i] + 0.001 * g[i] * g[i]; w[i] -= lr * (m[i] / (1 - 0.9 ** it)) / (Math.sqrt(v2[i] / (1 - 0.999 ** it)) + 1e-8); if (SIGN[i] > 0 && w[i] < 0) w[i] = 0; if (SIGN[i] < 0 && w[i] > 0) w[i] = 0; }
  }
  return Array.from(w, (v, i) => v / sd[i]);
}
let w = w0;
const active = (process.env.FEATS ?? NAMES.join(',')).split(',');
const mask = NAMES.map((k) => active.includes(k));
for (let round = 0; round < Number(process.env.ROUNDS ?? 2); round++) {
  const pairs = buildPairs(w).map((p) => p.map((v, i) => (mask[i] ? v : 0)) as Float64Array);
  w = train(pairs, w.map((v, i) => (mask[i] ? v : 0)), Number(process.env.L2 ?? 1e-4), Number(process.env.ITERS ?? 300));
  const scale = Math.abs(w[0]) || 1;
  console.log(`round ${round}: w =`, Object.fromEntries(NAMES.map((k, i) => [k, +(w[i] / scale).toFixed(4)])));
  console.log('  tune', evaluate(tune, w)); console.log('  check', evaluate(check, w));
}
if (process.env.WEIGHTS_OUT) fs.writeFileSync(process.env.WEIGHTS_OUT, JSON.stringify(Object.fromEntries(NAMES.map((k, i) => [k, w[i]]))));
