// Actionable secondary ("additional") findings: pathogenic or likely pathogenic variants in the ACMG SF
// list genes, reported only when the patient has consented to additional findings.
// P/LP means: the lab's own saved classification when there is one (it overrides ClinVar, either way),
// otherwise ClinVar with at least 2 review stars (multiple submitters without conflict, expert panel or
// practice guideline). The list's notes are honoured: biallelic-only genes need a homozygous variant or two
// heterozygous ones not known to be in cis; HFE only p.Cys282Tyr homozygotes. Every flag says why, and
// every P/LP variant in a list gene that is not flagged says why not.
import { AppError } from '../../../../shared/errors.ts';
import type {
  AcmgClass,
  CandidateVariantInput,
  Consent,
  LabClassification,
  Phase,
  RankingFiltersInput,
  SecondaryFinding,
  SecondaryFindingsResult,
  SfGene,
} from '../../../../shared/schemas/diagnosis.ts';
import { RankingFiltersSchema } from '../../../../shared/schemas/diagnosis.ts';
import type { SfList } from './acmg-sf-list.ts';
import { CLASS_LABELS } from './acmg-classifier.ts';
import { describeStars, isClinvarPathogenicOrLikely, normaliseClinvarSignificance } from './clinvar-significance.ts';
import { phaseBetween } from './inheritance.ts';
import { assessQuality } from './quality-filter.ts';
import { variantKey } from './rank-candidates.ts';

/** ClinVar review stars needed for an SF flag without a lab classification. */
export const MIN_CLINVAR_STARS = 2;

/**
 * HFE c.845G>A p.Cys282Tyr (rs1800562) on GRCh38 (NC_000006.12:g.26092913G>A): lets the HFE rule work
 * when the annotation gives no protein change. GRCh38 only; other builds rely on HGVS p.
 */
const KNOWN_PROTEIN_CHANGE_ALLELES: ReadonlyMap<string, string> = new Map([['HFE p.Cys282Tyr', 'chr6-26092913-G-A']]);

export interface SecondaryFindingsInput {
  consent: Consent | null | undefined;
  sfList: SfList;
  variants: Iterable<CandidateVariantInput>;
  labClassifications?: readonly LabClassification[];
  /** The same call-quality filters as the ranking (defaults if omitted): a failing call is not flagged. */
  filters?: RankingFiltersInput;
  build?: 'GRCh37' | 'GRCh38';
}

interface Qualifying {
  v: CandidateVariantInput;
  key: string;
  hgvsc: string | null;
  hgvsp: string | null;
  basis: 'lab' | 'clinvar';
  acmgClass: AcmgClass | null;
  significance: string;
  why: string;
}

function bareProteinChange(hgvsp: string | null): string | null {
  if (!hgvsp) return null;
  const p = hgvsp.includes(':') ? hgvsp.slice(hgvsp.indexOf(':') + 1) : hgvsp;
  return p.replace(/[()]/g, '');
}

export function assertConsent(consent: Consent | null | undefined): void {
  if (!consent?.additionalFindings) {
    throw new AppError(
      'diagnosis/consent-required',
      'Secondary findings are shown only when the patient has consented to additional findings. Record the consent first.',
      { consentRecorded: Boolean(consent) },
    );
  }
}

