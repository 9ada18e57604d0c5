// A real diagnosis case in a fresh encrypted store: a patient, NA12878 GRCh38 chr21 with planted ClinVar
// variants imported through the real import pipeline, and optionally a referral.
import path from 'node:path';
import { createGenoDesk } from '../../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../../electron/main/composition.ts';
import type { Candidate } from '../../../../shared/schemas/diagnosis.ts';
import type { Patient } from '../../../../shared/schemas/patient.ts';
import { COL6A2_MISSENSE, COQ8A_STOP, RET_SF, plantIntoNa12878, type Planted } from '../../../helpers/planted-vcf.ts';

export const DB_KEY = 'diagnosis-test-key';

export function openApp(dataDir: string, actor = 'scientist-a'): GenoDesk {
  return createGenoDesk({ dataDir, dbKey: DB_KEY, actor });
}

/** The default plant: homozygous COQ8A stop-gain (tier 1), COL6A2 missense (tier 2), RET SF variant. */
export function defaultPlant(): Planted[] {
  return [
    { row: COQ8A_STOP(), gt: '1|1' },
    { row: COL6A2_MISSENSE(), gt: '0|1' },
    { row: RET_SF(), gt: '0/1' },
  ];
}

export async function registerWithImport(
  app: GenoDesk,
  dir: string,
  who: { nhsNumber: string; familyName: string; givenName?: string },
  planted: Planted[] = defaultPlant(),
): Promise<{ patient: Patient; vcf: string }> {
  const patient = app.patients.create({ nhsNumber: who.nhsNumber, familyName: who.familyName, givenName: who.givenName ?? 'Test', birthDate: '1988-02-14', sex: 'female' });
  const vcf = plantIntoNa12878(path.join(dir, 'vcf'), `case-${patient.id}`, planted);
  await app.imports.importVcf({ file: vcf, patientId: patient.id });
  return { patient, vcf };
}

export function saveReferral(app: GenoDesk, patientId: string, panels = [{ id: '1141' }, { id: '207' }]) {
  return app.diagnosis.referral.save({
    patientId,
    clinicalIndication: 'Recurrent rhabdomyolysis with exercise intolerance',
    hpoTerms: [{ id: 'HP:0003201', label: 'Rhabdomyolysis' }],
    panels,
  });
}

/**
 * Runs the candidates and classifies one (the first, unless `pick` says which) likely pathogenic with PVS1 + PM2,
 * as a scientist would before issuing: the planted COQ8A stop-gain is the default plant's first candidate.
 */
export async function classifyCandidate(app: GenoDesk, patientId: string, pick: (c: Candidate) => boolean = () => true) {
  const run = await app.diagnosis.candidates({ patientId });
  const top = run.candidates.find(pick)!;
  app.diagnosis.classifications.save({
    variant: { build: 'GRCh38', chrom: top.chrom, pos: top.pos, ref: top.ref, alt: top.alt },
    criteria: [
      { code: 'PVS1', strength: 'very-strong' },
      { code: 'PM2', strength: 'supporting' },
    ],
    comment: 'Homozygous nonsense variant in a biallelic gene.',
    patientId,
    analysisId: run.analysis.id,
  });
  return { run, top };
}
