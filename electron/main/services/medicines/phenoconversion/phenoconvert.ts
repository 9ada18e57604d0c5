// Phenoconversion: a co-medication that inhibits or induces an enzyme changes the phenotype a guideline is
// looked up with. CYP2D6 follows Cicali et al. 2021 (activity score × 0 for a strong inhibitor, × 0.5 for
// a moderate one, then CPIC's activity-score bands, Caudle et al. 2020); with several inhibitors the
// strongest applies (the tutorial converts by the most potent one, it does not multiply factors).
// CYP2C19, CYP2C9 and CYP3A4/5 have no published factors: the phenotype class is shifted (strong inhibitor
// → poor, moderate inhibitor one class down, inducer one class up), as the phenoconversion studies reviewed
// by Klomp et al. 2020 do. An inhibitor outweighs an inducer on the same enzyme (the cautious reading).
// The drug being reviewed never converts itself (paroxetine's own CYP2D6 guideline uses the genotype).
import type { PgxDiplotypeDetail, PgxGeneResult } from '../../../../../shared/schemas/pgx.ts';
import type { Phenoconversion } from '../../../../../shared/schemas/medicines.ts';
import type { ActivityScoreMethod, Perpetrator, PerpetratorEffect, PhenoconversionRules, PhenotypeClassMethod } from './rules-data.ts';

export interface ActiveDrug {
  /** Catalogue key (lower-case generic name). */
  key: string;
  /** Name as the patient's list shows it. */
  name: string;
}

export interface ConvertedGenes {
  genes: PgxGeneResult[];
  conversions: Phenoconversion[];
}

interface Hit {
  perpetrator: Perpetrator;
  drug: ActiveDrug;
}

const NOT_AN_ALLELE = { name: 'Unknown', function: null, activityValue: null };

function effectWord(e: PerpetratorEffect): string {
  return e.replace('-', ' ');
}

/** Activity scores as the guideline files key them: one decimal at least ("0.0", "0.5", "1.25"). */
export function activityKey(score: number): string {
  // Guidelines key CYP2D6 in steps of 0.25; a converted score between steps is rounded down (less activity).
  const stepped = Math.floor(score * 4 + 1e-9) / 4;
  return Number.isInteger(stepped) ? stepped.toFixed(1) : String(stepped);
}

function band(method: ActivityScoreMethod, score: number): string {
  for (const b of method.phenotypeBands) if (b.max === null || score <= b.max + 1e-9) return b.phenotype;
  return method.phenotypeBands[method.phenotypeBands.length - 1].phenotype;
}

function describe(d: PgxDiplotypeDetail): string {
  const p = d.phenotypes.join(' / ') || 'phenotype not assigned';
  return d.activityScore ? `${p} (activity score ${d.activityScore})` : p;
}

function sourcesOf(rules: PhenoconversionRules, ids: string[]): Phenoconversion['sources'] {
  return [...new Set(ids)].map((id) => ({ id, title: rules.sources[id].title, url: rules.sources[id].url }));
}

function convertByScore(d: PgxDiplotypeDetail, method: ActivityScoreMethod, hits: Hit[]): PgxDiplotypeDetail | null {
  const inhibitors = hits.filter((h) => h.perpetrator.effect === 'strong-inhibitor' || h.perpetrator.effect === 'moderate-inhibitor');
  if (inhibitors.length === 0) return null;
  const factor = Math.min(...inhibitors.map((h) => method.factors[h.perpetrator.effect as 'strong-inhibitor' | 'moderate-inhibitor']));
  const genotypeScore = d.activityScore === null ? NaN : Number.parseFloat(d.activityScore.replace(/^[≥>]=?/, ''));
  // Without a score only a strong inhibitor's × 0 is certain; a moderate one cannot be applied.
  if (Number.isNaN(genotypeScore) && factor !== 0) return null;
  const score = factor === 0 ? 0 : genotypeScore * factor;
  const key = activityKey(score);
  const phenotype = band(method, score);
  return { ...d, allele1: NOT_AN_ALLELE, allele2: NOT_AN_ALLELE, phenotypes: [phenotype], activityScore: key, lookupKeys: { CPIC: [key], DPWG: [key] } };
}

function baseClass(phenotype: string): string {
  return phenotype.replace(/^(Likely|Possible)\s+/i, '');
}

