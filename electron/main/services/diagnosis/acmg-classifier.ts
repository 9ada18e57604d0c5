// The points-based ACMG/AMP classifier of Tavtigian et al., "Fitting a naturally scaled point system to
// the ACMG/AMP variant classification guidelines", Hum Mutat 2020;41:1734: supporting 1, moderate 2,
// strong 4, very strong 8; benign evidence counts negative. Sum ≥ 10 pathogenic, 6..9 likely pathogenic,
// 0..5 uncertain significance, −1..−6 likely benign, ≤ −7 benign. BA1 is stand-alone benign (Richards
// et al. 2015) and is not summed.
// Evidence that contradicts itself (BA1 with pathogenic evidence, PS3 with BS3, …) or counts the same
// observation twice (PS2 with PM6, PVS1 with PM4, …) gives an explicit conflict result listing each pair
// and why, never a class: the scientist must resolve the evidence first.
import { AppError } from '../../../../shared/errors.ts';
import {
  AppliedCriterionSchema,
  type AcmgClass,
  type AppliedCriterion,
  type ClassificationResult,
  type CriteriaConflict,
  type CriterionCode,
  type ScoredCriterion,
  type Strength,
} from '../../../../shared/schemas/diagnosis.ts';
import { criterionDefinition, criterionLabel } from './acmg-criteria.ts';

export const STRENGTH_POINTS: Readonly<Record<Exclude<Strength, 'stand-alone'>, number>> = {
  supporting: 1,
  moderate: 2,
  strong: 4,
  'very-strong': 8,
};

export const CLASS_LABELS: Readonly<Record<AcmgClass, string>> = {
  pathogenic: 'Pathogenic',
  'likely-pathogenic': 'Likely pathogenic',
  'uncertain-significance': 'Uncertain significance',
  'likely-benign': 'Likely benign',
  benign: 'Benign',
};

/** Tavtigian et al. 2020, Table 2 thresholds. */
export function classFromPoints(points: number): AcmgClass {
  if (!Number.isInteger(points)) throw new RangeError(`points must be an integer, got ${points}`);
  if (points >= 10) return 'pathogenic';
  if (points >= 6) return 'likely-pathogenic';
  if (points >= 0) return 'uncertain-significance';
  if (points >= -6) return 'likely-benign';
  return 'benign';
}

export const POINT_RANGES: Readonly<Record<AcmgClass, string>> = {
  pathogenic: '10 or more',
  'likely-pathogenic': '6 to 9',
  'uncertain-significance': '0 to 5',
  'likely-benign': '-1 to -6',
  benign: '-7 or less',
};

interface ConflictRule {
  a: CriterionCode | 'ANY_PATHOGENIC';
  b: CriterionCode;
  reason: string;
}

// Pairs that cannot both be true of one variant, or that count one observation twice.
const CONFLICT_RULES: readonly ConflictRule[] = [
  { a: 'ANY_PATHOGENIC', b: 'BA1', reason: 'BA1 is stand-alone benign evidence (too common for the disorder); it cannot be combined with pathogenic evidence. Re-examine the population data or the gene-disease association.' },
  { a: 'PM2', b: 'BA1', reason: 'PM2 (absent or extremely rare in controls) contradicts BA1 (common in controls): the same population data cannot support both.' },
  { a: 'PM2', b: 'BS1', reason: 'PM2 (absent or extremely rare in controls) contradicts BS1 (more frequent than expected for the disorder).' },
  { a: 'BS1', b: 'BA1', reason: 'BS1 and BA1 both count the same population frequency; apply only one.' },
  { a: 'PS3', b: 'BS3', reason: 'PS3 (functional studies show a damaging effect) contradicts BS3 (functional studies show no damaging effect); weigh the assays and apply one.' },
  { a: 'PP1', b: 'BS4', reason: 'PP1 (co-segregates with disease) contradicts BS4 (does not segregate with disease) in the same family data.' },
  { a: 'PP3', b: 'BP4', reason: 'PP3 (computational evidence deleterious) contradicts BP4 (computational evidence benign); use one calibrated predictor.' },
  { a: 'PS2', b: 'PM6', reason: 'PS2 (confirmed de novo) and PM6 (assumed de novo) count the same de novo observation twice.' },
  { a: 'PS1', b: 'PM5', reason: 'PS1 (same amino-acid change as a pathogenic variant) and PM5 (different change at that residue) cannot both describe the same variant.' },
  { a: 'PVS1', b: 'PM4', reason: 'PVS1 and PM4 count the same effect on protein length twice (ClinGen SVI).' },
  { a: 'PVS1', b: 'BP7', reason: 'PVS1 (null variant) contradicts BP7 (synonymous or intronic with no predicted splice effect).' },
  { a: 'PM4', b: 'BP3', reason: 'PM4 (in-frame change in a non-repeat region) contradicts BP3 (in-frame change in a repetitive region).' },
  { a: 'PM3', b: 'BP2', reason: 'PM3 (in trans with a pathogenic variant for a recessive disorder) contradicts BP2 (in cis, or in trans for a fully penetrant dominant disorder).' },
  { a: 'PP2', b: 'BP1', reason: 'PP2 (missense is a common mechanism in this gene) contradicts BP1 (only truncating variants cause disease in this gene).' },
];

