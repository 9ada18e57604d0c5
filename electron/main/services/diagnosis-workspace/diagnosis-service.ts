// The diagnosis workspace below the UI, the IPC handlers and the CLI (issue 8): panels, the referral and
// consent, ranked candidates for the referral's panels, the lab's versioned ACMG/ACGS classifications,
// secondary findings and the diagnostic report (screen, PDF, FHIR). The clinical logic is the engine in
// ../diagnosis/; this file reads the store, calls the engine and records what was done. No electron imports.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/errors.ts';
import type {
  AppliedCriterion,
  Candidate,
  ClassificationResult,
  DiagnosticReportContent,
  LabClassification,
  Panel,
  RankingFiltersInput,
  ReportFamilyMember,
  ReportOutcome,
  SecondaryFindingsResult,
} from '../../../../shared/schemas/diagnosis.ts';
import type {
  CandidatesOutput,
  ConsentRecord,
  InstalledPanel,
  LabClassificationRecord,
  Referral,
  VariantIdentity,
} from '../../../../shared/schemas/diagnosis-workspace.ts';
import type { GenomeBuild, ImportRecord, VariantPage, VariantQuery } from '../../../../shared/schemas/vcf.ts';
import type { Patient } from '../../../../shared/schemas/patient.ts';
import type { Store } from '../../db/connection.ts';
import type { Clock } from '../clock.ts';
import { ACMG_CRITERIA } from '../diagnosis/acmg-criteria.ts';
import { CLASS_LABELS, classifyVariant, POINT_RANGES, STRENGTH_POINTS } from '../diagnosis/acmg-classifier.ts';
import { rankCandidates } from '../diagnosis/rank-candidates.ts';
import { applyFamilyToCandidates, describeSegregation } from '../family/segregation/apply-to-candidates.ts';
import type { SegregationResult } from '../../../../shared/schemas/family.ts';
import { assertConsent, findSecondaryFindings } from '../diagnosis/secondary-findings.ts';
import { buildDiagnosticReportContent, type ReportVariantInput } from '../diagnosis/report-content.ts';
import { buildGenomicReportResources } from '../diagnosis/report-fhir.ts';
import { createAnalysisStore } from './analysis-store.ts';
import { createCandidateAnnotation, type PackLocations } from './candidate-annotation.ts';
import { createClassificationStore, normaliseIdentity, variantIdOf } from './classification-store.ts';
import { createPanelStore } from './panel-store.ts';
import { createReferralStore } from './referral-store.ts';
import { createSiteCarriers } from './site-carriers.ts';
import { readGeneScope } from './variant-scope.ts';
import { withPackFrequencies } from '../frequency/candidate-frequencies.ts';

/** The ranking with the family's candidates (tiers may have dropped): tier counts follow. */
function withFamily<R extends { candidates: unknown[]; summary: { tier1: number; tier2: number; tier3: number } }>(ranked: R, candidates: (R['candidates'][number] & { tier: 1 | 2 | 3; moiCategories: readonly string[] })[]): R {
  const count = (t: number) => candidates.filter((c) => c.tier === t).length;
  return {
    ...ranked,
    candidates: candidates.map(({ moiCategories: _unused, ...c }) => c),
    summary: { ...ranked.summary, tier1: count(1), tier2: count(2), tier3: count(3) },
  };
}

