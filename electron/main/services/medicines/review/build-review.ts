// The medication review: for each current medicine and each medicine being considered, the action, the
// phenotype used (after phenoconversion by the patient's other current medicines), the matched CPIC/DPWG
// recommendations with their classification, and the alternative. Pure: the service gives it the PGx
// result (or why there is none), the bundled guideline data and the patient's medicines.
import type { MedicationReview, Phenoconversion, ReviewAction, ReviewItem, ReviewRecommendation } from '../../../../../shared/schemas/medicines.ts';
import type { PgxDataVersions, PgxGeneResult, PgxRecommendation, PgxUnmatchedGuideline } from '../../../../../shared/schemas/pgx.ts';
import type { GuidelineFile } from '../../pgx/pgx-data.ts';
import { htmlToText } from '../../pgx/recommendations.ts';
import type { DrugCatalogue } from '../drug-catalogue.ts';
import { phenoconvert, perpetratorGenes, type ActiveDrug } from '../phenoconversion/phenoconvert.ts';
import type { PhenoconversionRules } from '../phenoconversion/rules-data.ts';
import { ACTION_ORDER, ACTION_RULES_VERSION, alternativeFrom, deriveAction, type RecommendationTags } from './action-rules.ts';

export interface ReviewSubject {
  /** As entered or as the catalogue names it. */
  drug: string;
  /** Catalogue key, null for free text. */
  key: string | null;
  medicationId: string | null;
  current: boolean;
}

export interface PgxAvailability {
  genes: readonly PgxGeneResult[];
  dataVersions: PgxDataVersions;
}

export interface ReviewInputs {
  /** The patient's PGx result, or why there is none (an AppError code and its sentence). */
  pgx: PgxAvailability | { missing: string; message: string };
  guidelines: readonly GuidelineFile[];
  /** Matches recommendations for (possibly phenoconverted) gene results: the PGx engine's own matcher. */
  match: (genes: readonly PgxGeneResult[]) => { recommendations: PgxRecommendation[]; unmatched: PgxUnmatchedGuideline[] };
  catalogue: DrugCatalogue;
  rules: PhenoconversionRules;
  subjects: readonly ReviewSubject[];
}

/** Which recommendation speaks for a drug: a real instruction before "no result" or "no recommendation". */
const HEADLINE_ORDER: readonly ReviewAction[] = ['avoid', 'adjust', 'monitor', 'standard', 'no-result', 'no-guideline'];

// Built once per loaded guideline bundle (a few thousand recommendations), not once per review.
const tagIndexes = new WeakMap<readonly GuidelineFile[], Map<string, RecommendationTags>>();

function tagIndex(guidelines: readonly GuidelineFile[]): Map<string, RecommendationTags> {
  const cached = tagIndexes.get(guidelines);
  if (cached) return cached;
  const out = new Map<string, RecommendationTags>();
  tagIndexes.set(guidelines, out);
  for (const g of guidelines) {
    for (const r of g.recommendations) {
      const raw = r as unknown as RecommendationTags;
      out.set(`${g.guideline.name}\u0000${htmlToText(r.text.html)}`, {
        alternateDrugAvailable: raw.alternateDrugAvailable === true,
        dosingInformation: raw.dosingInformation === true,
        otherPrescribingGuidance: raw.otherPrescribingGuidance === true,
      });
    }
  }
  return out;
}

function geneShown(g: PgxGeneResult | undefined): string {
  if (!g || g.diplotypeDetails.length === 0) return 'No result';
  const p = g.phenotypes.length > 0 ? g.phenotypes.join(' or ') : 'phenotype not assigned';
  return g.activityScore ? `${p} (activity score ${g.activityScore})` : p;
}

function toReviewRecommendation(r: PgxRecommendation, tags: Map<string, RecommendationTags>): ReviewRecommendation {
  const derived = deriveAction(r.recommendation, r.classification, tags.get(`${r.guideline}\u0000${r.recommendation}`));
  // A recommendation keyed on "No Result" for a gene is what to do without that result: never "standard".
  const onNoResult = Object.values(r.lookupKey).some((k) => k === 'No Result');
  const action: ReviewAction = onNoResult && (derived.action === 'standard' || derived.action === 'no-guideline') ? 'no-result' : derived.action;
  return {
    source: r.source,
    guideline: r.guideline,
    guidelineUrl: r.guidelineUrl,
    population: r.population,
    classification: r.classification,
    action,
    actionRule: onNoResult && action !== derived.action ? `${derived.rule}+keyed-on-no-result` : derived.rule,
    recommendation: r.recommendation.split(/\n\s*Other Considerations\b/i)[0].trim(),
    alternative: action === 'avoid' ? alternativeFrom(r.recommendation) : null,
    lookupKey: r.lookupKey,
  };
}

