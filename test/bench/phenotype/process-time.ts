// Bench (c), whole process: `genodesk prioritise --hpo …` as a user runs it (node start-up, HPO release
// parsed, ranking, JSON out), timed over a few cases' terms.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchCase } from './read-cases.ts';

export function runProcessBench(cases: BenchCase[], runs = 3): void {
  const bin = path.resolve(import.meta.dirname, '../../../bin/genodesk.js');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-phenotype-process-'));
  const times: number[] = [];
  try {
    for (const c of cases.slice(0, runs)) {
      const started = performance.now();
      execFileSync(process.execPath, [bin, 'prioritise', '--hpo', c.observed.join(','), '--limit', '10'], { env: { ...process.env, GENODESK_DATA_DIR: dataDir }, maxBuffer: 64 << 20 });
      times.push(performance.now() - started);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  console.log(`\n(c) whole process \`genodesk prioritise --hpo … --limit 10\`: median ${times[Math.floor(times.length / 2)].toFixed(0)} ms over ${times.length} runs (min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)})`);
}