export interface DiagnosisServiceDeps {
  store: Store;
  actor: string;
  clock: Clock;
  /** resources/panels (the shipped demo pack and the ACMG SF list). */
  panelsDir: string;
  /** Annotation packs: those active in the data folder (packs service), and the demo ones shipped in resources/packs. */
  packs: PackLocations;
  /** PanelApp exports installed as panel packs (packs service). */
  panelPacks?: () => { id: string; version: string; file: string }[];
  patients: { get(id: string): Patient };
  imports: {
    listImports(input: { patientId?: string }): ImportRecord[];
    getImport(id: string): ImportRecord;
    queryVariants(q: VariantQuery): VariantPage;
  };
  geneTable: { lookup(symbol: string, build: GenomeBuild): { chrom: string; start: number; end: number } };
  /** Called after a change central services must hear of is committed (the sync scheduler). */
  onCommitted?: () => void;
  /** Told of every candidate list produced (the worklist keeps a snapshot of tier 1–2 candidates per patient). */
  onCandidates?: (output: CandidatesOutput) => void;
  /** Population frequencies from the active gnomAD frequency pack (frequency/), for the rarity filters. */
  frequency?: Parameters<typeof withPackFrequencies>[2];
  /** Name printed on reports when the request gives none. */
  laboratory?: string;
  /** The patient's recorded family for reports (issue 14): members with relation, sex, affected status and parents. */
  familyOf?: (patientId: string) => ReportFamilyMember[] | null;
  /** The recorded family's pedigree number, printed with the family on reports. */
  pedigreeNumberOf?: (patientId: string) => string | null;
  /**
   * The patient's phenotype (HPO terms present and absent, and the HPO release), which reports list. Without
   * it, or when none was recorded, a report lists the referral's own HPO terms as before.
   */
  phenotypeOf?: (patientId: string) => { present: { id: string; label: string }[]; excluded: { id: string; label: string }[]; hpoRelease: string } | null;
  /**
   * The patient's family, if one is recorded with imports (services/family): segregation of the candidates.
   * Returns null when there is no family to use.
   */
  familySegregation?: (patientId: string, importId: string, sites: { key: string; chrom: string; pos: number; ref: string; alt: string; gene: string | null }[]) => ReadonlyMap<string, SegregationResult> | null;
}

export interface CandidatesRequest {
  patientId: string;
  importId?: string;
  panels?: { id: string; version?: string }[];
  filters?: RankingFiltersInput;
}

export interface ReportRequest {
  patientId: string;
  importId?: string;
  filters?: RankingFiltersInput;
  variantKeys?: string[];
  result?: { outcome?: ReportOutcome; summary?: string };
  laboratory?: string;
  authorisedBy?: string;
}

const REPORTABLE = new Set(['pathogenic', 'likely-pathogenic', 'uncertain-significance']);
const SHIPPED_PANEL_SOURCE = 'Genomics England PanelApp API v1 export, GenoDesk demo pack (demo and tests only)';

export type DiagnosisService = ReturnType<typeof createDiagnosisService>;

