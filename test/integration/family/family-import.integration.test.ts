// One multi-sample family VCF (the real GIAB Ashkenazi trio) imported once for its three members: all
// imports commit together or none do, a second run is a duplicate, and the stored family analysis agrees
// with the analysis of the file itself.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/main/db/connection.ts';
import type { Store } from '../../../electron/main/db/connection.ts';
import { analyseStoredFamily } from '../../../electron/main/services/family/family-analysis.ts';
import { importFamilyVcf } from '../../../electron/main/services/family/family-import.ts';
import { createFamilyService } from '../../../electron/main/services/family/family-service.ts';
import { storedFamilyInputs } from '../../../electron/main/services/family/stored-family.ts';
import { createPatientsService } from '../../../electron/main/services/patients/patients-service.ts';
import { createImportService } from '../../../electron/main/services/vcf/import-service.ts';
import type { ImportService } from '../../../electron/main/services/vcf/import-service.ts';
import type { AppError } from '../../../shared/errors.ts';
import { ASHK_PED, ASHK_VCF } from '../../helpers/family-vcf.ts';
import { validNhsNumbers } from '../../helpers/nhs-numbers.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const { dir, cleanup } = makeTempDir();
let store: Store;
let imports: ImportService;
const ids: Record<string, string> = {};
beforeAll(() => {
  store = openStore({ file: path.join(dir, 'g.db'), key: 'k' });
  const patients = createPatientsService({ store, actor: 'lab' });
  imports = createImportService({ store, actor: 'lab', parseWorkers: 1 });
  const nhs = validNhsNumbers(700_000_000);
  for (const [sample, sex] of [
    ['HG002', 'male'],
    ['HG003', 'male'],
    ['HG004', 'female'],
  ]) {
    ids[sample] = patients.create({ nhsNumber: nhs.next().value as string, familyName: 'Ashkenazi', givenName: sample, birthDate: '1970-01-01', sex }).id;
  }
  createFamilyService({ store, actor: 'lab', patients }).importPed(fs.readFileSync(ASHK_PED, 'utf8'), { file: 'ashk-trio.ped', map: ids });
});
afterAll(() => {
  store.close();
  cleanup();
});

const count = (sql: string) => (store.sqlite.prepare(sql).get() as { n: number }).n;
const members = () => Object.entries(ids).map(([sample, patientId]) => ({ sample, patientId }));

describe('family VCF import', () => {
  it('a cancelled family import leaves no member imported', async () => {
    const controller = new AbortController();
    const p = importFamilyVcf({ store, imports }, { file: ASHK_VCF, members: members() }, { signal: controller.signal, onProgress: (e) => e.phase === 'reading' && controller.abort() });
    await expect(p).rejects.toMatchObject({ code: 'vcf/cancelled' });
    expect(count('SELECT count(*) AS n FROM imports')).toBe(0);
    expect(count('SELECT count(*) AS n FROM variant_chunks')).toBe(0);
  });

  it('refuses a sample the file does not have before importing anything', async () => {
    await expect(importFamilyVcf({ store, imports }, { file: ASHK_VCF, members: [...members().slice(0, 2), { sample: 'HG005', patientId: ids.HG004 }] })).rejects.toMatchObject({
      code: 'family/sample-missing-from-vcf',
    } satisfies Partial<AppError>);
    expect(count('SELECT count(*) AS n FROM imports')).toBe(0);
  });

  it('a member failing at its last step takes the others with it: nothing is visible before, nothing stays after', async () => {
    const seenComplete: number[] = [];
    const failingLast: ImportService = {
      ...imports,
      importVcf: (req, opts) =>
        imports.importVcf(req, {
          ...opts,
          holdCompletion: async (complete) => {
            seenComplete.push(count("SELECT count(*) AS n FROM imports WHERE status = 'complete'"));
            if (req.sample === 'HG004') throw new Error('disk full');
            return opts!.holdCompletion!(complete);
          },
        }),
    };
    await expect(importFamilyVcf({ store, imports: failingLast }, { file: ASHK_VCF, members: members() })).rejects.toThrow('disk full');
    expect(seenComplete).toEqual([0, 0, 0]);
    expect(count('SELECT count(*) AS n FROM imports')).toBe(0);
    expect(count('SELECT count(*) AS n FROM variant_chunks')).toBe(0);
  });

  it('imports all three members together; the same file again is a duplicate for each', async () => {
    const first = await importFamilyVcf({ store, imports }, { file: ASHK_VCF, members: members() });
    expect(first.imports.map((i) => [i.sample, i.status, i.records])).toEqual([
      ['HG002', 'complete', 9940],
      ['HG003', 'complete', 9940],
      ['HG004', 'complete', 9940],
    ]);
    const again = await importFamilyVcf({ store, imports }, { file: ASHK_VCF, members: members() });
    expect(again.imports.map((i) => i.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(count('SELECT count(*) AS n FROM imports')).toBe(3);
  });

  it('the stored family analysis finds what the file analysis finds: 38 apparent de novo sites, 3 passing every check', () => {
    const family = createFamilyService({ store, actor: 'lab', patients: createPatientsService({ store, actor: 'lab' }) }).show(ids.HG002);
    const inputs = storedFamilyInputs(store.sqlite, family);
    expect(inputs.missing).toEqual([]);
    const summary = analyseStoredFamily(store, inputs.model, inputs.importKeys);
    expect(summary.counts.de_novo).toBe(38);
    expect(summary.deNovo.map((d) => d.key)).toEqual(['chr1:15752321:TCTGA:T', 'chr1:155036260:C:T', 'chr1:200080462:A:AT']);
    expect(summary.qc.relatedness.every((r) => r.ok)).toBe(true);
  });
});
