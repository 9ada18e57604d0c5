// The pieces every conflict shares, and a relative's fields read back from FamilyMemberHistory resources as
// GenoDesk writes them and as another system might edit them.
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../shared/schemas/family.ts';
import { SYNCED_MEDICATION_FIELDS } from '../../../shared/schemas/sync.ts';
import type { SyncedMedication } from '../../../shared/schemas/sync.ts';
import { changesBetween, chooseFields, fieldRows } from '../../../electron/main/services/sync/conflict-fields.ts';
import { familyMemberFromFhir, familyMemberHistory, freeNotes } from '../../../electron/main/services/sync/family-resources.ts';

const mine: SyncedMedication = { drug: 'paroxetine', code: null, dose: '20 mg', started: null, status: 'stopped', stopped: '2026-01-05' };
const theirs: SyncedMedication = { ...mine, dose: '40 mg', status: 'active', stopped: null };

describe('choosing between two versions', () => {
  it('keeps mine, takes theirs, or mixes per field; every differing field must be chosen', () => {
    expect(chooseFields('keep-mine', SYNCED_MEDICATION_FIELDS, mine, theirs)).toEqual({ resolved: mine, label: 'keep-mine' });
    expect(chooseFields('take-theirs', SYNCED_MEDICATION_FIELDS, mine, theirs)).toEqual({ resolved: theirs, label: 'take-theirs' });
    expect(chooseFields({ perField: { dose: 'theirs', status: 'mine', stopped: 'mine' } }, SYNCED_MEDICATION_FIELDS, mine, theirs).resolved).toEqual({ ...mine, dose: '40 mg' });
    expect(() => chooseFields({ perField: { dose: 'theirs' } }, SYNCED_MEDICATION_FIELDS, mine, theirs)).toThrow(expect.objectContaining({ code: 'sync/invalid-choice', details: { missing: ['status', 'stopped'] } }));
  });

  it('refuses a per-field choice where the record is kept or taken whole', () => {
    expect(() => chooseFields({ perField: {} }, SYNCED_MEDICATION_FIELDS, mine, theirs, false)).toThrow(expect.objectContaining({ code: 'sync/invalid-choice' }));
  });

  it('lists both sides in field order with "not recorded" for empty values, and the audit pairs of what changed', () => {
    const rows = fieldRows(SYNCED_MEDICATION_FIELDS, { drug: 'Medicine', code: 'Code', dose: 'Dose', started: 'Started', status: 'Status', stopped: 'Stopped on' }, mine, theirs);
    expect(rows.map((r) => r.field)).toEqual([...SYNCED_MEDICATION_FIELDS]);
    expect(rows.find((r) => r.field === 'stopped')).toEqual({ field: 'stopped', label: 'Stopped on', mine: '2026-01-05', theirs: 'not recorded', differs: true });
    expect(rows.find((r) => r.field === 'drug')?.differs).toBe(false);
    expect(changesBetween(SYNCED_MEDICATION_FIELDS, mine, theirs)).toEqual({ dose: ['20 mg', '40 mg'], status: ['stopped', 'active'], stopped: ['2026-01-05', null] });
  });
});

describe('a relative read back from FamilyMemberHistory', () => {
  const family: Family = {
    id: 'fam-1',
    proband: 'p-1',
    pedFamilyId: null,
    version: 3,
    updatedAt: '2026-01-01T00:00:00Z',
    members: [
      { patient: 'p-1', relation: 'proband', sex: 'male', affected: 'affected', father: null, mother: 'p-2', sample: null, name: 'Doe, Son', nhsNumber: '9990000018' },
      { patient: 'p-2', relation: 'mother', sex: 'female', affected: 'unaffected', father: null, mother: null, sample: null, name: 'Doe, Mum', nhsNumber: '9990000026' },
    ],
  };

  it('gives back exactly what GenoDesk wrote, carried notes included and its own affected-status note left out', () => {
    const r = familyMemberHistory(family, family.members[1], 'srv-1', 'srv-2', ['Seen at another centre.']);
    expect(familyMemberFromFhir(r)).toEqual({ relation: 'mother', sex: 'female', affected: 'unaffected', name: 'Doe, Mum', notes: 'Seen at another centre.' });
    expect(freeNotes(r)).toEqual(['Seen at another centre.']);
  });

  it('reads a central edit: a condition means affected, an unknown relationship code is shown as written, no sex is unknown', () => {
    const edited = {
      resourceType: 'FamilyMemberHistory',
      relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'NMTH', display: 'natural mother' }] },
      condition: [{ code: { text: 'Cardiomyopathy' } }],
      name: 'Doe, Mum',
      note: [{ text: 'Edited elsewhere.' }, { text: 'Second note.' }],
    };
    expect(familyMemberFromFhir(edited)).toEqual({ relation: 'natural mother', sex: 'unknown', affected: 'affected', name: 'Doe, Mum', notes: 'Edited elsewhere.\nSecond note.' });
    // GenoDesk's own note without a condition: the status the note gives; neither: unknown.
    expect(familyMemberFromFhir({ resourceType: 'FamilyMemberHistory', note: [{ text: 'Affected status recorded in GenoDesk: unaffected.' }] }).affected).toBe('unaffected');
    expect(familyMemberFromFhir({ resourceType: 'FamilyMemberHistory' }).affected).toBe('unknown');
  });
});
