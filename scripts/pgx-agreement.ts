// `npm run pgx:agreement`: runs every PharmCAT agreement case (see test/integration/pgx/pharmcat-agreement.ts)
// and prints a table per gene: cases, agreed, and the disagreements with their known cause.
// `--details` lists every disagreeing case.
import { allAgreementCases, type AgreementCase } from '../test/integration/pgx/pharmcat-agreement.ts';

const details = process.argv.includes('--details') || process.argv.includes('-v');
const started = performance.now();
const cases: AgreementCase[] = await allAgreementCases();

function table(rows: string[][]): string {
  const widths = rows[0].map((_c, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r, ri) => {
    const line = r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    return ri === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

const byGene = new Map<string, AgreementCase[]>();
for (const c of cases) {
  for (const g of c.gene.split('+').filter(Boolean)) {
    const l = byGene.get(g) ?? [];
    l.push(c);
    byGene.set(g, l);
  }
}
const rows = [['gene', 'cases', 'agreed', 'known data gap', 'unexplained']];
for (const gene of [...byGene.keys()].sort()) {
  const l = byGene.get(gene) as AgreementCase[];
  const agreed = l.filter((c) => c.agreed).length;
  const known = l.filter((c) => !c.agreed && c.knownDifference).length;
  rows.push([gene, String(l.length), String(agreed), String(known), String(l.length - agreed - known)]);
}
console.log('GenoDesk PGx agreement with PharmCAT (expected values from PharmCAT files in shared/data/pgx/pharmcat)\n');
console.log(table(rows));

const groups = new Map<string, AgreementCase[]>();
for (const c of cases) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
const grows = [['source of truth', 'cases', 'agreed', 'known data gap', 'unexplained']];
for (const [g, l] of groups) {
  const agreed = l.filter((c) => c.agreed).length;
  const known = l.filter((c) => !c.agreed && c.knownDifference).length;
  grows.push([g, String(l.length), String(agreed), String(known), String(l.length - agreed - known)]);
}
const total = cases.length;
const agreedTotal = cases.filter((c) => c.agreed).length;
const knownTotal = cases.filter((c) => !c.agreed && c.knownDifference).length;
grows.push(['TOTAL', String(total), String(agreedTotal), String(knownTotal), String(total - agreedTotal - knownTotal)]);
console.log(`\n${table(grows)}`);

// The genes whose phenotype maps come from older PharmCAT releases (resources/pgx/manifest.json), named.
const phenotypeCases = cases.filter((c) => c.group === 'example .phenotype.json');
const named = ['G6PD', 'RYR1', 'CYP2D6'].map((g) => phenotypeCases.find((c) => c.gene === g)).filter((c): c is AgreementCase => !!c);
console.log(`\nExample phenotypes: ${phenotypeCases.filter((c) => c.agreed).length}/${phenotypeCases.length} agree; ${named.map((c) => `${c.gene} ${c.agreed ? 'agrees' : 'DIFFERS'} (PharmCAT "${c.expected}", GenoDesk "${c.actual}")`).join('; ')}.`);

const diffs = cases.filter((c) => !c.agreed);
if (diffs.length) {
  console.log('\nDisagreements:');
  for (const c of diffs) {
    if (!details && c.knownDifference) continue;
    console.log(`- [${c.group}] ${c.id}\n    PharmCAT: ${c.expected}\n    GenoDesk: ${c.actual}${c.knownDifference ? `\n    cause:    ${c.knownDifference}` : ''}`);
  }
  const knownCauses = new Map<string, number>();
  for (const c of diffs) if (c.knownDifference) knownCauses.set(c.knownDifference, (knownCauses.get(c.knownDifference) ?? 0) + 1);
  for (const [cause, n] of knownCauses) console.log(`- ${n} case(s): ${cause}`);
}
console.log(`\n(${(performance.now() - started).toFixed(0)} ms)`);
