import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { patientFromFhir, patientToFhir } from '../../../electron/main/services/sync/patient-resource.ts';
import { GENODESK_PATIENT_SYSTEM, NHS_NUMBER_SYSTEM } from '../../../electron/main/services/sync/fhir-systems.ts';
import { assertValidResource } from '../../../electron/main/services/sync/validate-resource.ts';

// 943 476 5919 is the NHS number NHS Digital's own documentation uses as its example (valid Modulus 11).
const fields = { nhsNumber: '9434765919', familyName: "O'Brien", givenName: 'Mary Ann', birthDate: '1984-07-19', sex: 'female' as const };
const today = new Date('2026-01-01T00:00:00Z');

describe('patient ↔ FHIR Patient', () => {
  it('carries the NHS number and the GenoDesk identifier and passes R4 validation', () => {
    const r = patientToFhir('8b0b7a34-5d6e-4f0a-9d7e-0c1f2a3b4c5d', fields);
    expect(r.identifier).toEqual([
      { system: NHS_NUMBER_SYSTEM, value: '9434765919' },
      { system: GENODESK_PATIENT_SYSTEM, value: '8b0b7a34-5d6e-4f0a-9d7e-0c1f2a3b4c5d' },
    ]);
    expect(r.name).toEqual([{ use: 'official', family: "O'Brien", given: ['Mary', 'Ann'] }]);
    expect(() => assertValidResource(r, 'test patient')).not.toThrow();
  });

  it('round-trips the fields a counsellor edits', () => {
    const r = { ...patientToFhir('p-1', fields), id: 'srv-1', meta: { versionId: 'v1', lastUpdated: '2026-01-01T00:00:00.000Z' } };
    expect(patientFromFhir(r, today)).toEqual({ localId: 'p-1', fields, serverId: 'srv-1', versionId: 'v1', lastUpdated: '2026-01-01T00:00:00.000Z' });
  });

  it("keeps what the server added that GenoDesk does not model (a PUT replaces the whole resource)", () => {
    const server = {
      resourceType: 'Patient',
      id: 'srv-1',
      meta: { versionId: 'v3' },
      identifier: [{ system: 'https://example.nhs.uk/Id/local-mrn', value: 'MRN123' }, { system: NHS_NUMBER_SYSTEM, value: '9434765919' }],
      name: [{ use: 'maiden', family: 'Kelly' }, { use: 'official', family: "O'Brien", given: ['Mary'] }],
      address: [{ postalCode: 'LS1 4AP' }],
    };
    const r = patientToFhir('p-1', { ...fields, familyName: 'Walsh' }, server);
    expect(r.meta).toBeUndefined();
    expect(r.address).toEqual([{ postalCode: 'LS1 4AP' }]);
    expect(r.identifier).toContainEqual({ system: 'https://example.nhs.uk/Id/local-mrn', value: 'MRN123' });
    expect(r.name).toEqual([{ use: 'maiden', family: 'Kelly' }, { use: 'official', family: 'Walsh', given: ['Mary', 'Ann'] }]);
  });

  it('refuses central data that breaks the register rules with sync/remote-invalid', () => {
    const bad = { ...patientToFhir('p-1', { ...fields, nhsNumber: '9434765918' }), id: 's', meta: { versionId: '1', lastUpdated: '2026-01-01T00:00:00Z' } };
    expect(() => patientFromFhir(bad, today)).toThrow(AppError);
    try {
      patientFromFhir(bad, today);
    } catch (err) {
      expect((err as AppError).code).toBe('sync/remote-invalid');
    }
    const foreign = { resourceType: 'Patient', id: 's', meta: { versionId: '1', lastUpdated: '2026-01-01T00:00:00Z' }, identifier: [{ system: NHS_NUMBER_SYSTEM, value: '9434765919' }] };
    expect(() => patientFromFhir(foreign, today)).toThrow(/no GenoDesk identifier/);
  });

  it('rejects a resource the R4 definitions do not allow, before anything is sent', () => {
    const r = { ...patientToFhir('p-1', fields), gender: 'fluid', birthDate: '19-07-1984' };
    try {
      assertValidResource(r, 'patient p-1');
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).code).toBe('fhir/invalid-resource');
      expect(JSON.stringify((err as AppError).details)).toMatch(/Patient\.(gender|birthDate)/);
    }
  });
});
