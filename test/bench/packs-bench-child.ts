// One step of `npm run bench:packs` in its own process, so its peak RSS is its own: `install DATA_DIR FILE
// [VERSION]` installs a pack (and runs reanalysis, as `genodesk packs install` does); `reanalyse DATA_DIR`
// times reanalysis alone. Prints one JSON line: seconds, peak RSS, worst event-loop delay.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createGenoDesk } from '../../electron/main/composition.ts';

const [step, dataDir, file, version] = process.argv.slice(2);
const app = createGenoDesk({ dataDir, dbKey: 'bench', actor: 'bench' });
const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
const t = performance.now();
let result: unknown;
let reanalysisSeconds = 0;
// The install alone (reanalysis after it is one synchronous comparison, measured apart).
let install = { p99Ms: 0, maxMs: 0, mainElu: 0 };
try {
  if (step === 'install') {
    const elu = performance.eventLoopUtilization();
    const pack = await app.packs.install({ paths: [file], ...(version ? { version } : {}) });
    // Busy share of the main thread's loop: what the install costs the app, whatever the machine's load.
    install = { p99Ms: delay.percentile(99) / 1e6, maxMs: delay.max / 1e6, mainElu: performance.eventLoopUtilization(elu).utilization };
    const r = performance.now();
    const runs = app.reanalysis.runPending();
    reanalysisSeconds = (performance.now() - r) / 1000;
    result = { pack: pack.id, runs };
  } else {
    result = { runs: app.reanalysis.runPending() };
  }
} finally {
  await app.close();
}
delay.disable();
const u = process.resourceUsage();
console.log(
  JSON.stringify({
    seconds: (performance.now() - t) / 1000,
    reanalysisSeconds,
    peakRssMb: u.maxRSS / 1024,
    eventLoopP99Ms: delay.percentile(99) / 1e6,
    eventLoopMaxMs: delay.max / 1e6,
    installEventLoopP99Ms: install.p99Ms,
    installEventLoopMaxMs: install.maxMs,
    installMainElu: install.mainElu,
    result,
  }),
);
