// The 28 ACMG/AMP criteria (Richards et al., Genet Med 2015;17:405) with the strengths the UK's ACGS
// Best Practice Guidelines for Variant Classification in Rare Disease (Ellard et al., ACGS 2020, v4.01)
// allow, themselves built on the ClinGen Sequence Variant Interpretation (SVI) recommendations:
//  - criteria may be applied at a different strength when the evidence warrants it (ACGS 2020 §"Evidence
//    strength"); the allowed strengths below are the ones those documents describe for each criterion;
//  - PM2 is used at supporting level by default (ClinGen SVI 2020, adopted by ACGS 2020);
//  - PVS1 strength follows the SVI decision tree (Abou Tayoun et al. 2018), so it can drop to strong,
//    moderate or supporting; PS2/PM6 de novo points and PM3 in-trans points come from SVI tables;
//    PS3/BS3 from Brnich et al. 2019; PP3/BP4 up to strong from Pejaver et al. 2022;
//  - PP4 may be raised to moderate or strong for a highly specific phenotype (an ACGS addition);
//  - PP5 and BP6 (reputable source without evidence) are not to be used (ClinGen SVI 2018, ACGS 2020).
// Summaries are GenoDesk's paraphrase for the criteria picker, not guideline text.
// Clinical review: re-check this table whenever ACGS publishes a new version.
import type { CriterionCode, Strength } from '../../../../shared/schemas/diagnosis.ts';

export type Direction = 'pathogenic' | 'benign';

export interface CriterionDefinition {
  code: CriterionCode;
  direction: Direction;
  defaultStrength: Strength;
  allowedStrengths: readonly Strength[];
  summary: string;
  /** False for criteria the guidance says not to use; applying one is refused with the reason. */
  inUse: boolean;
  guidance: string;
}

const P_UP_TO_VS: readonly Strength[] = ['supporting', 'moderate', 'strong', 'very-strong'];
const P_UP_TO_S: readonly Strength[] = ['supporting', 'moderate', 'strong'];
const P_UP_TO_M: readonly Strength[] = ['supporting', 'moderate'];
const SUPPORTING_ONLY: readonly Strength[] = ['supporting'];
const B_S_OR_P: readonly Strength[] = ['supporting', 'strong'];
const B_UP_TO_S: readonly Strength[] = ['supporting', 'moderate', 'strong'];

