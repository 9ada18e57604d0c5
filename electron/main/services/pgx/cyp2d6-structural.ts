// CYP2D6 outside calls written with structural-variant notation, as reference laboratories report them.
//
// Notation (PharmVar's reporting recommendations: Turner et al., "PharmVar Tutorial on CYP2D6 Structural
// Variation Testing and Recommendations on Reporting", Clin Pharmacol Ther 2023;114:1220, doi:10.1002/cpt.3044,
// and PharmCAT docs/Outside-Call-Format.md "Gene duplications and copy numbers"):
//   *2x2      identical copies in cis, copy number known        *1xN   identical copies, number unknown (≥2)
//   *36+*10   non-identical copies in cis, upstream copy first   *36x2+*10  both on one chromosome
// Hybrids (*13, *36, *68, …) are ordinary PharmVar names with their own CPIC function.
//
// Activity: CPIC's activity-score method (Caudle et al., "Standardizing CYP2D6 Genotype to Phenotype
// Translation: Consensus Recommendations from CPIC and DPWG", Clin Transl Sci 2020;13:116,
// doi:10.1111/cts.12692): every gene copy adds its allele's activity value and the diplotype's score is the
// sum over both chromosomes (so *36+*10 = 0 + 0.25, *13+*2 = 0 + 1, *36x2+*10 = 2 × 0 + 0.25). Where the
// bundled CPIC/DPWG map already gives a copy-number allele a value (*1x2, *41x3, *1x≥3, *36x2) that value is
// used, so the map's own assignments win. CPIC bins three or more copies of *1, *2 (and *4) as "≥3"; with xN
// the number of copies is at least two, so the score is a lower bound ("≥"). The score → phenotype step reads
// the bundled map's own rows (score → phenotype), so it follows the bundled release (CPIC 2024-08: 1.0 is IM).
// When a lower bound spans two phenotypes (e.g. *1xN/*4: 2.0 NM or ≥3.0 UM) the result is Indeterminate with
// the reason, never the likelier guess; PharmCAT says the same of unknown copy numbers ("cannot be linked to
// prescribing recommendations").
import type { PgxDiplotypeDetail, PgxWarning } from '../../../../shared/schemas/pgx.ts';
import type { GenePhenotypeData, GuidelineSource, PgxData } from './pgx-data.ts';
import { NOT_APPLICABLE } from './phenotyper.ts';

export type CopyNumber = number | 'N' | '≥3';

export interface GeneCopy {
  /** The star allele of this gene unit (suballele and gene prefix already removed). */
  allele: string;
  copies: CopyNumber;
}

/** True when the name uses duplication or in-cis notation that the phenotype maps may not list whole. */
export function isStructuralName(name: string): boolean {
  return !name.startsWith('[') && (/\+/.test(name) || /x(\d+|N|≥3)$/i.test(name) || /x(\d+|N|≥3)\+/i.test(name));
}

/** "*36x2+*10" -> [{*36, 2}, {*10, 1}]; null when a unit is not "*name" with an optional copy suffix. */
export function parseGeneCopies(name: string): GeneCopy[] | null {
  const units = name.split('+').map((u) => u.trim());
  const out: GeneCopy[] = [];
  for (const u of units) {
    const m = /^(\*[0-9A-Za-z.]+?)(?:x(\d+|N|≥3))?$/i.exec(u);
    if (!m) return null;
    const c = m[2];
    const copies: CopyNumber = c === undefined ? 1 : c.toUpperCase() === 'N' ? 'N' : c === '≥3' ? '≥3' : Number(c);
    if (typeof copies === 'number' && copies < 1) return null;
    out.push({ allele: m[1], copies });
  }
  return out;
}

export interface Activity {
  value: number;
  /** True when the value is a lower bound (xN, x≥3). */
  atLeast: boolean;
}

function parseValue(v: string | null | undefined): Activity | null {
  if (v === null || v === undefined || v === NOT_APPLICABLE) return null;
  const atLeast = v.startsWith('≥');
  const n = Number(v.replace('≥', ''));
  return Number.isFinite(n) ? { value: n, atLeast } : null;
}

