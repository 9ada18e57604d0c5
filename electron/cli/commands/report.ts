// `genodesk report --patient PATIENT --out FILE.pdf [--kind pgx|diagnostic]` (CLI.md). One command, one
// writer per report kind in REPORT_KINDS below: each feature adds its own entry (and its own options to
// REPORT_OPTIONS) here. A kind listed with null is named in CLI.md but not built yet, and says so.
import { AppError } from '../../../shared/errors.ts';
import type { GenoDesk } from '../../main/composition.ts';
import type { Command, CommandContext } from '../command.ts';
import { MATCH_OPTIONS, matchOptionsFrom } from './pgx.ts';
import { DIAGNOSIS_FILTER_OPTIONS, diagnosticReport } from './diagnosis.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export interface ReportRequest {
  app: GenoDesk;
  patientId: string;
  out: string;
  values: CommandContext['values'];
}

export type ReportWriter = (request: ReportRequest) => Promise<{ report: Record<string, unknown> }>;

/** Pharmacogenomics (issue 5): the clinician PDF of the patient's PGx result, kept as an issued report and sent by sync. */
const pgxReport: ReportWriter = async ({ app, patientId, out, values }) => {
  const saved = await app.pgx.saveReport(patientId, out, { importId: str(values.import), options: matchOptionsFrom(values) });
  return {
    report: {
      id: saved.id,
      kind: 'pgx',
      patientId: saved.patientId,
      file: saved.file,
      sha256: saved.pdfSha256,
      importId: saved.importId,
      createdAt: saved.createdAt,
      options: saved.options,
      dataVersions: saved.dataVersions,
    },
  };
};

export const REPORT_KINDS: Record<string, ReportWriter | null> = {
  pgx: pgxReport,
  // The diagnosis workspace (issue 8): the referral's panels, the lab's classifications, secondary findings if consented.
  diagnostic: diagnosticReport,
};

/** The kind when --kind is not given. */
const DEFAULT_KIND = 'pgx';

/** Options of every kind's writer; a writer ignores the ones that are not its own. */
const REPORT_OPTIONS = {
  patient: { type: 'string' },
  out: { type: 'string' },
  kind: { type: 'string' },
  // pgx: which import (default the newest) and PharmCAT's match options
  import: { type: 'string' },
  ...MATCH_OPTIONS,
  // diagnostic: quality filters of the analysis, and who signs it off
  ...DIAGNOSIS_FILTER_OPTIONS,
  'authorised-by': { type: 'string' },
  laboratory: { type: 'string' },
} as const;

export const reportCommands: Command[] = [
  {
    words: ['report'],
    usage: `genodesk report --patient PATIENT --out FILE.pdf [--kind ${Object.keys(REPORT_KINDS).join('|')}] (default ${DEFAULT_KIND}; pgx: [--import ID] [--all-matches] [--find-combinations] [--no-exemptions]; diagnostic: [--import ID] [--min-gq N] [--min-dp N] [--any-filter] [--authorised-by NAME] [--laboratory NAME])`,
    options: REPORT_OPTIONS,
    positionals: { min: 0, max: 0, names: '' },
    async run({ values, app }) {
      const kind = str(values.kind) ?? DEFAULT_KIND;
      if (!Object.hasOwn(REPORT_KINDS, kind)) {
        throw new AppError('cli/usage', `--kind must be one of ${Object.keys(REPORT_KINDS).join(', ')}, not "${kind}".`, { option: 'kind', value: kind, kinds: Object.keys(REPORT_KINDS) });
      }
      const writer = REPORT_KINDS[kind];
      if (!writer) {
        throw new AppError('cli/usage', `Reports of kind "${kind}" are not available in this version of GenoDesk yet. Available: ${Object.entries(REPORT_KINDS).filter(([, w]) => w).map(([k]) => k).join(', ')}.`, { option: 'kind', value: kind });
      }
      const ref = str(values.patient);
      if (!ref) throw new AppError('cli/missing-argument', 'report needs --patient PATIENT (id or NHS number).', { option: 'patient' });
      const out = str(values.out);
      if (!out) throw new AppError('cli/missing-argument', 'report needs --out FILE.pdf.', { option: 'out' });
      const genodesk = await app();
      const patient = genodesk.patients.resolve(ref);
      return writer({ app: genodesk, patientId: patient.id, out, values });
    },
  },
];
