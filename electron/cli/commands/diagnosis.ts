// The diagnosis workspace on the command line (CLI.md):
//   annotate --patient PATIENT --panel ID[@VERSION] …  ranked candidate variants with tier and reasons
//   report --patient PATIENT --kind diagnostic --out FILE.pdf  (the writer below, registered in report.ts)
// `annotate --patient` without --panel is issue 7's (stored annotation); `runPanelCandidates` is what its
// command calls when --panel is given.
import { AppError } from '../../../shared/errors.ts';
import type { RankingFiltersInput } from '../../../shared/schemas/diagnosis.ts';
import type { CommandContext } from '../command.ts';
import type { ReportWriter } from './report.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** `--panel 207`, `--panel 207@6.8`, repeatable; a comma-separated list is accepted too. */
export function parsePanelSpecs(raw: unknown): { id: string; version?: string }[] {
  const items = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).flatMap((v) => String(v).split(','));
  return items
    .map((s) => s.trim())
    .filter(Boolean)
    .map((spec) => {
      const at = spec.indexOf('@');
      const id = at < 0 ? spec : spec.slice(0, at);
      const version = at < 0 ? undefined : spec.slice(at + 1);
      if (!id || version === '') {
        throw new AppError('cli/usage', `--panel takes ID or ID@VERSION (e.g. 207 or 207@6.8), not "${spec}".`, { option: 'panel', value: spec });
      }
      return version ? { id, version } : { id };
    });
}

function count(values: CommandContext['values'], name: string): number | undefined {
  const raw = str(values[name]);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new AppError('cli/usage', `--${name} must be a whole number of 0 or more, not "${raw}".`, { option: name, value: raw });
  return Number(raw);
}

/** Quality filters shared by `annotate --panel` and `report --kind diagnostic`. */
export function filtersFrom(values: CommandContext['values']): RankingFiltersInput {
  const filters: RankingFiltersInput = {};
  const gq = count(values, 'min-gq');
  const dp = count(values, 'min-dp');
  if (gq !== undefined) filters.minGq = gq;
  if (dp !== undefined) filters.minDp = dp;
  if (values['any-filter'] === true) filters.requirePass = false;
  if (values['all-tier3'] === true) filters.tier3Scope = 'all';
  return filters;
}

export const DIAGNOSIS_FILTER_OPTIONS = {
  'min-gq': { type: 'string' },
  'min-dp': { type: 'string' },
  'any-filter': { type: 'boolean' },
  'all-tier3': { type: 'boolean' },
} as const;

/** `annotate --patient P --panel ID[@VERSION]`: the ranked candidates in the panels' genes. */
export async function runPanelCandidates({ values, app }: Pick<CommandContext, 'values' | 'app'>): Promise<unknown> {
  const ref = str(values.patient);
  if (!ref) throw new AppError('cli/missing-argument', 'annotate needs --patient PATIENT (id or NHS number).', { option: 'patient' });
  const panels = parsePanelSpecs(values.panel);
  const filters = filtersFrom(values);
  const genodesk = await app();
  const patient = genodesk.patients.resolve(ref);
  const result = await genodesk.diagnosis.candidates({ patientId: patient.id, importId: str(values.import), panels: panels.length ? panels : undefined, filters });
  return {
    variants: result.candidates.map((c) => ({
      chrom: c.chrom,
      pos: c.pos,
      ref: c.ref,
      alt: c.alt,
      genotype: c.genotype,
      zygosity: c.zygosity,
      rank: c.rank,
      tier: c.tier,
      gene: c.gene,
      transcript: c.transcript,
      hgvsc: c.hgvsc,
      hgvsp: c.hgvsp,
      consequence: c.terms[0] ?? null,
      terms: c.terms,
      consequenceSource: c.consequenceSource,
      impact: c.impact,
      clinvar: c.clinvar,
      populationFrequency: c.populationFrequency,
      panels: c.panels.map((p) => ({ id: p.panelId, version: p.panelVersion, confidence: p.confidence, moi: p.moi.source })),
      moiCompatibility: c.moiCompatibility,
      labClassification: c.labClassification ? { acmgClass: c.labClassification.acmgClass, version: c.labClassification.version, points: c.labClassification.points } : null,
      reasons: c.reasons,
    })),
    total: result.candidates.length,
    analysis: result.analysis,
    summary: result.summary,
    notes: result.notes,
  };
}

export const annotatePanelOptions = {
  patient: { type: 'string' },
  panel: { type: 'string', multiple: true },
  import: { type: 'string' },
  ...DIAGNOSIS_FILTER_OPTIONS,
} as const;

/** `report --kind diagnostic`: issues the diagnostic report (PDF, stored with its FHIR resources' source). */
export const diagnosticReport: ReportWriter = async ({ app, patientId, out, values }) => {
  const issued = await app.diagnosis.reportPdf({
    patientId,
    file: out,
    importId: str(values.import),
    filters: filtersFrom(values),
    authorisedBy: str(values['authorised-by']),
    laboratory: str(values.laboratory),
  });
  const c = issued.content;
  return {
    report: {
      id: issued.reportId,
      kind: 'diagnostic',
      patientId,
      file: issued.file,
      sha256: issued.sha256,
      bytes: issued.bytes,
      analysisId: issued.analysisId,
      issuedAt: c.issuedAt,
      outcome: c.result.outcome,
      summary: c.result.summary,
      panels: c.panels,
      variants: c.variants.map((v) => ({ gene: v.gene, hgvsc: v.hgvsc, hgvsp: v.hgvsp, zygosity: v.zygosity, acmgClass: v.acmgClass, points: v.points, tier: v.tier })),
      secondaryFindings: c.secondaryFindings.status === 'reported' ? c.secondaryFindings.flags.map((f) => f.gene) : 'not-consented',
      fhirResources: issued.fhirResources,
    },
  };
};
