// Several parse workers must store exactly what one worker stores: every VCF in shared data is imported
// once with one worker and once with three workers cutting the file into 5-line stripes (so stripes,
// batches and chunks cross each other everywhere), each into a fresh store, and everything the import
// wrote is compared - the import's totals, its contigs and their codes, every variant row with its id,
// reference blocks, raw annotations. A file one worker rejects must be rejected with the same error:
// the first problem in file order, whichever worker meets it.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { createImportService } from '../../../electron/main/services/vcf/import-service.ts';
import { createStoredVariants } from '../../../electron/main/services/vcf/stored-variants.ts';
import { AppError } from '../../../shared/errors.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { VCF_DATA, addPatient, openTestStore, sharedVcfFiles } from './vcf-test-helpers.ts';

const { dir, cleanup } = makeTempDir('genodesk-vcf-parallel-');
afterAll(() => cleanup());

let storeNo = 0;

interface Outcome {
  error: { code: string; message: string; details: unknown } | null;
  written: unknown;
}

async function importWith(file: string, workers: number, stripeLines?: number): Promise<Outcome> {
  const store = openTestStore(dir, `s${++storeNo}.db`);
  try {
    const service = createImportService({ store, actor: 'test', parseWorkers: workers, stripeLines, batchRows: 7 });
    const patientId = addPatient(store, 'p');
    // Answer what the import asks (which build, which sample) the same way for both runs.
    let build: 'GRCh38' | undefined;
    let sample: string | undefined;
    for (;;) {
      try {
        await service.importVcf({ file, patientId, build, sample });
        return { error: null, written: everythingWritten(store) };
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        if (err.code === 'vcf/unsupported-build' && !build) build = 'GRCh38';
        else if (err.code === 'vcf/sample-required' && !sample) sample = (err.details as { samples: string[] }).samples.at(-1);
        else return { error: { code: err.code, message: err.message, details: err.details }, written: everythingWritten(store) };
      }
    }
  } finally {
    store.close();
  }
}

function everythingWritten(store: Store): unknown {
  const { sqlite } = store;
  const imports = sqlite
    .prepare('SELECT key, status, records, alleles, variants, reference_blocks, het, hom_alt, hom_ref, no_call, not_genotyped, transitions, transversions, max_ref_length, max_block_length FROM imports')
    .all() as { key: number }[];
  const rows = createStoredVariants(store);
  return {
    imports,
    variants: imports.map((i) => rows.allRows(i.key)),
    chunks: sqlite.prepare('SELECT first_id, chrom, count, min_pos, max_pos, max_end FROM variant_chunks ORDER BY first_id').all().length > 0,
    contigs: sqlite.prepare('SELECT import_key, code, name, chrom, length FROM import_contigs ORDER BY import_key, code, name').all(),
    blocks: sqlite.prepare('SELECT import_key, chrom, start_pos, end_pos, ref, alt, gt, gq, dp, line FROM reference_blocks ORDER BY id').all(),
    annotations: sqlite.prepare('SELECT import_key, variant_id, key, value FROM variant_raw_annotations ORDER BY variant_id, key').all(),
  };
}

describe('three parse workers store what one stores', () => {
  const files = sharedVcfFiles().filter((f) => !/\.bcf$/.test(f));
  it('covers the shared VCFs', () => {
    expect(files.length).toBeGreaterThan(30);
  });
  for (const file of files) {
    it(path.relative(VCF_DATA, file), async () => {
      const one = await importWith(file, 1);
      const three = await importWith(file, 3, 5);
      expect(three.error).toEqual(one.error);
      expect(three.written).toEqual(one.written);
    }, 60_000);
  }
});