function pointsOf(c: AppliedCriterion): number {
  const def = criterionDefinition(c.code)!;
  if (c.strength === 'stand-alone') return 0;
  const p = STRENGTH_POINTS[c.strength];
  return def.direction === 'pathogenic' ? p : -p;
}

function label(c: AppliedCriterion): string {
  return criterionLabel(c.code, c.strength);
}

/** Refuses what no guideline allows: unknown codes, strengths outside the allowed set, duplicates, retired criteria. */
export function validateCriteria(input: readonly unknown[]): AppliedCriterion[] {
  const out: AppliedCriterion[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of input.entries()) {
    const parsed = AppliedCriterionSchema.safeParse(raw);
    if (!parsed.success) {
      throw new AppError('diagnosis/invalid-criterion', `Criterion ${i + 1} is not an ACMG/AMP criterion with a strength (${parsed.error.issues[0].message}).`, {
        index: i,
        value: raw,
      });
    }
    const c = parsed.data;
    const def = criterionDefinition(c.code)!;
    if (!def.inUse) {
      throw new AppError('diagnosis/invalid-criterion', `${c.code} is not used: ${def.guidance}`, { code: c.code });
    }
    if (!def.allowedStrengths.includes(c.strength)) {
      throw new AppError(
        'diagnosis/invalid-criterion',
        `${c.code} cannot be applied at ${c.strength} strength; allowed: ${def.allowedStrengths.join(', ')}.`,
        { code: c.code, strength: c.strength, allowed: def.allowedStrengths },
      );
    }
    if (seen.has(c.code)) {
      throw new AppError('diagnosis/invalid-criterion', `${c.code} is applied twice; apply each criterion once, at one strength.`, { code: c.code });
    }
    seen.add(c.code);
    out.push(c);
  }
  return out;
}

export function findConflicts(criteria: readonly AppliedCriterion[]): CriteriaConflict[] {
  const codes = new Set(criteria.map((c) => c.code));
  const pathogenic = criteria.filter((c) => criterionDefinition(c.code)!.direction === 'pathogenic').map((c) => c.code);
  const conflicts: CriteriaConflict[] = [];
  for (const rule of CONFLICT_RULES) {
    if (!codes.has(rule.b)) continue;
    if (rule.a === 'ANY_PATHOGENIC') {
      if (pathogenic.length > 0) conflicts.push({ criteria: [...pathogenic, rule.b], reason: rule.reason });
    } else if (codes.has(rule.a)) {
      conflicts.push({ criteria: [rule.a, rule.b], reason: rule.reason });
    }
  }
  return conflicts;
}

/** Classifies, or returns an explicit conflict. Throws `diagnosis/invalid-criterion` for criteria no guideline allows. */
export function classifyVariant(input: readonly unknown[]): ClassificationResult {
  const criteria = validateCriteria(input);
  const scored: ScoredCriterion[] = criteria.map((c) => ({ ...c, points: pointsOf(c) }));
  const points = scored.reduce((sum, c) => sum + c.points, 0);
  const terms = scored.map((c) => (c.strength === 'stand-alone' ? `${label(c)} (stand-alone)` : `${label(c)} (${c.points > 0 ? '+' : ''}${c.points})`));
  const conflicts = findConflicts(criteria);
  if (conflicts.length > 0) {
    return {
      status: 'conflict',
      points,
      criteria: scored,
      conflicts,
      explanation: `No class: the criteria conflict. ${conflicts.map((c) => `${c.criteria.join(' + ')}: ${c.reason}`).join(' ')}`,
    };
  }
  const standAloneBenign = criteria.some((c) => c.code === 'BA1');
  const acmgClass = standAloneBenign ? 'benign' : classFromPoints(points);
  const sum = terms.length > 0 ? terms.join(' + ') : 'no criteria';
  const explanation = standAloneBenign
    ? `${sum}: BA1 is stand-alone benign, so the class is Benign whatever the other points.`
    : `${sum} = ${points} point${Math.abs(points) === 1 ? '' : 's'}: ${CLASS_LABELS[acmgClass]} (${POINT_RANGES[acmgClass]} points, Tavtigian et al. 2020).`;
  return { status: 'classified', acmgClass, points, standAloneBenign, criteria: scored, explanation };
}

/** For callers that must have a class (saving a classification): a conflict becomes `diagnosis/conflicting-criteria`. */
export function classifyOrThrow(input: readonly unknown[]): Extract<ClassificationResult, { status: 'classified' }> {
  const result = classifyVariant(input);
  if (result.status === 'conflict') {
    throw new AppError('diagnosis/conflicting-criteria', result.explanation, { conflicts: result.conflicts, points: result.points });
  }
  return result;
}
