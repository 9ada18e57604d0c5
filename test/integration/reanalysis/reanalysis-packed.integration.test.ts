// Reanalysis reads a patient's normalised alleles from the current packed annotation run when there is one
// (issue 15: one patient in ≤ 2 s, comparing only the changed ClinVar keys, not every stored row), and from
// the stored variants otherwise. Two patients carry the same real ClinVar alleles (2021-10-25 test set)
// plus a multi-allelic record split at import; one is annotated (demo chr21 pack), one is
// not: a newer release must give both exactly the same findings, in the same order.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const CLINVAR = path.join(SHARED_DATA, 'clinvar', 'clinvar_20211025_GRCh38_vep-testset.vcf.gz');
const tmp = makeTempDir('genodesk-reanalysis-packed-');
let app: GenoDesk;
const patients: string[] = [];
const clinvarLines = zlib.gunzipSync(fs.readFileSync(CLINVAR)).toString('utf8').split('\n');
const records = clinvarLines.filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));

function release(name: string, date: string, edit: (rec: string[], i: number) => string[] | null): string {
  let i = 0;
  const out = clinvarLines
    .filter((l) => l)
    .map((l) => (l.startsWith('##fileDate=') ? `##fileDate=${date}` : l.startsWith('#') ? l : edit(l.split('\t'), i++)?.join('\t')))
    .filter((l): l is string => l !== undefined);
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, `${out.join('\n')}\n`);
  return file;
}
const withClnsig = (rec: string[], sig: string) => [...rec.slice(0, 7), rec[7].replace(/CLNSIG=[^;]*/, `CLNSIG=${sig}`)];

beforeAll(async () => {
  app = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'tester' });
  await app.packs.install({ builtInId: 'grch38-chr21-ensembl84-demo' });
  await app.packs.install({ paths: [CLINVAR] });
  // Every record of the test set (50, on several chromosomes: the chr21 pack annotates the chr21 ones, the rest
  // are intergenic), each carried as written; record 1 also as one ALT of a multi-allelic record with a
  // made-up second ALT, so the row is split and trimmed at import.
  const carried = records;
  const body = carried.map((r) => [r[0], r[1], '.', r[3], r[4], '50', 'PASS', '.', 'GT', '0/1'].join('\t'));
  const multi = carried[1];
  body.push([multi[0], multi[1], '.', `${multi[3]}`, `${multi[4]},${multi[3]}${multi[3]}`, '50', 'PASS', '.', 'GT', '1/2'].join('\t'));
  const sorted = body.sort((a, b) => a.split('\t')[0].localeCompare(b.split('\t')[0]) || Number(a.split('\t')[1]) - Number(b.split('\t')[1]));
  const vcf = ['##fileformat=VCFv4.2', '##reference=GRCh38', '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">', ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT', 'S1'].join('\t'), ...sorted].join('\n');
  const file = path.join(tmp.dir, 'patient.vcf');
  fs.writeFileSync(file, `${vcf}\n`);
  for (const name of ['Annotated', 'Unannotated']) {
    const id = app.patients.create({ nhsNumber: name === 'Annotated' ? '9434765919' : '9434765870', familyName: name, givenName: 'Test', birthDate: '1980-01-01' }).id;
    patients.push(id);
    await app.imports.importVcf({ file, patientId: id, build: 'GRCh38' });
  }
  await app.annotation.annotate({ patientId: patients[0] });
}, 120_000);
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

describe('reanalysis from packed annotation', () => {
  it('finds the same changed alleles, in the same order, from the annotation run as from the stored rows', async () => {
    const storage = app.store.sqlite.prepare("SELECT storage FROM annotation_runs WHERE patient_id = ? AND status = 'complete'").pluck().all(patients[0]);
    expect(storage).toEqual(['chunks']);
    // Every other record reclassified, two withdrawn.
    const newer = release('clinvar-newer.vcf', '2022-01-01', (rec, i) => (i === 3 || i === 7 ? null : i % 2 === 0 ? withClnsig(rec, 'Uncertain_significance') : rec));
    await app.packs.install({ paths: [newer] });
    const runs = app.reanalysis.runPending();
    expect(runs).toHaveLength(1);
    const of = (p: string) => app.reanalysis.list({ patientId: p }).map((c) => ({ variant: c.variant, before: c.before, after: c.after }));
    const annotated = of(patients[0]);
    expect(annotated.length).toBeGreaterThan(5);
    expect(annotated).toEqual(of(patients[1]));
    expect(runs[0].patientChanges).toBe(2 * annotated.length);
  });
});