export function findSecondaryFindings(input: SecondaryFindingsInput): SecondaryFindingsResult {
  assertConsent(input.consent);
  const consent = input.consent!;
  const filters = RankingFiltersSchema.parse(input.filters ?? {});
  const build = input.build ?? 'GRCh38';
  const sfGenes = new Map<string, SfGene>(input.sfList.genes.map((g) => [g.gene, g]));
  const lab = new Map<string, AcmgClass>((input.labClassifications ?? []).map((c) => [c.key, c.acmgClass]));
  const labVersion = new Map<string, number | undefined>((input.labClassifications ?? []).map((c) => [c.key, c.version]));
  const notFlagged: SecondaryFindingsResult['notFlagged'] = [];
  const perGene = new Map<string, Qualifying[]>();

  for (const v of input.variants) {
    if (v.zygosity === 'reference') continue;
    const genes = [...new Set(v.consequences.map((c) => c.gene))].filter((g) => sfGenes.has(g));
    if (genes.length === 0) continue;
    const key = variantKey(v);
    const labClass = lab.get(key);
    const clinvarPlp = isClinvarPathogenicOrLikely(v.clinvar);
    for (const gene of genes) {
      const csq = v.consequences.find((c) => c.gene === gene && c.hgvsp) ?? v.consequences.find((c) => c.gene === gene)!;
      let basis: 'lab' | 'clinvar' | null = null;
      let why = '';
      let acmgClass: AcmgClass | null = null;
      let significance = '';
      if (labClass) {
        if (labClass === 'pathogenic' || labClass === 'likely-pathogenic') {
          basis = 'lab';
          acmgClass = labClass;
          significance = CLASS_LABELS[labClass];
          const version = labVersion.get(key);
          why = `classified ${CLASS_LABELS[labClass]} by the lab${version ? ` (classification v${version})` : ''}`;
        } else if (clinvarPlp) {
          notFlagged.push({ key, gene, reason: `The lab classified it ${CLASS_LABELS[labClass]}, which overrides ClinVar's ${v.clinvar!.significance.replace(/_/g, ' ')}.` });
        }
      } else if (clinvarPlp) {
        if (v.clinvar!.stars >= MIN_CLINVAR_STARS) {
          basis = 'clinvar';
          const k = normaliseClinvarSignificance(v.clinvar!.significance);
          acmgClass = k === 'pathogenic' ? 'pathogenic' : k === 'likely-pathogenic' ? 'likely-pathogenic' : null;
          significance = v.clinvar!.significance.replace(/_/g, ' ');
          why = `ClinVar ${v.clinvar!.significance.replace(/_/g, ' ')} (${describeStars(v.clinvar!.stars)})`;
        } else {
          notFlagged.push({
            key,
            gene,
            reason: `ClinVar ${v.clinvar!.significance.replace(/_/g, ' ')} with ${v.clinvar!.stars} star(s): at least ${MIN_CLINVAR_STARS} are needed without a lab classification.`,
          });
        }
      } else if (v.clinvar && normaliseClinvarSignificance(v.clinvar.significance) === 'conflicting') {
        notFlagged.push({ key, gene, reason: 'ClinVar has conflicting classifications; classify it in the lab to report it.' });
      }
      if (!basis) continue;
      const quality = assessQuality(v, filters);
      if (!quality.pass) {
        notFlagged.push({ key, gene, reason: `The call fails the quality filters (${quality.reasons.join(' ')}); confirm it before reporting.` });
        continue;
      }
      const list = perGene.get(gene) ?? [];
      list.push({ v, key, hgvsc: csq.hgvsc, hgvsp: csq.hgvsp, basis, acmgClass, significance, why });
      perGene.set(gene, list);
    }
  }

  const flags: SecondaryFinding[] = [];
  const consentText = `Consent to additional findings recorded${consent.recordedAt ? ` on ${consent.recordedAt}` : ''}${consent.recordedBy ? ` by ${consent.recordedBy}` : ''}.`;
  const label = (q: Qualifying) => [q.hgvsc, q.hgvsp].filter(Boolean).join(' ') || q.key;
  const flag = (g: SfGene, qs: Qualifying[], phase: Phase | null, extra: string[]): SecondaryFinding => ({
    gene: g.gene,
    category: g.category,
    listVersion: input.sfList.version,
    variants: qs.map((q) => ({ key: q.key, hgvsc: q.hgvsc, hgvsp: q.hgvsp, zygosity: q.v.zygosity, basis: q.basis, acmgClass: q.acmgClass, significance: q.significance })),
    phase,
    reasons: [
      `${g.gene} is on the ACMG SF v${input.sfList.version} list (${g.category}).`,
      ...qs.map((q) => `${label(q)} (${q.v.zygosity}): ${q.why}.`),
      ...extra,
      consentText,
    ],
  });

  for (const [gene, qs] of perGene) {
    const g = sfGenes.get(gene)!;
    switch (g.rule.kind) {
      case 'any-pathogenic':
        flags.push(flag(g, qs, null, []));
        break;
      case 'unrecognised-note':
        flags.push(flag(g, qs, null, [`The list's note "${g.rule.note}" could not be applied automatically: review it before reporting.`]));
        break;
      case 'biallelic-only': {
        const hom = qs.filter((q) => q.v.zygosity === 'homozygous' || q.v.zygosity === 'hemizygous');
        if (hom.length > 0) {
          flags.push(flag(g, hom, null, [`The list reports ${gene} only when biallelic: ${hom[0].v.zygosity}.`]));
          break;
        }
        const hets = qs.filter((q) => q.v.zygosity === 'heterozygous');
        if (hets.length < 2) {
          for (const q of qs) {
            notFlagged.push({ key: q.key, gene, reason: `${gene} is reported only when biallelic (ACMG SF note "${g.note}"); a single heterozygous P/LP variant makes a carrier.` });
          }
          break;
        }
        const phases: Phase[] = [];
        for (let i = 0; i < hets.length; i++) for (let j = i + 1; j < hets.length; j++) phases.push(phaseBetween(hets[i].v, hets[j].v));
        if (phases.every((p) => p === 'cis')) {
          for (const q of hets) notFlagged.push({ key: q.key, gene, reason: `${gene} is reported only when biallelic; these variants are in cis (same haplotype).` });
          break;
        }
        const phase: Phase = phases.includes('trans') ? 'trans' : 'unknown';
        flags.push(
          flag(g, hets, phase, [
            phase === 'trans'
              ? `Two heterozygous P/LP variants in trans (same phase set, opposite haplotypes): biallelic, as the list requires.`
              : `Two heterozygous P/LP variants, phase not known: possibly biallelic; parental testing can confirm trans.`,
          ]),
        );
        break;
      }
      case 'specific-homozygous': {
        const wanted = g.rule.proteinChange;
        const knownKey = build === 'GRCh38' ? KNOWN_PROTEIN_CHANGE_ALLELES.get(`${gene} ${wanted}`) : undefined;
        for (const q of qs) {
          const isIt = q.v.consequences.some((c) => c.gene === gene && bareProteinChange(c.hgvsp) === wanted) || q.key === knownKey;
          if (!isIt) {
            notFlagged.push({ key: q.key, gene, reason: `The list reports ${gene} only for homozygous ${wanted}; this is a different variant.` });
          } else if (q.v.zygosity !== 'homozygous') {
            notFlagged.push({ key: q.key, gene, reason: `The list reports ${gene} ${wanted} only when homozygous; this call is ${q.v.zygosity}.` });
          } else {
            flags.push(flag(g, [q], null, [`Homozygous ${wanted}, the only ${gene} genotype the list reports.`]));
          }
        }
        break;
      }
    }
  }
  flags.sort((a, b) => a.gene.localeCompare(b.gene));
  return { listVersion: input.sfList.version, flags, notFlagged };
}
