// `npm run bench:pgx`: PGx straight from a VCF, as `genodesk pgx --vcf` does it, on PharmCAT's worked
// example (PharmCAT itself takes 1.2-5.9 s per sample per core by its own documentation; target <= 0.5 s
// for the whole process). Prints figures; not a pass/fail timer.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPgxFromVcf } from '../../electron/main/services/pgx/pgx-engine.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = process.env.GENODESK_SHARED_DATA ?? path.resolve(repo, '../shared/data');
const vcf = path.join(shared, 'pgx/pharmcat/examples/pharmcat.example.vcf');
const outside = path.join(shared, 'pgx/pharmcat/examples/pharmcat.example.outsideCall.tsv');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], p90: s[Math.floor(s.length * 0.9)], max: s[s.length - 1] };
};
const fmt = (x: { min: number; median: number; p90: number; max: number }) => `median ${x.median.toFixed(0)} ms (min ${x.min.toFixed(0)}, p90 ${x.p90.toFixed(0)}, max ${x.max.toFixed(0)})`;

// Whole process: a fresh node that loads the engine, reads the VCF and the outside calls, and prints the
// JSON result to stdout, exactly what the CLI command will do.
const child = `
  const { runPgxFromVcf } = await import(${JSON.stringify(path.join(repo, 'electron/main/services/pgx/pgx-engine.ts'))});
  const r = await runPgxFromVcf(process.argv[1], { outsideCallFile: process.argv[2] });
  process.stdout.write(JSON.stringify(r));
`;
const wall: number[] = [];
let bytes = 0;
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', child, vcf, outside], { maxBuffer: 64 << 20 });
  wall.push(performance.now() - t0);
  bytes = out.length;
}
const bare: number[] = [];
for (let i = 0; i < Math.min(RUNS, 5); i++) {
  const t0 = performance.now();
  execFileSync(process.execPath, ['-e', '0']);
  bare.push(performance.now() - t0);
}

// In-process (warm: reference data parsed once), the cost per further sample in a batch.
await runPgxFromVcf(vcf, { outsideCallFile: outside });
const warm: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  await runPgxFromVcf(vcf, { outsideCallFile: outside });
  warm.push(performance.now() - t0);
}

console.log('PGx benchmark (PharmCAT example: 1,202 records, 19 genes from VCF + 3 outside calls)');
console.log(`  pgx --vcf, whole process (${RUNS} runs): ${fmt(stats(wall))}   target <= 500 ms   output ${(bytes / 1024).toFixed(0)} KiB JSON`);
console.log(`  of which bare node start-up:            ${fmt(stats(bare))}`);
console.log(`  warm, in-process per sample:            ${fmt(stats(warm))}`);
