// npm run bench:import — issue 4's "Speed and memory" benchmark. Prints figures; not a pass/fail test.
//
// Builds, deterministically, 1,000,000- and 5,000,000-record single-sample bgzipped VCFs from the real
// NA12878 Platinum Genomes GRCh38 chr21 records (shared data): the records are laid out again along
// chr1..chr22 and chrX, shifted so every chromosome stays sorted and inside its GRCh38 length. Each file is
// then imported into a fresh encrypted store in its own child process (so peak RSS belongs to that
// import alone, worker thread included) and `bcftools query` is timed on the same file.
//
//   BENCH_SIZES=1000000,5000000   which files (default both)
//   BENCH_DIR=/path               where generated files are kept between runs (default: OS temp dir)
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { enableCompileCache } from '../../electron/cli/compile-cache.ts';
import { openStore } from '../../electron/main/db/connection.ts';
import type { ImportTimings } from '../../electron/main/services/vcf/import-service.ts';
import { createImportService } from '../../electron/main/services/vcf/import-service.ts';
import { SHARED_DATA } from '../helpers/paths.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

export const SOURCE = path.join(SHARED_DATA, 'vcf/platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz');
export const GENERATOR_VERSION = 1;
const QUERY_FORMAT = '%CHROM\\t%POS\\t%REF\\t%ALT[\\t%GT]\\n';

// GRCh38 primary chromosome lengths (GRC assembly report, GRCh38.p14), for the ##contig lines and the layout.
const GRCH38: [string, number][] = [
  ['chr1', 248956422], ['chr2', 242193529], ['chr3', 198295559], ['chr4', 190214555], ['chr5', 181538259], ['chr6', 170805979],
  ['chr7', 159345973], ['chr8', 145138636], ['chr9', 138394717], ['chr10', 133797422], ['chr11', 135086622], ['chr12', 133275309],
  ['chr13', 114364328], ['chr14', 107043718], ['chr15', 101991189], ['chr16', 90338345], ['chr17', 83257441], ['chr18', 80373285],
  ['chr19', 58617616], ['chr20', 64444167], ['chr21', 46709983], ['chr22', 50818468], ['chrX', 156040895],
];

interface SourceRecord {
  pos: number;
  /** The line from the REF column on (chromosome and position are rewritten). */
  rest: string;
}

async function readSource(): Promise<{ meta: string[]; chromLine: string; records: SourceRecord[] }> {
  const meta: string[] = [];
  let chromLine = '';
  const records: SourceRecord[] = [];
  const rl = readline.createInterface({ input: fs.createReadStream(SOURCE).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.startsWith('##')) {
      if (!line.startsWith('##contig=')) meta.push(line);
    } else if (line.startsWith('#')) chromLine = line;
    else if (line) {
      const t1 = line.indexOf('\t');
      const t2 = line.indexOf('\t', t1 + 1);
      // ID column becomes '.', the rest (REF, ALT, QUAL, FILTER, INFO, FORMAT, sample) is kept verbatim.
      const t3 = line.indexOf('\t', t2 + 1);
      records.push({ pos: Number(line.slice(t1 + 1, t2)), rest: line.slice(t3 + 1) });
    }
  }
  return { meta, chromLine, records };
}

/**
 * Layer 0 places whole copies of the chr21 record set end to end on each chromosome; when the genome is
 * full, layer 1 does it again 173 bp to the right (an odd shift, so the layers interleave), and so on,
 * until `total` records. Per chromosome, the layers are merged so the file stays sorted.
 */
