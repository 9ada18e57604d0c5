// The diagnostic report's content, built once and shown three ways (screen, PDF, FHIR) so they cannot
// disagree. The result wording defaults from the classifications; the scientist may replace it.
import { AppError } from '../../../../shared/errors.ts';
import {
  DiagnosticReportContentSchema,
  type ClassificationResult,
  type DiagnosticReportContent,
  type ModeOfInheritance,
  type Panel,
  type PatientSex,
  type RankingResult,
  type ReportOutcome,
  type ReportFamilyMember,
  type ReportVariant,
  type SecondaryFindingsResult,
  type Zygosity,
} from '../../../../shared/schemas/diagnosis.ts';
import { CLASS_LABELS } from './acmg-classifier.ts';
import { CLINVAR_CONSEQUENCE_SOURCE } from './clinvar-consequence.ts';
import { describeMoi } from './panelapp-moi.ts';

export interface ReportVariantInput {
  key: string;
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  gene: string;
  hgncId?: string | null;
  transcript: string | null;
  hgvsc: string | null;
  hgvsp: string | null;
  terms: string[];
  zygosity: Zygosity;
  classification: ClassificationResult;
  classificationComment?: string | null;
  moi?: ModeOfInheritance | null;
  condition?: string | null;
  clinvarVariationId?: string | null;
  tier?: 1 | 2 | 3 | null;
  phaseNote?: string | null;
  consequenceSource?: string | null;
  /** Segregation in the recorded family, in words (issue 14). */
  segregation?: string | null;
}

export interface ReportInput {
  reportId: string;
  issuedAt: string;
  laboratory: string;
  authorisedBy?: string | null;
  patient: { id: string; nhsNumber: string | null; name: string; birthDate: string | null; sex: PatientSex };
  referral: { clinicalIndication: string; hpoTerms?: { id: string; label: string }[]; excludedHpoTerms?: { id: string; label: string }[]; hpoRelease?: string | null };
  build: 'GRCh37' | 'GRCh38';
  panels: readonly Panel[];
  /** Where each panel came from, e.g. "PanelApp API v1 (demo pack: tests only)". Defaults to its source kind. */
  panelSources?: Readonly<Record<string, string>>;
  variants: readonly ReportVariantInput[];
  secondaryFindings: { status: 'not-consented' } | { status: 'reported'; result: SecondaryFindingsResult; genesOnList: number };
  ranking?: Pick<RankingResult, 'filters' | 'summary'>;
  annotationSources?: readonly string[];
  result?: { outcome?: ReportOutcome; summary?: string };
  extraLimitations?: readonly string[];
  /** The recorded family's members (issue 14), shown as the pedigree's table on the report. */
  family?: ReportFamilyMember[] | null;
  /** The family's pedigree number (recorded by the clinical genetics service), printed with the family. */
  pedigreeNumber?: string | null;
}

function variantLabel(v: Pick<ReportVariant, 'gene' | 'hgvsc' | 'hgvsp' | 'chrom' | 'pos' | 'ref' | 'alt'>): string {
  const hgvs = [v.hgvsc, v.hgvsp].filter(Boolean).join(' ');
  return `${v.gene} ${hgvs || `${v.chrom}:${v.pos} ${v.ref}>${v.alt}`}`;
}

export function defaultOutcome(variants: readonly Pick<ReportVariant, 'acmgClass'>[]): ReportOutcome {
  if (variants.some((v) => v.acmgClass === 'pathogenic' || v.acmgClass === 'likely-pathogenic')) return 'positive';
  if (variants.some((v) => v.acmgClass === 'uncertain-significance')) return 'inconclusive';
  return 'negative';
}

