// The import service end to end on real files: identity and duplicates, sample and build questions,
// progress, cancel, CRLF, crash leftovers, audit, and the CLI.md import shape.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/main/db/connection.ts';
import { createImportService, removeIncompleteImports } from '../../../electron/main/services/vcf/import-service.ts';
import type { ImportService } from '../../../electron/main/services/vcf/import-service.ts';
import { createImportWriter } from '../../../electron/main/services/vcf/import-writer.ts';
import { RecordParser } from '../../../electron/main/services/vcf/record-parser.ts';
import { createStoredVariants } from '../../../electron/main/services/vcf/stored-variants.ts';
import { HeaderReader } from '../../../electron/main/services/vcf/vcf-header.ts';
import { AppError } from '../../../shared/errors.ts';
import type { ImportProgress } from '../../../shared/schemas/vcf.ts';
import { importSchema } from '../../../shared/schemas/vcf.ts';
import { storeChecksum } from '../../helpers/store.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { VCF_DATA, addPatient, bcftools, openTestStore } from './vcf-test-helpers.ts';

const NA12878 = path.join(VCF_DATA, 'platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz');
const MULTI = path.join(VCF_DATA, 'htslib-tests/tabix/vcf_file.vcf');
const NO_BUILD = path.join(VCF_DATA, 'ensembl-vep/input/test_not_ordered.vcf');

const { dir, cleanup } = makeTempDir('genodesk-vcf-service-');
let store: Store;
let service: ImportService;

beforeAll(() => {
  store = openTestStore(dir);
  service = createImportService({ store, actor: 'tester', batchRows: 2000 });
});
afterAll(() => {
  store?.close();
  cleanup();
});

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/** Every stored row of an import in id (file) order, without the ids and key that differ between imports. */
function rowsOf(importId: string): string[] {
  const key = store.sqlite.prepare('SELECT key FROM imports WHERE id = ?').pluck().get(importId) as number;
  return createStoredVariants(store)
    .allRows(key)
    .map((r) =>
      JSON.stringify([r.chrom, r.pos, r.ref, r.alt, r.gt, r.zygosity, r.ps, r.gq, r.dp, r.ad_ref, r.ad_alt, r.ids, r.qual, r.filter, r.info, r.original]),
    );
}

describe('import identity', () => {
  it('imports once, answers a repeat with status "duplicate" and the same import, writing nothing', async () => {
    const patientId = addPatient(store);
    const first = await service.importVcf({ file: NA12878, patientId });
    expect(first.status).toBe('complete');
    expect(first.sha256).toBe(execFileSync('sha256sum', [NA12878]).toString().split(' ')[0]);
    const before = storeChecksum(store);
    const again = await service.importVcf({ file: NA12878, patientId });
    expect(again).toEqual({ ...first, status: 'duplicate' });
    expect(storeChecksum(store)).toBe(before);
    // One audit row, written with the import.
    const audit = store.sqlite.prepare("SELECT actor, action, changes FROM audit_log WHERE entity_type = 'import' AND entity_id = ?").all(first.id) as {
      actor: string;
      action: string;
      changes: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'tester', action: 'import' });
    expect(JSON.parse(audit[0].changes)).toMatchObject({ patientId, sha256: first.sha256, records: first.records, alleles: first.alleles });
  });

  it('returns the CLI.md import shape', async () => {
    const patientId = addPatient(store);
    const imp = await service.importVcf({ file: NA12878, patientId });
    expect(() => importSchema.parse(imp)).not.toThrow();
    for (const k of ['id', 'patientId', 'file', 'sha256', 'sample', 'build', 'records', 'alleles', 'status', 'het', 'homAlt', 'homRef', 'noCall', 'transitions', 'transversions', 'tiTv', 'importedAt']) {
      expect(imp, k).toHaveProperty(k);
    }
    expect(imp).toMatchObject({ patientId, file: NA12878, sample: 'NA12878', build: 'GRCh38', buildSource: 'header' });
    expect(imp.tiTv).toBeCloseTo(imp.transitions / imp.transversions, 2);
  });

  it('is another import for another sample of the same file', async () => {
    const patientId = addPatient(store);
    const a = await service.importVcf({ file: MULTI, patientId, sample: 'A' });
    const b = await service.importVcf({ file: MULTI, patientId, sample: 'B' });
    expect(a.status).toBe('complete');
    expect(b.status).toBe('complete');
    expect(b.id).not.toBe(a.id);
    expect(service.listImports({ patientId }).map((i) => i.sample).sort()).toEqual(['A', 'B']);
  });
});

describe('questions the file raises', () => {
  it('a multi-sample file without a sample: vcf/sample-required listing the samples, nothing written', async () => {
    const patientId = addPatient(store);
    const before = storeChecksum(store);
    const e = await rejection(service.importVcf({ file: MULTI, patientId }));
    expect(e.code).toBe('vcf/sample-required');
    expect(e.details.samples).toEqual(bcftools(['query', '-l', MULTI]).stdout.trim().split('\n'));
    expect(storeChecksum(store)).toBe(before);
    expect((await service.listSamples(MULTI)).samples).toEqual(e.details.samples);
  });

  it('a sample the file does not have: vcf/sample-not-found', async () => {
    const e = await rejection(service.importVcf({ file: MULTI, patientId: addPatient(store), sample: 'Z' }));
    expect(e.code).toBe('vcf/sample-not-found');
  });

  it('a header that names no build: vcf/unsupported-build, then imported when the build is given', async () => {
    const patientId = addPatient(store);
    const before = storeChecksum(store);
    const e = await rejection(service.importVcf({ file: NO_BUILD, patientId }));
    expect(e.code).toBe('vcf/unsupported-build');
    expect(storeChecksum(store)).toBe(before);
    const imp = await service.importVcf({ file: NO_BUILD, patientId, build: 'GRCh38' });
    expect(imp).toMatchObject({ build: 'GRCh38', buildSource: 'user', status: 'complete' });
  });

  it('an unknown patient: patients/not-found', async () => {
    expect((await rejection(service.importVcf({ file: NA12878, patientId: 'nobody' }))).code).toBe('patients/not-found');
  });
});

