// npm run bench:annotate-genome — issue 15's "Speed and memory" benchmark at whole-genome scale. Prints
// figures; not a pass/fail test.
//
// Builds, deterministically, and keeps under .cache/bench-genome/ (reruns skip what exists):
//  - a whole-genome-sized GFF3: the real Ensembl 99 chr22 GFF3 (shared data) laid out again and again along
//    chr1–22, X and Y at GRCh38 lengths, identifiers renumbered per copy so every transcript is distinct;
//  - a plain-gzip FASTA (level 1, as large as Ensembl's: 3.1 Gb of sequence, 60 bases a line) of those
//    lengths: a seeded random 1 MiB block repeated, with the REF bases of the benchmark genome written in so
//    its variants are annotated rather than refused as reference mismatches;
//  - the 5 M-record benchmark genome of `npm run bench:import` (its generator).
// Then, each step in its own child process so peak RSS belongs to that step alone (worker threads included):
// install the transcript pack, import the genome for one patient, annotate it, and reanalyse it after a
// ClinVar update: ClinVar-format releases of 60,000 records (real ClinVar INFO from shared data; one record
// in three at an allele of the genome, i.e. ~20,000 findings), the second reclassifying every record of the
// first, as bench:packs' full-size update changes 60,000 alleles.
//
//   BENCH_RECORDS=5000000     records in the genome (default 5 M)
//   BENCH_STEPS=install,import,annotate,reanalyse
//   BENCH_WORKERS=2           annotate worker threads (default: the service's, 1)
//   BENCH_STEPS=browse        (not run by default) the variant browser's maximum-AF filter on the annotated
//                             genome: a gnomAD-format frequency pack of every fourth record of the genome is
//                             installed (real gnomAD v4.0 INFO fields; AF and AF_grpmax drawn from a seeded
//                             generator, four in five common as in a real genome: a speed workload, not data),
//                             then browser pages are timed with and without narrower filters.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { createGenoDesk } from '../../electron/main/composition.ts';
import { defaultAnnotateWorkers } from '../../electron/main/services/annotation-store/annotation-service.ts';
import { SHARED_DATA } from '../helpers/paths.ts';
import { generate } from './import.bench.ts';

const GENERATOR_VERSION = 1;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = path.join(root, '.cache', 'bench-genome');
const CHR22_GFF3 = path.join(SHARED_DATA, 'reference', 'ensembl-99-chr22', 'Homo_sapiens.GRCh38.99.chr22.gff3.gz');
const records = Number(process.env.BENCH_RECORDS ?? 5_000_000);
const steps = (process.env.BENCH_STEPS ?? 'install,import,annotate,reanalyse').split(',');
const fmt = (n: number): string => Math.round(n).toLocaleString('en-GB');

// GRCh38 primary assembly lengths (GRC assembly report, GRCh38.p14), Ensembl's names.
const GRCH38: [string, number][] = [
  ['1', 248956422], ['2', 242193529], ['3', 198295559], ['4', 190214555], ['5', 181538259], ['6', 170805979],
  ['7', 159345973], ['8', 145138636], ['9', 138394717], ['10', 133797422], ['11', 135086622], ['12', 133275309],
  ['13', 114364328], ['14', 107043718], ['15', 101991189], ['16', 90338345], ['17', 83257441], ['18', 80373285],
  ['19', 58617616], ['20', 64444167], ['21', 46709983], ['22', 50818468], ['X', 156040895], ['Y', 57227415],
];