export const ACMG_CRITERIA: readonly CriterionDefinition[] = [
  { code: 'PVS1', direction: 'pathogenic', defaultStrength: 'very-strong', allowedStrengths: P_UP_TO_VS, inUse: true,
    summary: 'Null variant (nonsense, frameshift, canonical ±1/2 splice, initiation codon, exon deletion) in a gene where loss of function causes the disease.',
    guidance: 'Strength by the ClinGen SVI PVS1 decision tree (Abou Tayoun 2018), e.g. reduced when NMD is not predicted.' },
  { code: 'PS1', direction: 'pathogenic', defaultStrength: 'strong', allowedStrengths: P_UP_TO_S, inUse: true,
    summary: 'Same amino-acid change as an established pathogenic variant, regardless of nucleotide change.',
    guidance: 'ACGS 2020 allows lower strengths, e.g. for a splice variant at the same position as a pathogenic one.' },
  { code: 'PS2', direction: 'pathogenic', defaultStrength: 'strong', allowedStrengths: P_UP_TO_VS, inUse: true,
    summary: 'De novo (maternity and paternity confirmed) in a patient with the disease and no family history.',
    guidance: 'Strength from the ClinGen SVI de novo points (phenotypic consistency, number of de novo cases).' },
  { code: 'PS3', direction: 'pathogenic', defaultStrength: 'strong', allowedStrengths: P_UP_TO_S, inUse: true,
    summary: 'Well-established functional studies show a damaging effect on the gene or its product.',
    guidance: 'Strength from the assay validation evidence (Brnich et al. 2019).' },
  { code: 'PS4', direction: 'pathogenic', defaultStrength: 'strong', allowedStrengths: P_UP_TO_S, inUse: true,
    summary: 'Prevalence in affected individuals significantly increased compared with controls.',
    guidance: 'ACGS 2020: proband counting may be used at moderate or supporting for rare variants.' },
  { code: 'PM1', direction: 'pathogenic', defaultStrength: 'moderate', allowedStrengths: P_UP_TO_S, inUse: true,
    summary: 'Located in a mutational hot spot or a critical, well-established functional domain without benign variation.',
    guidance: 'Gene-specific specifications may raise or lower it.' },
  { code: 'PM2', direction: 'pathogenic', defaultStrength: 'supporting', allowedStrengths: P_UP_TO_M, inUse: true,
    summary: 'Absent from controls, or at extremely low frequency for a recessive disorder, in population databases.',
    guidance: 'Applied at supporting by default (ClinGen SVI 2020, ACGS 2020).' },
  { code: 'PM3', direction: 'pathogenic', defaultStrength: 'moderate', allowedStrengths: P_UP_TO_VS, inUse: true,
    summary: 'For recessive disorders, detected in trans with a pathogenic variant.',
    guidance: 'Strength from the ClinGen SVI PM3 points (phase confirmed or not, classification of the other variant).' },
  { code: 'PM4', direction: 'pathogenic', defaultStrength: 'moderate', allowedStrengths: P_UP_TO_M, inUse: true,
    summary: 'Protein length change from an in-frame indel in a non-repeat region or a stop-loss.',
    guidance: 'Not combined with PVS1 for the same effect.' },
  { code: 'PM5', direction: 'pathogenic', defaultStrength: 'moderate', allowedStrengths: P_UP_TO_S, inUse: true,
    summary: 'Novel missense change at an amino-acid residue where a different pathogenic missense change is known.',
    guidance: 'ACGS 2020 allows strong when several different pathogenic changes at the residue are known.' },
  { code: 'PM6', direction: 'pathogenic', defaultStrength: 'moderate', allowedStrengths: P_UP_TO_VS, inUse: true,
    summary: 'Assumed de novo, without confirmation of paternity and maternity.',
    guidance: 'Strength from the ClinGen SVI de novo points.' },
  { code: 'PP1', direction: 'pathogenic', defaultStrength: 'supporting', allowedStrengths: P_UP_TO_S, inUse: true,
    summary: 'Co-segregation with disease in multiple affected family members in a gene known to cause the disease.',
    guidance: 'Raised with the number of informative meioses (ACGS 2020).' },
  { code: 'PP2', direction: 'pathogenic', defaultStrength: 'supporting', allowedStrengths: SUPPORTING_ONLY, inUse: true,
    summary: 'Missense variant in a gene with a low rate of benign missense variation where missense variants commonly cause disease.',
    guidance: 'Supporting only.' },
  { code: 'PP3', direction: 'pathogenic', defaultStrength: 'supporting', allowedStrengths: P_UP_TO_S, inUse: true,
    summary: 'Multiple lines of computational evidence support a deleterious effect.',
    guidance: 'Up to strong with calibrated predictors (Pejaver et al. 2022); one predictor per variant.' },
  { code: 'PP4', direction: 'pathogenic', defaultStrength: 'supporting', allowedStrengths: P_UP_TO_S, inUse: true,
    summary: "Patient's phenotype or family history is highly specific for a disease with a single genetic aetiology.",
    guidance: 'ACGS 2020 allows moderate or strong for highly specific phenotypes.' },
  { code: 'PP5', direction: 'pathogenic', defaultStrength: 'supporting', allowedStrengths: SUPPORTING_ONLY, inUse: false,
    summary: 'Reputable source reports the variant as pathogenic without the evidence being available.',
    guidance: 'Not to be used (ClinGen SVI 2018, ACGS 2020): assess the underlying evidence instead.' },
  { code: 'BA1', direction: 'benign', defaultStrength: 'stand-alone', allowedStrengths: ['stand-alone'], inUse: true,
    summary: 'Allele frequency above 5% in a large population database (or a gene-specific threshold).',
    guidance: 'Stand-alone benign; cannot be combined with pathogenic evidence.' },
  { code: 'BS1', direction: 'benign', defaultStrength: 'strong', allowedStrengths: B_S_OR_P, inUse: true,
    summary: 'Allele frequency greater than expected for the disorder.',
    guidance: 'Disease-specific maximum credible allele frequency.' },
  { code: 'BS2', direction: 'benign', defaultStrength: 'strong', allowedStrengths: B_S_OR_P, inUse: true,
    summary: 'Observed in a healthy adult for a fully penetrant disorder with early onset (homozygous, heterozygous or hemizygous as the inheritance requires).',
    guidance: 'Supporting when penetrance or age of onset is uncertain.' },
  { code: 'BS3', direction: 'benign', defaultStrength: 'strong', allowedStrengths: B_S_OR_P, inUse: true,
    summary: 'Well-established functional studies show no damaging effect.',
    guidance: 'Strength from the assay validation evidence (Brnich et al. 2019).' },
  { code: 'BS4', direction: 'benign', defaultStrength: 'strong', allowedStrengths: B_S_OR_P, inUse: true,
    summary: 'Lack of segregation in affected members of a family.',
    guidance: 'Beware phenocopies and reduced penetrance.' },
  { code: 'BP1', direction: 'benign', defaultStrength: 'supporting', allowedStrengths: SUPPORTING_ONLY, inUse: true,
    summary: 'Missense variant in a gene where only truncating variants cause disease.',
    guidance: 'Supporting only.' },
  { code: 'BP2', direction: 'benign', defaultStrength: 'supporting', allowedStrengths: SUPPORTING_ONLY, inUse: true,
    summary: 'In trans with a pathogenic variant for a fully penetrant dominant disorder, or in cis with a pathogenic variant in any inheritance pattern.',
    guidance: 'Supporting only.' },
  { code: 'BP3', direction: 'benign', defaultStrength: 'supporting', allowedStrengths: SUPPORTING_ONLY, inUse: true,
    summary: 'In-frame indel in a repetitive region without known function.',
    guidance: 'Supporting only.' },
  { code: 'BP4', direction: 'benign', defaultStrength: 'supporting', allowedStrengths: B_UP_TO_S, inUse: true,
    summary: 'Multiple lines of computational evidence suggest no impact on the gene or its product.',
    guidance: 'Up to strong with calibrated predictors (Pejaver et al. 2022).' },
  { code: 'BP5', direction: 'benign', defaultStrength: 'supporting', allowedStrengths: SUPPORTING_ONLY, inUse: true,
    summary: 'Found in a case with an alternative molecular basis for disease.',
    guidance: 'Supporting only; beware multiple diagnoses.' },
  { code: 'BP6', direction: 'benign', defaultStrength: 'supporting', allowedStrengths: SUPPORTING_ONLY, inUse: false,
    summary: 'Reputable source reports the variant as benign without the evidence being available.',
    guidance: 'Not to be used (ClinGen SVI 2018, ACGS 2020): assess the underlying evidence instead.' },
  { code: 'BP7', direction: 'benign', defaultStrength: 'supporting', allowedStrengths: SUPPORTING_ONLY, inUse: true,
    summary: 'Synonymous (or deep intronic) variant with no predicted splice impact at a non-conserved position.',
    guidance: 'Supporting only (ClinGen SVI splicing recommendations extend it to intronic variants).' },
];