export async function generate(total: number, out: string): Promise<void> {
  const { meta, chromLine, records } = await readSource();
  const minPos = records[0].pos;
  const span = records[records.length - 1].pos - minPos + 1;
  const margin = 10_000;
  const bgzip = spawn('bgzip', ['-c'], { stdio: ['pipe', fs.openSync(out + '.part', 'w'), 'inherit'] });
  const stdin = bgzip.stdin as NodeJS.WritableStream;
  const write = (s: string) => (stdin.write(s) ? Promise.resolve() : new Promise<void>((r) => stdin.once('drain', () => r())));
  const header = [
    ...meta.filter((l) => !l.startsWith('##bcftools')),
    '##reference=GRCh38',
    '##GenoDeskBench=<Description="NA12878 Platinum Genomes hg38 chr21 records, repositioned; see test/bench/import.bench.ts">',
    ...GRCH38.map(([c, len]) => `##contig=<ID=${c},length=${len},assembly=GRCh38>`),
    chromLine,
  ];
  await write(header.join('\n') + '\n');

  // Copies per chromosome per layer, then how many layers are needed.
  const copies = GRCH38.map(([, len]) => Math.max(0, Math.floor((len - 2 * margin - 200 * 173) / span)));
  const perLayer = copies.reduce((a, b) => a + b, 0) * records.length;
  const layers = Math.ceil(total / perLayer);
  let remaining = total;
  // Records a (chromosome, layer) pair gets, filled in layer order across the genome.
  const quota = GRCH38.map(() => new Array<number>(layers).fill(0));
  for (let layer = 0; layer < layers && remaining > 0; layer++) {
    for (let c = 0; c < GRCH38.length && remaining > 0; c++) {
      const n = Math.min(remaining, copies[c] * records.length);
      quota[c][layer] = n;
      remaining -= n;
    }
  }
  let buf = '';
  for (let c = 0; c < GRCH38.length; c++) {
    const chrom = GRCH38[c][0];
    // k-way merge of this chromosome's layers (each a sorted sequence of shifted copies).
    const cursors = quota[c].map((n, layer) => ({ layer, n, i: 0 })).filter((x) => x.n > 0);
    const posOf = (x: { layer: number; i: number }) => margin + layer173(x.layer) + Math.floor(x.i / records.length) * span + (records[x.i % records.length].pos - minPos);
    while (cursors.length) {
      let best = 0;
      for (let k = 1; k < cursors.length; k++) if (posOf(cursors[k]) < posOf(cursors[best])) best = k;
      const x = cursors[best];
      buf += `${chrom}\t${posOf(x)}\t.\t${records[x.i % records.length].rest}\n`;
      x.i += 1;
      if (x.i >= x.n) cursors.splice(best, 1);
      if (buf.length > 1 << 20) {
        await write(buf);
        buf = '';
      }
    }
  }
  await write(buf);
  stdin.end();
  await new Promise<void>((resolve, reject) => bgzip.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`bgzip exited ${code}`)))));
  fs.renameSync(out + '.part', out);
}

/**
 * A cohort-width file: the first `records` NA12878 records, each with `samples` sample columns of
 * GT:DP:GQ drawn from a seeded generator (synthetic genotypes: only the width matters here). Lines are
 * ~20 kB, so stripes are bounded by bytes, not lines, and this shows peak RSS does not grow with width.
 */
export async function generateWide(records: number, samples: number, out: string): Promise<void> {
  const { meta, chromLine, records: source } = await readSource();
  let seed = 20261125;
  const random = () => {
    // mulberry32: deterministic, so the file is the same on every machine.
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gts = ['0/0', '0/0', '0/1', '1/1', '0|1', './.'];
  const bgzip = spawn('bgzip', ['-c'], { stdio: ['pipe', fs.openSync(out + '.part', 'w'), 'inherit'] });
  const stdin = bgzip.stdin as NodeJS.WritableStream;
  const write = (text: string) => (stdin.write(text) ? Promise.resolve() : new Promise<void>((r) => stdin.once('drain', () => r())));
  const header = [
    ...meta.filter((l) => !l.startsWith('##bcftools') && !l.startsWith('##FORMAT=<ID=DP') && !l.startsWith('##FORMAT=<ID=GQ')),
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth (synthetic)">',
    '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality (synthetic)">',
    '##reference=GRCh38',
    ...GRCH38.map(([c, len]) => `##contig=<ID=${c},length=${len},assembly=GRCh38>`),
    [...chromLine.split('\t').slice(0, 9), ...Array.from({ length: samples }, (_, k) => `S${String(k + 1).padStart(4, '0')}`)].join('\t'),
  ];
  await write(header.join('\n') + '\n');
  for (let i = 0; i < records; i++) {
    const r = source[i % source.length];
    const fixed = r.rest.split('\t').slice(0, 5).join('\t');
    let line = `chr21\t${r.pos + Math.floor(i / source.length)}\t.\t${fixed}\tGT:DP:GQ`;
    for (let k = 0; k < samples; k++) line += `\t${gts[Math.floor(random() * gts.length)]}:${5 + Math.floor(random() * 60)}:${1 + Math.floor(random() * 99)}`;
    await write(line + '\n');
  }
  stdin.end();
  await new Promise<void>((resolve, reject) => bgzip.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`bgzip exited ${code}`)))));
  fs.renameSync(out + '.part', out);
}

