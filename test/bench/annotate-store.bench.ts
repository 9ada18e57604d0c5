// `node test/bench/annotate-store.bench.ts`: annotation of a STORED import end to end (read rows in id order,
// annotate in the worker, write every transcript / ClinVar row, switch-over commit), as the Annotate button
// and `genodesk annotate --patient` run it. Prints variants/s, the main thread's worst event-loop delay (the
// UI stays responsive while it is small) and peak RSS. Workload: the real NA12878 GRCh38 chr21 Platinum
// calls, repeated COPIES times along chr21 (default 8 ≈ 530,000 variants) and imported once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import zlib from 'node:zlib';
import { createGenoDesk } from '../../electron/main/composition.ts';
import { NA12878_GRCH38 } from '../helpers/annotation-vcfs.ts';

const copies = Number(process.env.COPIES ?? 8);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-GB');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-bench-annotate-store-'));

// The records repeated, each copy squeezed along chr21 so positions stay sorted and inside its 46.7 Mb.
const lines = zlib.gunzipSync(fs.readFileSync(NA12878_GRCH38)).toString('utf8').split('\n');
const header = lines.filter((l) => l.startsWith('#'));
const records = lines.filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
const first = Number(records[0][1]);
const span = Number(records[records.length - 1][1]) - first + 1;
const scale = Math.min(1, 46_000_000 / (span * copies));
const out: string[] = [...header];
let last = 0;
for (let c = 0; c < copies; c++) {
  for (const r of records) {
    let pos = Math.floor((Number(r[1]) - first) * scale) + 1 + Math.floor(c * span * scale);
    if (pos <= last) pos = last + 1;
    last = pos;
    out.push([r[0], String(pos), ...r.slice(2)].join('\t'));
  }
}
const vcf = path.join(dir, 'na12878-x.vcf');
fs.writeFileSync(vcf, out.join('\n') + '\n');

const app = createGenoDesk({ dataDir: path.join(dir, 'data'), dbKey: 'bench', actor: 'bench' });
try {
  await app.packs.install({ builtInId: 'grch38-chr21-ensembl84-demo' });
  await app.packs.install({ builtInId: 'clinvar-macarthur2018-grch38' });
  const patient = app.patients.create({ nhsNumber: '9434765919', familyName: 'Bench', givenName: 'Mark', birthDate: '1970-01-01' });
  let t = performance.now();
  const imp = await app.imports.importVcf({ file: vcf, patientId: patient.id });
  console.log(`import: ${fmt(imp.variants)} variants in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  for (const label of ['first run', 're-run (replaces the first)']) {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    t = performance.now();
    const { runs } = await app.annotation.annotate({ patientId: patient.id, rerun: true });
    const s = (performance.now() - t) / 1000;
    delay.disable();
    const r = runs[0];
    console.log(
      `annotate stored import, ${label}: ${fmt(r.variants)} variants in ${s.toFixed(2)} s = ${fmt(r.variants / s)} variants/s; ` +
        `${fmt(r.inTranscripts)} in transcripts, ${fmt(r.clinvarMatches)} ClinVar matches; ` +
        `worst event-loop delay ${(delay.max / 1e6).toFixed(0)} ms (p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms)`,
    );
  }
  t = performance.now();
  const page = app.annotation.queryVariants({ patientId: patient.id, consequence: ['missense_variant'], limit: 200 });
  console.log(`browser page, consequence filter: ${fmt(page.total)} missense variants, first page in ${(performance.now() - t).toFixed(0)} ms`);
  console.log(`peak RSS (main process): ${fmt(process.resourceUsage().maxRSS / 1024)} MB`);
} finally {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
