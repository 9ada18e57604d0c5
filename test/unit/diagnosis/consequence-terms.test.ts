import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../helpers/paths.ts';
import {
  consequenceClass,
  impactOf,
  severityRank,
  soAccession,
  termForSoAccession,
} from '../../../electron/main/services/diagnosis/consequence-terms.ts';
import { csqEntries, csqFormat } from './helpers/vep-csq.ts';

const VEP_DIR = path.join(SHARED_DATA, 'annotation-truth/vep-csq-vcf');
function vepTexts(): [string, string][] {
  return fs.readdirSync(VEP_DIR).map((f) => {
    const bytes = fs.readFileSync(path.join(VEP_DIR, f));
    return [f, (f.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes).toString('utf8')];
  });
}

describe('consequence terms agree with Ensembl VEP output', () => {
  it('IMPACT of every CSQ entry is the impact of its most severe term, and VEP lists terms most severe first', () => {
    let entries = 0;
    for (const [file, text] of vepTexts()) {
      // split-vep.broken-LoF.vcf is a bcftools test input without a CSQ header line.
      if (!text.includes('##INFO=<ID=CSQ')) continue;
      const format = csqFormat(text);
      for (const line of text.split('\n')) {
        if (!line || line.startsWith('#')) continue;
        for (const e of csqEntries(line.split('\t')[7], format)) {
          const terms = e.fields.Consequence.split('&');
          expect(impactOf(terms), `${file}: ${e.fields.Consequence}`).toBe(e.fields.IMPACT);
          for (let i = 1; i < terms.length; i++) expect(severityRank(terms[i - 1]), `${file}: ${e.fields.Consequence}`).toBeLessThan(severityRank(terms[i]));
          entries++;
        }
      }
    }
    expect(entries).toBeGreaterThan(1000);
  });

  it('SO accessions match those ClinVar writes beside VEP-named terms (INFO/MC)', () => {
    const vcf = zlib.gunzipSync(fs.readFileSync(path.join(SHARED_DATA, 'clinvar/clinvar_20211025_GRCh38_vep-testset.vcf.gz'))).toString('utf8');
    const pairs = new Set<string>();
    for (const m of vcf.matchAll(/MC=([^;\t]+)/g)) for (const p of m[1].split(',')) pairs.add(p);
    let checked = 0;
    for (const p of pairs) {
      const [so, name] = p.split('|');
      if (soAccession(name)) {
        expect(soAccession(name), p).toBe(so);
        expect(termForSoAccession(so)).toBe(name);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(7);
  });

  it('groups terms into the tiering classes', () => {
    expect(consequenceClass(['stop_gained'])).toBe('protein-truncating');
    expect(consequenceClass(['splice_donor_variant', 'intron_variant'])).toBe('protein-truncating');
    expect(consequenceClass(['start_lost'])).toBe('protein-truncating');
    expect(consequenceClass(['missense_variant', 'splice_region_variant'])).toBe('protein-altering');
    expect(consequenceClass(['stop_lost'])).toBe('protein-altering');
    expect(consequenceClass(['synonymous_variant'])).toBe('other');
    expect(consequenceClass([])).toBe('unknown');
    // VEP's marker of a non-coding transcript: no protein to truncate or alter.
    expect(consequenceClass(['splice_donor_variant', 'non_coding_transcript_variant'])).toBe('other');
    expect(consequenceClass(['splice_region_variant', 'intron_variant', 'non_coding_transcript_variant'])).toBe('other');
  });
});
