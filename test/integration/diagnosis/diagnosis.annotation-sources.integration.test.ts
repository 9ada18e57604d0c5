// Where the candidates' annotation comes from: the import's stored annotation run (issue 7) when there is
// one, else the active installed packs on the fly, else the demo packs shipped in resources/packs; the
// analysis records which pack versions were used each time. The planted COQ8A stop-gain stays tier 1
// in every case (its consequence from ClinVar's molecular consequence where the demo transcript pack,
// which covers only part of chr21, has no transcript).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import type { Patient } from '../../../shared/schemas/patient.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { COQ8A_STOP } from '../../helpers/planted-vcf.ts';
import { openApp, registerWithImport, saveReferral } from './helpers/case.ts';

const tmp = makeTempDir('genodesk-dx-sources-');
let app: GenoDesk;
let patient: Patient;
const coq8a = COQ8A_STOP();

beforeAll(async () => {
  app = openApp(path.join(tmp.dir, 'data'));
  ({ patient } = await registerWithImport(app, tmp.dir, { nhsNumber: '943 476 5919', familyName: 'Sources' }));
  saveReferral(app, patient.id);
}, 60_000);
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

describe('annotation sources of an analysis', () => {
  it('nothing installed: the demo packs annotate the panel genes on the fly, and the notes say so', async () => {
    const r = await app.diagnosis.candidates({ patientId: patient.id });
    expect(r.analysis.annotationOrigin).toBe('on-the-fly');
    expect(r.analysis.packs.map((p) => p.id)).toEqual(['grch38-chr21-ensembl84-demo', 'clinvar-20211025-grch38-testset', 'clinvar-macarthur2018-grch38']);
    expect(r.notes.join(' ')).toMatch(/demo pack shipped with GenoDesk/);
    expect(r.candidates[0]).toMatchObject({ gene: 'COQ8A', tier: 1, hgvsc: coq8a.hgvs_c, consequenceSource: 'clinvar-molecular-consequence' });
  });

  it('installed packs are used on the fly while the import has no stored annotation', async () => {
    await app.packs.install({ builtInId: 'grch38-chr21-ensembl84-demo' });
    await app.packs.install({ builtInId: 'clinvar-macarthur2018-grch38' });
    const r = await app.diagnosis.candidates({ patientId: patient.id });
    expect(r.analysis.annotationOrigin).toBe('on-the-fly');
    expect(r.analysis.packs.map((p) => p.id)).toEqual(['grch38-chr21-ensembl84-demo', 'clinvar-macarthur2018-grch38']);
    expect(r.notes.join(' ')).not.toMatch(/demo pack shipped with GenoDesk/);
    expect(r.candidates[0]).toMatchObject({ gene: 'COQ8A', tier: 1 });
  });

  it("once the import is annotated, the stored run is read, and its pack versions are the analysis'", async () => {
    const { runs } = await app.annotation.annotate({ patientId: patient.id });
    const r = await app.diagnosis.candidates({ patientId: patient.id });
    expect(r.analysis.annotationOrigin).toBe('stored');
    expect(r.analysis.packs).toEqual(runs[0].packs);
    const top = r.candidates[0];
    expect(top).toMatchObject({ gene: 'COQ8A', tier: 1, hgvsc: coq8a.hgvs_c });
    expect(top.clinvar).toMatchObject({ significance: coq8a.clinical_significance, stars: Number(coq8a.gold_stars) });
    // Three different runs, three saved analyses.
    expect(app.store.sqlite.prepare('SELECT count(*) FROM diagnosis_analyses WHERE patient_id = ?').pluck().get(patient.id)).toBe(3);
  });
});
