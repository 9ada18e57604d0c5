// Drug recommendations: for every CPIC and DPWG guideline, the patient's lookup key per gene (phenotype,
// activity score or allele status) is matched exactly against each recommendation's lookupKey, as PharmCAT's
// Reporter does (docs/Matching-Recommendations.md). An ambiguous call can match several recommendations;
// each lists the diplotypes that lead to it. A guideline that matches nothing is reported with the reason.
import type { PgxGeneResult, PgxRecommendation, PgxUnmatchedGuideline, PgxWarning } from '../../../../shared/schemas/pgx.ts';
import type { GuidelineFile, GuidelineRecommendation, GuidelineSource, PgxData } from './pgx-data.ts';
import { NO_RESULT } from './phenotyper.ts';

/** One way a patient's gene result can be written: a key string, or allele counts ({"*1": 1, "*3": 1}). */
type LookupValue = string | Record<string, number>;

export interface GeneLookup {
  /** Per candidate diplotype: its keys in order of preference (allele counts first), and its name. */
  candidates: { diplotype: string; keys: LookupValue[] }[];
  called: boolean;
}

function alleleCounts(d: PgxGeneResult['diplotypeDetails'][number]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of [d.allele1, d.allele2]) if (a && a.name !== 'Unknown') counts[a.name] = (counts[a.name] ?? 0) + 1;
  return counts;
}

export function geneLookups(genes: readonly PgxGeneResult[], source: GuidelineSource): Map<string, GeneLookup> {
  const out = new Map<string, GeneLookup>();
  for (const g of genes) {
    const candidates = g.diplotypeDetails
      .filter((d) => d.lookupKeys[source].length > 0)
      .map((d) => ({ diplotype: d.name, keys: [alleleCounts(d) as LookupValue, ...d.lookupKeys[source]] }));
    out.set(g.gene, { candidates, called: g.diplotypeDetails.length > 0 });
  }
  return out;
}

function sameValue(a: LookupValue, b: LookupValue): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Number(a[k]) === Number(b[k]));
}

