// GA4GH Phenopacket v2 in and out on real phenopacket-store files (test/fixtures/phenopackets, provenance
// there): an import fills the patient's phenotype (observed and excluded), an export names the subject, the
// features with their excluded flag, the chosen candidates and the HPO release; the exported packet imports
// back to the same phenotype. Bad files are refused specifically and leave the store exactly as it was.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Patient } from '../../../shared/schemas/patient.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { storeChecksum } from '../../helpers/store.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { testNhsNumbers } from '../sync/helpers/sync-harness.ts';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/phenopackets');
const KCNT1 = path.join(FIXTURES, 'PMID_23086397_Patient_2.json');
type Packet = {
  subject: { id: string; sex: string };
  phenotypicFeatures: { type: { id: string; label: string }; excluded?: boolean }[];
  interpretations?: { progressStatus: string; diagnosis: { disease?: { id: string }; genomicInterpretations: { variantInterpretation?: { variationDescriptor: { geneContext: { symbol: string }; vcfRecord: Record<string, unknown>; allelicState?: { id: string } } } }[] } }[];
  metaData: { phenopacketSchemaVersion: string; resources: { id: string; version: string }[] };
};

let tmp: { dir: string; cleanup: () => void };
let app: GenoDesk;
let patients: Patient[];

beforeAll(() => {
  tmp = makeTempDir('genodesk-phenopacket-');
  app = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'counsellor-a' });
  patients = testNhsNumbers(3, 7_800).map((nhsNumber, i) => app.patients.create({ nhsNumber, familyName: 'Packet', givenName: `P${i}`, birthDate: '2012-01-02', sex: i === 0 ? 'male' : 'female' }));
}, 60_000);
afterAll(async () => {
  await app?.close();
  tmp.cleanup();
});

const errorOf = (fn: () => unknown): AppError | undefined => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  return undefined;
};

