// Test-only: reads Ensembl VEP `CSQ` annotations (layout from the header's "Format:") into the ranking's
// consequences and population frequencies. The app gets these from the annotation store (issue 7).
import type { CandidateVariantInput, Consequence, Impact, PopulationFrequency } from '../../../../shared/schemas/diagnosis.ts';

export interface CsqEntry {
  fields: Record<string, string>;
}

export function csqFormat(headerText: string): string[] {
  const m = /##INFO=<ID=CSQ,[^>]*Format: ([^">]+)/.exec(headerText);
  if (!m) throw new Error('no CSQ header');
  return m[1].split('|');
}

export function csqEntries(info: string, format: string[]): CsqEntry[] {
  const m = /(?:^|;)CSQ=([^;\t]+)/.exec(info);
  if (!m) return [];
  return m[1].split(',').map((e) => {
    const cells = e.split('|');
    return { fields: Object.fromEntries(format.map((k, i) => [k, cells[i] ?? ''])) };
  });
}

export function consequencesFromCsq(entries: CsqEntry[]): Consequence[] {
  return entries
    .filter((e) => e.fields.SYMBOL)
    .map((e) => ({
      gene: e.fields.SYMBOL,
      transcript: e.fields.Feature || null,
      terms: e.fields.Consequence.split('&'),
      hgvsc: e.fields.HGVSc || null,
      hgvsp: e.fields.HGVSp ? decodeURIComponent(e.fields.HGVSp) : null,
      impact: (e.fields.IMPACT || null) as Impact | null,
      canonical: e.fields.CANONICAL === 'YES',
      mane: Boolean(e.fields.MANE_SELECT),
      source: 'vep-csq',
    }));
}

/** gnomAD allele frequencies the CSQ carries (whole-dataset fields only). */
export function frequenciesFromCsq(entries: CsqEntry[]): PopulationFrequency[] {
  const out = new Map<string, number>();
  for (const e of entries) {
    for (const key of ['gnomAD_AF', 'gnomADe_AF', 'gnomADg_AF']) {
      const v = e.fields[key];
      if (v && v !== '.' && !out.has(key)) out.set(key, Number(v.split('&')[0]));
    }
  }
  return [...out].map(([key, af]) => ({ af, source: `${key} (VEP CSQ)` }));
}

/** Biallelic records of a VEP-annotated VCF as ranking input (no genotypes: zygosity unknown). */
export function vepVcfToVariants(text: string): CandidateVariantInput[] {
  const format = csqFormat(text);
  const out: CandidateVariantInput[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const f = line.split('\t');
    if (f[4].includes(',')) continue;
    const entries = csqEntries(f[7], format);
    out.push({
      chrom: f[0],
      pos: Number(f[1]),
      ref: f[3],
      alt: f[4],
      genotype: null,
      zygosity: 'unknown',
      phased: false,
      filter: f[6],
      gq: null,
      dp: null,
      consequences: consequencesFromCsq(entries),
      clinvar: null,
      populationFrequencies: frequenciesFromCsq(entries),
    });
  }
  return out;
}
