// npm run bench:patients — register 100,000 patients, then time the searches a counsellor makes.
// Target: every search answers in ≤ 50 ms. Prints figures; not a pass/fail test.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../electron/main/db/connection.ts';
import { createPatientsService } from '../../electron/main/services/patients/patients-service.ts';
import { foldForSearch } from '../../shared/text-fold.ts';
import { validNhsNumbers } from '../helpers/nhs-numbers.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const N = Number(process.env.BENCH_PATIENTS ?? 100_000);
const FAMILY = ['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', "O'Brien", 'Brontë', 'Nowak', 'Łukasiewicz', 'Patel', 'Khan', 'Ahmed', 'Singh', 'Murphy', 'Kelly'];
const GIVEN = ['Oliver', 'George', 'Harry', 'Jack', 'Jacob', 'Noah', 'Charlie', 'Muhammad', 'Thomas', 'Oscar', 'Olivia', 'Amelia', 'Isla', 'Ava', 'Emily', 'Sophia', 'Grace', 'Zoë', 'Siobhán', 'Chloé', 'John', 'Mary'];

const { dir, cleanup } = makeTempDir('genodesk-bench-');
const store = openStore({ file: path.join(dir, 'bench.db'), key: 'bench' });
const patients = createPatientsService({ store, actor: 'bench' });

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const insert = store.sqlite.prepare(
  `INSERT INTO patients (id, nhs_number, family_name, given_name, family_fold, given_fold, birth_date, sex, version, created_at, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, 'unknown', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
);
const t0 = performance.now();
const nhs = validNhsNumbers(600_000_000);
let sampleNhs = '';
let sampleBirth = '';
store.sqlite.transaction(() => {
  for (let i = 0; i < N; i++) {
    // A suffix makes family names varied (Smith, Smithson…), as in a real register.
    const family = FAMILY[Math.floor(rand() * FAMILY.length)] + (rand() < 0.7 ? '' : ['son', 'ley', 'ford', 'ton'][Math.floor(rand() * 4)]);
    const given = GIVEN[Math.floor(rand() * GIVEN.length)];
    const birth = `${1930 + Math.floor(rand() * 95)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const n = nhs.next().value as string;
    if (i === N >> 1) {
      sampleNhs = n;
      sampleBirth = birth;
    }
    insert.run(randomUUID(), n, family, given, foldForSearch(family), foldForSearch(given), birth);
  }
})();
store.sqlite.pragma('optimize');
console.log(`registered ${N.toLocaleString()} patients in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const queries: [string, string][] = [
  ['family prefix "smi"', 'smi'],
  ['family, accent-insensitive "bronte"', 'bronte'],
  ['given + family "zoe bron"', 'zoe bron'],
  ['single letter "s" (widest)', 's'],
  ['NHS number', sampleNhs],
  ['NHS number prefix "600 00"', '600 00'],
  ['birth date ISO', sampleBirth],
  ['birth date UK', sampleBirth.split('-').reverse().join('/')],
  ['no match', 'zzzz'],
  ['first page, no query', ''],
];
console.log('\nsearch (limit 50, with total count)           median    p95     max   matches');
for (const [label, q] of queries) {
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < 30; i++) {
    const s = performance.now();
    total = patients.search({ query: q, limit: 50 }).total;
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const fmt = (v: number) => `${v.toFixed(2)} ms`.padStart(9);
  console.log(`${label.padEnd(45)}${fmt(times[15])}${fmt(times[28])}${fmt(times[29])}  ${String(total).padStart(7)}`);
}
store.close();
cleanup();