function showValue(v: LookupValue): string {
  return typeof v === 'string' ? v : Object.entries(v).map(([n, c]) => (c === 2 ? `${n}/${n}` : n)).join('/');
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ', '&ge;': '≥', '&le;': '≤' };

/** Guideline text is HTML; the result carries plain text with paragraph and list breaks kept. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\s*li[^>]*>/gi, '\n• ')
    .replace(/<\/\s*(p|h\d|li|ul|ol|div|tr)\s*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&[a-z#0-9]+;/gi, (e) => ENTITIES[e.toLowerCase()] ?? e)
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function guidelineSource(g: GuidelineFile): GuidelineSource {
  return g.guideline.source.toUpperCase().includes('DPWG') ? 'DPWG' : 'CPIC';
}

interface Messages {
  rule_name: string;
  exception_type: string;
  matches: { gene: string | null; dips?: string[]; drugs?: string[]; variant?: string[] };
  message: string;
}

function drugMessages(pgx: PgxData, drug: string): PgxWarning[] {
  const messages = pgx.messages() as Messages[];
  const out: PgxWarning[] = [];
  for (const m of messages) {
    if (m.exception_type !== 'note' || !m.matches.drugs?.includes(drug) || m.matches.gene || !m.message) continue;
    out.push({ code: m.rule_name, severity: 'info', message: htmlToText(m.message) });
  }
  return out;
}

export interface RecommendationsResult {
  recommendations: PgxRecommendation[];
  unmatched: PgxUnmatchedGuideline[];
}

export function matchRecommendations(pgx: PgxData, genes: readonly PgxGeneResult[]): RecommendationsResult {
  const lookups: Record<GuidelineSource, Map<string, GeneLookup>> = { CPIC: geneLookups(genes, 'CPIC'), DPWG: geneLookups(genes, 'DPWG') };
  const geneByName = new Map(genes.map((g) => [g.gene, g]));
  const recommendations: PgxRecommendation[] = [];
  const unmatched: PgxUnmatchedGuideline[] = [];
  for (const g of pgx.allGuidelines()) {
    const source = guidelineSource(g);
    const guidelineGenes = g.guideline.relatedGenes.map((x) => x.symbol);
    for (const chem of g.guideline.relatedChemicals) {
      const drug = chem.name;
      const recs = g.recommendations.filter((r) => r.relatedChemicals.some((c) => c.name === drug));
      const base = { drug, genes: guidelineGenes, source, guideline: g.guideline.name };
      if (recs.length === 0) {
        unmatched.push({ ...base, reason: `The ${source} guideline data (${g.version}) has no genotype-specific recommendations for ${drug}.` });
        continue;
      }
      const noPhenotype = guidelineGenes.filter((gene) => {
        const gr = geneByName.get(gene);
        return gr && gr.diplotypeDetails.length > 0 && gr.diplotypeDetails.every((d) => d.lookupKeys[source].length === 0);
      });
      if (noPhenotype.length > 0) {
        unmatched.push({ ...base, reason: `${noPhenotype.join(', ')} ${noPhenotype.length > 1 ? 'were' : 'was'} genotyped but no phenotype could be assigned from the bundled data, so no recommendation is shown.` });
        continue;
      }
      const chosen = chooseKeys(recs, guidelineGenes, lookups[source]);
      const matched = recs.filter((r) => Object.entries(r.lookupKey).every(([gene, key]) => (chosen.get(gene) ?? []).some((c) => sameValue(c.key, key))));
      if (matched.length === 0) {
        const have = guidelineGenes.map((gene) => `${gene}: ${describeGene(lookups[source].get(gene))}`).join('; ');
        unmatched.push({ ...base, reason: `No ${source} recommendation in the guideline data (${g.version}) is keyed to this result (${have}).` });
        continue;
      }
      for (const r of matched) recommendations.push(toRecommendation(pgx, g, source, drug, r, chosen, genes));
    }
  }
  recommendations.sort((a, b) => (a.drug < b.drug ? -1 : a.drug > b.drug ? 1 : a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  unmatched.sort((a, b) => (a.drug < b.drug ? -1 : a.drug > b.drug ? 1 : 0));
  return { recommendations, unmatched };
}

function describeGene(l: GeneLookup | undefined): string {
  if (!l || !l.called || l.candidates.length === 0) return NO_RESULT;
  return l.candidates.map((c) => `${c.diplotype} (${c.keys.slice(1).map(showValue).join(' / ')})`).join(' or ');
}

/**
 * For each gene, each candidate diplotype contributes the first of its keys that this guideline uses for
 * that gene (allele counts, then the phenotype file's key, then alternative spellings). A gene without a
 * result contributes "No Result", which is how the guidelines key that case.
 */
function chooseKeys(recs: readonly GuidelineRecommendation[], genes: readonly string[], lookups: Map<string, GeneLookup>): Map<string, { key: LookupValue; diplotype: string | null }[]> {
  const out = new Map<string, { key: LookupValue; diplotype: string | null }[]>();
  for (const gene of genes) {
    const used = recs.map((r) => r.lookupKey[gene]).filter((v): v is LookupValue => v !== undefined);
    const l = lookups.get(gene);
    if (!l || !l.called || l.candidates.length === 0) {
      out.set(gene, [{ key: NO_RESULT, diplotype: null }]);
      continue;
    }
    const list: { key: LookupValue; diplotype: string | null }[] = [];
    for (const c of l.candidates) {
      const k = c.keys.find((key) => used.some((u) => sameValue(u, key)));
      if (k !== undefined) list.push({ key: k, diplotype: c.diplotype });
    }
    out.set(gene, list);
  }
  return out;
}

function toRecommendation(
  pgx: PgxData,
  g: GuidelineFile,
  source: GuidelineSource,
  drug: string,
  r: GuidelineRecommendation,
  chosen: Map<string, { key: LookupValue; diplotype: string | null }[]>,
  genes: readonly PgxGeneResult[],
): PgxRecommendation {
  const diplotypes: Record<string, string[]> = {};
  const lookupKey: Record<string, string> = {};
  const warnings: PgxWarning[] = [];
  for (const [gene, key] of Object.entries(r.lookupKey)) {
    lookupKey[gene] = showValue(key);
    diplotypes[gene] = (chosen.get(gene) ?? []).filter((c) => sameValue(c.key, key) && c.diplotype !== null).map((c) => c.diplotype as string);
    if (key === NO_RESULT) {
      warnings.push({ code: 'no-result-lookup', severity: 'warning', message: `This recommendation applies when no ${gene} result is available; ${gene} was not called for this patient.` });
    }
    const gr = genes.find((x) => x.gene === gene);
    if (gr && gr.diplotypeDetails.length > 1) {
      warnings.push({ code: 'ambiguous-call', severity: 'warning', message: `${gene} has ${gr.diplotypeDetails.length} possible diplotypes; this recommendation follows from ${diplotypes[gene].join(' or ')}.` });
    }
    if (gr?.source === 'outside-call') {
      warnings.push({ code: 'outside-call', severity: 'info', message: `${gene} comes from an outside call, not from the sequencing file.` });
    }
  }
  warnings.push(...drugMessages(pgx, drug));
  return {
    drug,
    genes: Object.keys(r.lookupKey),
    source,
    guideline: g.guideline.name,
    guidelineUrl: g.guideline.url,
    classification: r.classification?.term ?? null,
    recommendation: htmlToText(r.text.html),
    implications: r.implications ?? [],
    population: r.population ?? null,
    lookupKey,
    diplotypes,
    warnings,
  };
}
