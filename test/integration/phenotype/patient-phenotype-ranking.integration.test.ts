// The stored phenotype ranked through the app's wiring, before any VCF: a KCNT1 case from phenopacket-store
// (test/fixtures/phenopackets) ranks genes with each gene's matched terms, and the shipped demo panels are
// suggested only when they carry top genes (a rhabdomyolysis phenotype finds the rhabdomyolysis panel).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Patient } from '../../../shared/schemas/patient.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { testNhsNumbers } from '../sync/helpers/sync-harness.ts';

let tmp: { dir: string; cleanup: () => void };
let app: GenoDesk;
let patients: Patient[];

beforeAll(() => {
  tmp = makeTempDir('genodesk-phenotype-rank-');
  app = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'counsellor-a' });
  patients = testNhsNumbers(3, 7_900).map((nhsNumber, i) => app.patients.create({ nhsNumber, familyName: 'Rank', givenName: `P${i}`, birthDate: '2012-01-02', sex: 'male' }));
}, 60_000);
afterAll(async () => {
  await app?.close();
  tmp.cleanup();
});

describe('ranking a stored phenotype', () => {
  it('ranks genes with no VCF, each with the patient terms it matched', async () => {
    app.patientPhenotype.importPhenopacket({ patientId: patients[0].id, file: path.join(REPO_ROOT, 'test/fixtures/phenopackets/PMID_23086397_Patient_2.json') });
    const { result, panels } = await app.phenotypeCase.rank(patients[0].id, 10);
    expect(result.mode).toBe('phenotype');
    expect(result.genes).toHaveLength(10);
    const kcnt1 = result.genes.find((g) => g.gene === 'KCNT1');
    expect(kcnt1, 'the causal gene is on the first page').toBeDefined();
    expect(kcnt1!.matchedTerms.length).toBeGreaterThan(0);
    expect(result.dataVersions.hpo.version).toBe(app.phenotype.hpoVersion());
    // The demo panels (rhabdomyolysis, muscular dystrophy, small vessel disease, breast cancer, long QT) hold no top gene.
    for (const p of panels) expect(p.greenGenes.length + p.otherGenes.length).toBeGreaterThan(0);
  });

  it('suggests the installed panel that covers a rhabdomyolysis phenotype', async () => {
    // Rhabdomyolysis, exercise intolerance, myoglobinuria.
    app.patientPhenotype.set({ patientId: patients[1].id, terms: [{ id: 'HP:0003201' }, { id: 'HP:0003546' }, { id: 'HP:0002913' }] });
    const { panels } = await app.phenotypeCase.rank(patients[1].id, 20);
    expect(panels[0]?.name).toBe('Acute rhabdomyolysis');
    expect(panels[0].greenGenes.length).toBeGreaterThan(0);
  });

  it('refuses to rank a phenotype with no observed term', async () => {
    app.patientPhenotype.set({ patientId: patients[2].id, terms: [{ id: 'HP:0001250', excluded: true }] });
    await expect(app.phenotypeCase.rank(patients[2].id)).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'phenotype/no-terms');
  });
});
