// From diplotype to phenotype, activity score and the key used to look up CPIC/DPWG recommendations
// (PharmCAT docs/Matching-Recommendations.md: phenotype lookup, activity-score lookup, single-position
// lookup and allele-status lookup for HLA). Everything comes from the bundled phenotype files; an allele or
// diplotype those files do not know gets no phenotype and a warning, never a guess.
import type { PgxDiplotypeDetail, PgxWarning } from '../../../../shared/schemas/pgx.ts';
import type { GenePhenotypeData, GuidelineSource, PgxData, PhenotypeDiplotypeRow } from './pgx-data.ts';
import { combinationComponents, isCombinationName } from './haplotype-name-order.ts';

export const NO_RESULT = 'No Result';
export const NOT_APPLICABLE = 'n/a';

/** HLA alleles whose presence CPIC/DPWG guidelines look up (PharmCAT Phenotypes-List). */
export const HLA_LOOKUP_ALLELES: Record<string, string[]> = { 'HLA-A': ['*31:01'], 'HLA-B': ['*15:02', '*57:01', '*58:01'] };

/** The row whose diplotype key has exactly these allele counts (a scan: a few lookups per gene only). */
export function findPhenotypeRow(p: GenePhenotypeData, alleles: readonly string[]): PhenotypeDiplotypeRow | undefined {
  const want = new Map<string, number>();
  for (const a of alleles) want.set(a, (want.get(a) ?? 0) + 1);
  outer: for (const row of p.diplotypes) {
    const key = row.diplotypekey;
    let n = 0;
    for (const name in key) {
      if (want.get(name) !== key[name]) continue outer;
      n++;
    }
    if (n === want.size) return row;
  }
  return undefined;
}

export function isActivityGene(p: GenePhenotypeData | null): boolean {
  return !!p && p.diplotypes.some((r) => r.activityScore !== null && r.activityScore !== undefined);
}

/** PharmCAT's word for an allele its phenotype map has no entry for (GenePhenotype.UNASSIGNED_FUNCTION). */
export const UNASSIGNED_FUNCTION = 'Unassigned function';

export function alleleInfo(p: GenePhenotypeData | null, name: string): { name: string; function: string | null; activityValue: string | null } {
  const na = p?.namedAlleles.find((a) => a.name === name);
  return { name, function: na?.functionValue ?? (p && !(name in p.haplotypes) ? UNASSIGNED_FUNCTION : null), activityValue: na?.activityValue ?? null };
}

export function knowsAllele(p: GenePhenotypeData | null, name: string): boolean {
  return !!p && (name in p.haplotypes || p.namedAlleles.some((a) => a.name === name));
}

const RANK: Record<string, number> = {
  'no function': 0,
  'malignant hyperthermia associated': 0,
  'decreased function': 1,
  'uncertain function': 2,
  'unknown function': 2,
  'normal function': 3,
};

/** Lower = less function. Activity values where the gene has them, otherwise the function term. */
export function functionRank(p: GenePhenotypeData | null, name: string): number {
  const info = alleleInfo(p, name);
  const av = info.activityValue !== null ? Number(info.activityValue.replace('≥', '')) : NaN;
  if (Number.isFinite(av)) return av;
  return RANK[(info.function ?? '').toLowerCase()] ?? 5;
}

/** The lowest-function component of a strand ("[a + b]" → whichever of a, b has least function). */
export function lowestFunctionComponent(p: GenePhenotypeData | null, strandName: string): string {
  const comps = isCombinationName(strandName) ? combinationComponents(strandName) : [strandName];
  let best = comps[0];
  for (const c of comps.slice(1)) if (functionRank(p, c) < functionRank(p, best)) best = c;
  return best;
}

export interface PhenotypeOutcome {
  detail: PgxDiplotypeDetail;
  warnings: PgxWarning[];
}

function dpwgDpydKey(row: PhenotypeDiplotypeRow): string[] {
  // The 2024-03 DPWG DPYD recommendations key results as "<activity score> (<phenotype>)"; both parts
  // come from the same phenotype row, so this is a change of spelling, not an inference.
  const keys = [row.lookupkey];
  if (row.activityScore && row.generesult) keys.push(`${row.activityScore} (${row.generesult})`);
  return keys;
}

/**
 * Phenotype for a diplotype given as allele names (second null for haploid/single-allele genes).
 * `lookupAlleles` may differ from the displayed names (DPYD/RYR1 use the lowest-function variants).
 */
