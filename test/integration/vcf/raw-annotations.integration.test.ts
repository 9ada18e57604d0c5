// Consequence annotations a file already carries are kept verbatim for the annotation feature: every
// stored row of a record carries the record's CSQ/EFF, compared with `bcftools query` on the split file.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { iterateRawAnnotations } from '../../../electron/main/services/vcf/annotation-reads.ts';
import { createImportService } from '../../../electron/main/services/vcf/import-service.ts';
import type { ImportService } from '../../../electron/main/services/vcf/import-service.ts';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { REFERENCE_ALTS, addPatient, bcftools, expectedRow, openTestStore } from './vcf-test-helpers.ts';

const { dir, cleanup } = makeTempDir('genodesk-vcf-ann-');
let store: Store;
let service: ImportService;
beforeAll(() => {
  store = openTestStore(dir);
  service = createImportService({ store, actor: 'tester' });
});
afterAll(() => {
  store?.close();
  cleanup();
});

describe('raw consequence annotations', () => {
  it.each([
    ['annotation-truth/vep-csq-vcf/split-vep.vcf.gz', 'CSQ', undefined],
    ['vcf/cyvcf2-tests/test.snpeff.vcf', 'EFF', 'GRCh37'],
  ] as const)('%s: %s per stored row equals bcftools query', async (rel, key, build) => {
    const file = path.join(SHARED_DATA, rel);
    const samples = bcftools(['query', '-l', file]).stdout.split('\n').filter(Boolean);
    const imp = await service.importVcf({ file, patientId: addPatient(store), sample: samples[0], build });
    const normed = path.join(dir, 'normed.vcf');
    expect(bcftools(['norm', '-m-any', '-Ov', '-o', normed, file]).status).toBe(0);
    const expected = bcftools(['query', '-f', `%CHROM\\t%POS\\t%REF\\t%ALT\\t%${key}\\n`, normed])
      .stdout.split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'))
      .filter((f) => !REFERENCE_ALTS.has(f[3]) && f[4] !== '.')
      .map((f) => `${expectedRow(f[0], Number(f[1]), f[2], f[3], null).split('\t').slice(0, 4).join('\t')}\t${f[4]}`)
      .sort();
    expect(expected.length).toBeGreaterThan(5);
    const got = [...iterateRawAnnotations(store, imp.id, [key])].map((a) => `${a.chrom}\t${a.pos}\t${a.ref}\t${a.alt}\t${a.value}`).sort();
    expect(got).toEqual(expected);
  });
});
