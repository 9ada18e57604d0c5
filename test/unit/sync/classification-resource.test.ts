// A lab classification version → Genomics Reporting IG diagnostic-implication Observation, checked against
// third-party truth: the variant from the MacArthur-lab ClinVar table (COQ8A c.1042C>T), chromosome
// accessions from PharmCAT's chr_build_mapping.tsv (NCBI RefSeq), the class from LOINC LL4034-6 and the
// points from the real classifier. Plus the validator's IG checks, and the variant-id parser sync relies on.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabClassificationRecord } from '../../../shared/schemas/diagnosis-workspace.ts';
import { classifyOrThrow } from '../../../electron/main/services/diagnosis/acmg-classifier.ts';
import { GRCH38_REFSEQ } from '../../../electron/main/services/diagnosis/report-fhir.ts';
import { variantIdOf } from '../../../electron/main/services/diagnosis-workspace/classification-store.ts';
import { classificationToFhir, GRCH37_REFSEQ } from '../../../electron/main/services/sync/classification-resource.ts';
import { parseVariantId } from '../../../electron/main/services/sync/diagnosis-sources.ts';
import type { FhirResource } from '../../../electron/main/services/sync/fhir-client.ts';
import {
  ACMG_CRITERION_CODES,
  ACMG_STRENGTH_CODES,
  DIAGNOSTIC_IMPLICATION_PROFILE,
  GENODESK_CLASSIFICATION_SYSTEM,
  VARIANT_PROFILE,
} from '../../../electron/main/services/sync/fhir-systems.ts';
import { assertValidResource, baseValidationIssues, genomicsProfileIssues } from '../../../electron/main/services/sync/validate-resource.ts';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { COQ8A_STOP } from '../../helpers/planted-vcf.ts';

type Component = { code: { coding: { system: string; code: string }[] }; valueCodeableConcept?: { coding?: { system?: string; code: string }[]; text?: string }; valueString?: string; valueInteger?: number; valueRange?: { low: { value: number }; high: { value: number } } };

const component = (r: FhirResource, code: string) => (r.component as Component[]).find((c) => c.code.coding.some((x) => x.code === code));

function coq8aClassification(version = 1): LabClassificationRecord {
  const row = COQ8A_STOP();
  const criteria = [
    { code: 'PVS1', strength: 'very-strong' },
    { code: 'PM2', strength: 'supporting', comment: 'Absent from gnomAD v4.' },
  ];
  const scored = classifyOrThrow(criteria);
  const identity = { build: 'GRCh38' as const, chrom: `chr${row.chrom}`, pos: Number(row.pos), ref: row.ref, alt: row.alt };
  const variantId = variantIdOf(identity);
  return {
    id: '0b9f4d1e-3c51-4a55-9b8e-5f3c1f0a7d21',
    variantId,
    key: variantId.split(':')[1],
    ...identity,
    version,
    acmgClass: scored.acmgClass,
    points: scored.points,
    criteria: scored.criteria,
    explanation: scored.explanation,
    comment: 'Homozygous nonsense variant in a biallelic gene.',
    gene: row.symbol,
    transcript: row.hgvs_c.split(':')[0],
    hgvsc: row.hgvs_c,
    hgvsp: row.hgvs_p,
    patientId: 'c6a4e0a2-1111-4b7c-9d55-0e4a7f3a9b10',
    analysisId: null,
    createdAt: '2026-03-02T10:15:00.000Z',
    createdBy: 'scientist-a',
  };
}

