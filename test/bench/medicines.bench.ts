// `npm run bench:medicines`: the medication review as a prescriber opens it, on PharmCAT's worked example
// VCF plus a CYP2D6 outside call, for a patient on a long list of medicines (polypharmacy: 20 current
// medicines, 4 of them CYP inhibitors/inducers) and a prescriber checking 5 more. Also the catalogue search
// behind the name box. Prints figures; not a pass/fail timer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenoDesk } from '../../electron/main/composition.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = process.env.GENODESK_SHARED_DATA ?? path.resolve(repo, '../shared/data');
const vcf = path.join(shared, 'pgx/pharmcat/examples/pharmcat.example.vcf');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const CURRENT = ['codeine', 'paroxetine', 'clopidogrel', 'omeprazole', 'simvastatin', 'warfarin', 'tamoxifen', 'amitriptyline', 'fluconazole', 'carbamazepine', 'ondansetron', 'tacrolimus', 'metoprolol', 'citalopram', 'allopurinol', 'atorvastatin', 'duloxetine', 'lansoprazole', 'phenytoin', 'aspirin'];
const CONSIDER = ['sertraline', 'tramadol', 'voriconazole', 'celecoxib', 'fluoxetine'];

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: +s[0].toFixed(1), median: +s[Math.floor(s.length / 2)].toFixed(1), max: +s[s.length - 1].toFixed(1) };
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-bench-med-'));
try {
  const app = createGenoDesk({ dataDir: dir, dbKey: 'bench', actor: 'bench' });
  const p = app.patients.create({ nhsNumber: '9434765803', familyName: 'Bench', givenName: 'Poly', birthDate: '1940-01-01', sex: 'female' });
  await app.imports.importVcf({ file: vcf, patientId: p.id });
  const oc = path.join(dir, 'cyp2d6.tsv');
  fs.writeFileSync(oc, 'CYP2D6\t*1/*1\n');
  app.pgx.importOutsideCalls(p.id, oc);
  const first = performance.now();
  for (const d of CURRENT) app.medicines.add(p.id, { drug: d });
  const addMs = (performance.now() - first) / CURRENT.length;

  const cold = performance.now();
  app.medicines.review(p.id);
  const coldMs = performance.now() - cold;
  const runMs: number[] = [];
  const reviewMs: number[] = [];
  const considerMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    app.pgx.run(p.id);
    runMs.push(performance.now() - t);
    t = performance.now();
    app.medicines.review(p.id);
    reviewMs.push(performance.now() - t);
    t = performance.now();
    app.medicines.review(p.id, CONSIDER);
    considerMs.push(performance.now() - t);
  }
  const searchMs: number[] = [];
  for (const q of ['co', 'clop', 'paroxetin', 'xyz', 'st']) {
    const t = performance.now();
    app.medicines.searchDrugs(q);
    searchMs.push(performance.now() - t);
  }
  const review = app.medicines.review(p.id, CONSIDER);
  console.log(
    JSON.stringify(
      {
        machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`,
        runs: RUNS,
        currentMedicines: CURRENT.length,
        considered: CONSIDER.length,
        addMsPerMedicine: +addMs.toFixed(2),
        firstReviewMs: +coldMs.toFixed(1),
        pgxRunMs: stats(runMs),
        reviewMs: stats(reviewMs),
        reviewWithConsideredMs: stats(considerMs),
        catalogueSearchMs: stats(searchMs),
        actions: review.items.reduce<Record<string, number>>((acc, i) => ((acc[i.action] = (acc[i.action] ?? 0) + 1), acc), {}),
        phenoconverted: review.items.filter((i) => i.phenoconversion.length > 0).map((i) => i.drug),
      },
      null,
      2,
    ),
  );
  await app.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
