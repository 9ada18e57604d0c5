// Narrows a genome to a ranked, tiered list of candidate variants for the referral's panels.
// Tiers follow the shape of Genomics England's rare-disease tiering (see docs/tiering.md for how and why
// GenoDesk differs):
//   tier 1: protein-truncating (stop_gained, frameshift, splice donor/acceptor, start_lost, transcript
//           ablation) in a gene rated green on an applied panel, with a genotype that fits the gene's mode
//           of inheritance (for biallelic genes: homozygous, or two heterozygous candidates not in cis);
//   tier 2: other protein-altering or splice-region variants in green genes whose inheritance is not
//           contradicted, and truncating ones whose inheritance cannot be assessed;
//   tier 3: everything else that passes the filters and is relevant: any variant in a panel gene (any
//           rating, including green-gene variants whose genotype does not fit), protein-altering
//           variants outside the panels, and ClinVar pathogenic/likely pathogenic variants.
// Population frequency, where the VCF's annotation has one, excludes variants above Genomics England's
// published thresholds (0.001 monoallelic, 0.01 biallelic, both adjustable). A variant without one is
// kept and its reasons say "no population frequency available": rarity is never assumed.
import {
  RankingFiltersSchema,
  type Candidate,
  type CandidatePanelHit,
  type CandidateVariantInput,
  type Consequence,
  type ConsequenceClass,
  type ModeOfInheritance,
  type MoiCompatibility,
  type Panel,
  type PatientSex,
  type PopulationFrequency,
  type RankingFilters,
  type RankingFiltersInput,
  type RankingResult,
  type Reason,
} from '../../../../shared/schemas/diagnosis.ts';
import { normaliseChrom } from '../vcf/normalise-allele.ts';
import { consequenceClass, mostSevereRank } from './consequence-terms.ts';
import { CLINVAR_CONSEQUENCE_SOURCE } from './clinvar-consequence.ts';
import { describeStars, isClinvarPathogenicOrLikely } from './clinvar-significance.ts';
import { PANEL_GENE_REGION_SOURCE, PanelGeneRegions } from './gene-regions.ts';
import { GENE_OVERLAP_SOURCE } from './candidate-input.ts';
import { assessInheritance, bestCompatibility, compatibilityOrder, phaseBetween, type InheritancePartner } from './inheritance.ts';
import { assessQuality } from './quality-filter.ts';
import { describeMoi } from './panelapp-moi.ts';

export interface RankInput {
  variants: Iterable<CandidateVariantInput>;
  panels: readonly Panel[];
  filters?: RankingFiltersInput;
  /** The patient's recorded sex: X-linked genes need it. */
  sex?: PatientSex;
  /** Build of the variants; also chooses which PanelApp gene coordinates place un-annotated variants. */
  build?: 'GRCh37' | 'GRCh38';
  /** Place variants with no consequences in panel genes by PanelApp's gene coordinates (tier 3 at most). Default true. */
  geneRegionFallback?: boolean;
}

const MAX_LISTED_PARTNERS = 50;

export function variantKey(v: { chrom: string; pos: number; ref: string; alt: string }): string {
  return `${normaliseChrom(v.chrom)}-${v.pos}-${v.ref}-${v.alt}`;
}

interface Hit {
  v: CandidateVariantInput;
  key: string;
  chrom: string;
  gene: string;
  csq: Consequence;
  cls: ConsequenceClass;
  panels: CandidatePanelHit[];
  green: CandidatePanelHit[];
  af: PopulationFrequency | null;
  clinvarPlp: boolean;
  qualityReasons: string[];
}

