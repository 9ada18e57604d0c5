// Wording shared by the Diagnosis tab's sections.
import type { AcmgClass, Strength } from '../../../../shared/schemas/diagnosis.ts';

export const CLASS_LABEL: Record<AcmgClass, string> = {
  pathogenic: 'Pathogenic',
  'likely-pathogenic': 'Likely pathogenic',
  'uncertain-significance': 'Uncertain significance',
  'likely-benign': 'Likely benign',
  benign: 'Benign',
};

/** NHS.UK tag colour per class: red for disease-causing, orange for likely, yellow for VUS, green for benign. */
export const CLASS_TAG: Record<AcmgClass, string> = {
  pathogenic: 'nhsuk-tag--red',
  'likely-pathogenic': 'nhsuk-tag--orange',
  'uncertain-significance': 'nhsuk-tag--yellow',
  'likely-benign': 'nhsuk-tag--aqua-green',
  benign: 'nhsuk-tag--green',
};

export const STRENGTH_LABEL: Record<Strength, string> = {
  supporting: 'Supporting',
  moderate: 'Moderate',
  strong: 'Strong',
  'very-strong': 'Very strong',
  'stand-alone': 'Stand-alone',
};

export const TIER_HINT: Record<1 | 2 | 3, string> = {
  1: 'Protein-truncating in a green panel gene, genotype fits its mode of inheritance',
  2: 'Other protein-altering variants in green panel genes (or truncating where inheritance cannot be assessed)',
  3: 'Other variants in the panels’ genes that pass the filters',
};

export function hgvsText(v: { hgvsc: string | null; hgvsp: string | null; chrom: string; pos: number; ref: string; alt: string }): string {
  const h = [v.hgvsc, v.hgvsp].filter(Boolean).join(' ');
  return h || `${v.chrom}:${v.pos.toLocaleString('en-GB')} ${v.ref}>${v.alt}`;
}

export function frequencyText(f: { af: number; source: string } | null): string {
  if (!f) return 'Population frequency not available';
  return `${f.af < 0.0001 ? f.af.toExponential(1) : f.af} (${f.source})`;
}

export function clinvarText(c: { significance: string; stars: number } | null): string {
  if (!c) return 'Not in ClinVar';
  return `${c.significance.replace(/_/g, ' ')} (${c.stars}★)`;
}