export function defaultSummary(outcome: ReportOutcome, variants: readonly ReportVariant[]): string {
  const plp = variants.filter((v) => v.acmgClass === 'pathogenic' || v.acmgClass === 'likely-pathogenic');
  const vus = variants.filter((v) => v.acmgClass === 'uncertain-significance');
  const describe = (v: ReportVariant) => `${CLASS_LABELS[v.acmgClass].toLowerCase()} variant ${variantLabel(v)} (${v.zygosity})`;
  switch (outcome) {
    case 'positive':
      return `${plp.map((v) => describe(v).replace(/^./, (c) => c.toUpperCase())).join('; ')} identified${plp[0]?.moi ? `; ${plp[0].gene} is associated with ${describeMoi(plp[0].moi)} disease` : ''}. Clinical correlation by the referring clinician is required.`;
    case 'inconclusive':
      return `No pathogenic or likely pathogenic variant identified. ${vus.map((v) => describe(v).replace(/^./, (c) => c.toUpperCase())).join('; ')}: not a diagnosis; this does not confirm or exclude the clinical indication.`;
    case 'negative':
      return 'No pathogenic or likely pathogenic variant, and no variant of uncertain significance relevant to the referral, was identified in the genes analysed. This does not exclude a genetic cause (see limitations).';
  }
}