describe('progress and cancel', () => {
  it('reports bytes, total bytes, records, records/s and time left, ending at the whole file', async () => {
    const events: ImportProgress[] = [];
    const patientId = addPatient(store);
    const imp = await service.importVcf({ file: NA12878, patientId }, { onProgress: (p) => events.push(p) });
    const reading = events.filter((e) => e.phase === 'reading');
    expect(reading.length).toBeGreaterThan(0);
    for (let i = 1; i < reading.length; i++) {
      expect(reading[i].bytes).toBeGreaterThanOrEqual(reading[i - 1].bytes);
      expect(reading[i].records).toBeGreaterThanOrEqual(reading[i - 1].records);
    }
    expect(reading.every((e) => e.totalBytes === fs.statSync(NA12878).size && e.recordsPerSecond > 0 && e.etaSeconds !== null)).toBe(true);
    const last = events[events.length - 1];
    expect(last).toMatchObject({ phase: 'finishing', bytes: last.totalBytes, records: imp.records, etaSeconds: 0 });
  });

  it('cancel during reading leaves nothing behind', async () => {
    const patientId = addPatient(store);
    const before = storeChecksum(store);
    const controller = new AbortController();
    let batchesSeen = 0;
    const e = await rejection(
      service.importVcf(
        { file: NA12878, patientId },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.phase === 'reading' && ++batchesSeen === 1) controller.abort();
          },
        },
      ),
    );
    expect(batchesSeen).toBeGreaterThanOrEqual(1);
    expect(e.code).toBe('vcf/cancelled');
    expect(storeChecksum(store)).toBe(before);
    // And the same file imports afterwards.
    expect((await service.importVcf({ file: NA12878, patientId })).status).toBe('complete');
  });

  it('cancel before the first batch leaves nothing behind', async () => {
    const before = storeChecksum(store);
    const controller = new AbortController();
    controller.abort();
    const e = await rejection(service.importVcf({ file: NA12878, patientId: addPatient(store) }, { signal: controller.signal }));
    expect(e.code).toBe('vcf/cancelled');
    const afterPatient = storeChecksum(store);
    expect(afterPatient).not.toBe(before); // the patient row added above
    const controller2 = new AbortController();
    const pending = service.importVcf({ file: NA12878, patientId: addPatient(store) }, { signal: controller2.signal });
    const withPatient = storeChecksum(store);
    controller2.abort();
    expect((await rejection(pending)).code).toBe('vcf/cancelled');
    expect(storeChecksum(store)).toBe(withPatient);
  });
});

describe('line endings and order', () => {
  it('stores the same rows from a CRLF copy as from the LF original (Ensembl VEP test_not_ordered.vcf, unsorted)', async () => {
    const crlf = path.join(dir, 'test_not_ordered.crlf.vcf');
    fs.writeFileSync(crlf, fs.readFileSync(NO_BUILD, 'utf8').replace(/\n/g, '\r\n'));
    const lf = await service.importVcf({ file: NO_BUILD, patientId: addPatient(store), build: 'GRCh38' });
    const cr = await service.importVcf({ file: crlf, patientId: addPatient(store), build: 'GRCh38' });
    expect(cr.sha256).not.toBe(lf.sha256);
    expect(cr.records).toBe(lf.records);
    expect(rowsOf(lf.id)).toHaveLength(lf.variants);
    expect(rowsOf(cr.id)).toEqual(rowsOf(lf.id));
  });
});

describe('crash leftovers', () => {
  it('removeIncompleteImports removes an import left "importing" and nothing else', async () => {
    const patientId = addPatient(store);
    const kept = await service.importVcf({ file: MULTI, patientId, sample: 'A' });
    const before = storeChecksum(store);
    // What a crash mid-import leaves: the 'importing' row and some committed batches.
    const writer = createImportWriter(store);
    const key = writer.begin({
      id: 'crashed', patientId, file: NA12878, fileName: 'x', fileBytes: 1, sha256: 'x', sample: 'NA12878', build: 'GRCh38', buildSource: 'header',
      vcfVersion: '4.1', header: '', actor: 'tester', startedAt: new Date().toISOString(),
    });
    const lines = execFileSync('gzip', ['-dc', NA12878], { maxBuffer: 1 << 28 }).toString().split('\n');
    const header = lines.filter((l) => l.startsWith('#'));
    const reader = new HeaderReader(NA12878);
    header.slice(0, -1).forEach((l, i) => reader.addMeta(l, i + 1));
    const parser = new RecordParser(reader.finish(header[header.length - 1], header.length), 0, NA12878);
    lines.filter((l) => l && !l.startsWith('#')).slice(0, 3000).forEach((l, i) => parser.parse(l, i + 100));
    writer.writeBatch(key, { ...parser.take(), records: 3000, bytes: 0 });
    expect(storeChecksum(store)).not.toBe(before);
    // Invisible to every reader meanwhile.
    expect(service.listImports({ patientId }).map((i) => i.id)).toEqual([kept.id]);
    expect(service.queryVariants({ patientId, limit: 1000 }).total).toBe(kept.variants);
    expect(await removeIncompleteImports(store)).toEqual({ removed: 1 });
    expect(storeChecksum(store)).toBe(before);
  });
});