/** Seeded xorshift32, so the FASTA is the same on every machine. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

async function writeGff3(out: string): Promise<{ copies: number; lines: number }> {
  const lines = zlib.gunzipSync(fs.readFileSync(CHR22_GFF3)).toString('utf8').split('\n');
  const features = lines.filter((l) => l && !l.startsWith('#') && l.split('\t')[2] !== 'chromosome').map((l) => l.split('\t'));
  const minStart = Math.min(...features.map((f) => Number(f[3])));
  const maxEnd = Math.max(...features.map((f) => Number(f[4])));
  const span = maxEnd - minStart + 1;
  const gz = zlib.createGzip({ level: 1 });
  const file = fs.createWriteStream(`${out}.part`);
  gz.pipe(file);
  const write = (s: string) => (gz.write(s) ? Promise.resolve() : new Promise<void>((r) => gz.once('drain', () => r())));
  await write(`##gff-version 3\n#!genome-build GRCh38.p13\n${GRCH38.map(([c, len]) => `##sequence-region   ${c} 1 ${len}`).join('\n')}\n`);
  let copy = 0;
  let count = 0;
  for (const [chrom, len] of GRCH38) {
    for (let k = 0; (k + 1) * span + 1000 < len; k++) {
      copy++;
      // Ensembl stable ids are ENS[GTEP] + 11 digits beginning 000 for human: the copy number replaces those three.
      const tag = String(copy).padStart(3, '0');
      const shift = 1000 + k * span - minStart + 1;
      let buf = '';
      for (const f of features) {
        const attrs = f[8].replace(/ENS([GTEP])000(\d{8})/g, `ENS$1${tag}$2`);
        buf += `${chrom}\t${f[1]}\t${f[2]}\t${Number(f[3]) + shift}\t${Number(f[4]) + shift}\t${f[5]}\t${f[6]}\t${f[7]}\t${attrs}\n`;
        count++;
      }
      await write(buf);
    }
  }
  gz.end();
  await new Promise<void>((resolve, reject) => file.on('close', resolve).on('error', reject));
  fs.renameSync(`${out}.part`, out);
  return { copies: copy, lines: count };
}

/** REF bases of the genome's records, per chromosome (chr-prefixed names in the VCF). */
async function refsByChrom(vcf: string): Promise<Map<string, Array<[number, string]>>> {
  const out = new Map<string, Array<[number, string]>>();
  const zcat = spawn('bgzip', ['-dc', vcf], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of readline.createInterface({ input: zcat.stdout, crlfDelay: Infinity })) {
    if (line.startsWith('#')) continue;
    const a = line.indexOf('\t');
    const b = line.indexOf('\t', a + 1);
    const c = line.indexOf('\t', b + 1);
    const d = line.indexOf('\t', c + 1);
    const chrom = line.slice(0, a).replace(/^chr/, '');
    let list = out.get(chrom);
    if (!list) out.set(chrom, (list = []));
    list.push([Number(line.slice(a + 1, b)), line.slice(c + 1, d)]);
  }
  return out;
}

async function writeFasta(out: string, vcf: string): Promise<void> {
  const refs = await refsByChrom(vcf);
  const next = random(20261207);
  const block = Buffer.alloc(1 << 20);
  for (let i = 0; i < block.length; i++) block[i] = 'ACGT'.charCodeAt(next() & 3);
  const gzip = spawn('gzip', ['-1', '-c'], { stdio: ['pipe', fs.openSync(`${out}.part`, 'w'), 'inherit'] });
  const stdin = gzip.stdin as NodeJS.WritableStream;
  const write = (b: Buffer) => (stdin.write(b) ? Promise.resolve() : new Promise<void>((r) => stdin.once('drain', () => r())));
  for (const [chrom, len] of GRCH38) {
    const seq = Buffer.allocUnsafe(len);
    for (let at = 0; at < len; at += block.length) block.copy(seq, at, 0, Math.min(block.length, len - at));
    for (const [pos, ref] of refs.get(chrom) ?? []) seq.write(ref.toUpperCase().replace(/[^ACGTN]/g, 'N'), pos - 1, 'latin1');
    await write(Buffer.from(`>${chrom} dna:chromosome chromosome:GRCh38:${chrom}:1:${len}:1 REF\n`));
    const lineBuf = Buffer.allocUnsafe(61 * 16384);
    for (let at = 0; at < len; ) {
      let used = 0;
      while (used < lineBuf.length && at < len) {
        const n = Math.min(60, len - at);
        seq.copy(lineBuf, used, at, at + n);
        used += n;
        lineBuf[used++] = 10;
        at += n;
      }
      await write(Buffer.from(lineBuf.subarray(0, used)));
    }
  }
  stdin.end();
  await new Promise<void>((resolve, reject) => gzip.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`gzip exited ${code}`)))));
  fs.renameSync(`${out}.part`, out);
}