function convertByClass(d: PgxDiplotypeDetail, method: PhenotypeClassMethod, hits: Hit[]): PgxDiplotypeDetail | null {
  const from = method.classes.indexOf(baseClass(d.phenotypes[0] ?? ''));
  if (from < 0) return null;
  const inhibitors = hits.filter((h) => h.perpetrator.effect.endsWith('inhibitor'));
  const active = inhibitors.length > 0 ? inhibitors : hits;
  const targets = active
    .map((h) => method.shifts[h.perpetrator.effect])
    .filter((s): s is 'to-poor' | number => s !== undefined)
    .map((s) => (s === 'to-poor' ? 0 : Math.max(0, Math.min(method.classes.length - 1, from + s))));
  if (targets.length === 0) return null;
  // The strongest effect wins: the lowest class among inhibitors, the highest among inducers.
  const to = inhibitors.length > 0 ? Math.min(...targets) : Math.max(...targets);
  if (to === from) return null;
  const phenotype = method.classes[to];
  const scores = method.activityScores?.[phenotype] ?? [];
  // Moving down, the class's highest score (closest to where the patient was); moving up, its lowest.
  const score = scores.length === 0 ? null : to === 0 && active.some((h) => method.shifts[h.perpetrator.effect] === 'to-poor') ? scores[0] : to < from ? scores[scores.length - 1] : scores[0];
  const keys = score ? [phenotype, score] : [phenotype];
  return { ...d, allele1: NOT_AN_ALLELE, allele2: NOT_AN_ALLELE, phenotypes: [phenotype], activityScore: score, lookupKeys: { CPIC: keys, DPWG: keys } };
}

function ruleText(rules: PhenoconversionRules, gene: string, hits: Hit[]): string {
  const method = rules.methods[gene];
  const methodCite = method.sources.map((id) => rules.sources[id].short).join('; ');
  const parts = hits.map((h) => {
    const effect = h.perpetrator.effect;
    let how: string;
    if (method.kind === 'activity-score') {
      how = effect === 'strong-inhibitor' || effect === 'moderate-inhibitor' ? `activity score × ${method.factors[effect]}` : 'no change';
    } else {
      const s = method.shifts[effect];
      how = s === 'to-poor' ? 'used as a poor metabolizer' : s === undefined || s === 0 ? 'no change' : `${Math.abs(s)} phenotype class ${s < 0 ? 'lower' : 'higher'}`;
    }
    return `${h.drug.name} is a ${effectWord(effect)} of ${gene} (${rules.sources[h.perpetrator.source].short}) → ${how}`;
  });
  const several = hits.filter((h) => h.perpetrator.effect.endsWith('inhibitor')).length > 1 ? '; with several inhibitors the strongest applies' : '';
  return `${parts.join('; ')}${several} (method: ${methodCite})`;
}

/**
 * The patient's gene results as a guideline lookup should see them while `active` drugs are taken. Genes
 * no perpetrator touches are returned unchanged (same objects).
 */
export function phenoconvert(genes: readonly PgxGeneResult[], active: readonly ActiveDrug[], rules: PhenoconversionRules): ConvertedGenes {
  const conversions: Phenoconversion[] = [];
  const out = genes.map((g) => {
    const method = rules.methods[g.gene];
    if (!method || g.diplotypeDetails.length === 0) return g;
    const hits: Hit[] = [];
    for (const drug of active) for (const p of rules.perpetrators) if (p.drug === drug.key && p.genes.includes(g.gene)) hits.push({ perpetrator: p, drug });
    if (hits.length === 0) return g;
    const converted = g.diplotypeDetails.map((d) => (method.kind === 'activity-score' ? convertByScore(d, method, hits) : convertByClass(d, method, hits)));
    if (converted.every((c) => c === null)) return g;
    const details = converted.map((c, i) => c ?? g.diplotypeDetails[i]);
    const from = [...new Set(g.diplotypeDetails.map(describe))].join(' or ');
    const to = [...new Set(details.map(describe))].join(' or ');
    // Already as low as the inhibitor would take it (a poor metabolizer): the genotype's own call stands.
    if (from === to) return g;
    conversions.push({
      gene: g.gene,
      from,
      to,
      because: [...new Set(hits.map((h) => h.drug.name))],
      rule: ruleText(rules, g.gene, hits),
      sources: sourcesOf(rules, [...hits.map((h) => h.perpetrator.source), ...method.sources]),
    });
    return {
      ...g,
      phenotypes: [...new Set(details.flatMap((d) => d.phenotypes))],
      activityScore: details.length === 1 ? details[0].activityScore : g.activityScore,
      diplotypeDetails: details,
    };
  });
  return { genes: out, conversions };
}

/** The genes a drug changes (for "would change CYP2D6 for codeine" when a prescriber considers it). */
export function perpetratorGenes(drugKey: string, rules: PhenoconversionRules): string[] {
  return [...new Set(rules.perpetrators.filter((p) => p.drug === drugKey).flatMap((p) => p.genes))];
}