export function buildReview(input: ReviewInputs): MedicationReview {
  const { catalogue, rules } = input;
  const tags = tagIndex(input.guidelines);
  const current: ActiveDrug[] = input.subjects.filter((s) => s.current && s.key).map((s) => ({ key: s.key as string, name: s.drug }));
  const matchCache = new Map<string, { converted: ReturnType<typeof phenoconvert>; matched: ReturnType<ReviewInputs['match']> }>();

  function lookup(excludeKey: string, genes: readonly PgxGeneResult[]) {
    const others = current.filter((d) => d.key !== excludeKey);
    // Only inhibitors and inducers change the lookup: drugs sharing them share one match over the guidelines.
    const cacheKey = others
      .filter((d) => perpetratorGenes(d.key, rules).length > 0)
      .map((d) => d.key)
      .sort()
      .join('|');
    let hit = matchCache.get(cacheKey);
    if (!hit) {
      const converted = phenoconvert(genes, others, rules);
      hit = { converted, matched: input.match(converted.genes) };
      matchCache.set(cacheKey, hit);
    }
    return hit;
  }

  const items: ReviewItem[] = [];
  const seen = new Set<string>();
  for (const s of input.subjects) {
    const dedupe = `${s.current ? 'c' : 'q'}:${s.medicationId ?? s.key ?? s.drug.toLowerCase()}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    const entry = s.key ? catalogue.resolve(s.key) : null;
    const base: ReviewItem = {
      drug: s.drug,
      medicationId: s.medicationId,
      current: s.current,
      checked: entry !== null,
      genes: entry?.genes ?? [],
      phenotypes: {},
      phenoconversion: [],
      action: 'no-guideline',
      classification: null,
      guideline: null,
      recommendation: null,
      alternative: null,
      reason: null,
      recommendations: [],
      wouldPhenoconvert: [],
    };
    if (entry && !s.current) {
      const genes = perpetratorGenes(entry.name, rules);
      base.wouldPhenoconvert = current.filter((d) => d.key !== entry.name && (catalogue.resolve(d.key)?.genes ?? []).some((g) => genes.includes(g))).map((d) => d.name);
    }
    if (!entry) {
      const close = catalogue.suggest(s.drug, 3);
      items.push({ ...base, reason: `“${s.drug}” is not a drug GenoDesk knows, so it was not checked against any guideline (not checked).${close.length ? ` Did you mean ${close.join(', ')}?` : ''}` });
      continue;
    }
    if (entry.genes.length === 0) {
      const perp = entry.perpetratorOf.length ? ` It changes how other medicines are metabolised (${entry.perpetratorOf.join(', ')}).` : '';
      items.push({ ...base, reason: `No CPIC or DPWG guideline in the bundled data covers ${entry.name}.${perp}` });
      continue;
    }
    if ('missing' in input.pgx) {
      items.push({ ...base, action: 'no-result', reason: `No pharmacogenomic result yet: ${input.pgx.message}` });
      continue;
    }
    const { converted, matched } = lookup(entry.name, input.pgx.genes);
    const byGene = new Map(converted.genes.map((g) => [g.gene, g]));
    const phenotypes: Record<string, string> = {};
    for (const gene of entry.genes) phenotypes[gene] = geneShown(byGene.get(gene));
    const conversions: Phenoconversion[] = converted.conversions.filter((c) => entry.genes.includes(c.gene));
    const recs = matched.recommendations
      .filter((r) => r.drug === entry.name)
      .map((r) => toReviewRecommendation(r, tags))
      .sort((a, b) => ACTION_ORDER.indexOf(a.action) - ACTION_ORDER.indexOf(b.action) || a.source.localeCompare(b.source));
    const unmatched = matched.unmatched.filter((u) => u.drug === entry.name);
    const headline = [...recs].sort((a, b) => HEADLINE_ORDER.indexOf(a.action) - HEADLINE_ORDER.indexOf(b.action))[0];
    const uncalled = entry.genes.filter((g) => !byGene.get(g) || byGene.get(g)?.diplotypeDetails.length === 0);
    if (!headline) {
      const why = uncalled.length > 0 ? `${uncalled.join(', ')} ${uncalled.length > 1 ? 'have' : 'has'} no result for this patient.` : (unmatched[0]?.reason ?? 'No recommendation in the bundled guidelines matches this result.');
      items.push({ ...base, phenotypes, phenoconversion: conversions, action: uncalled.length > 0 ? 'no-result' : 'no-guideline', reason: why });
      continue;
    }
    items.push({
      ...base,
      phenotypes,
      phenoconversion: conversions,
      action: headline.action,
      classification: headline.classification,
      guideline: headline.guideline,
      recommendation: headline.recommendation,
      alternative: headline.alternative,
      reason: uncalled.length > 0 && headline.action !== 'no-result' ? `${uncalled.join(', ')} not called: the recommendation uses the other gene(s) only.` : null,
      recommendations: recs,
    });
  }
  items.sort((a, b) => ACTION_ORDER.indexOf(a.action) - ACTION_ORDER.indexOf(b.action) || Number(b.current) - Number(a.current) || a.drug.localeCompare(b.drug));
  return {
    dataVersions: { pgx: 'missing' in input.pgx ? null : input.pgx.dataVersions, phenoconversion: rules.version, actionRules: ACTION_RULES_VERSION },
    pgxStatus: 'missing' in input.pgx ? input.pgx.missing : 'result',
    items,
  };
}
