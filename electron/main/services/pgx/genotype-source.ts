// Where PGx genotypes come from: a VCF/gVCF file read straight from disk (`pgx --vcf`) or a patient's
// stored import (the store adapter builds one with `genotypeSourceFromRecords`). Both hand the matcher the
// ORIGINAL VCF record representation (multi-allelic ALTs not split, REF/ALT not trimmed): PharmCAT's allele
// definitions are written in that representation, and splitting a 1/2 genotype into two records is how
// multi-allelic NUDT15 sites get lost.
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import VCFParser from '@gmod/vcf';
import { AppError } from '../../../../shared/errors.ts';
import type { PgxWarning } from '../../../../shared/schemas/pgx.ts';
import { normaliseChrom } from '../vcf/normalise-allele.ts';

export interface VcfRecordGenotype {
  chrom: string;
  pos: number;
  ref: string;
  alts: string[];
  /** Allele indexes from GT, in GT order; null = '.'. */
  gt: (number | null)[];
  phased: boolean;
  ps: string | null;
}

export type PgxSiteCall =
  | { kind: 'called'; records: VcfRecordGenotype[] }
  | { kind: 'reference-block' }
  | { kind: 'missing' };

export interface PgxGenotypeSource {
  /** 'GRCh38' once checked; PharmCAT data is GRCh38-only. */
  build: string;
  /** chrom in 'chr1' style. */
  lookup(chrom: string, pos: number): PgxSiteCall;
  /**
   * Records overlapping [start, end] (inclusive). Optional: lets the matcher see an indel written at a
   * neighbouring anchor base (un-normalised or not left-aligned) next to an allele-defining position.
   */
  lookupRange?(chrom: string, start: number, end: number): VcfRecordGenotype[];
  /** The sample the genotypes belong to, where known. */
  sample?: string | null;
  /** Problems found while reading (build assumed, records skipped...). */
  warnings?: PgxWarning[];
}

/** A gVCF hom-ref block: POS..END (inclusive) with no ALT but <NON_REF>/<*>. */
export interface ReferenceBlock {
  chrom: string;
  start: number;
  end: number;
  /** False when the block's genotype is a no-call ("./."): covered, but not called. */
  called: boolean;
}

/** The PGx positions a reader must keep: chrom -> sorted starts, with the longest definition REF. */
export interface PgxPositionIndex {
  byChrom: Map<string, { starts: number[]; ends: number[] }>;
}

export function buildPositionIndex(positions: Iterable<{ chrom: string; pos: number; refLength: number }>): PgxPositionIndex {
  const tmp = new Map<string, Map<number, number>>();
  for (const p of positions) {
    const chrom = normaliseChrom(p.chrom);
    let m = tmp.get(chrom);
    if (!m) tmp.set(chrom, (m = new Map()));
    const end = p.pos + Math.max(1, p.refLength) - 1;
    m.set(p.pos, Math.max(m.get(p.pos) ?? end, end));
  }
  const byChrom = new Map<string, { starts: number[]; ends: number[] }>();
  for (const [chrom, m] of tmp) {
    const starts = [...m.keys()].sort((a, b) => a - b);
    byChrom.set(chrom, { starts, ends: starts.map((s) => m.get(s) as number) });
  }
  return { byChrom };
}

/** Longest REF a definition uses: bounds how far before a PGx position an overlapping record may start. */
const MAX_LOOKBACK = 200;

