// The VCF's own annotations (CSQ) come back in position order even from an unsorted file, whose chunks of
// one chromosome overlap in position. The file is VEP's real CSQ output with its records shuffled; which
// rows carry which CSQ comes from `bcftools norm -m-any | bcftools query` on the same file.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { iterateRawAnnotations } from '../../../electron/main/services/vcf/annotation-reads.ts';
import { importKeyOf } from '../../../electron/main/services/vcf/import-reads.ts';
import { createImportService } from '../../../electron/main/services/vcf/import-service.ts';
import { createStoredVariants } from '../../../electron/main/services/vcf/stored-variants.ts';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { REFERENCE_ALTS, addPatient, bcftools, expectedRow, openTestStore } from '../vcf/vcf-test-helpers.ts';

const SOURCE = path.join(SHARED_DATA, 'annotation-truth/vep-csq-vcf/split-vep.vcf.gz');
const { dir, cleanup } = makeTempDir('genodesk-raw-order-');
let store: Store;

beforeAll(() => {
  store = openTestStore(dir);
});
afterAll(() => {
  store?.close();
  cleanup();
});

/** The records in a fixed scrambled order: record i goes to place (i * 7) mod n (7 is prime to n here). */
function shuffledCopy(): string {
  const lines = zlib.gunzipSync(fs.readFileSync(SOURCE)).toString('utf8').split('\n').filter(Boolean);
  const header = lines.filter((l) => l.startsWith('#'));
  const body = lines.filter((l) => !l.startsWith('#'));
  expect(body.length % 7).not.toBe(0);
  const out: string[] = new Array(body.length);
  body.forEach((l, i) => (out[(i * 7) % body.length] = l));
  const file = path.join(dir, 'shuffled.vcf');
  fs.writeFileSync(file, [...header, ...out].join('\n') + '\n');
  return file;
}

describe('raw annotations of an unsorted file', () => {
  it('come in position order, each row with its record’s CSQ', async () => {
    const file = shuffledCopy();
    const sample = bcftools(['query', '-l', file]).stdout.split('\n').filter(Boolean)[0];
    // Small batches: every batch ends a chunk, so the chromosome is stored as many overlapping chunks.
    const service = createImportService({ store, actor: 'tester', batchRows: 64 });
    const imp = await service.importVcf({ file, patientId: addPatient(store), sample });

    const headers = createStoredVariants(store).headers(importKeyOf(store.sqlite, imp.id).key);
    expect(headers.some((h, i) => i > 0 && h.chrom === headers[i - 1].chrom && h.minPos <= headers[i - 1].maxPos)).toBe(true);

    const normed = path.join(dir, 'normed.vcf');
    expect(bcftools(['norm', '-m-any', '-Ov', '-o', normed, file]).status).toBe(0);
    const expected = bcftools(['query', '-f', '%CHROM\\t%POS\\t%REF\\t%ALT\\t%CSQ\\n', normed])
      .stdout.split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'))
      .filter((f) => !REFERENCE_ALTS.has(f[3]) && f[4] !== '.')
      .map((f) => `${expectedRow(f[0], Number(f[1]), f[2], f[3], null).split('\t').slice(0, 4).join('\t')}\t${f[4]}`);
    expect(expected.length).toBeGreaterThan(500);

    const got = [...iterateRawAnnotations(store, imp.id, ['CSQ'])].map((a) => `${a.chrom}\t${a.pos}\t${a.ref}\t${a.alt}\t${a.value}`);
    expect([...got].sort()).toEqual([...expected].sort());
    // One chromosome here, so position order is: every stored (trimmed) position at or after the one before.
    const positions = got.map((r) => Number(r.split('\t')[1]));
    expect(new Set(got.map((r) => r.split('\t')[0])).size).toBe(1);
    expect(positions.every((p, i) => i === 0 || p >= positions[i - 1])).toBe(true);
    expect(positions.some((p, i) => i > 0 && p !== positions[i - 1])).toBe(true);
  });
});
