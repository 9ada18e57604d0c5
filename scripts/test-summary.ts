// Reads the combined output of `npm test` and prints one line: "N passed, N failed" (Vitest + Playwright).
import fs from 'node:fs';

// eslint-disable-next-line no-control-regex -- strips ANSI colour codes
const log = fs.readFileSync(process.argv[2], 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
for (const line of log.split('\n')) {
  const vitest = /^\s*Tests\s+(.*)$/.exec(line);
  if (vitest) {
    passed += Number(/(\d+) passed/.exec(vitest[1])?.[1] ?? 0);
    failed += Number(/(\d+) failed/.exec(vitest[1])?.[1] ?? 0);
    continue;
  }
  // Playwright's closing lines: "  12 passed (1.2m)", "  1 failed".
  const pw = /^\s+(\d+) (passed|failed)( \([\d.]+m?s?\))?\s*$/.exec(line);
  if (pw?.[2] === 'passed') passed += Number(pw[1]);
  else if (pw?.[2] === 'failed') failed += Number(pw[1]);
}
console.log(`${passed} passed, ${failed} failed`);
