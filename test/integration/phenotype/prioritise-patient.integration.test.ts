// `prioritise` over a stored import (--patient / the app's combined list): NA12878 chr21 (Platinum Genomes,
// GRCh38) with a homozygous COQ8A stop-gain and a COL6A2 missense planted from ClinVar, every carried variant
// read (not only panel genes) and annotated as the diagnosis workspace does. With COQ8A's phenotype the
// planted COQ8A variant — the panel tiering's tier 1 — is the top candidate.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { COQ8A_STOP } from '../../helpers/planted-vcf.ts';
import { openApp, registerWithImport, saveReferral } from '../diagnosis/helpers/case.ts';

const tmp = makeTempDir('genodesk-phenotype-patient-');
afterAll(() => tmp.cleanup());

describe('prioritise --patient', () => {
  it('ranks the whole import with the phenotype; the tier-1 variant comes first', async () => {
    const app = openApp(path.join(tmp.dir, 'data'));
    try {
      const { patient } = await registerWithImport(app, tmp.dir, { nhsNumber: '943 476 5919', familyName: 'Phenotype' });
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
  }, 240_000);
});