const CLINVAR_TESTSET = path.join(SHARED_DATA, 'clinvar', 'clinvar_20211025_GRCh38_vep-testset.vcf.gz');
const CHANGED_ALLELES = 60_000;

/**
 * Two ClinVar releases of CHANGED_ALLELES records: every third at an allele of the genome (evenly along it),
 * the others one or two bases after it; INFO from the real test set, cycled; the second reclassifies every record.
 */
async function writeClinvarReleases(vcf: string): Promise<string[]> {
  const files = [0, 1].map((k) => path.join(cacheDir, `clinvar-${records}-r${k}-v${GENERATOR_VERSION}.vcf`));
  if (files.every((f) => fs.existsSync(f))) return files;
  const testset = zlib.gunzipSync(fs.readFileSync(CLINVAR_TESTSET)).toString('utf8').split('\n');
  const header = testset.filter((l) => l.startsWith('#') && !l.startsWith('##fileDate'));
  const infos = testset.filter((l) => l && !l.startsWith('#') && /CLNSIG=/.test(l)).map((l) => l.split('\t')[7]);
  const every = Math.max(1, Math.floor(records / (CHANGED_ALLELES / 3)));
  const picked: string[][] = [];
  const zcat = spawn('bgzip', ['-dc', vcf], { stdio: ['ignore', 'pipe', 'inherit'] });
  let n = 0;
  for await (const line of readline.createInterface({ input: zcat.stdout, crlfDelay: Infinity })) {
    if (line.startsWith('#')) continue;
    const f = line.split('\t', 5);
    if (n++ % every !== 0 || f[4].includes(',') || !/^[ACGT]+$/.test(f[3]) || !/^[ACGT]+$/.test(f[4])) continue;
    const chrom = f[0].replace(/^chr/, '');
    picked.push([chrom, f[1], f[3], f[4]], [chrom, String(Number(f[1]) + 1), 'A', 'G'], [chrom, String(Number(f[1]) + 2), 'C', 'T']);
  }
  const order = (c: string) => (c === 'X' ? 23 : c === 'Y' ? 24 : Number(c));
  picked.sort((a, b) => order(a[0]) - order(b[0]) || Number(a[1]) - Number(b[1]));
  const sigs = ['Pathogenic', 'Benign', 'Uncertain_significance'];
  files.forEach((file, k) => {
    const body = picked.map((r, i) => {
      const info = infos[i % infos.length].replace(/CLNSIG=[^;]*/, `CLNSIG=${sigs[(i + k) % 3]}`);
      return [r[0], r[1], String(5_000_000 + i), r[2], r[3], '.', '.', info].join('\t');
    });
    // ##fileformat first (how a VCF is recognised), then the release date the pack takes its version from.
    fs.writeFileSync(file, [header[0], `##fileDate=2030010${k + 1}`, ...header.slice(1), ...body].join('\n') + '\n');
  });
  return files;
}

