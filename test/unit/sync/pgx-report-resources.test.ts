import { describe, expect, it } from 'vitest';
import { buildPgxReportBundle, chunkEntries, haplotypesOf, resolveReferences } from '../../../electron/main/services/sync/pgx-report-resources.ts';
import {
  GENOMIC_REPORT_PROFILE,
  GENOTYPE_PROFILE,
  HAPLOTYPE_PROFILE,
  MEDICATION_RECOMMENDATION_PROFILE,
  THERAPEUTIC_IMPLICATION_PROFILE,
} from '../../../electron/main/services/sync/fhir-systems.ts';
import { assertValidResource, genomicsProfileIssues } from '../../../electron/main/services/sync/validate-resource.ts';
import { pharmcatExampleResult, pharmcatExampleTsv } from '../../fixtures/fhir-server/pharmcat-example.ts';

const result = pharmcatExampleResult();
const built = buildPgxReportBundle({ reportId: 'report-1', patientReference: 'Patient/srv-1', result, issued: '2026-02-03T10:00:00Z' });
const byProfile = (profile: string) => built.entries.map((e) => e.resource).filter((r) => r.meta?.profile?.includes(profile));
const text = (r: { [k: string]: unknown }) => (r.valueCodeableConcept as { text: string }).text;

describe('PGx result → Genomics Reporting IG resources (PharmCAT worked example)', () => {
  it('every resource passes R4 validation and the IG profile checks, with the IG canonical URL in meta.profile', () => {
    for (const e of built.entries) expect(() => assertValidResource(e.resource, 'report-1')).not.toThrow();
    expect(byProfile(GENOMIC_REPORT_PROFILE)).toHaveLength(1);
    expect(built.entries.every((e) => e.resource.meta?.profile?.[0]?.startsWith('http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/'))).toBe(true);
  });

  it("has one genotype per gene named exactly as PharmCAT's report.tsv names the diplotype", () => {
    const genotypes = new Map(byProfile(GENOTYPE_PROFILE).map((r) => [text(r).split(' ')[0], text(r).slice(text(r).indexOf(' ') + 1)]));
    for (const row of pharmcatExampleTsv()) expect(genotypes.get(row.gene), row.gene).toBe(row.sourceDiplotype);
  });

  it("has haplotype observations for both of PharmCAT's haplotypes of each gene", () => {
    const haplotypes = new Set(byProfile(HAPLOTYPE_PROFILE).map(text));
    for (const row of pharmcatExampleTsv()) {
      expect(haplotypes.has(`${row.gene} ${row.haplotype1}`), `${row.gene} ${row.haplotype1}`).toBe(true);
      expect(haplotypes.has(`${row.gene} ${row.haplotype2}`), `${row.gene} ${row.haplotype2}`).toBe(true);
    }
  });

  it('turns each CPIC recommendation into a therapeutic implication and a medication-recommendation Task', () => {
    const implications = byProfile(THERAPEUTIC_IMPLICATION_PROFILE);
    const tasks = byProfile(MEDICATION_RECOMMENDATION_PROFILE);
    expect(implications).toHaveLength(result.recommendations.length);
    expect(tasks).toHaveLength(result.recommendations.length);
    const clopidogrel = implications.find((r) => JSON.stringify(r.component).includes('"clopidogrel"'))!;
    expect(JSON.stringify(clopidogrel.component)).toContain('CYP2C19 Normal Metabolizer');
    expect(tasks.every((t) => t.status === 'requested' && t.intent === 'proposal' && t.code === undefined)).toBe(true);
    expect(tasks.every((t) => !String(t.description).includes('<h4'))).toBe(true);
  });

  it('chunks into transactions of at most 8 entries whose references only point backwards', () => {
    const chunks = chunkEntries(built.entries, 8);
    expect(chunks.every((c) => c.length <= 8)).toBe(true);
    const seen = new Set<string>();
    for (const chunk of chunks) {
      for (const e of chunk) {
        const refs = JSON.stringify(e.resource).match(/urn:uuid:[0-9a-f-]{36}/g) ?? [];
        for (const ref of refs) expect(seen.has(ref) || chunk.some((c) => c.fullUrl === ref)).toBe(true);
      }
      chunk.forEach((e) => seen.add(e.fullUrl));
    }
    const resolved = resolveReferences(chunks[1], new Map(chunks[0].map((e, i) => [e.fullUrl, `Observation/srv-${i}`])));
    expect(JSON.stringify(resolved)).not.toContain(chunks[0][0].fullUrl);
  });

  it('splits PharmCAT diplotypes into haplotypes', () => {
    expect(haplotypesOf('*1/*80+*28')).toEqual(['*1', '*80+*28']);
    expect(haplotypesOf('rs12979860 reference (C)/rs12979860 variant (T)')).toEqual(['rs12979860 reference (C)', 'rs12979860 variant (T)']);
    expect(haplotypesOf('1555A>G')).toEqual(['1555A>G']);
  });

  it('catches a resource that claims an IG profile without its fixed elements', () => {
    const genotype = structuredClone(byProfile(GENOTYPE_PROFILE)[0]);
    genotype.code = { text: 'genotype' };
    genotype.category = [];
    expect(genomicsProfileIssues(genotype).map((i) => i.expression)).toEqual(['Observation.category', 'Observation.category', 'Observation.code']);
  });
});