/** One consequence per gene: the most severe; ties go to MANE Select, then canonical, then one with HGVS p. */
export function pickPerGene(consequences: readonly Consequence[]): Map<string, Consequence> {
  const best = new Map<string, Consequence>();
  const score = (c: Consequence) => [mostSevereRank(c.terms), c.mane ? 0 : 1, c.canonical ? 0 : 1, c.hgvsp ? 0 : 1];
  for (const c of consequences) {
    const prev = best.get(c.gene);
    if (!prev) {
      best.set(c.gene, c);
      continue;
    }
    const a = score(c);
    const b = score(prev);
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) {
        if (a[i] < b[i]) best.set(c.gene, c);
        break;
      }
    }
  }
  return best;
}

export function maxFrequency(v: CandidateVariantInput): PopulationFrequency | null {
  let best: PopulationFrequency | null = null;
  for (const f of v.populationFrequencies ?? []) if (!best || f.af > best.af) best = f;
  return best;
}

export function frequencyThreshold(moi: ModeOfInheritance | null, f: RankingFilters): { max: number | null; basis: string } {
  if (moi && (moi.category === 'monoallelic' || moi.detail === 'x-linked-monoallelic')) return { max: f.maxAfMonoallelic, basis: 'monoallelic' };
  if (moi && (moi.category === 'biallelic' || moi.category === 'x-linked')) return { max: f.maxAfBiallelic, basis: moi.category === 'biallelic' ? 'biallelic' : 'X-linked' };
  // Unknown, mitochondrial or not on a panel: the more permissive threshold, so nothing is lost on a guess.
  return { max: f.maxAfBiallelic, basis: moi ? `${describeMoi(moi)} (permissive threshold)` : 'genes outside the panels (permissive threshold)' };
}

function fmtAf(af: number): string {
  return af === 0 ? '0' : af < 0.0001 ? af.toExponential(2) : String(Number(af.toPrecision(3)));
}

const CHROM_ORDER = (c: string): number => {
  const m = /^chr(\d+|X|Y|M)$/.exec(c);
  if (!m) return 1000;
  if (m[1] === 'X') return 23;
  if (m[1] === 'Y') return 24;
  if (m[1] === 'M') return 25;
  return Number(m[1]);
};

function consequenceReason(h: Hit): string {
  const c = h.csq;
  const hgvs = [c.hgvsc, c.hgvsp].filter(Boolean).join(', ');
  const where = `${c.transcript ? `on ${c.transcript}` : ''}${hgvs ? `${c.transcript ? ' ' : ''}(${hgvs})` : ''}`;
  const terms = c.terms.join(', ');
  switch (h.cls) {
    case 'protein-truncating':
      return `${terms}: protein-truncating${where ? ` ${where}` : ''}.`;
    case 'protein-altering':
      return `${terms}: alters the protein or its splicing${where ? ` ${where}` : ''}.`;
    case 'other':
      return `${terms}: not predicted to change the protein${where ? ` ${where}` : ''}.`;
    case 'unknown':
      if (c.source?.startsWith(PANEL_GENE_REGION_SOURCE)) {
        return `Consequence not known: no annotation; the variant lies within the ${h.gene} gene region (${c.source.slice(PANEL_GENE_REGION_SOURCE.length).replace(/^ \(|\)$/g, '')}).`;
      }
      if (c.source === GENE_OVERLAP_SOURCE) return `Consequence not known: not annotated; the import's gene table places it in ${h.gene}.`;
      return `Consequence not known for ${h.gene}.`;
  }
}

