import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { consequencesFromClinvarVcfInfo, vepTermForClinvar } from '../../../electron/main/services/diagnosis/clinvar-consequence.ts';
import { termForSoAccession } from '../../../electron/main/services/diagnosis/consequence-terms.ts';
import { normaliseClinvarSignificance, starsForReviewStatus } from '../../../electron/main/services/diagnosis/clinvar-significance.ts';
import { clinvarConsequences, readClinvarTsv } from './helpers/clinvar-records.ts';

const MACARTHUR = path.join(SHARED_DATA, 'clinvar/macarthur-lab_2018');
const rows = [
  ...readClinvarTsv(path.join(MACARTHUR, 'clinvar_alleles.multi.b38.tsv.gz')),
  ...readClinvarTsv(path.join(MACARTHUR, 'clinvar_alleles_example_750_rows.single.b38.tsv')),
];

describe('ClinVar records', () => {
  it('review status → stars agrees with the gold_stars column of every record', () => {
    for (const r of rows) expect(starsForReviewStatus(r.review_status), r.review_status).toBe(Number(r.gold_stars));
    expect(starsForReviewStatus('criteria_provided,_multiple_submitters,_no_conflicts')).toBe(2);
    expect(starsForReviewStatus('made up')).toBeNull();
  });

  it('significance strings as ClinVar writes them', () => {
    expect(normaliseClinvarSignificance('Likely_pathogenic')).toBe('likely-pathogenic');
    expect(normaliseClinvarSignificance('Pathogenic/Likely pathogenic')).toBe('pathogenic-likely-pathogenic');
    expect(normaliseClinvarSignificance('Conflicting interpretations of pathogenicity')).toBe('conflicting');
    expect(normaliseClinvarSignificance('Pathogenic, risk factor')).toBe('pathogenic');
    expect(normaliseClinvarSignificance('-')).toBe('other');
    const seen = new Set(rows.map((r) => r.clinical_significance));
    for (const s of seen) expect(normaliseClinvarSignificance(s)).toBeTypeOf('string');
  });

  it("ClinVar's consequence names map to the same VEP term as ClinVar's own SO accession for them", () => {
    const vcf = zlib.gunzipSync(fs.readFileSync(path.join(SHARED_DATA, 'clinvar/clinvar_20211025_GRCh38_vep-testset.vcf.gz'))).toString('utf8');
    let checked = 0;
    for (const m of vcf.matchAll(/MC=([^;\t]+)/g)) {
      for (const p of m[1].split(',')) {
        const [so, name] = p.split('|');
        const viaAccession = termForSoAccession(so);
        if (!viaAccession) continue;
        expect(vepTermForClinvar(name, 'A', 'C'), p).toBe(viaAccession);
        checked++;
      }
    }
    // "nonsense" is ClinVar's name for SO:0001587, which VEP calls stop_gained.
    expect(vepTermForClinvar('SO:0001587|nonsense', 'C', 'T')).toBe(termForSoAccession('SO:0001587'));
    expect(vepTermForClinvar('nonsense', 'C', 'T')).toBe('stop_gained');
    expect(checked).toBeGreaterThan(40);
  });

  it('every tabular record yields consequences on the transcript ClinVar names, with its HGVS', () => {
    const coq8a = rows.find((r) => r.symbol === 'COQ8A' && r.hgvs_p.includes('Arg348Ter'))!;
    expect(clinvarConsequences(coq8a)).toEqual([
      {
        gene: 'COQ8A',
        transcript: 'NM_020247.4',
        terms: ['stop_gained'],
        hgvsc: coq8a.hgvs_c,
        hgvsp: coq8a.hgvs_p,
        impact: 'HIGH',
        source: 'clinvar-molecular-consequence',
      },
    ]);
    const unknown = new Set<string>();
    for (const r of rows) {
      if (!r.molecular_consequence || r.molecular_consequence === 'molecular_consequence') continue;
      for (const c of clinvarConsequences(r)) for (const t of c.terms) if (!c.impact) unknown.add(t);
    }
    expect([...unknown]).toEqual([]);
    // ClinVar's in-frame umbrella term is resolved from the alleles.
    const inframe = rows.find((r) => r.molecular_consequence.endsWith(':inframe_variant') && r.ref.length > r.alt.length)!;
    expect(clinvarConsequences(inframe)[0].terms).toEqual(['inframe_deletion']);
  });

  it('ClinVar VCF INFO (GENEINFO, MC) gives one consequence per gene', () => {
    expect(consequencesFromClinvarVcfInfo({ GENEINFO: 'DOCK8:81704|DOCK8-AS1:157983', MC: 'SO:0001619|non-coding_transcript_variant' }, 'T', 'C')).toHaveLength(2);
    expect(consequencesFromClinvarVcfInfo({ GENEINFO: 'SRY:6736', MC: 'SO:0001589|frameshift_variant' }, 'AG', 'A')[0]).toMatchObject({ gene: 'SRY', terms: ['frameshift_variant'], impact: 'HIGH' });
  });
});