function overlapsIndex(index: PgxPositionIndex, chrom: string, start: number, end: number): boolean {
  const e = index.byChrom.get(chrom);
  if (!e) return false;
  // first PGx start >= start - MAX_LOOKBACK, then scan while starts <= end
  let lo = 0;
  let hi = e.starts.length;
  const from = start - MAX_LOOKBACK;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (e.starts[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  // one base of margin either side: an indel anchored on the neighbouring base can spell a PGx allele
  for (let i = lo; i < e.starts.length && e.starts[i] - 1 <= end; i++) {
    if (e.ends[i] + 1 >= start) return true;
  }
  return false;
}

function upperBound(arr: readonly { pos: number }[], pos: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid].pos <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A genotype source over records already in memory (the store adapter's route). Records must use the
 * original VCF representation; blocks are gVCF reference blocks. Chromosome names are normalised here.
 */
export function genotypeSourceFromRecords(
  records: readonly VcfRecordGenotype[],
  refBlocks: readonly ReferenceBlock[],
  build: string,
  meta: { sample?: string | null; warnings?: PgxWarning[] } = {},
): PgxGenotypeSource {
  const byChrom = new Map<string, VcfRecordGenotype[]>();
  let maxSpan = 1;
  for (const r of records) {
    const chrom = normaliseChrom(r.chrom);
    const rec = chrom === r.chrom ? r : { ...r, chrom };
    let list = byChrom.get(chrom);
    if (!list) byChrom.set(chrom, (list = []));
    list.push(rec);
    maxSpan = Math.max(maxSpan, r.ref.length);
  }
  for (const list of byChrom.values()) list.sort((a, b) => a.pos - b.pos);
  const blocks = new Map<string, { pos: number; end: number; called: boolean }[]>();
  for (const b of refBlocks) {
    const chrom = normaliseChrom(b.chrom);
    let list = blocks.get(chrom);
    if (!list) blocks.set(chrom, (list = []));
    list.push({ pos: b.start, end: b.end, called: b.called });
  }
  for (const list of blocks.values()) list.sort((a, b) => a.pos - b.pos);

  const range = (chromIn: string, start: number, end: number): VcfRecordGenotype[] => {
    const list = byChrom.get(normaliseChrom(chromIn));
    if (!list) return [];
    const out: VcfRecordGenotype[] = [];
    for (let i = upperBound(list, end) - 1; i >= 0 && list[i].pos > start - maxSpan; i--) {
      const r = list[i];
      if (r.pos + Math.max(1, r.ref.length) - 1 >= start) out.push(r);
    }
    return out.reverse();
  };
  return {
    build,
    sample: meta.sample ?? null,
    warnings: meta.warnings ?? [],
    lookupRange: range,
    lookup(chromIn: string, pos: number): PgxSiteCall {
      const chrom = normaliseChrom(chromIn);
      const list = byChrom.get(chrom);
      if (list) {
        const hits: VcfRecordGenotype[] = [];
        const hi = upperBound(list, pos);
        for (let i = hi - 1; i >= 0 && list[i].pos > pos - maxSpan; i--) {
          const r = list[i];
          if (r.pos + Math.max(1, r.ref.length) - 1 >= pos) hits.push(r);
        }
        if (hits.length > 0) {
          hits.reverse();
          return { kind: 'called', records: hits };
        }
      }
      const bl = blocks.get(chrom);
      if (bl) {
        const hi = upperBound(bl, pos);
        // blocks do not overlap in a valid gVCF, but scan back a little in case one does
        for (let i = hi - 1; i >= 0 && i >= hi - 4; i--) {
          if (bl[i].pos <= pos && bl[i].end >= pos) return bl[i].called ? { kind: 'reference-block' } : { kind: 'missing' };
        }
      }
      return { kind: 'missing' };
    },
  };
}

// --- reading a VCF file ---------------------------------------------------------------------------------

/** chr1 lengths identify the assembly when ##reference is absent or vague. */
const CHR1_LENGTH = { GRCh38: 248956422, GRCh37: 249250621, NCBI36: 247249719 } as const;

export interface BuildEvidence {
  build: 'GRCh38' | 'GRCh37' | 'NCBI36' | null;
  from: string | null;
}

function buildFromText(text: string): 'GRCh38' | 'GRCh37' | 'NCBI36' | null {
  if (/grch38|hg38|hs38|\bb38\b|ncbi38|GCA_000001405\.15|GCF_000001405\.(2[6-9]|[3-4]\d)/i.test(text)) return 'GRCh38';
  if (/grch37|hg19|hs37|\bb37\b|human_g1k_v37|ncbi37|GCA_000001405\.1\b|GCF_000001405\.(1[3-9]|2[0-5])/i.test(text)) return 'GRCh37';
  if (/ncbi36|hg18|\bb36\b/i.test(text)) return 'NCBI36';
  return null;
}

/** Genome build from ##contig lengths (preferred), contig assembly tags, then ##reference. */
export function detectBuild(headerLines: readonly string[]): BuildEvidence {
  let fromAssembly: BuildEvidence = { build: null, from: null };
  let fromReference: BuildEvidence = { build: null, from: null };
  for (const line of headerLines) {
    if (line.startsWith('##contig=')) {
      const id = /[<,]ID=([^,>]+)/.exec(line)?.[1];
      const len = Number(/[<,]length=(\d+)/.exec(line)?.[1] ?? NaN);
      if (id && normaliseChrom(id) === 'chr1' && Number.isFinite(len)) {
        for (const [build, l] of Object.entries(CHR1_LENGTH)) {
          if (l === len) return { build: build as BuildEvidence['build'], from: `##contig chr1 length ${len}` };
        }
      }
      const asm = /[<,]assembly=("?)([^,>"]+)\1/.exec(line)?.[2];
      if (asm && !fromAssembly.build) {
        const b = buildFromText(asm);
        if (b) fromAssembly = { build: b, from: `##contig assembly=${asm}` };
      }
    } else if (line.startsWith('##reference=') && !fromReference.build) {
      const b = buildFromText(line);
      if (b) fromReference = { build: b, from: line.trim() };
    }
  }
  return fromAssembly.build ? fromAssembly : fromReference;
}

function openLines(file: string): readline.Interface {
  const fd = fs.openSync(file, 'r');
  const magic = Buffer.alloc(2);
  fs.readSync(fd, magic, 0, 2, 0);
  fs.closeSync(fd);
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  // node's gunzip reads every member of a multi-member (bgzip) stream
  const input = magic[0] === 0x1f && magic[1] === 0x8b ? raw.pipe(zlib.createGunzip()) : raw;
  return readline.createInterface({ input, crlfDelay: Infinity });
}

function isSymbolicRefAlt(alt: string): boolean {
  return alt === '<NON_REF>' || alt === '<*>';
}

function parseGt(gt: string): { gt: (number | null)[]; phased: boolean } {
  const phased = !gt.includes('/') && gt.includes('|');
  const parts = gt.split(/[|/]/);
  return { gt: parts.map((p) => (p === '.' || p === '' ? null : Number(p))), phased };
}

export interface VcfSourceOptions {
  sample?: string;
  /** Only records overlapping these positions are kept; everything else is skipped unparsed. */
  positions: PgxPositionIndex;
}

export interface VcfGenotypeSource extends PgxGenotypeSource {
  sample: string | null;
  samples: string[];
  warnings: PgxWarning[];
  buildEvidence: BuildEvidence;
  stats: { dataLines: number; keptRecords: number; keptBlocks: number };
}

/**
 * Streams a .vcf/.vcf.gz (plain gzip or bgzip), keeping only records at or spanning PGx positions and gVCF
 * reference blocks that cover them. Refuses GRCh37/NCBI36 input: PharmCAT's positions are GRCh38 and a
 * liftover is not something to do silently.
 */
export async function genotypeSourceFromVcfFile(file: string, options: VcfSourceOptions): Promise<VcfGenotypeSource> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    throw new AppError('vcf/file-not-found', `The file ${file} could not be found.`, { file });
  }
  const warnings: PgxWarning[] = [];
  const headerLines: string[] = [];
  let parser: VCFParser | null = null;
  let sampleIdx = -1;
  let samples: string[] = [];
  let sample: string | null = null;
  let buildEvidence: BuildEvidence = { build: null, from: null };
  const records: VcfRecordGenotype[] = [];
  const blocks: ReferenceBlock[] = [];
  let dataLines = 0;
  let lineNo = 0;
  const rl = openLines(file);
  try {
    for await (const rawLine of rl) {
      lineNo++;
      const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
      if (parser === null) {
        if (line.startsWith('##')) {
          headerLines.push(line);
          continue;
        }
        if (!line.startsWith('#CHROM')) {
          if (line.trim() === '') continue;
          throw new AppError('vcf/bad-header', 'This file has no #CHROM header line, so it is not a VCF file GenoDesk can read.', { file, line: lineNo });
        }
        headerLines.push(line);
        const cols = line.split('\t');
        samples = cols.slice(9);
        if (samples.length === 0) {
          throw new AppError('vcf/bad-header', 'This VCF has no sample columns, so there are no genotypes to call from.', { file, line: lineNo });
        }
        if (options.sample !== undefined) {
          sampleIdx = samples.indexOf(options.sample);
          if (sampleIdx < 0) {
            throw new AppError('vcf/sample-not-found', `Sample "${options.sample}" is not in this file. It has: ${samples.slice(0, 10).join(', ')}${samples.length > 10 ? '…' : ''}.`, { file, sample: options.sample, samples });
          }
        } else if (samples.length > 1) {
          throw new AppError('vcf/sample-required', `This file has ${samples.length} samples; say which one to use.`, { file, samples });
        } else {
          sampleIdx = 0;
        }
        sample = samples[sampleIdx];
        buildEvidence = detectBuild(headerLines);
        if (buildEvidence.build && buildEvidence.build !== 'GRCh38') {
          throw new AppError('pgx/unsupported-build', `This file is on ${buildEvidence.build} (${buildEvidence.from}). Pharmacogenomic calling uses PharmCAT's GRCh38 positions; use a GRCh38 file.`, { file, build: buildEvidence.build, evidence: buildEvidence.from });
        }
        if (!buildEvidence.build) {
          warnings.push({ code: 'build-assumed', severity: 'warning', message: 'The file does not state its genome build (no ##reference or ##contig length); it was read as GRCh38, as PharmCAT does. Check the file is GRCh38.' });
        }
        parser = new VCFParser({ header: headerLines.join('\n'), strict: false });
        continue;
      }
      if (line === '' || line.startsWith('#')) continue;
      dataLines++;
      // Cheap pre-filter on CHROM/POS/REF/ALT so a whole-genome file is not parsed record by record.
      const t1 = line.indexOf('\t');
      const t2 = line.indexOf('\t', t1 + 1);
      const t3 = line.indexOf('\t', t2 + 1);
      const t4 = line.indexOf('\t', t3 + 1);
      const t5 = line.indexOf('\t', t4 + 1);
      if (t5 < 0) throw new AppError('vcf/line-malformed', `Line ${lineNo} has fewer than 8 columns.`, { file, line: lineNo });
      const chrom = normaliseChrom(line.slice(0, t1));
      const pos = Number(line.slice(t1 + 1, t2));
      if (!Number.isInteger(pos)) throw new AppError('vcf/line-malformed', `Line ${lineNo} has a POS that is not a whole number.`, { file, line: lineNo, column: 2 });
      const refLen = t4 - t3 - 1;
      const alt = line.slice(t4 + 1, t5);
      const isBlock = alt.split(',').every(isSymbolicRefAlt);
      let end = pos + Math.max(1, refLen) - 1;
      if (isBlock) {
        const t6 = line.indexOf('\t', t5 + 1);
        const t7 = t6 < 0 ? -1 : line.indexOf('\t', t6 + 1);
        const t8 = t7 < 0 ? -1 : line.indexOf('\t', t7 + 1);
        const info = t7 < 0 ? '' : line.slice(t7 + 1, t8 < 0 ? undefined : t8);
        const m = /(?:^|;)END=(\d+)/.exec(info);
        if (m) end = Math.max(end, Number(m[1]));
      }
      if (!overlapsIndex(options.positions, chrom, pos, end)) continue;

      const v = parser.parseLine(line);
      const sampleData = v.SAMPLES()[samples[sampleIdx]];
      const gtRaw = sampleData?.GT?.[0];
      if (gtRaw === undefined || gtRaw === null) {
        warnings.push({ code: 'no-genotype', severity: 'warning', message: `${chrom}:${pos} has no GT for the sample; treated as missing.` });
        continue;
      }
      const { gt, phased } = parseGt(String(gtRaw));
      if (isBlock) {
        blocks.push({ chrom, start: pos, end, called: gt.length > 0 && gt.every((g) => g === 0) });
        continue;
      }
      const psRaw = sampleData?.PS?.[0];
      records.push({
        chrom,
        pos,
        ref: String(v.REF ?? ''),
        alts: v.ALT ?? [],
        gt,
        phased,
        ps: psRaw === undefined || psRaw === null ? null : String(psRaw),
      });
    }
  } finally {
    rl.close();
  }
  if (parser === null) {
    throw new AppError('vcf/empty', 'The file is empty or has no VCF header.', { file });
  }
  const source = genotypeSourceFromRecords(records, blocks, 'GRCh38', { sample, warnings });
  return Object.assign(source, {
    sample,
    samples,
    warnings,
    buildEvidence,
    stats: { dataLines, keptRecords: records.length, keptBlocks: blocks.length },
  });
}
