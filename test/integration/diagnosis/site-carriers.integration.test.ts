// "Carriers" beside a lab classification: distinct patients whose complete import of the site's build has
// the ALT in its genotype. Real imports (NA12878 GRCh38 chr21 with a ClinVar record planted at several
// genotypes), so the count is read from stored chunks exactly as a clinic's store holds them. Which
// genotypes carry the ALT follows the VCF GT definitions (VCF 4.3 §1.6.2): 0/1, 1|1 and haploid 1 do;
// 0/0, haploid 0 and ./1 (the other allele unknown, counted as half-call, not het) do not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { validNhsNumbers } from '../../helpers/nhs-numbers.ts';
import { COL6A2_MISSENSE, COQ8A_STOP, plantIntoNa12878, type Planted } from '../../helpers/planted-vcf.ts';
import { openApp } from './helpers/case.ts';

const tmp = makeTempDir('genodesk-dx-carriers-');
let app: GenoDesk;
const coq8a = COQ8A_STOP();
const site = { build: 'GRCh38' as const, chrom: `chr${coq8a.chrom}`, pos: Number(coq8a.pos), ref: coq8a.ref, alt: coq8a.alt };
const nhs = validNhsNumbers(943_476_600);

async function patientWith(...files: Planted[][]): Promise<void> {
  const patient = app.patients.create({ nhsNumber: nhs.next().value as string, familyName: 'Carrier', givenName: 'Test', birthDate: '1980-01-01', sex: 'female' });
  for (const [i, planted] of files.entries()) {
    const vcf = plantIntoNa12878(path.join(tmp.dir, 'vcf'), `${patient.id}-${i}`, planted);
    await app.imports.importVcf({ file: vcf, patientId: patient.id });
  }
}

beforeAll(async () => {
  app = openApp(path.join(tmp.dir, 'data'));
  // Carriers: het; hom-alt in one import and het in a second (one patient, counted once); haploid ALT.
  await patientWith([{ row: coq8a, gt: '0/1' }]);
  await patientWith([{ row: coq8a, gt: '1|1' }], [{ row: coq8a, gt: '0/1' }, { row: COL6A2_MISSENSE(), gt: '0/1' }]);
  await patientWith([{ row: coq8a, gt: '1' }]);
  // Not carriers: hom-ref, haploid REF, half-call, and another ALT at the same position.
  await patientWith([{ row: coq8a, gt: '0/0' }]);
  await patientWith([{ row: coq8a, gt: '0' }]);
  await patientWith([{ row: coq8a, gt: './1' }]);
  const otherAlt = ['A', 'C', 'G', 'T'].find((b) => b !== coq8a.ref && b !== coq8a.alt) as string;
  await patientWith([{ row: { ...coq8a, alt: otherAlt }, gt: '0/1' }]);
}, 180_000);

afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

describe('carriers of a site', () => {
  it('counts distinct patients with the ALT called, not genotypes without it', () => {
    expect(app.diagnosis.classifications.history(site).carriers).toBe(3);
  });

  it('matches the site however it is written (no chr prefix, padded alleles), and only on its build', () => {
    const padded = { build: 'GRCh38' as const, chrom: coq8a.chrom, pos: site.pos - 1, ref: `A${site.ref}`, alt: `A${site.alt}` };
    expect(app.diagnosis.classifications.history(padded).carriers).toBe(3);
    expect(app.diagnosis.classifications.history({ ...site, build: 'GRCh37' }).carriers).toBe(0);
    expect(app.diagnosis.classifications.history({ ...site, pos: site.pos + 1 }).carriers).toBe(0);
  });
});