const BY_CODE: ReadonlyMap<string, CriterionDefinition> = new Map(ACMG_CRITERIA.map((c) => [c.code, c]));

export function criterionDefinition(code: string): CriterionDefinition | undefined {
  return BY_CODE.get(code);
}

const STRENGTH_WORD: Readonly<Record<Strength, string>> = {
  supporting: 'Supporting',
  moderate: 'Moderate',
  strong: 'Strong',
  'very-strong': 'VeryStrong',
  'stand-alone': 'StandAlone',
};

/** The strength a code's letters imply in Richards et al. 2015 (PVS very strong, PS strong, PM moderate…). */
export function originalStrength(code: CriterionCode): Strength {
  if (code.startsWith('PVS')) return 'very-strong';
  if (code.startsWith('PS') || code.startsWith('BS')) return 'strong';
  if (code.startsWith('PM')) return 'moderate';
  if (code.startsWith('BA')) return 'stand-alone';
  return 'supporting';
}

/**
 * How UK reports write an applied criterion: the bare code at its original strength, otherwise with the
 * strength appended (ClinGen/ACGS style, e.g. "PM2_Supporting", "PVS1_Strong").
 */
export function criterionLabel(code: CriterionCode, strength: Strength): string {
  return strength === originalStrength(code) ? code : `${code}_${STRENGTH_WORD[strength]}`;
}
