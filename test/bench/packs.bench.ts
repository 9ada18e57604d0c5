// `npm run bench:packs`: reference packs at a real lab's scale (issue 15). Made deterministically from the
// real records in shared/data:
//  - a ClinVar-format VCF of CLINVAR_RECORDS records (default 3,000,000, a current GRCh38 release's size):
//    the real NCBI and MacArthur ClinVar records' INFO cycled along chr1–22 at increasing positions;
//  - a gnomAD-format sites VCF of GNOMAD_SITES sites (default 10,000,000): the real v4.0 genomes records'
//    frequency fields (AC, AN, AF, grpmax, AF_grpmax, nhomalt; the other ~900 INFO fields of a real file are
//    left out, which makes the file smaller to read, not the table bigger);
//  - a patient genome of PATIENT_VARIANTS variants (default 5,000,000) on the same sites (see GRID);
//  - newer releases: every 50th ClinVar record reclassified, every 1,000th gnomAD site made common.
// Each install (and the reanalysis it starts) runs in a child process: install time, peak RSS and the
// event loop's p99 delay per pack, then the time to reanalyse the patient after the ClinVar update.
// Prints figures, not pass/fail. SCALE=0.1 runs everything at a tenth of the size.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { createGenoDesk } from '../../electron/main/composition.ts';
import { SHARED_DATA } from '../helpers/paths.ts';

const scale = Number(process.env.SCALE ?? 1);
const CLINVAR_RECORDS = Math.round(Number(process.env.CLINVAR_RECORDS ?? 3_000_000) * scale);
const GNOMAD_SITES = Math.round(Number(process.env.GNOMAD_SITES ?? 10_000_000) * scale);
const PATIENT_VARIANTS = Math.round(Number(process.env.PATIENT_VARIANTS ?? 5_000_000) * scale);
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-bench-packs-'));
const fmt = (n: number): string => Math.round(n).toLocaleString('en-GB');
const CHROMS = Array.from({ length: 22 }, (_, i) => `chr${i + 1}`);
const BASES = ['A', 'C', 'G', 'T'];

function vcfLines(file: string): string[] {
  const raw = fs.readFileSync(file);
  return (raw[0] === 0x1f ? zlib.gunzipSync(raw) : raw).toString('utf8').split('\n');
}
const infoOf = (l: string) => l.split('\t')[7];

// One grid of sites along chr1–22, 20 bp apart, that every file picks from in order (so each is sorted and
// they overlap as real files do): ClinVar every 10th site, gnomAD every 3rd, the patient every 6th, so a
// patient variant is at a ClinVar allele one time in 5 and always in gnomAD.
const GRID = Math.max(CLINVAR_RECORDS * 10, GNOMAD_SITES * 3, PATIENT_VARIANTS * 6);
function site(g: number): { chrom: string; pos: number; ref: string; alt: string } {
  const perChrom = Math.ceil(GRID / CHROMS.length);
  const k = g % perChrom;
  return { chrom: CHROMS[Math.floor(g / perChrom)], pos: 10_000 + k * 20, ref: BASES[g % 4], alt: BASES[(g + 1) % 4] };
}

/** Streams lines into a gzip file in pieces, so generation holds no whole file in memory. */
async function writeGz(file: string, header: string[], count: number, line: (i: number) => string): Promise<void> {
  const gz = zlib.createGzip({ level: 1 });
  const out = fs.createWriteStream(file);
  gz.pipe(out);
  const put = (text: string) => (gz.write(text) ? Promise.resolve() : new Promise<void>((r) => gz.once('drain', () => r())));
  await put(`${header.join('\n')}\n`);
  let buf: string[] = [];
  for (let i = 0; i < count; i++) {
    buf.push(line(i));
    if (buf.length === 10_000) {
      await put(`${buf.join('\n')}\n`);
      buf = [];
    }
  }
  if (buf.length) await put(`${buf.join('\n')}\n`);
  gz.end();
  await new Promise<void>((r) => out.on('close', () => r()));
}

const clinvarReal = [
  ...vcfLines(path.join(SHARED_DATA, 'clinvar', 'clinvar_20211025_GRCh38_vep-testset.vcf.gz')),
  ...vcfLines(path.join(SHARED_DATA, 'clinvar', 'macarthur-lab_2018', 'clinvar_alleles.multi.b38.vcf.gz')),
]
  .filter((l) => l && !l.startsWith('#') && /CLNSIG=/.test(l))
  .map(infoOf);