export function phenotypeDiplotype(
  pgx: PgxData,
  gene: string,
  name: string,
  allele1: string,
  allele2: string | null,
  score: number | null,
  lookupAlleles: readonly string[] = allele2 === null ? [allele1] : [allele1, allele2],
): PhenotypeOutcome {
  const warnings: PgxWarning[] = [];
  const cpic = pgx.phenotype(gene, 'CPIC');
  const keys: Record<GuidelineSource, string[]> = { CPIC: [], DPWG: [] };
  let phenotypes: string[] = [];
  let activityScore: string | null = null;
  if (gene === 'HLA-A' || gene === 'HLA-B') {
    const alleles = allele2 === null ? [allele1] : [allele1, allele2];
    phenotypes = HLA_LOOKUP_ALLELES[gene].map((a) => `${a} ${alleles.includes(a) ? 'positive' : 'negative'}`);
    keys.CPIC = [...phenotypes];
    keys.DPWG = [...phenotypes];
  } else if (!cpic) {
    warnings.push({ code: 'no-phenotype-data', severity: 'warning', message: `No ${gene} phenotype data is bundled with this release, so no phenotype is assigned and recommendations that need ${gene} are not shown.` });
  } else {
    for (const source of ['CPIC', 'DPWG'] as const) {
      const p = source === 'CPIC' ? cpic : pgx.phenotype(gene, source);
      if (!p) continue;
      const unknown = lookupAlleles.filter((a) => !knowsAllele(p, a));
      if (p.diplotypes.length === 0) {
        if (source === 'CPIC') phenotypes = [NOT_APPLICABLE];
        keys[source] = [NOT_APPLICABLE];
        continue;
      }
      const row = unknown.length === 0 ? findPhenotypeRow(p, lookupAlleles) : undefined;
      if (!row) {
        if (source === 'CPIC') {
          phenotypes = [NOT_APPLICABLE];
          warnings.push({
            code: unknown.length > 0 ? 'allele-newer-than-phenotype-data' : 'diplotype-not-in-phenotype-data',
            severity: 'warning',
            message: unknown.length > 0
              ? `${gene} ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not in the phenotype data (${p.version ?? 'unknown version'})${pgx.hasDefinition(gene) && unknown.every((u) => pgx.definition(gene).namedAlleles.some((n) => n.name === u)) ? `, though the newer allele definitions (${pgx.dataVersions().definitions.version}) have ${unknown.length > 1 ? 'them' : 'it'}` : ''}; no phenotype is assigned for ${name}.`
              : `${gene} ${name} is not in the phenotype data (${p.version ?? 'unknown version'}); no phenotype is assigned.`,
          });
        }
        keys[source] = [NOT_APPLICABLE];
        continue;
      }
      if (source === 'CPIC') {
        phenotypes = [row.generesult];
        activityScore = row.activityScore ?? null;
      }
      // Candidates in order of preference: the phenotype file's lookup key, then (older guideline data keys
      // some genes differently) DPWG DPYD's "<score> (<phenotype>)" and the phenotype term itself.
      const candidates = gene === 'DPYD' && source === 'DPWG' ? dpwgDpydKey(row) : [row.lookupkey];
      if (row.generesult && !candidates.includes(row.generesult)) candidates.push(row.generesult);
      keys[source] = candidates;
    }
  }
  const a1 = alleleInfo(cpic, allele1);
  const a2 = allele2 === null ? null : alleleInfo(cpic, allele2);
  return {
    detail: { name, allele1: a1, allele2: a2, score, phenotypes, activityScore, lookupKeys: keys },
    warnings,
  };
}

/** Two lowest-function entries of a DPYD/RYR1 variant list (Gene-Definition-Exceptions.md). */
export function lowestTwo(p: GenePhenotypeData | null, names: readonly string[]): [string, string] | null {
  if (names.length === 0) return null;
  const sorted = names.map((n, i) => ({ n, i, r: functionRank(p, n) })).sort((a, b) => a.r - b.r || a.i - b.i);
  if (sorted.length === 1) return [sorted[0].n, sorted[0].n];
  return [sorted[0].n, sorted[1].n];
}

// --- phenotype spelling for outside calls (Outside-Call-Format.md "Phenotypes") ------------------------

const PHENOTYPE_SYNONYMS: Record<string, string> = {
  PM: 'Poor Metabolizer',
  IM: 'Intermediate Metabolizer',
  NM: 'Normal Metabolizer',
  EM: 'Normal Metabolizer',
  UM: 'Ultrarapid Metabolizer',
  RM: 'Rapid Metabolizer',
};

export function normalisePhenotype(raw: string): string {
  const s = raw.trim().replace(/metaboliser/gi, 'metabolizer').replace(/\s+/g, ' ');
  const syn = PHENOTYPE_SYNONYMS[s.toUpperCase()];
  if (syn) return syn;
  const m = /\b(likely |possible )?(poor|intermediate|normal|extensive|rapid|ultrarapid) metabolizers?\b/i.exec(s);
  if (m) {
    const base = m[2].toLowerCase() === 'extensive' ? 'normal' : m[2].toLowerCase();
    const mod = m[1] ? `${m[1].trim()[0].toUpperCase()}${m[1].trim().slice(1).toLowerCase()} ` : '';
    return `${mod}${base[0].toUpperCase()}${base.slice(1)} Metabolizer`;
  }
  const short = /\((PM|IM|NM|EM|UM|RM)\)/i.exec(s);
  if (short) return PHENOTYPE_SYNONYMS[short[1].toUpperCase()];
  return s;
}
