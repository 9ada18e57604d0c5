// Family analysis of stored imports: every member's variants are streamed chunk by chunk from the packed
// store (services/vcf/stored-variants.ts) and merged by position, one chromosome at a time, so three
// genomes are never held as objects — at any moment one decoded chunk per member (plus the reader's bounded
// chunk cache). Each site feeds the family QC and, where the proband carries it, the segregation engine.
// Compound heterozygous pairing needs genes, so it runs on candidate lists (segregateCandidates), not here.
import { AppError } from '../../../../shared/errors.ts';
import type { FamilyQc, Segregation, SegregationResult } from '../../../../shared/schemas/family.ts';
import type { Store } from '../../db/connection.ts';
import { createStoredVariants } from '../vcf/stored-variants.ts';
import type { ChunkHeader, DecodedChunk } from '../vcf/stored-variants.ts';
import { createFamilyQc } from './qc/family-qc.ts';
import type { FamilyModel, FamilyVariant, SampleCall } from './segregation/family-genotypes.ts';
import { indexFamily, segregateVariant, segregateVariants, segregationOf } from './segregation/segregate.ts';

/** Chromosome names as the engine reads them: standard codes 1..25 are chr1..chr22, chrX, chrY, chrM. */
function chromName(code: number): string {
  return code <= 22 ? `chr${code}` : code === 23 ? 'chrX' : code === 24 ? 'chrY' : code === 25 ? 'chrM' : `contig${code}`;
}

const num = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** One member's rows of one chromosome, in stored (file) order, a chunk at a time. */
class MemberCursor {
  private chunk: DecodedChunk | null = null;
  private pos: Float64Array | null = null;
  private cols: Record<'ps' | 'gq' | 'dp' | 'adRef' | 'adAlt', Float64Array> | null = null;
  private i = 0;
  private h = 0;
  private readonly headers: ChunkHeader[];
  private readonly decode: (h: ChunkHeader) => DecodedChunk;
  constructor(headers: ChunkHeader[], decode: (h: ChunkHeader) => DecodedChunk) {
    this.headers = headers;
    this.decode = decode;
    this.load();
  }
  private load(): void {
    while (this.h < this.headers.length) {
      this.chunk = this.decode(this.headers[this.h++]);
      const c = this.chunk;
      this.pos = c.numbers('pos');
      this.cols = { ps: c.numbers('ps'), gq: c.numbers('gq'), dp: c.numbers('dp'), adRef: c.numbers('adRef'), adAlt: c.numbers('adAlt') };
      this.i = 0;
      if (this.chunk.count > 0) return;
    }
    this.chunk = null;
    this.pos = null;
  }
  get done(): boolean {
    return this.chunk === null;
  }
  get position(): number {
    return this.pos![this.i];
  }
  /** The current row's alleles and filter (strings from the chunk's table: no copy). */
  get ref(): string {
    return this.chunk!.textAtRow('ref', this.i) as string;
  }
  get alt(): string {
    return this.chunk!.textAtRow('alt', this.i) as string;
  }
  get filter(): string | null {
    return this.chunk!.textAtRow('filter', this.i);
  }
  /** The current row's call; moves on. */
  take(): SampleCall {
    const c = this.chunk!;
    const n = this.cols!;
    const i = this.i;
    const call: SampleCall = { gt: c.textAtRow('gt', i), ps: num(n.ps[i]), gq: num(n.gq[i]), dp: num(n.dp[i]), adRef: num(n.adRef[i]), adAlt: num(n.adAlt[i]) };
    if (++this.i >= c.count) this.load();
    return call;
  }
}

export interface FamilyAnalysisSummary {
  qc: FamilyQc;
  /** Sites the proband carries, by segregation. */
  counts: Record<Segregation, number>;
  /** De novo calls that passed every quality check (at most `keepDeNovo`). */
  deNovo: { key: string; result: SegregationResult }[];
  lowConfidenceDeNovo: number;
  sites: number;
}

/**
 * Streams every site of the members' imports (member id → import key) through QC and segregation.
 * `onVariant` sees each proband-carried site with its result (not kept: a genome has millions).
 */
type AnalysisOptions = { onVariant?: (v: FamilyVariant, segregation: Segregation, result: () => SegregationResult) => void; keepDeNovo?: number };

/** Synchronous, for the CLI, the benchmark and tests. */
export function analyseStoredFamily(store: Store, family: FamilyModel, importKeys: ReadonlyMap<string, number>, options: AnalysisOptions = {}): FamilyAnalysisSummary {
  const run = analysisSteps(store, family, importKeys, options);
  for (;;) {
    const step = run.next();
    if (step.done) return step.value;
  }
}

/**
 * For the app's main process: the same pass, giving the event loop back every YIELD_EVERY sites (a genome
 * takes seconds), reporting the fraction of chromosomes done, and stopping when `signal` aborts.
 */
