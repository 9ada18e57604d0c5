// `genodesk pgx …` (CLI.md): PharmCAT-equivalent calls as one JSON document, from a patient's stored import
// or straight from a VCF (nothing stored, no database key needed), and outside-call import.
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { PgxMatchOptionsInput, PgxResult } from '../../../shared/schemas/pgx.ts';
import { DEFAULT_RESOURCES_DIR } from '../../main/resources-dir.ts';
import type { Command } from '../command.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** PharmCAT's matcher options, spelled as its CLI does (-ma, combinations, exemptions off). */
export const MATCH_OPTIONS = {
  'all-matches': { type: 'boolean' },
  'find-combinations': { type: 'boolean' },
  'no-exemptions': { type: 'boolean' },
} as const;

export function matchOptionsFrom(values: Record<string, unknown>): PgxMatchOptionsInput {
  return {
    topCandidateOnly: values['all-matches'] !== true,
    findCombinations: values['find-combinations'] === true,
    withExemptions: values['no-exemptions'] !== true,
  };
}

async function fromVcf(file: string, sample: string | undefined, outsideCallFile: string | undefined, options: PgxMatchOptionsInput): Promise<PgxResult & { genotypeSource: unknown }> {
  // Loaded here, not at start-up: every other command would pay for the PGx engine (CLI start-up budget).
  const [{ PgxData }, { readOutsideCallFile, runPgxFromVcf }] = await Promise.all([import('../../main/services/pgx/pgx-data.ts'), import('../../main/services/pgx/pgx-engine.ts')]);
  // The CLI runs from the source tree or the installed package, which both carry resources/ beside it.
  const data = new PgxData(path.join(DEFAULT_RESOURCES_DIR, 'pgx'));
  const result = await runPgxFromVcf(file, { sample, options, outsideCallFile, data });
  const outsideGenes = outsideCallFile ? readOutsideCallFile(outsideCallFile, data).map((c) => c.gene) : [];
  return {
    ...result,
    genotypeSource: {
      kind: 'file',
      importId: null,
      file: path.resolve(file),
      fileName: path.basename(file),
      sample: result.sample,
      importedAt: null,
      outsideCallFiles: outsideCallFile ? [{ id: null, fileName: path.basename(outsideCallFile), importedAt: null, genes: outsideGenes }] : [],
    },
  };
}

export const pgxCommands: Command[] = [
  // Listed before `pgx`: the first command whose words match is the one run.
  {
    words: ['pgx', 'outside-call'],
    usage: 'genodesk pgx outside-call --patient PATIENT FILE',
    options: { patient: { type: 'string' } },
    positionals: { min: 1, max: 1, names: 'FILE' },
    async run({ values, positionals, app }) {
      const ref = str(values.patient);
      if (!ref) throw new AppError('cli/missing-argument', 'pgx outside-call needs --patient PATIENT (id or NHS number).', { option: 'patient' });
      const genodesk = await app();
      const patient = genodesk.patients.resolve(ref);
      const file = genodesk.pgx.importOutsideCalls(patient.id, positionals[0]);
      return { outsideCalls: file, current: genodesk.pgx.outsideCalls(patient.id) };
    },
  },
  {
    words: ['pgx'],
    usage: 'genodesk pgx (--patient PATIENT [--import ID] | --vcf FILE [--sample NAME] [--outside-call FILE]) [--all-matches] [--find-combinations] [--no-exemptions]',
    options: { patient: { type: 'string' }, import: { type: 'string' }, vcf: { type: 'string' }, sample: { type: 'string' }, 'outside-call': { type: 'string' }, ...MATCH_OPTIONS },
    positionals: { min: 0, max: 0, names: '' },
    async run({ values, app }) {
      const ref = str(values.patient);
      const vcf = str(values.vcf);
      if (ref && vcf) throw new AppError('cli/usage', 'Give either --patient PATIENT (stored import) or --vcf FILE, not both.', { options: ['patient', 'vcf'] });
      if (!ref && !vcf) throw new AppError('cli/missing-argument', 'pgx needs --patient PATIENT (from the stored import) or --vcf FILE (straight from a file).', { options: ['patient', 'vcf'] });
      const options = matchOptionsFrom(values);
      if (vcf) {
        if (values.import !== undefined) throw new AppError('cli/usage', '--import goes with --patient, not --vcf.', { option: 'import' });
        return fromVcf(vcf, str(values.sample), str(values['outside-call']), options);
      }
      for (const o of ['sample', 'outside-call'] as const) {
        if (values[o] !== undefined) {
          throw new AppError('cli/usage', `--${o} goes with --vcf. For a patient, the sample was chosen at import${o === 'outside-call' ? '; import outside calls with "genodesk pgx outside-call"' : ''}.`, { option: o });
        }
      }
      const genodesk = await app();
      const patient = genodesk.patients.resolve(ref as string);
      return genodesk.pgx.run(patient.id, { importId: str(values.import), options });
    },
  },
];
