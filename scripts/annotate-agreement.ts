// `npm run annotate:agreement`: GenoDesk's annotator against real peers in ../shared/data/annotation-truth
// (bcftools csq test cases, Ensembl VEP-annotated VCFs, vcf2maf VEP MAFs, biocommons/hgvs tables). Prints a
// table per source — cases, agreed — and every disagreement with its explanation; `--json` prints it as JSON.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAgreement } from './annotation-agreement/run-agreement.ts';
import { summarise } from './annotation-agreement/agreement-types.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.GENODESK_SHARED_DATA ?? path.resolve(root, '../shared/data');
const sources = await runAgreement(shared);

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(sources.map((s) => ({ ...s, ...summarise(s) })), null, 2));
} else {
  const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
  console.log(`${pad('source', 62)} ${pad('cases', 6)} ${pad('agreed', 7)} rate   not comparable`);
  for (const s of sources) {
    const t = summarise(s);
    console.log(`${pad(s.name, 62)} ${pad(String(t.cases), 6)} ${pad(String(t.agreed), 7)} ${pad(t.cases ? `${(t.rate * 100).toFixed(1)}%` : 'n/a', 6)} ${s.notComparable.length}`);
  }
  for (const s of sources) {
    const t = summarise(s);
    const rate = t.cases ? `${(t.rate * 100).toFixed(1)}%` : 'n/a';
    console.log(`\n== ${s.name}: ${t.agreed}/${t.cases} agreed (${rate}) — compared: ${s.compared}`);
    const bad = s.cases.filter((c) => !c.agreed);
    if (bad.length === 0 && t.cases > 0) console.log('   no disagreements');
    for (const c of bad) {
      console.log(` ✗ ${c.id}  ${c.variant}${c.transcript ? `  [${c.transcript}]` : ''}`);
      console.log(`     expected: ${c.expected.length > 160 ? `${c.expected.substring(0, 157)}...` : c.expected}`);
      console.log(`     got:      ${c.actual.length > 160 ? `${c.actual.substring(0, 157)}...` : c.actual}`);
      console.log(`     why:      ${c.reason ? `[${c.reason}] ` : ''}${c.explanation ?? ''}`);
    }
    if (s.notComparable.length) {
      console.log(`   not comparable (${s.notComparable.length}):`);
      for (const n of s.notComparable) console.log(`   · ${n.id}: ${n.reason}`);
    }
  }
}
