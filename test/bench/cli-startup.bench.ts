// `npm run bench:cli-startup`: whole-process time and peak memory of `genodesk patients list` on an
// empty store (issue 15 §6: ≤ 0.3 s and ≤ 150 MB; labs script thousands of such calls), and of
// `genodesk --help` (no store) for comparison. Median of 5 runs after one warm-up run (which also fills
// Node's compile cache, as any second call of the installed CLI finds it). Prints figures, not pass/fail.
// Peak memory and CPU time are the child's own (maxRSS, user + system), reported by a one-line exit hook
// given with --import: on a shared, loaded machine the CPU time is the figure that does not depend on load.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = 5;
const REPORT_RSS = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('maxrss='+u.maxRSS+' cpu='+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;

function measure(args: string[], env: NodeJS.ProcessEnv): { seconds: number; cpuSeconds: number; peakMb: number } {
  const start = process.hrtime.bigint();
  const out = spawnSync(process.execPath, ['--import', REPORT_RSS, path.join(root, 'bin/genodesk.js'), ...args], { env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (out.status !== 0) throw new Error(`genodesk ${args.join(' ')} exited ${out.status}: ${out.stdout}${out.stderr}`);
  const usage = /maxrss=(\d+) cpu=(\d+)/.exec(out.stderr);
  return { seconds, cpuSeconds: usage ? Number(usage[2]) / 1e6 : NaN, peakMb: usage ? Number(usage[1]) / 1024 : NaN };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-startup-'));
const env = { ...process.env, GENODESK_DB_KEY: 'bench-key' };
try {
  for (const [label, args] of [
    ['genodesk --help (no store)', ['--help']],
    ['genodesk patients list (empty store)', ['--data-dir', dataDir, 'patients', 'list']],
  ] as const) {
    measure([...args], env); // warm-up: creates and migrates the store, fills the compile cache
    const runs = Array.from({ length: RUNS }, () => measure([...args], env));
    console.log(
      `${label}: median ${(median(runs.map((r) => r.seconds)) * 1000).toFixed(0)} ms whole-process ` +
        `(min ${(Math.min(...runs.map((r) => r.seconds)) * 1000).toFixed(0)} ms; CPU median ${(median(runs.map((r) => r.cpuSeconds)) * 1000).toFixed(0)} ms, ` +
        `≈ wall time on an idle machine), peak RSS median ${median(runs.map((r) => r.peakMb)).toFixed(0)} MB over ${RUNS} runs`,
    );
  }
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