export async function analyseStoredFamilyAsync(
  store: Store,
  family: FamilyModel,
  importKeys: ReadonlyMap<string, number>,
  options: AnalysisOptions & { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Promise<FamilyAnalysisSummary> {
  const run = analysisSteps(store, family, importKeys, options);
  for (;;) {
    if (options.signal?.aborted) throw new AppError('family/invalid', 'The family analysis was cancelled.', { cancelled: true });
    const step = run.next();
    if (step.done) return step.value;
    options.onProgress?.(step.value);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const YIELD_EVERY = 50_000;

function* analysisSteps(store: Store, family: FamilyModel, importKeys: ReadonlyMap<string, number>, options: AnalysisOptions): Generator<number, FamilyAnalysisSummary> {
  const stored = createStoredVariants(store);
  const fam = indexFamily(family);
  const qc = createFamilyQc(family);
  const members = family.members.filter((m) => importKeys.has(m.id));
  const counts: Record<Segregation, number> = { de_novo: 0, maternal: 0, paternal: 0, both_parents: 0, unknown: 0 };
  const deNovo: FamilyAnalysisSummary['deNovo'] = [];
  let lowConfidenceDeNovo = 0;
  let sites = 0;
  const keep = options.keepDeNovo ?? 500;
  const chroms = new Set<number>();
  for (const m of members) {
    for (const c of store.sqlite.prepare('SELECT DISTINCT chrom FROM variant_chunks WHERE import_key = ?').pluck().all(importKeys.get(m.id)) as number[]) chroms.add(c);
  }
  const ordered = [...chroms].sort((a, b) => a - b);
  for (const [chromIndex, chrom] of ordered.entries()) {
    const name = chromName(chrom);
    const cursors = members.map((m) => ({ id: m.id, cursor: new MemberCursor(stored.headers(importKeys.get(m.id)!, chrom), (h) => stored.decode(h)) }));
    for (;;) {
      let pos = Infinity;
      for (const { cursor } of cursors) if (!cursor.done && cursor.position < pos) pos = cursor.position;
      if (pos === Infinity) break;
      // Every member's rows at this position, grouped by allele (a split multi-allelic site has several).
      // Most positions have one allele: the Map is only made for the others (this loop runs per site of a genome).
      let first: FamilyVariant | null = null;
      let more: Map<string, FamilyVariant> | null = null;
      for (const { id, cursor } of cursors) {
        while (!cursor.done && cursor.position === pos) {
          const ref = cursor.ref;
          const alt = cursor.alt;
          let v: FamilyVariant | undefined;
          if (first && first.ref === ref && first.alt === alt) v = first;
          else if (more) v = more.get(`${ref}:${alt}`);
          if (!v) {
            v = { key: `${name}:${pos}:${ref}:${alt}`, chrom: name, pos, ref, alt, gene: null, filter: cursor.filter, calls: {} };
            if (!first) first = v;
            else (more ??= new Map()).set(`${ref}:${alt}`, v);
          }
          v.calls[id] = cursor.take();
        }
      }
      const sitesHere = more ? [first!, ...more.values()] : [first!];
      for (const v of sitesHere) {
        if (++sites % YIELD_EVERY === 0) yield chromIndex / ordered.length;
        qc.add(v);
        const segregation = segregationOf(fam, family, v);
        if (segregation === null) continue;
        counts[segregation]++;
        // The full result (reasons, modes, quality checks) only where it is needed: a genome has millions of sites.
        let full: SegregationResult | null = null;
        const result = () => (full ??= segregateVariant(fam, family, v));
        if (segregation === 'de_novo') {
          if (result().deNovoConfidence === 'high') {
            if (deNovo.length < keep) deNovo.push({ key: v.key, result: result() });
          } else lowConfidenceDeNovo++;
        }
        options.onVariant?.(v, segregation, result);
      }
    }
  }
  return { qc: qc.result(), counts, deNovo, lowConfidenceDeNovo, sites };
}

export interface CandidateSite {
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  gene: string | null;
}

/**
 * Segregation (compound heterozygous pairs included) of candidate variants — the tiering's or the phenotype
 * ranking's list — from each member's stored import. `chromCode` maps the candidate's contig to the stored code.
 */
export function segregateCandidates(
  store: Store,
  family: FamilyModel,
  importKeys: ReadonlyMap<string, number>,
  candidates: readonly CandidateSite[],
  chromCode: (chrom: string) => number | undefined,
): Map<string, SegregationResult> {
  const stored = createStoredVariants(store);
  const variants: FamilyVariant[] = candidates.map((c) => {
    const key = `${c.chrom}:${c.pos}:${c.ref}:${c.alt}`;
    const v: FamilyVariant = { key, chrom: c.chrom, pos: c.pos, ref: c.ref, alt: c.alt, gene: c.gene, filter: null, calls: {} };
    const code = chromCode(c.chrom);
    if (code === undefined) return v;
    for (const [member, importKey] of importKeys) {
      const row = stored.rowsWithPosIn(importKey, code, c.pos, c.pos).find((r) => r.ref === c.ref && r.alt === c.alt);
      if (!row) continue;
      if (member === family.proband) v.filter = row.filter;
      v.calls[member] = { gt: row.gt, ps: row.ps, gq: row.gq, dp: row.dp, adRef: row.ad_ref, adAlt: row.ad_alt };
    }
    return v;
  });
  return segregateVariants(family, variants);
}