/** The frequency pack of the browse step: every fourth record's first ALT, AF seeded (see the header comment). */
async function writeGnomadSites(vcf: string): Promise<string> {
  const file = path.join(cacheDir, `gnomad-${records}-v${GENERATOR_VERSION}.vcf.gz`);
  if (fs.existsSync(file)) return file;
  const example = fs.readFileSync(path.join(SHARED_DATA, 'population', 'gnomad-examples', 'example-genomes-grch38_v4.0.gnomad-genomes.vcf'), 'utf8').split('\n');
  const header = [
    ...example.filter((l) => l.startsWith('##fileformat') || /^##INFO=<ID=(AC|AN|AF|grpmax|AF_grpmax|nhomalt),/.test(l)),
    // The build is told from the contig lengths, as in gnomAD's own files.
    ...GRCH38.map(([name, length]) => `##contig=<ID=chr${name},length=${length}>`),
    ...example.filter((l) => l.startsWith('#CHROM')),
  ];
  const next = random(2026);
  const tmpFile = `${file}.tmp`;
  const out = fs.createWriteStream(tmpFile);
  const gz = zlib.createGzip({ level: 1 });
  gz.pipe(out);
  gz.write(`${header.join('\n')}\n`);
  const zcat = spawn('bgzip', ['-dc', vcf], { stdio: ['ignore', 'pipe', 'inherit'] });
  let n = 0;
  let buf: string[] = [];
  for await (const line of readline.createInterface({ input: zcat.stdout, crlfDelay: Infinity })) {
    if (line.startsWith('#') || n++ % 4 !== 0) continue;
    const f = line.split('\t', 5);
    const r = next() / 4294967296;
    // Four in five common (AF 1–50 %), the rest rare (below 1 %), spread on a log scale.
    const af = r < 0.8 ? 0.01 * 50 ** (r / 0.8) : 10 ** (-6 + 4 * ((r - 0.8) / 0.2));
    const grpmax = Math.min(1, af * 1.5);
    const an = 152312;
    buf.push([f[0], f[1], '.', f[3], f[4].split(',')[0], '.', 'PASS', `AC=${Math.round(af * an)};AN=${an};AF=${af.toPrecision(6)};grpmax=nfe;AF_grpmax=${grpmax.toPrecision(6)};nhomalt=${Math.round(af * af * an / 2)}`].join('\t'));
    if (buf.length >= 10_000) {
      if (!gz.write(`${buf.join('\n')}\n`)) await new Promise((r2) => gz.once('drain', r2));
      buf = [];
    }
  }
  gz.end(`${buf.join('\n')}\n`);
  await new Promise<void>((r) => out.on('close', () => r()));
  fs.renameSync(tmpFile, file);
  return file;
}

interface StepResult {
  ms: number;
  /** CPU seconds of every thread of the step's process: on a shared machine, throughput per CPU-second is the steadier figure. */
  cpuSeconds: number;
  peakRssMb: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** Share of the time the main thread's event loop was busy (load-independent, unlike the lag). */
  mainElu: number;
  facts: Record<string, unknown>;
}

async function measured(fn: () => Promise<Record<string, unknown>>): Promise<StepResult> {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const elu = performance.eventLoopUtilization();
  const t = performance.now();
  const cpu = process.cpuUsage();
  const facts = await fn();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  lag.disable();
  const mainElu = performance.eventLoopUtilization(elu).utilization;
  return { ms, cpuSeconds: (used.user + used.system) / 1e6, peakRssMb: process.resourceUsage().maxRSS / 1024, lagP99Ms: lag.percentile(99) / 1e6, lagMaxMs: lag.max / 1e6, mainElu, facts };
}

/**
 * BENCH_BUILT=1: the workers run from the app's own bundle (built here first, so never a stale one) instead
 * of the TypeScript sources. Node's type stripping costs each thread ~30–70 MB that the shipped app does
 * not have (an idle annotate worker: 68 MB from source, 37 MB bundled); the main thread still runs from
 * source, so its figure keeps that overhead.
 */
function builtWorkers(): string | undefined {
  if (process.env.BENCH_BUILT !== '1') return undefined;
  const b = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (b.status !== 0) throw new Error('npm run build failed');
  const chunks = path.join(root, 'out', 'main', 'chunks');
  const find = (prefix: string) => {
    const f = fs.readdirSync(chunks).find((n) => n.startsWith(prefix) && n.endsWith('.js'));
    if (!f) throw new Error(`no ${prefix}*.js in ${chunks}`);
    return path.join(chunks, f);
  };
  return JSON.stringify({ vcfParse: find('vcf-parse.worker-'), annotate: find('annotate.worker-'), packContent: find('pack-content.worker-') });
}

async function child(step: string, dataDir: string, files: { gff3: string; fasta: string; vcf: string; clinvar: string; gnomad?: string; workers?: string }): Promise<void> {
  const app = createGenoDesk({
    dataDir,
    dbKey: 'bench',
    actor: 'bench',
    annotateWorkers: process.env.BENCH_WORKERS ? Number(process.env.BENCH_WORKERS) : undefined,
    workers: files.workers ? (JSON.parse(files.workers) as Record<string, string>) : undefined,
  });
  // BENCH_MEMTRACE=seconds: where the memory is, sampled (RSS is the whole process: main thread, workers, SQLite).
  const trace = Number(process.env.BENCH_MEMTRACE ?? 0);
  const sampler =
    trace > 0
      ? setInterval(() => {
          const m = process.memoryUsage();
          const mb = (b: number) => (b / 1048576).toFixed(0);
          process.stderr.write(`mem rss ${mb(m.rss)} main heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)} MB\n`);
        }, trace * 1000)
      : undefined;
  try {
    let result: StepResult;
    if (step === 'install') {
      result = await measured(async () => {
        const pack = await app.packs.install({ paths: [files.gff3, files.fasta] });
        return { id: pack.id, bytes: pack.bytes, build: pack.build, notes: pack.notes };
      });
    } else if (step === 'import') {
      result = await measured(async () => {
        const patient = app.patients.create({ nhsNumber: '9434765919', familyName: 'Bench', givenName: 'Genome', birthDate: '1970-01-01' });
        const imp = await app.imports.importVcf({ file: files.vcf, patientId: patient.id });
        return { patientId: patient.id, variants: imp.variants };
      });
    } else if (step === 'prune') {
      // Each rerun keeps the run it replaces (earlier runs stay readable): the ones before that are deleted
      // first, in a process of their own so the annotate step's peak RSS is its own, and the store does not
      // grow by a genome's run (~190 MB) per rerun.
      const patientId = app.patients.search({ query: 'Bench' }).patients[0]?.id;
      let deleted = 0;
      for (const imp of patientId ? app.imports.listImports({ patientId }) : []) {
        for (const r of app.annotation.runsOf(imp.id)) if (!r.current) deleted += Number(Boolean(await app.annotation.deleteEarlierRun({ patientId, runId: r.id })));
      }
      result = await measured(async () => ({ deleted }));
    } else if (step === 'annotate') {
      const patientId = app.patients.search({ query: 'Bench' }).patients[0]?.id;
      result = await measured(async () => {
        const { runs } = await app.annotation.annotate({ patientId, rerun: true });
        const workers = process.env.BENCH_WORKERS ? Number(process.env.BENCH_WORKERS) : defaultAnnotateWorkers();
        return { variants: runs[0].variants, inTranscripts: runs[0].inTranscripts, referenceMismatches: runs[0].referenceMismatches, workers };
      });
    } else if (step === 'browse') {
      const patientId = app.patients.search({ query: 'Bench' }).patients[0]?.id;
      const installed = app.packs.list().installed.find((p) => p.kind === 'frequency');
      const t0 = performance.now();
      if (!installed) await app.packs.install({ paths: [files.gnomad ?? ''] });
      const installSeconds = installed ? null : (performance.now() - t0) / 1000;
      const timed = (q: Record<string, unknown>) => {
        const a = performance.now();
        try {
          const page = app.annotation.queryVariants({ patientId, limit: 50, ...q });
          return { ms: Math.round(performance.now() - a), total: page.total };
        } catch (err) {
          return { ms: Math.round(performance.now() - a), refused: (err as { code?: string }).code };
        }
      };
      // What the app does (queryVariantsYielding): a new filter's first pass in slices; the longest time the
      // event loop then waited between two turns is what the app's other requests wait at worst.
      const sliced = async (q: Record<string, unknown>) => {
        let longest = 0;
        let last = performance.now();
        let on = true;
        const turn = () => {
          if (!on) return;
          const now = performance.now();
          longest = Math.max(longest, now - last);
          last = now;
          setImmediate(turn);
        };
        setImmediate(turn);
        const a = performance.now();
        const page = await app.annotation.queryVariantsYielding({ patientId, limit: 50, ...q });
        on = false;
        // The stretch from the last turn to the answer counts too.
        longest = Math.max(longest, performance.now() - last);
        return { ms: Math.round(performance.now() - a), longestHoldMs: Math.round(longest), total: page.total };
      };
      result = await measured(async () => ({
        installSeconds,
        appImpactFilterSliced: await sliced({ impact: ['HIGH', 'MODERATE', 'LOW'] }),
        // The first frequency request of a process also opens the pack's index; the second shows the rest.
        appRareHighImpactSliced: await sliced({ impact: ['HIGH'], maxAf: 0.005 }),
        appRareModerateSliced: await sliced({ impact: ['MODERATE'], maxAf: 0.002 }),
        appRareModerateSortedSliced: await sliced({ impact: ['MODERATE'], maxAf: 0.002, sort: { key: 'frequency', direction: 'asc' } }),
        impactOnly: timed({ impact: ['HIGH', 'MODERATE'] }),
        rareImpactFirstPage: timed({ impact: ['HIGH', 'MODERATE'], maxAf: 0.01 }),
        rareImpactNextPage: timed({ impact: ['HIGH', 'MODERATE'], maxAf: 0.01, offset: 50 }),
        rareImpactStricter: timed({ impact: ['HIGH', 'MODERATE'], maxAf: 0.001 }),
        rareRegion10Mb: timed({ region: '2:1-10000000', maxAf: 0.01 }),
        rareWholeGenome: timed({ maxAf: 0.01 }),
      }));
    } else {
      const releases = JSON.parse(files.clinvar) as string[];
      const { sqlite } = app.store;
      // A rerun starts again from no ClinVar pack and no comparison made.
      for (const p of app.packs.list().installed.filter((x) => x.kind === 'clinvar')) app.packs.remove(p.id);
      sqlite.exec('DELETE FROM reanalysis_changes; DELETE FROM reanalysis_panel_genes; DELETE FROM reanalysis_runs');
      await app.packs.install({ paths: [releases[0]] });
      app.reanalysis.runPending();
      result = await measured(async () => {
        await app.packs.install({ paths: [releases[1]] });
        return { run: app.reanalysis.runPending()[0] };
      });
    }
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    clearInterval(sampler);
    await app.close();
  }
}

function runChild(step: string, dataDir: string, files: Record<string, string>): StepResult {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [self, '--child', step, dataDir, JSON.stringify(files)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`the ${step} child failed (exit ${r.status}):\n${r.stdout}`);
  return JSON.parse(line.slice(7)) as StepResult;
}

async function main(): Promise<void> {
  fs.mkdirSync(cacheDir, { recursive: true });
  const vcf = path.join(cacheDir, `genome-${records}-v${GENERATOR_VERSION}.vcf.gz`);
  const gff3 = path.join(cacheDir, `genome-v${GENERATOR_VERSION}.gff3.gz`);
  const fasta = path.join(cacheDir, `genome-${records}-v${GENERATOR_VERSION}.fa.gz`);
  let t = performance.now();
  if (!fs.existsSync(vcf)) {
    await generate(records, vcf);
    console.log(`generated ${path.basename(vcf)} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  if (!fs.existsSync(gff3)) {
    t = performance.now();
    const g = await writeGff3(gff3);
    console.log(`generated ${path.basename(gff3)}: ${g.copies} copies of chr22, ${fmt(g.lines)} feature lines, in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  if (!fs.existsSync(fasta)) {
    t = performance.now();
    await writeFasta(fasta, vcf);
    console.log(`generated ${path.basename(fasta)} (${(fs.statSync(fasta).size / 1e9).toFixed(2)} GB gzip -1) in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  const dataDir = path.join(cacheDir, 'data');
  if (steps.includes('install')) fs.rmSync(dataDir, { recursive: true, force: true });
  const workers = builtWorkers();
  const files = {
    gff3,
    fasta,
    vcf,
    clinvar: JSON.stringify(steps.includes('reanalyse') ? await writeClinvarReleases(vcf) : []),
    gnomad: steps.includes('browse') ? await writeGnomadSites(vcf) : '',
    ...(workers ? { workers } : {}),
  };
  console.log(`workers: ${workers ? 'the app bundle (out/main/chunks)' : 'TypeScript sources (BENCH_BUILT=1 for the app bundle)'}`);
  const line = (label: string, r: StepResult, extra: string) =>
    console.log(`${label.padEnd(10)} ${(r.ms / 1000).toFixed(1)} s; peak RSS ${fmt(r.peakRssMb)} MB; event-loop lag p99 ${r.lagP99Ms.toFixed(1)} ms (max ${r.lagMaxMs.toFixed(0)} ms), main thread busy ${(r.mainElu * 100).toFixed(1)} %; ${extra}`);
  if (steps.includes('install')) {
    const r = runChild('install', dataDir, files);
    line('install', r, `${JSON.stringify(r.facts)}; GFF3 ${(fs.statSync(gff3).size / 1e6).toFixed(0)} MB + FASTA ${(fs.statSync(fasta).size / 1e9).toFixed(2)} GB`);
  }
  if (steps.includes('import')) {
    const r = runChild('import', dataDir, files);
    line('import', r, `${fmt(Number(r.facts.variants))} variants = ${fmt((Number(r.facts.variants) / r.ms) * 1000)}/s`);
  }
  if (steps.includes('annotate')) {
    runChild('prune', dataDir, files);
    const r = runChild('annotate', dataDir, files);
    line(
      'annotate',
      r,
      `${fmt(Number(r.facts.variants))} variants stored = ${fmt((Number(r.facts.variants) / r.ms) * 1000)} variants/s; CPU ${r.cpuSeconds.toFixed(0)} s (all threads) = ` +
        `${fmt(Number(r.facts.variants) / r.cpuSeconds)} variants per CPU-second; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; ${JSON.stringify(r.facts)}`,
    );
  }
  if (steps.includes('reanalyse')) {
    const r = runChild('reanalyse', dataDir, files);
    type Run = { changedAlleles: number; patientChanges: number; compareSeconds: number; importsSeconds: number };
    const { run } = r.facts as { run: Run };
    console.log(
      `reanalyse  ${fmt(run.changedAlleles)} changed alleles, ${fmt(run.patientChanges)} findings: releases compared ${run.compareSeconds.toFixed(2)} s, ` +
        `patient read ${run.importsSeconds.toFixed(2)} s (whole step ${(r.ms / 1000).toFixed(1)} s with the install); peak RSS ${fmt(r.peakRssMb)} MB; ` +
        `event-loop lag p99 ${r.lagP99Ms.toFixed(1)} ms (max ${r.lagMaxMs.toFixed(0)} ms); load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`,
    );
  }
  if (steps.includes('browse')) {
    const r = runChild('browse', dataDir, files);
    // Each query runs synchronously on the main thread: its time is how long the app's loop waits on it.
    console.log(`browse     ${JSON.stringify(r.facts)} (ms = main thread held); peak RSS ${fmt(r.peakRssMb)} MB`);
  }
  console.log('targets: annotation ≥ 100,000 variants/s stored, peak RSS ≤ 500 MB per step, event-loop lag p99 ≤ 50 ms, reanalysis of one patient ≤ 2 s (2-core VM, shared)');
}

if (import.meta.main) {
  if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], JSON.parse(process.argv[5]) as { gff3: string; fasta: string; vcf: string; clinvar: string; gnomad?: string });
  else await main();
}
