// Two annotate workers store exactly what one does: chunks go to whichever worker has fewer outstanding (their
// cost differs with gene density), results are written back in import order. Real packs, the Platinum
// Genomes NA12878 chr21 calls (tens of chunks), two stores.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { NA12878_GRCH38 } from '../../helpers/annotation-vcfs.ts';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../electron/main/composition.ts';

const tmp = makeTempDir('genodesk-two-workers-');
const apps: GenoDesk[] = [];

async function annotated(workers: number): Promise<{ json: string[]; chunks: number }> {
  const app = createGenoDesk({ dataDir: path.join(tmp.dir, `data-${workers}`), dbKey: 'k', actor: 'tester', annotateWorkers: workers });
  apps.push(app);
  await app.packs.install({ builtInId: 'grch38-chr21-ensembl84-demo' });
  await app.packs.install({ builtInId: 'clinvar-20211025-grch38-testset' });
  const patientId = app.patients.create({ nhsNumber: '9434765919', familyName: 'Workers', givenName: `W${workers}`, birthDate: '1970-01-01' }).id;
  const imp = await app.imports.importVcf({ file: NA12878_GRCH38, patientId });
  await app.annotation.annotate({ patientId, importId: imp.id });
  const json = [...app.annotation.storedAnnotations(imp.id)].map((s) => JSON.stringify(s));
  const chunks = (app.store.sqlite.prepare('SELECT count(*) AS n FROM annotation_chunks').get() as { n: number }).n;
  return { json, chunks };
}

describe('annotation with two workers', () => {
  let one: { json: string[]; chunks: number };
  let two: { json: string[]; chunks: number };
  beforeAll(async () => {
    one = await annotated(1);
    two = await annotated(2);
  }, 240_000);
  afterAll(async () => {
    for (const a of apps) await a.close();
    tmp.cleanup();
  });

  it('stores the same annotation, variant for variant, in the same order', () => {
    expect(one.chunks).toBeGreaterThan(10);
    expect(two.chunks).toBe(one.chunks);
    expect(two.json.length).toBe(one.json.length);
    expect(two.json).toEqual(one.json);
  });
});