describe('chromosome accessions', () => {
  it('match NCBI RefSeq as PharmCAT maps them, for both builds', () => {
    const rows = fs
      .readFileSync(path.join(SHARED_DATA, 'pgx/pharmcat/definition/chr_build_mapping.tsv'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'));
    const truth = (build: string) => Object.fromEntries(rows.filter((r) => r[0] === build).map((r) => [r[2], r[3]]));
    expect(GRCH37_REFSEQ).toEqual(truth('b37'));
    expect(GRCH38_REFSEQ).toEqual(truth('b38'));
  });
});

describe('classification version → diagnostic-implication Observation', () => {
  const record = coq8aClassification();
  const obs = classificationToFhir(record);
  const variant = (obs.contained as FhirResource[])[0];

  it('is valid R4 and meets the IG checks, with the canonical profile URLs', () => {
    expect(baseValidationIssues(obs)).toEqual([]);
    expect(genomicsProfileIssues(obs)).toEqual([]);
    expect(() => assertValidResource(obs, 'test')).not.toThrow();
    expect(obs.meta?.profile).toEqual(['http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/diagnostic-implication']);
    expect(variant.meta?.profile).toEqual(['http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/variant']);
    expect(obs.code).toMatchObject({ coding: [{ system: 'http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/tbd-codes-cs', code: 'diagnostic-implication' }] });
  });

  it('is about the variant, not a patient: no subject, and the prompting patient is not sent', () => {
    expect(obs.subject).toBeUndefined();
    expect(variant.subject).toBeUndefined();
    expect(JSON.stringify(obs)).not.toContain(record.patientId!);
    expect(obs.identifier).toEqual([{ system: GENODESK_CLASSIFICATION_SYSTEM, value: record.id }]);
  });

  it('carries the variant as the ClinVar record gives it', () => {
    const row = COQ8A_STOP();
    expect(obs.derivedFrom).toEqual([{ reference: `#${variant.id}` }]);
    expect(component(variant, '62374-4')?.valueCodeableConcept?.coding?.[0].code).toBe('LA26806-2'); // LOINC: GRCh38
    expect(component(variant, '48013-7')?.valueCodeableConcept?.coding?.[0].code).toBe(GRCH38_REFSEQ[`chr${row.chrom}`]);
    expect(component(variant, '81254-5')?.valueRange).toEqual({ low: { value: Number(row.pos) }, high: { value: Number(row.pos) + row.ref.length - 1 } });
    expect(component(variant, '69547-8')?.valueString).toBe(row.ref);
    expect(component(variant, '69551-0')?.valueString).toBe(row.alt);
    expect(component(variant, '48004-6')?.valueCodeableConcept?.coding?.[0].code).toBe(row.hgvs_c);
    expect(component(variant, '48005-3')?.valueCodeableConcept?.coding?.[0].code).toBe(row.hgvs_p);
    expect(component(variant, '48018-6')?.valueCodeableConcept?.text).toBe(row.symbol);
  });

  it('carries the class, the criteria with strengths, the points and the comment', () => {
    // PVS1 (8) + PM2 supporting (1) = 9: likely pathogenic (Tavtigian et al. 2020: 6–9), LOINC LA26332-9.
    expect(record.points).toBe(9);
    expect(component(obs, '53037-8')?.valueCodeableConcept?.coding?.[0]).toMatchObject({ system: 'http://loinc.org', code: 'LA26332-9' });
    const criteria = (obs.component as Component[]).filter((c) => c.code.coding[0].system === ACMG_CRITERION_CODES);
    expect(criteria.map((c) => [c.code.coding[0].code, c.valueCodeableConcept?.coding?.[0].system, c.valueCodeableConcept?.coding?.[0].code])).toEqual([
      ['PVS1', ACMG_STRENGTH_CODES, 'very-strong'],
      ['PM2', ACMG_STRENGTH_CODES, 'supporting'],
    ]);
    expect(component(obs, 'acmg-points')?.valueInteger).toBe(9);
    expect(component(obs, 'classification-version')?.valueInteger).toBe(1);
    expect((obs.note as { text: string }[]).map((n) => n.text)).toEqual(['Homozygous nonsense variant in a biallelic gene.', 'PM2_Supporting: Absent from gnomAD v4.']);
  });

  it('the validator refuses what the IG forbids', () => {
    const noFinding = { ...obs, derivedFrom: [] };
    expect(genomicsProfileIssues(noFinding).map((i) => i.text)).toContain('a diagnostic-implication derives from at least one finding');
    const withValue = { ...obs, valueCodeableConcept: { text: 'Pathogenic' } };
    expect(genomicsProfileIssues(withValue).map((i) => i.text)).toContain('a diagnostic-implication carries no value[x]');
    const notAVariant = { ...obs, contained: [{ ...variant, meta: { profile: [DIAGNOSTIC_IMPLICATION_PROFILE] } }] };
    expect(genomicsProfileIssues(notAVariant).some((i) => /not a contained variant/.test(i.text))).toBe(true);
    const twoStarts = { ...variant, component: [...(variant.component as Component[]), component(variant, '81254-5')] };
    expect(genomicsProfileIssues({ ...obs, contained: [twoStarts] }).some((i) => /81254-5 may appear at most once/.test(i.text))).toBe(true);
    expect(() => assertValidResource(withValue, 'classification test')).toThrow(expect.objectContaining({ code: 'fhir/invalid-resource' }));
    expect(variant.meta?.profile).toEqual([VARIANT_PROFILE]);
  });

  it('names a GRCh37 contig by its GRCh37 accession, and an alt contig by name only', () => {
    const b37 = classificationToFhir({ ...record, build: 'GRCh37', chrom: 'chrX' });
    const v37 = (b37.contained as FhirResource[])[0];
    expect(component(v37, '48013-7')?.valueCodeableConcept?.coding?.[0].code).toBe(GRCH37_REFSEQ.chrX);
    expect(component(v37, '62374-4')?.valueCodeableConcept?.coding?.[0].code).toBe('LA14029-5'); // LOINC: GRCh37
    const alt = classificationToFhir({ ...record, chrom: 'chr1_KI270706v1_random' });
    expect(component((alt.contained as FhirResource[])[0], '48013-7')?.valueCodeableConcept).toEqual({ text: 'chr1_KI270706v1_random' });
    expect(baseValidationIssues(alt)).toEqual([]);
  });
});

describe('variant ids', () => {
  it.each([
    { build: 'GRCh38' as const, chrom: '1', pos: 226982996, ref: 'C', alt: 'T' },
    { build: 'GRCh37' as const, chrom: 'MT', pos: 3243, ref: 'A', alt: 'G' },
    { build: 'GRCh38' as const, chrom: 'chr21', pos: 46115000, ref: 'CAGAG', alt: 'C' },
    { build: 'GRCh38' as const, chrom: 'HLA-A*01:01:01:01', pos: 120, ref: 'G', alt: 'GTT' },
  ])('parse back what the classification store writes: %o', (v) => {
    const id = variantIdOf(v);
    expect(variantIdOf(parseVariantId(id)!)).toBe(id);
  });

  it('refuse what is not one', () => {
    expect(parseVariantId('chr1-100-A-G')).toBeUndefined();
    expect(parseVariantId('GRCh38:chr1-x-A-G')).toBeUndefined();
  });
});