export function rankCandidates(input: RankInput): RankingResult {
  const filters = RankingFiltersSchema.parse(input.filters ?? {});
  const sex = input.sex ?? 'unknown';
  const build = input.build ?? 'GRCh38';
  const regions = input.geneRegionFallback === false ? null : new PanelGeneRegions(input.panels, build);

  // Gene symbol → where it sits on the applied panels.
  const panelHits = new Map<string, CandidatePanelHit[]>();
  for (const p of input.panels) {
    for (const g of p.genes) {
      const list = panelHits.get(g.symbol) ?? [];
      list.push({ panelId: p.id, panelName: p.name, panelVersion: p.version, confidence: g.confidence, moi: g.moi });
      panelHits.set(g.symbol, list);
    }
  }

  const summary = {
    variantsIn: 0,
    notCarried: 0,
    failedQuality: 0,
    tooCommon: 0,
    withoutGene: 0,
    notRelevant: 0,
    tier1: 0,
    tier2: 0,
    tier3: 0,
    withPopulationFrequency: 0,
    failedQualityBy: { filter: 0, gq: 0, dp: 0 },
  };

  const hits: Hit[] = [];
  const frequencyReason = new Map<Hit, string>();
  for (const v of input.variants) {
    summary.variantsIn++;
    // Quality first, so the failure counts cover every allele row (and match `bcftools view` counts).
    const quality = assessQuality(v, filters);
    if (!quality.pass) {
      summary.failedQuality++;
      for (const f of quality.failed) summary.failedQualityBy[f]++;
      continue;
    }
    if (v.zygosity === 'reference') {
      summary.notCarried++;
      continue;
    }
    const chrom = normaliseChrom(v.chrom);
    let consequences = v.consequences;
    if (consequences.length === 0 && regions) consequences = regions.consequencesAt(chrom, v.pos, v.ref);
    if (consequences.length === 0) {
      summary.withoutGene++;
      continue;
    }
    const af = maxFrequency(v);
    if (af) summary.withPopulationFrequency++;
    const key = variantKey(v);
    const clinvarPlp = isClinvarPathogenicOrLikely(v.clinvar);
    let kept = 0;
    let tooCommon = false;
    for (const [gene, csq] of pickPerGene(consequences)) {
      const onPanels = panelHits.get(gene) ?? [];
      const green = onPanels.filter((p) => p.confidence === 'green');
      const moi = (green[0] ?? onPanels[0])?.moi ?? null;
      const cls = consequenceClass(csq.terms);
      const h: Hit = { v, key, chrom, gene, csq, cls, panels: onPanels, green, af, clinvarPlp, qualityReasons: quality.reasons };
      if (af) {
        const t = frequencyThreshold(moi, filters);
        if (t.max !== null && af.af > t.max) {
          tooCommon = true;
          continue;
        }
        frequencyReason.set(
          h,
          t.max === null
            ? `Population allele frequency ${fmtAf(af.af)} (${af.source}); no frequency threshold set.`
            : `Population allele frequency ${fmtAf(af.af)} (${af.source}) is within the ${t.max} threshold for ${t.basis} inheritance.`,
        );
      }
      // Dropped here, not after tiering, so memory follows the candidates rather than the genome.
      const relevant = filters.tier3Scope === 'all' || onPanels.length > 0 || cls === 'protein-truncating' || cls === 'protein-altering' || clinvarPlp;
      if (!relevant) continue;
      hits.push(h);
      kept++;
    }
    if (kept === 0) {
      if (tooCommon) summary.tooCommon++;
      else summary.notRelevant++;
    }
  }

  // Second hits for biallelic genes: heterozygous variants in the same gene that could each be causal.
  // Only genes whose panel inheritance can need a second hit; elsewhere partners would change nothing and,
  // in genes with many heterozygous variants (TTN), would grow with the square of their number.
  const needsSecondHit = (h: Hit) => h.panels.some((p) => p.moi.category === 'biallelic' || p.moi.category === 'x-linked');
  const qualifies = (h: Hit) =>
    h.v.zygosity === 'heterozygous' && (h.cls === 'protein-truncating' || h.cls === 'protein-altering' || h.clinvarPlp) && needsSecondHit(h);
  const byGene = new Map<string, Hit[]>();
  for (const h of hits) {
    if (!qualifies(h)) continue;
    const list = byGene.get(h.gene) ?? [];
    list.push(h);
    byGene.set(h.gene, list);
  }
  const partnerLabel = (h: Hit) => `${h.csq.hgvsc ?? h.csq.hgvsp ?? h.key}${h.csq.terms.length ? ` (${h.csq.terms[0]})` : ''}`;

  interface Tiered {
    h: Hit;
    tier: 1 | 2 | 3;
    compat: MoiCompatibility;
    partners: InheritancePartner[];
    reasons: Reason[];
  }
  const tiered: Tiered[] = [];
  for (const h of hits) {
    const partners: InheritancePartner[] = qualifies(h)
      ? (byGene.get(h.gene) ?? []).filter((o) => o.key !== h.key).map((o) => ({ key: o.key, label: partnerLabel(o), phase: phaseBetween(h.v, o.v) }))
      : [];
    const assessed = (h.green.length > 0 ? h.green : h.panels).map((p) => ({ p, a: assessInheritance({ moi: p.moi, zygosity: h.v.zygosity, chrom: h.chrom, sex, partners }) }));
    const compat = assessed.length > 0 ? bestCompatibility(assessed.map((x) => x.a.compatibility)) : 'unknown';

    // Every hit reaching here passed the relevance check, so it has a tier.
    let tier: 1 | 2 | 3;
    let tierText: string;
    const truncating = h.cls === 'protein-truncating';
    const altering = h.cls === 'protein-altering';
    if (h.green.length > 0 && truncating && (compat === 'compatible' || compat === 'possible-compound-heterozygous')) {
      tier = 1;
      tierText = 'Tier 1: protein-truncating in a green panel gene, genotype fits its mode of inheritance.';
    } else if (h.green.length > 0 && (truncating || altering) && compat !== 'incompatible') {
      tier = 2;
      tierText = truncating
        ? 'Tier 2: protein-truncating in a green panel gene, but the fit with its mode of inheritance could not be assessed.'
        : 'Tier 2: protein-altering in a green panel gene, genotype does not contradict its mode of inheritance.';
    } else {
      tier = 3;
      if (h.green.length > 0 && (truncating || altering)) tierText = 'Tier 3: in a green panel gene, but the genotype does not fit its mode of inheritance.';
      else if (h.green.length > 0) tierText = 'Tier 3: in a green panel gene, not predicted to change the protein (or consequence unknown).';
      else if (h.panels.length > 0) tierText = `Tier 3: gene rated ${h.panels.map((p) => p.confidence).join('/')} (not green) on the applied panel(s).`;
      else if (truncating || altering) tierText = 'Tier 3: changes the protein, in a gene outside the applied panels.';
      else if (h.clinvarPlp) tierText = 'Tier 3: ClinVar pathogenic or likely pathogenic, outside the applied panels.';
      else tierText = 'Tier 3: passes the filters (all variants shown).';
    }

    const reasons: Reason[] = [{ kind: 'tier', text: tierText }, { kind: 'consequence', text: consequenceReason(h) }];
    if (h.csq.source === CLINVAR_CONSEQUENCE_SOURCE) {
      reasons.push({ kind: 'annotation', text: "Consequence taken from ClinVar's molecular-consequence field; GenoDesk's own annotation was not used." });
    }
    if (h.panels.length === 0) {
      reasons.push({ kind: 'panel', text: `${h.gene} is not on the applied panel(s).` });
    } else {
      for (const p of h.panels) {
        reasons.push({ kind: 'panel', text: `${h.gene} is ${p.confidence} on ${p.panelName} v${p.panelVersion}; mode of inheritance ${describeMoi(p.moi)} ("${p.moi.source || 'not given'}").` });
      }
    }
    for (const { p, a } of assessed) {
      reasons.push({ kind: 'inheritance', text: assessed.length > 1 ? `${p.panelName}: ${a.text}` : a.text });
    }
    if (assessed.length === 0) reasons.push({ kind: 'inheritance', text: 'No panel mode of inheritance for this gene: fit not assessed.' });
    const c = h.v.clinvar;
    reasons.push({
      kind: 'clinvar',
      text: c
        ? `ClinVar: ${c.significance.replace(/_/g, ' ')} (${describeStars(c.stars)})${c.condition ? `; condition: ${c.condition.replace(/_/g, ' ')}` : ''}.`
        : 'Not in ClinVar (or no ClinVar pack installed).',
    });
    reasons.push({
      kind: 'frequency',
      text: frequencyReason.get(h) ?? 'No population frequency available in the VCF annotations: rarity not assessed (not assumed rare).',
    });
    reasons.push({ kind: 'quality', text: h.qualityReasons.join(' ') });
    tiered.push({ h, tier, compat, partners, reasons });
  }

  const clsOrder: Readonly<Record<ConsequenceClass, number>> = { 'protein-truncating': 0, 'protein-altering': 1, other: 2, unknown: 3 };
  tiered.sort((a, b) => {
    if (a.tier !== b.tier) return a.tier - b.tier;
    if (a.h.clinvarPlp !== b.h.clinvarPlp) return a.h.clinvarPlp ? -1 : 1;
    if (a.h.clinvarPlp && b.h.clinvarPlp && a.h.v.clinvar!.stars !== b.h.v.clinvar!.stars) return b.h.v.clinvar!.stars - a.h.v.clinvar!.stars;
    // Within tier 3, green panel genes before amber/red ones and genes off the panels.
    const ga = a.h.green.length > 0 ? 0 : a.h.panels.length > 0 ? 1 : 2;
    const gb = b.h.green.length > 0 ? 0 : b.h.panels.length > 0 ? 1 : 2;
    if (ga !== gb) return ga - gb;
    if (clsOrder[a.h.cls] !== clsOrder[b.h.cls]) return clsOrder[a.h.cls] - clsOrder[b.h.cls];
    const sev = mostSevereRank(a.h.csq.terms) - mostSevereRank(b.h.csq.terms);
    if (sev !== 0) return sev;
    if (compatibilityOrder(a.compat) !== compatibilityOrder(b.compat)) return compatibilityOrder(a.compat) - compatibilityOrder(b.compat);
    // A known low frequency ranks above an unknown one: unknown is not assumed rare.
    const fa = a.h.af?.af ?? Number.POSITIVE_INFINITY;
    const fb = b.h.af?.af ?? Number.POSITIVE_INFINITY;
    if (fa !== fb) return fa - fb;
    const ca = CHROM_ORDER(a.h.chrom) - CHROM_ORDER(b.h.chrom);
    if (ca !== 0) return ca;
    if (a.h.v.pos !== b.h.v.pos) return a.h.v.pos - b.h.v.pos;
    return a.h.gene.localeCompare(b.h.gene);
  });

  const candidates: Candidate[] = tiered.map((t, i) => {
    summary[`tier${t.tier}`]++;
    return {
      key: t.h.key,
      rank: i + 1,
      tier: t.tier,
      chrom: t.h.chrom,
      pos: t.h.v.pos,
      ref: t.h.v.ref,
      alt: t.h.v.alt,
      genotype: t.h.v.genotype,
      zygosity: t.h.v.zygosity,
      gene: t.h.gene,
      transcript: t.h.csq.transcript,
      terms: t.h.csq.terms,
      consequenceClass: t.h.cls,
      hgvsc: t.h.csq.hgvsc,
      hgvsp: t.h.csq.hgvsp,
      impact: t.h.csq.impact,
      consequenceSource: t.h.csq.source ?? null,
      panels: t.h.panels,
      moiCompatibility: t.compat,
      // The reason text names the count; the list is capped so one gene cannot swamp the result.
      compoundPartners: t.partners.slice(0, MAX_LISTED_PARTNERS).map((p) => ({ key: p.key, phase: p.phase })),
      clinvar: t.h.v.clinvar,
      populationFrequency: t.h.af,
      reasons: t.reasons,
    };
  });

  return {
    panels: input.panels.map((p) => ({ id: p.id, name: p.name, version: p.version })),
    filters,
    candidates,
    summary,
  };
}