export function createDiagnosisService(deps: DiagnosisServiceDeps) {
  const { store, actor, clock, patients, imports } = deps;
  const onCommitted = deps.onCommitted ?? (() => {});
  const panels = createPanelStore({ store, actor, clock, panelsDir: deps.panelsDir, panelPacks: deps.panelPacks });
  const referrals = createReferralStore({ store, actor, clock, panels });
  const classifications = createClassificationStore({ store, actor, clock, onCommitted });
  const analyses = createAnalysisStore({ store, actor, clock, onCommitted });
  const annotation = createCandidateAnnotation({ store, packs: deps.packs });
  const carriersOf = createSiteCarriers(store);

  function chooseImport(patientId: string, importId?: string): ImportRecord {
    patients.get(patientId);
    if (importId) {
      const imp = imports.getImport(importId);
      if (imp.patientId !== patientId) {
        throw new AppError('vcf/import-not-found', 'This patient has no complete import with this id.', { importId, patientId });
      }
      return imp;
    }
    const newest = imports.listImports({ patientId })[0];
    if (!newest) {
      throw new AppError('diagnosis/no-import', 'This patient has no imported sequencing file to analyse. Import a VCF first.', { patientId });
    }
    return newest;
  }

  function panelsFor(patientId: string, requested?: { id: string; version?: string }[]): Panel[] {
    if (requested && requested.length > 0) return panels.resolve(requested);
    const referral = referrals.get(patientId);
    if (!referral || referral.panels.length === 0) {
      throw new AppError('diagnosis/referral-required', 'Record the referral and choose at least one gene panel before listing candidates.', { patientId });
    }
    // The referral pinned each panel's version: a newer install does not change this patient's analysis.
    return panels.resolve(referral.panels.map((p) => ({ id: p.id, version: p.version })));
  }

  function panelSourceOf(p: Panel): string {
    const d = panels.describe(p);
    return d.origin === 'shipped' ? SHIPPED_PANEL_SOURCE : `Genomics England PanelApp export installed by the laboratory${d.fileName ? ` (${d.fileName})` : ''}`;
  }

  async function candidates(req: CandidatesRequest): Promise<CandidatesOutput> {
    const patient = patients.get(req.patientId);
    const imp = chooseImport(req.patientId, req.importId);
    const chosen = panelsFor(req.patientId, req.panels);
    const build = imp.build;
    const scope = readGeneScope(
      { queryVariants: (q) => imports.queryVariants(q), lookupGene: (s, b) => deps.geneTable.lookup(s, b) },
      {
        patientId: req.patientId,
        importId: imp.id,
        build,
        genes: chosen.flatMap((p) => p.genes.map((g) => ({ symbol: g.symbol, region: build === 'GRCh38' ? g.grch38 : g.grch37 }))),
      },
    );
    const annotated = withPackFrequencies(await annotation.annotateRows(imp.id, build, scope.rows), build, deps.frequency);
    const ranked = rankCandidates({ variants: annotated.variants, panels: chosen, filters: req.filters, sex: patient.sex, build });
    // The family (issue 14) adds segregation and down-ranks what it rules out, visibly, with the reason.
    const family = deps.familySegregation?.(req.patientId, imp.id, ranked.candidates.map((c) => ({ key: c.key, chrom: c.chrom, pos: c.pos, ref: c.ref, alt: c.alt, gene: c.gene }))) ?? null;
    const ranking = family
      ? withFamily(ranked, applyFamilyToCandidates(ranked.candidates.map((c) => ({ ...c, moiCategories: c.panels.map((p) => p.moi.category) })), family))
      : ranked;
    const analysis = analyses.record({
      patientId: req.patientId,
      importId: imp.id,
      build,
      panels: ranking.panels,
      filters: ranking.filters,
      packs: annotated.packs,
      annotationOrigin: annotated.origin,
    });
    const lab = classifications.currentFor(ranking.candidates.map((c) => `${build}:${c.key}`));
    const notes = [...annotated.notes];
    if (scope.genesWithoutCoordinates.length > 0) {
      notes.push(`${scope.genesWithoutCoordinates.length} panel gene(s) have no ${build} coordinates and were not searched: ${scope.genesWithoutCoordinates.join(', ')}.`);
    }
    if (ranking.summary.withPopulationFrequency === 0) {
      notes.push("Population frequency not available: the VCF's annotations carry none, so rarity was not assessed (variants are not assumed rare).");
    }
    for (const p of chosen) {
      if (panels.describe(p).origin === 'shipped') notes.push(`${p.name} v${p.version} is from the demo panel pack (demo and tests only); a lab installs its own PanelApp export.`);
    }
    const output: CandidatesOutput = {
      analysis,
      candidates: ranking.candidates.map((c) => ({ ...c, labClassification: lab.get(`${build}:${c.key}`) ?? null })),
      summary: ranking.summary,
      scope: { genes: scope.genes, genesWithoutCoordinates: scope.genesWithoutCoordinates, variantsRead: scope.rows.length },
      notes,
    };
    deps.onCandidates?.(output);
    return output;
  }

  async function secondaryFindings(req: { patientId: string; importId?: string; filters?: RankingFiltersInput }): Promise<{
    consent: ConsentRecord;
    result: SecondaryFindingsResult;
    genesOnList: number;
    genesNotSearched: string[];
    importId: string;
    packs: CandidatesOutput['analysis']['packs'];
  }> {
    patients.get(req.patientId);
    const consent = referrals.consent(req.patientId);
    // Checked before a single variant is read: without consent nothing about these genes is looked at.
    assertConsent(consent);
    const sfList = panels.sfList();
    if (!sfList) throw new AppError('diagnosis/sf-list-malformed', 'The ACMG secondary-findings list is missing from this installation. Reinstall GenoDesk.', {});
    const imp = chooseImport(req.patientId, req.importId);
    const scope = readGeneScope(
      { queryVariants: (q) => imports.queryVariants(q), lookupGene: (s, b) => deps.geneTable.lookup(s, b) },
      { patientId: req.patientId, importId: imp.id, build: imp.build, genes: sfList.genes.map((g) => ({ symbol: g.gene, region: null })) },
    );
    const annotated = await annotation.annotateRows(imp.id, imp.build, scope.rows);
    const lab = classifications.currentFor(annotated.variants.map((v) => variantIdOf({ build: imp.build, chrom: v.chrom, pos: v.pos, ref: v.ref, alt: v.alt })));
    const labClassifications: LabClassification[] = [...lab.values()].map((c) => ({ key: c.key, acmgClass: c.acmgClass, version: c.version }));
    const result = findSecondaryFindings({ consent: consent!, sfList, variants: annotated.variants, labClassifications, filters: req.filters, build: imp.build });
    return { consent: consent!, result, genesOnList: sfList.genes.length, genesNotSearched: scope.genesWithoutCoordinates, importId: imp.id, packs: annotated.packs };
  }

  function classificationResultOf(c: LabClassificationRecord): ClassificationResult {
    return { status: 'classified', acmgClass: c.acmgClass, points: c.points, standAloneBenign: c.criteria.some((x) => x.code === 'BA1'), criteria: c.criteria, explanation: c.explanation };
  }

  function phaseNote(c: Candidate): string | null {
    if (c.moiCompatibility !== 'possible-compound-heterozygous') return null;
    const trans = c.compoundPartners.some((p) => p.phase === 'trans');
    return trans
      ? 'In trans with a second qualifying variant in the same gene (phase from the VCF).'
      : 'Possible compound heterozygote: a second qualifying variant is present but its phase is not known; parental testing can confirm.';
  }

  async function buildReport(req: ReportRequest, reportId: string, issuedAt: string): Promise<{ content: DiagnosticReportContent; analysisId: string }> {
    const patient = patients.get(req.patientId);
    const referral = referrals.get(req.patientId);
    if (!referral) {
      throw new AppError('diagnosis/referral-required', 'Record the referral (clinical indication and panels) before issuing a report.', { patientId: req.patientId });
    }
    const run = await candidates({ patientId: req.patientId, importId: req.importId, filters: req.filters });
    const chosen = panelsFor(req.patientId);
    const byKey = new Map<string, (typeof run.candidates)[number]>();
    for (const c of run.candidates) if (!byKey.has(c.key)) byKey.set(c.key, c);
    let selected: (typeof run.candidates)[number][];
    if (req.variantKeys) {
      selected = req.variantKeys.map((k) => {
        const c = byKey.get(k);
        if (!c) {
          throw new AppError('diagnosis/report-invalid', `Variant ${k} is not among this analysis' candidates; it cannot be reported from it.`, { key: k });
        }
        if (!c.labClassification) {
          throw new AppError('diagnosis/report-invalid', `${c.gene} ${c.hgvsc ?? k} has no saved classification; classify it before reporting it.`, { key: k });
        }
        return c;
      });
    } else {
      selected = [...byKey.values()].filter((c) => c.labClassification && REPORTABLE.has(c.labClassification.acmgClass));
    }
    const variants: ReportVariantInput[] = selected.map((c) => {
      const lab = c.labClassification!;
      const hit = c.panels.find((p) => p.confidence === 'green') ?? c.panels[0];
      const gene = chosen.flatMap((p) => p.genes).find((g) => g.symbol === c.gene);
      return {
        key: c.key,
        chrom: c.chrom,
        pos: c.pos,
        ref: c.ref,
        alt: c.alt,
        gene: c.gene,
        hgncId: gene?.hgncId ?? null,
        transcript: c.transcript,
        hgvsc: c.hgvsc,
        hgvsp: c.hgvsp,
        terms: c.terms,
        zygosity: c.zygosity,
        classification: classificationResultOf(lab),
        classificationComment: `${lab.comment} (lab classification v${lab.version}, ${lab.createdBy}, ${lab.createdAt.slice(0, 10)})`,
        moi: hit?.moi ?? null,
        condition: c.clinvar?.condition?.replace(/_/g, ' ') ?? null,
        clinvarVariationId: c.clinvar?.variationId ?? null,
        tier: c.tier,
        phaseNote: phaseNote(c),
        consequenceSource: c.consequenceSource,
        segregation: c.segregation ? describeSegregation(c.segregation) : null,
      };
    });
    const consent = referrals.consent(req.patientId);
    let secondary: Parameters<typeof buildDiagnosticReportContent>[0]['secondaryFindings'] = { status: 'not-consented' };
    const extraLimitations: string[] = [];
    if (run.scope.genesWithoutCoordinates.length > 0) {
      extraLimitations.push(`Panel genes without ${run.analysis.build} coordinates were not analysed: ${run.scope.genesWithoutCoordinates.join(', ')}.`);
    }
    if (consent?.additionalFindings) {
      const sf = await secondaryFindings({ patientId: req.patientId, importId: run.analysis.importId, filters: req.filters });
      secondary = { status: 'reported', result: sf.result, genesOnList: sf.genesOnList };
      if (sf.genesNotSearched.length > 0) {
        extraLimitations.push(`Secondary findings: ${sf.genesNotSearched.length} gene(s) of the ACMG SF list have no ${run.analysis.build} coordinates in GenoDesk's gene table and were not searched: ${sf.genesNotSearched.join(', ')}.`);
      }
    }
    const content = buildDiagnosticReportContent({
      reportId,
      issuedAt,
      laboratory: req.laboratory?.trim() || deps.laboratory || 'Genomic laboratory (GenoDesk)',
      authorisedBy: req.authorisedBy?.trim() || null,
      patient: { id: patient.id, nhsNumber: patient.nhsNumber, name: `${patient.givenName} ${patient.familyName.toUpperCase()}`, birthDate: patient.birthDate, sex: patient.sex },
      referral: referralPhenotype(req.patientId, referral),
      build: run.analysis.build,
      family: deps.familyOf?.(req.patientId) ?? null,
      pedigreeNumber: deps.pedigreeNumberOf?.(req.patientId) ?? null,
      panels: chosen,
      panelSources: Object.fromEntries(chosen.map((p) => [p.id, panelSourceOf(p)])),
      variants,
      secondaryFindings: secondary,
      ranking: { filters: run.analysis.filters, summary: run.summary },
      annotationSources: [
        ...run.analysis.packs.map((p) => `${p.kind} pack ${p.id}, version ${p.version}${run.analysis.annotationOrigin === 'on-the-fly' ? ' (annotated for this analysis)' : ''}`),
      ],
      result: req.result,
      extraLimitations,
    });
    return { content, analysisId: run.analysis.id };
  }

  function referralPhenotype(patientId: string, referral: Referral) {
    const phenotype = deps.phenotypeOf?.(patientId);
    if (!phenotype || phenotype.present.length + phenotype.excluded.length === 0) return { clinicalIndication: referral.clinicalIndication, hpoTerms: referral.hpoTerms };
    return { clinicalIndication: referral.clinicalIndication, hpoTerms: phenotype.present, excludedHpoTerms: phenotype.excluded, hpoRelease: phenotype.hpoRelease };
  }

  return {
    panels: {
      list: (): { panels: InstalledPanel[]; sfList: { version: string; genes: number } | null } => {
        const sf = panels.sfList();
        return { panels: panels.list(), sfList: sf ? { version: sf.version, genes: sf.genes.length } : null };
      },
      install: (file: string, version?: string) => panels.install(file, version),
      genes(id: string, version?: string) {
        const p = panels.library().get(id, version);
        return {
          panel: panels.describe(p),
          genes: p.genes.map((g) => ({ symbol: g.symbol, confidence: g.confidence, moiCategory: g.moi.category, moi: g.moi.source })),
        };
      },
      resolve: (refs: { id: string; version?: string }[]) => panels.resolve(refs),
    },

    referral: {
      get: (patientId: string): { referral: Referral | null; consent: ConsentRecord | null; consentHistory: ConsentRecord[] } => {
        patients.get(patientId);
        const history = referrals.consentHistory(patientId);
        return { referral: referrals.get(patientId), consent: history[0] ?? null, consentHistory: history };
      },
      save: referrals.save,
      saveConsent: referrals.saveConsent,
    },

    candidates,

    criteria() {
      return {
        criteria: ACMG_CRITERIA.map((c) => ({ ...c, allowedStrengths: [...c.allowedStrengths] })),
        strengthPoints: { ...STRENGTH_POINTS },
        classes: (Object.keys(CLASS_LABELS) as (keyof typeof CLASS_LABELS)[]).map((k) => ({ acmgClass: k, label: CLASS_LABELS[k], points: POINT_RANGES[k] })),
        source:
          'ACMG/AMP criteria (Richards et al. 2015) with the strengths allowed by the ACGS Best Practice Guidelines for Variant Classification in Rare Disease 2020 (v4.01) and ClinGen SVI; classes from the points-based framework of Tavtigian et al. 2020.',
      };
    },

    /** The class the ticked criteria give, or an explicit conflict: never a silent class. */
    classifyPreview: (criteria: readonly AppliedCriterion[]): ClassificationResult => classifyVariant(criteria),

    classifications: {
      save: classifications.save,
      history(variant: VariantIdentity) {
        const n = normaliseIdentity(variant);
        const variantId = variantIdOf(n);
        return { variantId, versions: classifications.history(variantId), carriers: carriersOf(n) };
      },
      current: (variant: VariantIdentity) => classifications.current(variantIdOf(variant)),
    },

    secondaryFindings,

    async reportPreview(req: ReportRequest) {
      return buildReport(req, 'PREVIEW (not issued)', clock.now().toISOString());
    },

    /**
     * Issues the report: the PDF written to `file` (atomically), its FHIR Genomics Reporting resources built
     * and validated, and the report stored with its audit and outbox rows. Nothing is stored if any step fails.
     */
    async reportPdf(req: ReportRequest & { file: string }) {
      const now = clock.now();
      const { content, analysisId } = await buildReport(req, analyses.nextReportId(now), now.toISOString());
      // pdfkit and its fonts load only when a report is issued, not with the service (CLI start-up budget).
      // So do Medplum's validator and definitions.
      const [{ renderDiagnosticReportPdf }, { assertValidGenomicResources }] = await Promise.all([import('../diagnosis/report-pdf.ts'), import('../diagnosis/fhir-validate.ts')]);
      const pdf = await renderDiagnosticReportPdf(content);
      const fhir = buildGenomicReportResources(content, { pdf });
      assertValidGenomicResources([fhir.report, ...fhir.observations]);
      const file = path.resolve(req.file);
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(tmp, pdf);
        fs.renameSync(tmp, file);
      } catch (err) {
        fs.rmSync(tmp, { force: true });
        throw new AppError('diagnosis/report-invalid', `The report could not be written to ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. Choose a folder you can write to.`, {
          file,
        });
      }
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      try {
        analyses.issueReport(content, analysisId, sha256);
      } catch (err) {
        fs.rmSync(file, { force: true });
        throw err;
      }
      return { reportId: content.reportId, file, bytes: pdf.length, sha256, analysisId, content, fhirResources: 1 + fhir.observations.length };
    },

    getIssuedReport: (reportId: string) => analyses.getReport(reportId),

    close: () => annotation.close(),
  };
}