function unitName(c: GeneCopy): string {
  return c.copies === 1 ? c.allele : `${c.allele}x${c.copies}`;
}

/** Activity of one gene unit: the map's own value for the copy-number allele, else value × copies. */
function unitActivity(p: GenePhenotypeData, c: GeneCopy): Activity | null {
  const own = parseValue(p.activityValues[unitName(c)]);
  if (own) return own;
  const one = parseValue(p.activityValues[c.allele]);
  if (!one) return null;
  if (one.value === 0) return { value: 0, atLeast: one.atLeast };
  if (c.copies === 'N') return { value: one.value * 2, atLeast: true };
  if (c.copies === '≥3') return { value: one.value * 3, atLeast: true };
  return { value: one.value * c.copies, atLeast: one.atLeast };
}

/** Activity of one chromosome (all its gene units); null when any unit has no activity value in the map. */
export function chromosomeActivity(p: GenePhenotypeData, name: string): Activity | null {
  const whole = parseValue(p.activityValues[name]);
  if (whole) return whole;
  const units = parseGeneCopies(name);
  if (!units) return null;
  let value = 0;
  let atLeast = false;
  for (const u of units) {
    const a = unitActivity(p, u);
    if (!a) return null;
    value += a.value;
    atLeast ||= a.atLeast;
  }
  return { value, atLeast };
}

/** CPIC's spelling of scores: at least one decimal, quarter steps ("1.0", "0.25", "≥3.0"). */
export function formatScore(a: Activity): string {
  const s = Number.isInteger(a.value) ? a.value.toFixed(1) : String(Math.round(a.value * 100) / 100);
  return `${a.atLeast ? '≥' : ''}${s}`;
}

interface ScoreRow {
  key: string;
  value: number;
  atLeast: boolean;
  phenotype: string;
}

function scoreRows(p: GenePhenotypeData): ScoreRow[] {
  const seen = new Map<string, ScoreRow>();
  for (const r of p.diplotypes) {
    const a = parseValue(r.activityScore ?? null);
    if (!a || seen.has(r.lookupkey)) continue;
    seen.set(r.lookupkey, { key: r.lookupkey, value: a.value, atLeast: a.atLeast, phenotype: r.generesult });
  }
  return [...seen.values()];
}

export interface ScoreLookup {
  phenotype: string | null;
  /** The map's lookup key for this score, or null when no key in the map covers it. */
  key: string | null;
  reason?: string;
}

/**
 * Phenotype and lookup key for a score, from the map's own rows. An exact score missing from the map (say 3.25)
 * takes the phenotype its neighbours agree on; a lower bound takes a phenotype only if every score the map
 * knows at or above it has that phenotype.
 */
export function lookupScore(p: GenePhenotypeData, a: Activity): ScoreLookup {
  const rows = scoreRows(p);
  const text = formatScore(a);
  const exact = rows.find((r) => r.key === text);
  if (exact) return { phenotype: exact.phenotype, key: exact.key };
  const possible = a.atLeast ? rows.filter((r) => r.value >= a.value || r.atLeast) : [];
  let phenotypes: Set<string>;
  if (a.atLeast) {
    phenotypes = new Set(possible.map((r) => r.phenotype));
  } else {
    const below = rows.filter((r) => !r.atLeast && r.value <= a.value).sort((x, y) => y.value - x.value)[0];
    const above = rows.filter((r) => r.value >= a.value).sort((x, y) => x.value - y.value)[0];
    phenotypes = new Set([below, above].filter((r): r is ScoreRow => !!r).map((r) => r.phenotype));
  }
  if (phenotypes.size !== 1) {
    return { phenotype: null, key: null, reason: `an activity score of ${text} spans ${[...phenotypes].sort().join(' and ') || 'no phenotype'} in the ${p.gene} map` };
  }
  const phenotype = [...phenotypes][0];
  // The key to look recommendations up with: the largest "≥k" the score satisfies, if it means the same phenotype.
  const bound = rows.filter((r) => r.atLeast && r.value <= a.value && r.phenotype === phenotype).sort((x, y) => y.value - x.value)[0];
  return { phenotype, key: bound?.key ?? null };
}

