// Reanalysis on a real store: a patient whose genome carries real ClinVar and gnomAD alleles; a newer
// ClinVar release (made from the real one: some classes changed, one record withdrawn) and a newer gnomAD
// release (one allele's frequency raised past 5 %) are installed; reanalysis lists exactly the patient's
// affected variants with before/after, audits them per patient, is not repeated for the same pair of
// releases, and keeps earlier findings when a later release comes.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { writeCarrierVcf } from '../../helpers/carrier-vcf.ts';
import type { CarriedAllele } from '../../helpers/carrier-vcf.ts';

const CLINVAR = path.join(SHARED_DATA, 'clinvar', 'clinvar_20211025_GRCh38_vep-testset.vcf.gz');
const GNOMAD = path.join(SHARED_DATA, 'population', 'gnomad-examples', 'example-genomes-grch38_v4.0.gnomad-genomes.vcf');

const tmp = makeTempDir('genodesk-reanalysis-');
let app: GenoDesk;
let patientId: string;
const clinvarLines = zlib.gunzipSync(fs.readFileSync(CLINVAR)).toString('utf8').split('\n');
const clinvarRecords = clinvarLines.filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
const gnomadRecords = fs.readFileSync(GNOMAD, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
// The patient carries the first 12 ClinVar alleles and every gnomAD example allele.
const carried = clinvarRecords.slice(0, 12);

function writeClinVarRelease(name: string, date: string, edit: (rec: string[], i: number) => string[] | null): string {
  const out: string[] = [];
  let i = 0;
  for (const l of clinvarLines) {
    if (!l) continue;
    if (l.startsWith('##fileDate=')) out.push(`##fileDate=${date}`);
    else if (l.startsWith('#')) out.push(l);
    else {
      const rec = edit(l.split('\t'), i++);
      if (rec) out.push(rec.join('\t'));
    }
  }
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, `${out.join('\n')}\n`);
  return file;
}
const withClnsig = (rec: string[], sig: string) => [...rec.slice(0, 7), rec[7].replace(/CLNSIG=[^;]*/, `CLNSIG=${sig}`)];

beforeAll(async () => {
  app = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'tester' });
  patientId = app.patients.create({ nhsNumber: '9434765919', familyName: 'Reanalysis', givenName: 'Test', birthDate: '1980-01-01', sex: 'female' }).id;
  const file = writeCarrierVcf(path.join(tmp.dir, 'patient.vcf'), [
    ...carried.map((r): CarriedAllele => [r[0], r[1], r[3], r[4]]),
    ...gnomadRecords.map((r): CarriedAllele => [r[0].replace(/^chr/, ''), r[1], r[3], r[4]]),
  ]);
  await app.imports.importVcf({ file, patientId, build: 'GRCh38' });
});
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

describe('reanalysis', () => {
  it('lists the patient’s variants whose ClinVar class changed or was withdrawn in the newer release', async () => {
    await app.packs.install({ paths: [CLINVAR] });
    expect(app.reanalysis.runPending()).toEqual([]); // one release: nothing to compare with
    // The newer release: carried records 0 and 2 reclassified, carried record 5 withdrawn, record 20 (not carried) reclassified.
    const newer = writeClinVarRelease('clinvar-newer.vcf', '2022-01-01', (rec, i) =>
      i === 5 ? null : i === 0 ? withClnsig(rec, 'Pathogenic') : i === 2 ? withClnsig(rec, 'Likely_pathogenic') : i === 20 ? withClnsig(rec, 'Pathogenic') : rec,
    );
    await app.packs.install({ paths: [newer] });
    const runs = app.reanalysis.runPending();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ kind: 'clinvar', build: 'GRCh38', changedAlleles: 4, patientChanges: 3 });
    const changes = app.reanalysis.list({ patientId }).filter((c) => c.kind === 'clinvar');
    const at = (i: number) => changes.find((c) => c.variant.pos === Number(carried[i][1]));
    expect(changes).toHaveLength(3);
    expect(at(0)?.after).toMatchObject({ significance: 'Pathogenic' });
    expect(at(0)?.before).toMatchObject({ significance: expect.not.stringMatching(/^Pathogenic$/) });
    expect(at(2)?.after).toMatchObject({ significance: 'Likely pathogenic' });
    expect(at(2)?.before).toMatchObject({ significance: 'Benign' });
    expect(at(5)).toMatchObject({ before: { significance: expect.any(String) }, after: null });
    expect(at(0)?.pack.version).toBe('2022-01-01');
    expect(at(0)?.previousPack.version).toBe('2021-10-25');
    const audit = app.audit.list('patient', patientId).filter((a) => a.action === 'reanalysis');
    expect(audit).toHaveLength(1);
    // The same pair of releases is never compared twice.
    expect(app.reanalysis.runPending()).toEqual([]);
    expect(app.reanalysis.list({ patientId }).filter((c) => c.kind === 'clinvar')).toHaveLength(3);
  });

  it('lists variants that became common in the newer gnomAD release, keeping earlier findings', async () => {
    await app.packs.install({ paths: [GNOMAD] });
    const target = gnomadRecords[1];
    const lines = fs
      .readFileSync(GNOMAD, 'utf8')
      .split('\n')
      .map((l) => (l.startsWith(`${target[0]}\t${target[1]}\t`) ? l.replace(/;AF=[^;\t]*/, ';AF=0.2').replace(/AF_grpmax=[^;\t]*/, 'AF_grpmax=0.31') : l));
    const newer = path.join(tmp.dir, 'gnomad-newer.vcf');
    fs.writeFileSync(newer, lines.join('\n'));
    await app.packs.install({ paths: [newer], version: 'v4.1' });
    const runs = app.reanalysis.runPending();
    expect(runs).toEqual([expect.objectContaining({ kind: 'frequency', changedAlleles: 1, patientChanges: 1 })]);
    const all = app.reanalysis.list({ patientId });
    const frequency = all.filter((c) => c.kind === 'frequency');
    expect(frequency).toEqual([
      expect.objectContaining({ variant: { chrom: 'chr1', pos: Number(target[1]), ref: target[3], alt: target[4] }, after: expect.objectContaining({ af: 0.2, grpmaxAf: 0.31 }), pack: expect.objectContaining({ version: 'v4.1' }) }),
    ]);
    expect(all.filter((c) => c.kind === 'clinvar')).toHaveLength(3);
    expect(app.reanalysis.list()).toHaveLength(4);
  });
});