function layer173(layer: number): number {
  return layer * 173;
}

interface RunResult {
  records: number;
  alleles: number;
  wallMs: number;
  /** CPU time of the whole process (every thread) during the import. */
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Process high-water mark since start (kernel maxrss), worker thread included. */
  peakRssMb: number;
  rssBeforeMb: number;
  /** Highest RSS sampled every 20 ms during the import. */
  peakSampledMb: number;
  lagP99Ms: number;
  lagMaxMs: number;
  dbBytes: number;
  timings: ImportTimings;
  inflateMs: number;
  queries: Record<string, number>;
}

/** The measured child: one import into a fresh store, everything printed as one JSON line. */
async function runOne(file: string, sample?: string): Promise<void> {
  // As the CLI does (bin/genodesk.js): the parse workers start from Node's compile cache.
  enableCompileCache();
  const { dir, cleanup } = makeTempDir('genodesk-bench-import-');
  try {
    const store = openStore({ file: path.join(dir, 'bench.db'), key: 'bench' });
    store.sqlite
      .prepare(
        `INSERT INTO patients (id, nhs_number, family_name, given_name, family_fold, given_fold, birth_date, sex, version, created_at, updated_at)
         VALUES ('bench', '9434765919', 'Bench', 'Mark', 'bench', 'mark', '1970-01-01', 'unknown', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
      )
      .run();
    const service = createImportService({ store, actor: 'bench' });
    // Loading the store's modules leaves garbage behind: Node's ESM loader re-reads drizzle-orm's large
    // package.json "exports" for each of its modules, ~150 MB of heap. A plain gc() frees it but V8 keeps
    // the pages; the last-resort flavour also gives them back, so the figures below are the import's,
    // not the module loader's. (The kernel's high-water mark below still includes the loading.)
    (globalThis as { gc?: (o?: object) => void }).gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    const rssBeforeMb = process.memoryUsage().rss / 1e6;
    let peakSampledMb = rssBeforeMb;
    const sampler = setInterval(() => (peakSampledMb = Math.max(peakSampledMb, process.memoryUsage().rss / 1e6)), 20);
    const lag = monitorEventLoopDelay({ resolution: 1 });
    let timings: ImportTimings | null = null;
    lag.enable();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const result = await service.importVcf({ file, patientId: 'bench', ...(sample ? { sample } : {}) }, { onTimings: (t) => (timings = t) });
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    lag.disable();
    clearInterval(sampler);
    peakSampledMb = Math.max(peakSampledMb, process.memoryUsage().rss / 1e6);
    const peakRssMb = (process.resourceUsage().maxRSS * 1024) / 1e6;
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const dbBytes = fs.statSync(path.join(dir, 'bench.db')).size;

    const queries: Record<string, number> = {};
    const time = (name: string, fn: () => unknown) => {
      const t = performance.now();
      fn();
      queries[name] = performance.now() - t;
    };
    time('first page (100)', () => service.queryVariants({ patientId: 'bench', limit: 100 }));
    time('page at offset 50%', () => service.queryVariants({ patientId: 'bench', offset: Math.floor(result.variants / 2), limit: 100 }));
    time('the page after it (keyset)', () => service.queryVariants({ patientId: 'bench', offset: Math.floor(result.variants / 2) + 100, limit: 100 }));
    time('last page', () => service.queryVariants({ patientId: 'bench', offset: result.variants - 100, limit: 100 }));
    time('het, first page + total', () => service.queryVariants({ patientId: 'bench', genotype: ['het'], limit: 100 }));
    time('het, same again (total memoised)', () => service.queryVariants({ patientId: 'bench', genotype: ['het'], limit: 100 }));
    time('gene BRCA1 + total', () => service.queryVariants({ patientId: 'bench', gene: 'BRCA1', limit: 100 }));
    time('region chr2:1-50,000,000 + total', () => service.queryVariants({ patientId: 'bench', region: 'chr2:1-50,000,000', limit: 100 }));
    time('PASS only, page at offset 50% + total', () => service.queryVariants({ patientId: 'bench', passOnly: true, offset: Math.floor(result.variants / 4), limit: 100 }));
    time('sort by quality desc, first page', () => service.queryVariants({ patientId: 'bench', sort: { key: 'quality', direction: 'desc' }, limit: 100 }));
    store.close();

    // Inflate alone (node zlib, as the worker does it) to say how much of the read time is decompression.
    const ti = performance.now();
    await new Promise<void>((resolve, reject) => {
      fs.createReadStream(file, { highWaterMark: 1 << 20 })
        .pipe(zlib.createGunzip({ chunkSize: 256 * 1024 }))
        .on('data', () => undefined)
        .on('end', resolve)
        .on('error', reject);
    });
    const inflateMs = performance.now() - ti;

    const out: RunResult = {
      records: result.records,
      alleles: result.alleles,
      wallMs,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      peakRssMb,
      rssBeforeMb,
      peakSampledMb,
      lagP99Ms: lag.percentile(99) / 1e6,
      lagMaxMs: lag.max / 1e6,
      dbBytes,
      timings: timings as unknown as ImportTimings,
      inflateMs,
      queries,
    };
    console.log(`RESULT ${JSON.stringify(out)}`);
  } finally {
    cleanup();
  }
}

function bcftoolsQueryMs(file: string): number {
  const t = performance.now();
  const r = spawnSync('bcftools', ['query', '-f', QUERY_FORMAT, file], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('bcftools query failed (apt-get install -y bcftools)');
  return performance.now() - t;
}

/** One measured import in a child process of its own (so peak RSS is the import's), read back from its RESULT line. */
function runChild(self: string, file: string, sample?: string): RunResult {
  const child = spawnSync(process.execPath, ['--expose-gc', self, '--run', file, ...(sample ? [sample] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`the import child failed:\n${child.stdout}`);
  return JSON.parse(line.slice(7)) as RunResult;
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '1000000,5000000').split(',').map(Number);
  const dir = process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'genodesk-bench');
  fs.mkdirSync(dir, { recursive: true });
  const sourceSha = createHash('sha256').update(fs.readFileSync(SOURCE)).digest('hex').slice(0, 12);
  const self = fileURLToPath(import.meta.url);
  console.log(`GenoDesk import benchmark — ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}, node ${process.version}`);
  console.log(`source: ${path.relative(SHARED_DATA, SOURCE)} (sha256 ${sourceSha}…)\n`);
  for (const size of sizes) {
    const file = path.join(dir, `NA12878-x${size}-v${GENERATOR_VERSION}-${sourceSha}.vcf.gz`);
    if (!fs.existsSync(file)) {
      const t = performance.now();
      await generate(size, file);
      console.log(`generated ${path.basename(file)} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const bytes = fs.statSync(file).size;
    // Each side runs twice, alternating, and the faster run counts: this 2-vCPU VM's timings vary by
    // ±15% from run to run with its neighbours' load, and the parallel import suffers it more than the
    // single-threaded bcftools. Memory and lag are the worse of the two runs.
    const runs: RunResult[] = [];
    const peer: number[] = [];
    for (let k = 0; k < 2; k++) {
      peer.push(bcftoolsQueryMs(file));
      runs.push(runChild(self, file));
    }
    const r = runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
    const worst = (f: (x: RunResult) => number) => Math.max(...runs.map(f));
    const bcftools = Math.min(...peer);
    const t = r.timings;
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const cpuMs = r.cpuUserMs + r.cpuSystemMs;
    console.log(`── ${size.toLocaleString()} records: ${path.basename(file)} (${(bytes / 1e6).toFixed(1)} MB bgzipped)`);
    console.log(`  import wall time           ${s(r.wallMs)}   (best of 2: ${runs.map((x) => s(x.wallMs)).join(', ')}; ${Math.round(r.records / (r.wallMs / 1000)).toLocaleString()} records/s; ${r.alleles.toLocaleString()} alleles)`);
    console.log(`  bcftools query             ${s(bcftools)}   (best of 2: ${peer.map(s).join(', ')})  -f '${QUERY_FORMAT}'`);
    console.log(`  ratio import / bcftools    ${(r.wallMs / bcftools).toFixed(2)}   (target ≤ 2.0)`);
    console.log(`  CPU, every thread          ${s(cpuMs)} (user ${s(r.cpuUserMs)}, system ${s(r.cpuSystemMs)}) = ${(cpuMs / r.wallMs).toFixed(2)} of ${os.availableParallelism()} cores busy on average`);
    console.log(`  peak RSS (process+workers) ${worst((x) => x.peakRssMb).toFixed(0)} MB   (target ≤ 400 MB; the higher of the 2 runs: ${runs.map((x) => x.peakRssMb.toFixed(0)).join(', ')}; before the import ${r.rssBeforeMb.toFixed(0)} MB, highest sampled during it ${worst((x) => x.peakSampledMb).toFixed(0)} MB)`);
    console.log(`  event-loop lag, main       p99 ${worst((x) => x.lagP99Ms).toFixed(1)} ms, max ${worst((x) => x.lagMaxMs).toFixed(1)} ms   (target p99 ≤ 50 ms; the worse of the 2 runs)`);
    console.log(`  database                   ${(r.dbBytes / 1e6).toFixed(0)} MB = ${(r.dbBytes / r.records).toFixed(1)} bytes/record (encrypted, WAL checkpointed)`);
    console.log(
      `  where the time goes        ${t.workers} parse worker(s), their CPU ${s(t.cpu)}; inside them (wall clock, added up): hash ${s(t.hash)} | read+inflate+split ${s(t.read)} (inflate alone ${s(r.inflateMs)}) | parse ${s(t.parse)} | main-thread writes ${s(t.write)} in ${t.batches} transactions (longest ${t.longestWrite.toFixed(1)} ms)`,
    );
    console.log(`  queries (ms)               ${Object.entries(r.queries).map(([k, v]) => `${k}: ${v.toFixed(1)}`).join(' | ')}`);
    const workerMs = (t.read + t.parse) / t.workers;
    console.log(
      `  the limit                  ${t.write >= workerMs ? 'the single writer: main-thread SQLite inserts' : 'parsing in the workers'} (writes ${s(t.write)} vs ${s(workerMs)} per worker, of ${s(r.wallMs)} wall; they overlap, on ${os.availableParallelism()} core(s))`,
    );
    console.log('');
  }
  if (process.env.BENCH_WIDE !== '0') {
    const [records, samples] = [30_000, 2_000];
    const file = path.join(dir, `NA12878-wide-${records}x${samples}-v${GENERATOR_VERSION}-${sourceSha}.vcf.gz`);
    if (!fs.existsSync(file)) {
      const t = performance.now();
      await generateWide(records, samples, file);
      console.log(`generated ${path.basename(file)} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const r = runChild(self, file, 'S1500');
    const inflated = Number(spawnSync('sh', ['-c', `gzip -dc '${file}' | wc -c`], { encoding: 'utf8' }).stdout.trim());
    console.log(`── cohort width: ${records.toLocaleString()} records × ${samples.toLocaleString()} samples (${(inflated / 1e6).toFixed(0)} MB of text, ${(fs.statSync(file).size / 1e6).toFixed(0)} MB bgzipped), sample S1500`);
    console.log(`  import wall time           ${(r.wallMs / 1000).toFixed(2)} s   (${Math.round(r.records / (r.wallMs / 1000)).toLocaleString()} records/s, ${(inflated / 1e6 / (r.wallMs / 1000)).toFixed(0)} MB of text/s)`);
    console.log(`  peak RSS (process+workers) ${r.peakRssMb.toFixed(0)} MB   (target ≤ 400 MB; before the import ${r.rssBeforeMb.toFixed(0)} MB, highest sampled during it ${r.peakSampledMb.toFixed(0)} MB)`);
    console.log(`  event-loop lag, main       p99 ${r.lagP99Ms.toFixed(1)} ms, max ${r.lagMaxMs.toFixed(1)} ms`);
    console.log('');
  }
}

// Run only as a script: test/bench/pgx.bench.ts imports the generator.
if (import.meta.main) {
  if (process.argv[2] === '--run') await runOne(process.argv[3], process.argv[4]);
  else await main();
}
