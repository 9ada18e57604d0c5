// Reports list the patient's HPO terms and the HPO release (HPO's licence asks for the release wherever its
// content is shown): the report content, the PDF's text (read back with poppler's pdftotext) and the FHIR
// genomic-report narrative, on a real case (NA12878 chr21 with ClinVar variants planted in).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { buildGenomicReportResources } from '../../../electron/main/services/diagnosis/report-fhir.ts';
import type { Patient } from '../../../shared/schemas/patient.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { openApp, registerWithImport, saveReferral } from '../diagnosis/helpers/case.ts';

let tmp: { dir: string; cleanup: () => void };
let app: GenoDesk;
let patient: Patient;

beforeAll(async () => {
  tmp = makeTempDir('genodesk-phenotype-report-');
  app = openApp(path.join(tmp.dir, 'data'));
  ({ patient } = await registerWithImport(app, tmp.dir, { nhsNumber: '9434765919', familyName: 'Report', givenName: 'Pheno' }));
  saveReferral(app, patient.id);
}, 120_000);
afterAll(async () => {
  await app?.close();
  tmp.cleanup();
});

describe('reports and the phenotype', () => {
  it('list the referral’s own HPO terms while no phenotype is recorded', async () => {
    const { content } = await app.diagnosis.reportPreview({ patientId: patient.id });
    expect(content.referral.hpoTerms).toEqual([{ id: 'HP:0003201', label: 'Rhabdomyolysis' }]);
    expect(content.referral.hpoRelease ?? null).toBeNull();
  });

  it('list present and absent terms with the HPO release in the content, the PDF and the FHIR report', async () => {
    app.patientPhenotype.set({ patientId: patient.id, terms: [{ id: 'HP:0003201' }, { id: 'HP:0003546' }, { id: 'HP:0001250', excluded: true }] });
    const release = app.phenotype.hpoVersion();
    const { content } = await app.diagnosis.reportPreview({ patientId: patient.id });
    expect(content.referral).toMatchObject({
      hpoTerms: [
        { id: 'HP:0003201', label: 'Rhabdomyolysis' },
        { id: 'HP:0003546', label: 'Exercise intolerance' },
      ],
      excludedHpoTerms: [{ id: 'HP:0001250', label: 'Seizure' }],
      hpoRelease: release,
    });
    const pdf = path.join(tmp.dir, 'report.pdf');
    await app.diagnosis.reportPdf({ patientId: patient.id, file: pdf });
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(`Phenotype (HPO release ${release}): present: Rhabdomyolysis (HP:0003201); Exercise intolerance (HP:0003546); looked for and absent: Seizure (HP:0001250).`);
    const fhir = buildGenomicReportResources(content);
    expect(String(fhir.report.conclusion)).toContain(`HPO release ${release}`);
    expect(JSON.stringify(fhir.report.text)).toContain('Seizure (HP:0001250)');
  });
});
