// Test-only: reads ClinVar tabular records (macarthur-lab/clinvar export) as the ranking's inputs.
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { ClinvarAssertion, Consequence } from '../../../../shared/schemas/diagnosis.ts';
import { consequencesFromClinvarRecord } from '../../../../electron/main/services/diagnosis/clinvar-consequence.ts';

export type ClinvarRow = Record<string, string>;

export function readClinvarTsv(file: string): ClinvarRow[] {
  const bytes = fs.readFileSync(file);
  const text = (file.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes).toString('utf8');
  const [header, ...lines] = text.split('\n').filter((l) => l !== '');
  const cols = header.split('\t');
  return lines.map((l) => {
    const cells = l.split('\t');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

export function clinvarAssertion(r: ClinvarRow): ClinvarAssertion {
  return {
    significance: r.clinical_significance,
    stars: Number(r.gold_stars),
    condition: r.all_traits.split(';')[0] || null,
    variationId: r.variation_id,
    reviewStatus: r.review_status,
  };
}

export function clinvarConsequences(r: ClinvarRow): Consequence[] {
  return consequencesFromClinvarRecord({
    symbol: r.symbol,
    hgvs_c: r.hgvs_c,
    hgvs_p: r.hgvs_p,
    molecular_consequence: r.molecular_consequence,
    ref: r.ref,
    alt: r.alt,
  });
}