const clinvarHeader = vcfLines(path.join(SHARED_DATA, 'clinvar', 'clinvar_20211025_GRCh38_vep-testset.vcf.gz')).filter((l) => l.startsWith('#'));
const gnomadFile = path.join(SHARED_DATA, 'population', 'gnomad-examples', 'example-genomes-grch38_v4.0.gnomad-genomes.vcf');
const gnomadAll = vcfLines(gnomadFile);
const keep = /^(AC|AN|AF|grpmax|AF_grpmax|nhomalt)=/;
const gnomadReal = gnomadAll.filter((l) => l && !l.startsWith('#')).map((l) => infoOf(l).split(';').filter((f) => keep.test(f)).join(';'));
const gnomadHeader = gnomadAll.filter((l) => l.startsWith('##fileformat') || l.startsWith('##contig') || /^##INFO=<ID=(AC|AN|AF|grpmax|AF_grpmax|nhomalt),/.test(l) || l.startsWith('#CHROM'));

function clinvarLine(i: number, newer: boolean): string {
  const s = site(i * 10);
  let info = clinvarReal[i % clinvarReal.length];
  if (newer && i % 50 === 0) info = info.replace(/CLNSIG=[^;]*/, /CLNSIG=Pathogenic(;|$)/.test(info) ? 'CLNSIG=Benign' : 'CLNSIG=Pathogenic');
  return [s.chrom.slice(3), s.pos, String(1_000_000 + i), s.ref, s.alt, '.', '.', info].join('\t');
}
function gnomadLine(i: number, newer: boolean): string {
  const s = site(i * 3);
  let info = gnomadReal[i % gnomadReal.length];
  if (newer && i % 1000 === 0) info = info.replace(/(^|;)AF=[^;]*/, '$1AF=0.12');
  return [s.chrom, s.pos, '.', s.ref, s.alt, '.', 'PASS', info].join('\t');
}

function child(
  step: string,
  ...args: string[]
): { seconds: number; reanalysisSeconds: number; peakRssMb: number; eventLoopP99Ms: number; eventLoopMaxMs: number; installEventLoopP99Ms: number; installEventLoopMaxMs: number; installMainElu: number; result: unknown } {
  const out = execFileSync(process.execPath, [path.join(here, 'packs-bench-child.ts'), step, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').pop() as string);
}

try {
  console.log(`workload: ClinVar ${fmt(CLINVAR_RECORDS)} records, gnomAD ${fmt(GNOMAD_SITES)} sites, patient ${fmt(PATIENT_VARIANTS)} variants (SCALE=${scale})`);
  let t = performance.now();
  const files = {
    clinvar1: path.join(dir, 'clinvar-2021.vcf.gz'),
    clinvar2: path.join(dir, 'clinvar-2022.vcf.gz'),
    gnomad1: path.join(dir, 'gnomad-v4.0.sites.vcf.gz'),
    gnomad2: path.join(dir, 'gnomad-v4.1.sites.vcf.gz'),
    patient: path.join(dir, 'patient.vcf.gz'),
  };
  await writeGz(files.clinvar1, clinvarHeader, CLINVAR_RECORDS, (i) => clinvarLine(i, false));
  await writeGz(files.clinvar2, clinvarHeader.map((l) => (l.startsWith('##fileDate=') ? '##fileDate=2022-06-01' : l)), CLINVAR_RECORDS, (i) => clinvarLine(i, true));
  await writeGz(files.gnomad1, gnomadHeader, GNOMAD_SITES, (i) => gnomadLine(i, false));
  await writeGz(files.gnomad2, gnomadHeader, GNOMAD_SITES, (i) => gnomadLine(i, true));
  const patientHeader = ['##fileformat=VCFv4.2', '##reference=GRCh38', '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">', '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1'];
  await writeGz(files.patient, patientHeader, PATIENT_VARIANTS, (i) => {
    const s = site(i * 6);
    return [s.chrom.slice(3), s.pos, '.', s.ref, s.alt, '50', 'PASS', '.', 'GT', i % 3 ? '0/1' : '1/1'].join('\t');
  });
  console.log(
    `generated in ${((performance.now() - t) / 1000).toFixed(0)} s: ` +
      Object.entries(files)
        .map(([k, f]) => `${k} ${(fs.statSync(f).size / 1e6).toFixed(0)} MB`)
        .join(', '),
  );

  const dataDir = path.join(dir, 'data');
  const app = createGenoDesk({ dataDir, dbKey: 'bench', actor: 'bench' });
  const patient = app.patients.create({ nhsNumber: '9434765919', familyName: 'Bench', givenName: 'Packs', birthDate: '1970-01-01' });
  t = performance.now();
  const imp = await app.imports.importVcf({ file: files.patient, patientId: patient.id, build: 'GRCh38' });
  console.log(`patient import: ${fmt(imp.variants)} variants in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await app.close();

  for (const [label, file, version] of [
    ['ClinVar 2021 (first)', files.clinvar1, ''],
    ['gnomAD v4.0 (first)', files.gnomad1, 'v4.0'],
    ['ClinVar 2022 (update: reanalysis)', files.clinvar2, ''],
    ['gnomAD v4.1 (update: reanalysis)', files.gnomad2, 'v4.1'],
  ] as const) {
    const r = child('install', dataDir, file, ...(version ? [version] : []));
    const runs = (r.result as { runs: Array<{ changedAlleles: number; patientChanges: number; compareSeconds: number; importsSeconds: number }> }).runs;
    console.log(
      `install ${label}: ${r.seconds.toFixed(1)} s, peak RSS ${fmt(r.peakRssMb)} MB, event loop p99 during the install ${r.installEventLoopP99Ms.toFixed(0)} ms (max ${r.installEventLoopMaxMs.toFixed(0)} ms, main thread busy ${(r.installMainElu * 100).toFixed(1)} %), ` +
        `with the reanalysis after it ${r.eventLoopP99Ms.toFixed(0)} ms (max ${r.eventLoopMaxMs.toFixed(0)} ms)` +
        (runs.length
          ? `; reanalysis ${r.reanalysisSeconds.toFixed(2)} s = releases compared ${runs[0].compareSeconds.toFixed(2)} s (once per update) + ` +
            `the patient's genome read ${runs[0].importsSeconds.toFixed(2)} s (${fmt(runs[0].changedAlleles)} changed alleles, ${fmt(runs[0].patientChanges)} findings)`
          : ''),
    );
  }
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (shared with other work: figures taken under load)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
