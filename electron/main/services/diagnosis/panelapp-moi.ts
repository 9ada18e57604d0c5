// PanelApp mode-of-inheritance strings → the classes GenoDesk reasons with.
// The API v1 strings are PanelApp's controlled vocabulary (e.g. "BIALLELIC, autosomal or pseudoautosomal");
// the flat TSV export (PanelAppRex) abbreviates them to AD, AR, AD/AR, XL, MT or NA.
// "BOTH monoallelic and biallelic" maps to the monoallelic class because one hit can be enough to cause
// disease; the detail keeps the distinction so the reasons and the report can say so.
import type { ModeOfInheritance, MoiCategory, MoiDetail } from '../../../../shared/schemas/diagnosis.ts';

function moi(category: MoiCategory, detail: MoiDetail, source: string): ModeOfInheritance {
  return { category, detail, source };
}

export function mapPanelAppMoi(raw: string | null | undefined): ModeOfInheritance {
  const source = (raw ?? '').trim();
  const s = source.toUpperCase();
  if (s === '' || s === 'NA' || s === 'UNKNOWN') return moi('unknown', 'unknown', source);

  // Flat TSV abbreviations.
  if (s === 'AD') return moi('monoallelic', 'monoallelic', source);
  if (s === 'AR') return moi('biallelic', 'biallelic', source);
  if (s === 'AD/AR' || s === 'AR/AD') return moi('monoallelic', 'monoallelic-and-biallelic', source);
  // The TSV does not say whether females need one or two hits, so the detail stays unspecified.
  if (s === 'XL') return moi('x-linked', 'x-linked', source);
  if (s === 'MT') return moi('mitochondrial', 'mitochondrial', source);

  // API v1 vocabulary.
  if (s.startsWith('BOTH MONOALLELIC AND BIALLELIC')) {
    return moi('monoallelic', s.includes('MORE SEVERE') ? 'monoallelic-and-biallelic-more-severe' : 'monoallelic-and-biallelic', source);
  }
  if (s.startsWith('MONOALLELIC')) {
    if (s.includes('NOT IMPRINTED')) return moi('monoallelic', 'monoallelic-not-imprinted', source);
    if (s.includes('PATERNALLY IMPRINTED')) return moi('monoallelic', 'monoallelic-paternally-imprinted', source);
    if (s.includes('MATERNALLY IMPRINTED')) return moi('monoallelic', 'monoallelic-maternally-imprinted', source);
    if (s.includes('IMPRINTED STATUS UNKNOWN')) return moi('monoallelic', 'monoallelic-imprinting-unknown', source);
    return moi('monoallelic', 'monoallelic', source);
  }
  if (s.startsWith('BIALLELIC')) return moi('biallelic', 'biallelic', source);
  if (s.startsWith('X-LINKED') || s.startsWith('X LINKED')) {
    if (s.includes('BIALLELIC MUTATIONS IN FEMALES')) return moi('x-linked', 'x-linked-biallelic', source);
    if (s.includes('MONOALLELIC MUTATIONS IN FEMALES')) return moi('x-linked', 'x-linked-monoallelic', source);
    return moi('x-linked', 'x-linked', source);
  }
  if (s.startsWith('MITOCHONDRIAL')) return moi('mitochondrial', 'mitochondrial', source);
  if (s.startsWith('OTHER')) return moi('unknown', 'other', source);
  return moi('unknown', 'unknown', source);
}

/** Plain-English name for reasons and the report. */
export function describeMoi(m: ModeOfInheritance): string {
  switch (m.detail) {
    case 'monoallelic':
    case 'monoallelic-not-imprinted':
      return 'monoallelic (dominant)';
    case 'monoallelic-imprinting-unknown':
      return 'monoallelic (dominant), imprinting status unknown';
    case 'monoallelic-paternally-imprinted':
      return 'monoallelic, paternally imprinted (maternal allele expressed)';
    case 'monoallelic-maternally-imprinted':
      return 'monoallelic, maternally imprinted (paternal allele expressed)';
    case 'monoallelic-and-biallelic':
      return 'monoallelic or biallelic';
    case 'monoallelic-and-biallelic-more-severe':
      return 'monoallelic or biallelic (biallelic more severe)';
    case 'biallelic':
      return 'biallelic (recessive)';
    case 'x-linked':
      return 'X-linked';
    case 'x-linked-biallelic':
      return 'X-linked (hemizygous males, biallelic females)';
    case 'x-linked-monoallelic':
      return 'X-linked (hemizygous males, monoallelic females may be affected)';
    case 'mitochondrial':
      return 'mitochondrial';
    case 'other':
      return `other ("${m.source}")`;
    case 'unknown':
      return 'not recorded';
  }
}