describe('phenopacket import and export', () => {
  it('fills the phenotype from every fixture, observed and excluded, as the file says', () => {
    for (const [i, name] of ['PMID_23086397_Patient_2.json', 'PMID_16546111_A_IV_6.json', 'PMID_10756346_Patient_B13.json'].entries()) {
      const file = path.join(FIXTURES, name);
      const source = JSON.parse(fs.readFileSync(file, 'utf8')) as Packet;
      const result = app.patientPhenotype.importPhenopacket({ patientId: patients[i].id, file });
      const wanted = new Map(source.phenotypicFeatures.map((f) => [f.type.id, f.excluded === true]));
      // Every stored term is one of the file's (or its current replacement, which the warnings name).
      for (const t of result.phenotype.terms) {
        if (wanted.has(t.id)) expect(t.excluded).toBe(wanted.get(t.id));
        else expect(result.warnings.join(' ')).toContain(t.id);
      }
      expect(result.phenotype.terms.length).toBe(wanted.size);
      expect(result.imported.excluded).toBe([...wanted.values()].filter(Boolean).length);
    }
    const kcnt1 = app.patientPhenotype.get(patients[0].id);
    expect(kcnt1.terms.find((t) => t.id === 'HP:0008936')).toMatchObject({ label: 'Axial hypotonia', excluded: true });
    expect(app.store.sqlite.prepare("SELECT action FROM audit_log WHERE entity_type = 'phenotype' AND entity_id = ?").pluck().all(patients[0].id)).toEqual(['import-phenopacket']);
  });

  it('exports a v2 phenopacket with subject, excluded flags, candidates and the HPO release, which imports back the same', () => {
    const out = path.join(tmp.dir, 'case.json');
    const { phenopacket } = app.patientPhenotype.exportPhenopacket({
      patientId: patients[0].id,
      file: out,
      candidates: [{ gene: 'KCNT1', disease: { id: 'OMIM:614959', name: 'Developmental and epileptic encephalopathy 14' }, variants: [{ chrom: 'chr9', pos: 135765706, ref: 'G', alt: 'A', genotype: 'het', hgvsc: 'NM_020822.3:c.1283G>A' }] }],
    });
    const written = JSON.parse(fs.readFileSync(out, 'utf8')) as Packet;
    expect(written).toEqual(phenopacket);
    expect(written.subject).toEqual({ id: patients[0].id, sex: 'MALE' });
    expect(written.metaData.phenopacketSchemaVersion).toBe('2.0');
    expect(written.metaData.resources.find((r) => r.id === 'hp')?.version).toBe(app.phenotype.hpoVersion());
    expect(written.phenotypicFeatures.filter((f) => f.excluded).map((f) => f.type.id).sort()).toEqual(['HP:0008936', 'HP:0032773']);
    const [interp] = written.interpretations!;
    expect(interp.diagnosis.disease?.id).toBe('OMIM:614959');
    const descriptor = interp.diagnosis.genomicInterpretations[0].variantInterpretation!.variationDescriptor;
    expect(descriptor.geneContext.symbol).toBe('KCNT1');
    expect(descriptor.vcfRecord).toMatchObject({ genomeAssembly: 'GRCh38', chrom: 'chr9', pos: 135765706, ref: 'G', alt: 'A' });
    expect(descriptor.allelicState?.id).toBe('GENO:0000135');
    // Round trip: the export imported into another patient gives the same phenotype.
    const back = app.patientPhenotype.importPhenopacket({ patientId: patients[2].id, file: out });
    const terms = (id: string) => app.patientPhenotype.get(id).terms.map((t) => [t.id, t.excluded]).sort();
    expect(terms(patients[2].id)).toEqual(terms(patients[0].id));
    expect(back.warnings).toEqual([]);
  });

  it('refuses files that are not v2 JSON, have no features or unknown terms, naming what was expected, with the store unchanged', () => {
    const kcnt1 = JSON.parse(fs.readFileSync(KCNT1, 'utf8')) as Record<string, unknown> & Packet;
    const cases: [string, string, string, RegExp][] = [
      ['not-json.json', '{"id": "x",\n  "subject": ', 'phenotype/phenopacket-invalid', /not JSON \(line 2/],
      ['v1.json', JSON.stringify({ ...kcnt1, metaData: { ...kcnt1.metaData, phenopacketSchemaVersion: '1.0' } }), 'phenotype/phenopacket-invalid', /not a Phenopacket v2.*"1\.0"/],
      ['no-meta.json', JSON.stringify({ id: 'x', phenotypicFeatures: kcnt1.phenotypicFeatures }), 'phenotype/phenopacket-invalid', /no metaData/],
      ['negated.json', JSON.stringify({ ...kcnt1, phenotypicFeatures: [{ type: { id: 'HP:0001250' }, negated: true }] }), 'phenotype/phenopacket-invalid', /phenotypicFeatures\[0\].*"negated"/],
      ['no-features.json', JSON.stringify({ ...kcnt1, phenotypicFeatures: [] }), 'phenotype/phenopacket-no-features', /no phenotypicFeatures/],
      ['unknown.json', JSON.stringify({ ...kcnt1, phenotypicFeatures: [{ type: { id: 'HP:0001250' } }, { type: { id: 'HP:9999999', label: 'made up' } }] }), 'phenotype/unknown-term', /HP:9999999/],
      ['array.json', '[]', 'phenotype/phenopacket-invalid', /expected a JSON object/],
    ];
    const before = storeChecksum(app.store);
    for (const [name, text, code, message] of cases) {
      const file = path.join(tmp.dir, name);
      fs.writeFileSync(file, text);
      const err = errorOf(() => app.patientPhenotype.importPhenopacket({ patientId: patients[1].id, file }));
      expect(err?.code, name).toBe(code);
      expect(err?.message, name).toMatch(message);
    }
    expect(errorOf(() => app.patientPhenotype.exportPhenopacket({ patientId: patients[0].id, file: path.join(tmp.dir, 'no-such-dir/x.json') }))?.code).toBe('phenotype/export-path-invalid');
    expect(errorOf(() => app.patientPhenotype.exportPhenopacket({ patientId: patients[0].id, file: path.join(tmp.dir, 'x.txt') }))?.code).toBe('phenotype/export-path-invalid');
    expect(storeChecksum(app.store)).toBe(before);
  });
});