export interface StructuralOutcome {
  detail: PgxDiplotypeDetail;
  warnings: PgxWarning[];
}

function indeterminateKey(p: GenePhenotypeData): string[] {
  // CPIC's map keys Indeterminate diplotypes as "n/a" (its recommendations have an "n/a" row); DPWG's has none.
  return p.diplotypes.some((r) => r.lookupkey === NOT_APPLICABLE) ? [NOT_APPLICABLE] : [];
}

/**
 * Phenotype of a CYP2D6 outside-call diplotype whose alleles use copy-number or in-cis notation not listed
 * whole in the phenotype maps. Null when an allele cannot be read as gene units with activity values.
 */
export function phenotypeCyp2d6Structural(data: PgxData, name: string, allele1: string, allele2: string | null): StructuralOutcome | null {
  const cpic = data.phenotype('CYP2D6', 'CPIC');
  if (!cpic) return null;
  const alleles = allele2 === null ? [allele1] : [allele1, allele2];
  const warnings: PgxWarning[] = [];
  const keys: Record<GuidelineSource, string[]> = { CPIC: [], DPWG: [] };
  let phenotypes: string[] = [];
  let activityScore: string | null = null;
  const perAllele: (Activity | null)[] = alleles.map((a) => chromosomeActivity(cpic, a));
  if (perAllele.some((a) => a === null)) return null;
  for (const source of ['CPIC', 'DPWG'] as const) {
    const p = source === 'CPIC' ? cpic : data.phenotype('CYP2D6', source);
    if (!p) continue;
    const acts = alleles.map((a) => chromosomeActivity(p, a));
    if (acts.some((a) => a === null)) {
      keys[source] = [NOT_APPLICABLE];
      if (source === 'DPWG') warnings.push({ code: 'cyp2d6-structural-dpwg', severity: 'info', message: `CYP2D6 ${name}: the DPWG phenotype map gives no activity value for ${alleles.filter((_a, i) => acts[i] === null).join(', ')}, so no DPWG recommendation is matched.` });
      continue;
    }
    const total = (acts as Activity[]).reduce((s, a) => ({ value: s.value + a.value, atLeast: s.atLeast || a.atLeast }), { value: 0, atLeast: false });
    const found = lookupScore(p, total);
    if (source === 'CPIC') {
      phenotypes = [found.phenotype ?? 'Indeterminate'];
      activityScore = found.phenotype ? formatScore(total) : null;
    }
    if (!found.phenotype) {
      keys[source] = indeterminateKey(p);
      if (source === 'CPIC') warnings.push({ code: 'cyp2d6-copy-number-indeterminate', severity: 'warning', message: `CYP2D6 ${name}: ${found.reason}; the number of gene copies decides the phenotype, so it is Indeterminate. Ask the laboratory for the copy number.` });
      continue;
    }
    keys[source] = found.key ? [found.key] : [NOT_APPLICABLE];
  }
  const detailOf = (a: string, i: number) => {
    const act = perAllele[i] as Activity;
    return { name: a, function: null, activityValue: formatScore(act) };
  };
  warnings.push({
    code: 'cyp2d6-structural-activity',
    severity: 'info',
    message: `CYP2D6 ${name}: activity score ${activityScore ?? 'n/a'} counted copy by copy (${alleles.map((a, i) => `${a} = ${formatScore(perAllele[i] as Activity)}`).join('; ')}) as CPIC's activity-score method defines it (Caudle et al. 2020); this diplotype is not listed whole in the CPIC map.`,
  });
  return {
    detail: { name, allele1: detailOf(allele1, 0), allele2: allele2 === null ? null : detailOf(allele2, 1), score: null, phenotypes, activityScore, lookupKeys: keys },
    warnings,
  };
}
