// `prioritise` over a stored import (--patient / the app's combined list): NA12878 chr21 (Platinum Genomes,
// GRCh38) with a homozygous COQ8A stop-gain and a COL6A2 missense planted from ClinVar, every carried variant
// read (not only panel genes) and annotated as the diagnosis workspace does. With COQ8A's phenotype the
// planted COQ8A variant — the panel tiering's tier 1 — is the top candidate.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { COQ8A_STOP } from '../../helpers/planted-vcf.ts';
import { DB_KEY, openApp, registerWithImport, saveReferral } from '../diagnosis/helpers/case.ts';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import { VARIANT_PAGE_MAX } from '../../../shared/schemas/vcf.ts';

const tmp = makeTempDir('genodesk-phenotype-patient-');
afterAll(() => tmp.cleanup());

describe('prioritise --patient', () => {
  it('ranks the whole import with the phenotype; the tier-1 variant comes first', async () => {
    const app = openApp(path.join(tmp.dir, 'data'));
    let patientId: string;
    try {
      const { patient } = await registerWithImport(app, tmp.dir, { nhsNumber: '943 476 5919', familyName: 'Phenotype' });
      patientId = patient.id;
      const r = await app.phenotype.prioritise({ observed: ['HP:0001272', 'HP:0001250', 'HP:0003701', 'HP:0007256'], patientId: patient.id, limit: 5 });
      expect(r.mode).toBe('variants');
      const stop = COQ8A_STOP();
      expect(r.genes[0]).toMatchObject({ gene: 'COQ8A', rank: 1, inheritanceFit: 'recessive: homozygous' });
      expect(r.genes[0].variants[0]).toMatchObject({ pos: Number(stop.pos), genotype: 'hom', consequence: 'stop_gained' });
      // Variants beyond the panels were read: the chr21 genes NA12878 carries variants in.
      expect(r.totals.genes).toBeGreaterThan(20);
      expect(r.dataVersions.import).toMatchObject({ build: 'GRCh38' });
      saveReferral(app, patient.id);
      const tiers = await app.diagnosis.candidates({ patientId: patient.id });
      expect(tiers.candidates.find((c) => c.tier === 1)?.gene).toBe('COQ8A');
    } finally {
      await app.close();
    }

    // The app's way: the same store read page by page into the phenotype worker, which keeps only each gene's
    // usable hits. Same ranking as in this thread; the reading says how far it got, a page at a time.
    const query = { observed: ['HP:0001272', 'HP:0001250', 'HP:0003701', 'HP:0007256'], patientId, limit: 50 };
    const inThread = openApp(path.join(tmp.dir, 'data'));
    const here = await inThread.phenotype.prioritise(query).finally(() => inThread.close());
    const inWorker = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: DB_KEY, actor: 'scientist-a', phenotypeInWorker: true });
    try {
      const read: { done: number; total: number }[] = [];
      const viaWorker = await inWorker.phenotype.prioritise(query, { onProgress: (p) => p.phase === 'variants' && p.total > 0 && read.push({ done: p.done, total: p.total }) });
      expect(viaWorker).toEqual(here);
      expect(read.length).toBeGreaterThan(1);
      expect(read.at(-1)!.done).toBe(read.at(-1)!.total);
      expect(read.every((r, i) => i === 0 || r.done - read[i - 1].done <= VARIANT_PAGE_MAX)).toBe(true);
      expect(viaWorker.dataVersions.import).toMatchObject({ variantsRead: read.at(-1)!.done });
    } finally {
      await inWorker.close();
    }
  }, 240_000);
});