export function buildDiagnosticReportContent(input: ReportInput): DiagnosticReportContent {
  const variants: ReportVariant[] = input.variants.map((v) => {
    if (v.classification.status !== 'classified') {
      throw new AppError('diagnosis/report-invalid', `${v.gene} ${v.hgvsc ?? v.key} has conflicting criteria and no class; resolve the classification before issuing the report.`, {
        key: v.key,
        conflicts: v.classification.conflicts,
      });
    }
    return {
      key: v.key,
      chrom: v.chrom,
      pos: v.pos,
      ref: v.ref,
      alt: v.alt,
      gene: v.gene,
      hgncId: v.hgncId ?? null,
      transcript: v.transcript,
      hgvsc: v.hgvsc,
      hgvsp: v.hgvsp,
      terms: v.terms,
      zygosity: v.zygosity,
      acmgClass: v.classification.acmgClass,
      points: v.classification.points,
      criteria: v.classification.criteria.map(({ code, strength, comment }) => ({ code, strength, ...(comment ? { comment } : {}) })),
      classificationComment: v.classificationComment ?? null,
      moi: v.moi ?? null,
      condition: v.condition ?? null,
      clinvarVariationId: v.clinvarVariationId ?? null,
      tier: v.tier ?? null,
      phaseNote: v.phaseNote ?? null,
      ...(v.segregation ? { segregation: v.segregation } : {}),
    };
  });
  const outcome = input.result?.outcome ?? defaultOutcome(variants);
  const summary = input.result?.summary?.trim() || defaultSummary(outcome, variants);

  const f = input.ranking?.filters;
  const method = [
    `Genome build ${input.build}; small variants (SNVs and indels) from the patient's imported VCF.`,
    f
      ? `Candidate variants tiered by GenoDesk in the genes of the panels listed (Genomics England-style tiers 1 to 3): FILTER PASS ${f.requirePass ? 'required' : 'not required'}; minimum GQ ${f.minGq ?? 'none'}; minimum DP ${f.minDp ?? 'none'}; population allele frequency at most ${f.maxAfMonoallelic ?? 'no limit'} (monoallelic) and ${f.maxAfBiallelic ?? 'no limit'} (biallelic) where recorded.`
      : 'Candidate variants tiered by GenoDesk in the genes of the panels listed.',
    'Variants classified with the ACMG/AMP criteria as adapted by the ACGS Best Practice Guidelines for Variant Classification in Rare Disease (2020), combined with the points-based framework of Tavtigian et al. (2020).',
    ...(input.annotationSources ?? []).map((s) => `Annotation: ${s}.`),
  ];

  const limitations: string[] = [
    'Only the genes on the panels listed were analysed for this referral; variants in other genes were not assessed for a diagnosis.',
    'Copy-number and structural variants, repeat expansions and mitochondrial heteroplasmy were not assessed by this analysis.',
  ];
  const strs = input.panels.reduce((n, p) => n + p.strCount, 0);
  const regions = input.panels.reduce((n, p) => n + p.regionCount, 0);
  if (strs + regions > 0) limitations.push(`The panels include ${strs} repeat-expansion (STR) and ${regions} region entries that this small-variant analysis does not cover.`);
  const s = input.ranking?.summary;
  if (s && s.withPopulationFrequency === 0) {
    limitations.push("The VCF's annotations carried no population allele frequencies: the rarity of variants was not assessed.");
  } else if (s && s.withPopulationFrequency < s.variantsIn - s.notCarried - s.failedQuality) {
    limitations.push('Population allele frequencies were available for only some variants; where absent, rarity was not assessed.');
  }
  if (input.variants.some((v) => v.consequenceSource === CLINVAR_CONSEQUENCE_SOURCE)) {
    limitations.push("Some consequences and HGVS descriptions were taken from ClinVar records rather than GenoDesk's own annotation.");
  }
  limitations.push('Consequences and HGVS descriptions refer to the transcripts shown; other transcripts may differ.');
  for (const v of variants) if (v.phaseNote) limitations.push(`${v.gene}: ${v.phaseNote}`);
  if (input.secondaryFindings.status === 'not-consented') {
    limitations.push('Secondary (additional) findings were not sought: the patient did not consent to them.');
  } else {
    limitations.push(
      `Secondary findings were sought only in the ${input.secondaryFindings.genesOnList} genes of the ACMG SF v${input.secondaryFindings.result.listVersion} list, for variants classified pathogenic or likely pathogenic; their absence does not exclude risk.`,
    );
  }
  limitations.push('Classifications reflect the evidence available on the date of issue and may change; re-analysis can be requested.');
  for (const p of input.panels) for (const w of p.warnings) limitations.push(`Panel ${p.name} v${p.version}: ${w}`);
  limitations.push(...(input.extraLimitations ?? []));

  const content = {
    reportId: input.reportId,
    issuedAt: input.issuedAt,
    laboratory: input.laboratory,
    authorisedBy: input.authorisedBy ?? null,
    patient: input.patient,
    referral: {
      clinicalIndication: input.referral.clinicalIndication,
      hpoTerms: input.referral.hpoTerms ?? [],
      excludedHpoTerms: input.referral.excludedHpoTerms ?? [],
      hpoRelease: input.referral.hpoRelease ?? null,
    },
    build: input.build,
    ...(input.family && input.family.length > 0 ? { family: input.family } : {}),
    ...(input.family && input.family.length > 0 && input.pedigreeNumber ? { pedigreeNumber: input.pedigreeNumber } : {}),
    result: { outcome, summary },
    variants,
    panels: input.panels.map((p) => ({
      id: p.id,
      name: p.name,
      version: p.version,
      source: input.panelSources?.[p.id] ?? (p.sourceKind === 'panelapp-api-v1' ? 'Genomics England PanelApp (API v1 export)' : 'Genomics England PanelApp (flat export)'),
    })),
    secondaryFindings:
      input.secondaryFindings.status === 'not-consented'
        ? { status: 'not-consented' as const }
        : { status: 'reported' as const, listVersion: input.secondaryFindings.result.listVersion, flags: input.secondaryFindings.result.flags },
    method,
    limitations,
  };
  const parsed = DiagnosticReportContentSchema.safeParse(content);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('diagnosis/report-invalid', `The report cannot be issued: ${issue.path.join('.')} ${issue.message}.`, { path: issue.path.join('.') });
  }
  return parsed.data;
}

/**
 * "Phenotype (HPO release 2026-02-16): present: Seizure (HP:0001250); …; looked for and absent: …". HPO's
 * licence asks that the release be shown wherever its content is; older reports without one say so.
 */
export function phenotypeLine(referral: DiagnosticReportContent['referral']): string | null {
  const excluded = referral.excludedHpoTerms ?? [];
  if (referral.hpoTerms.length + excluded.length === 0) return null;
  const list = (terms: { id: string; label: string }[]) => terms.map((t) => (t.label ? `${t.label} (${t.id})` : t.id)).join('; ');
  const release = referral.hpoRelease ? `HPO release ${referral.hpoRelease}` : 'HPO, release not recorded';
  const parts = [referral.hpoTerms.length ? `present: ${list(referral.hpoTerms)}` : '', excluded.length ? `looked for and absent: ${list(excluded)}` : ''].filter(Boolean);
  return `Phenotype (${release}): ${parts.join('; ')}.`;
}
