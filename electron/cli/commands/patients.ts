import { AppError } from '../../../shared/errors.ts';
import type { Command } from '../command.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const patientCommands: Command[] = [
  {
    words: ['patients', 'add'],
    usage: 'genodesk patients add --nhs-number N --family-name F --given-name G --birth-date YYYY-MM-DD [--sex female|male|other|unknown]',
    options: {
      'nhs-number': { type: 'string' },
      'family-name': { type: 'string' },
      'given-name': { type: 'string' },
      'birth-date': { type: 'string' },
      sex: { type: 'string' },
    },
    positionals: { min: 0, max: 0, names: '' },
    async run({ values, app }) {
      // Missing options become empty strings so the service reports every missing field at once.
      const patient = (await app({ registerOnly: true })).patients.create({
        nhsNumber: str(values['nhs-number']) ?? '',
        familyName: str(values['family-name']) ?? '',
        givenName: str(values['given-name']) ?? '',
        birthDate: str(values['birth-date']) ?? '',
        sex: str(values.sex),
      });
      return { patient };
    },
  },
  {
    words: ['patients', 'list'],
    usage: 'genodesk patients list [--query TEXT] [--limit N]',
    options: { query: { type: 'string' }, limit: { type: 'string' } },
    positionals: { min: 0, max: 0, names: '' },
    async run({ values, app }) {
      const limit = parseLimit(str(values.limit));
      const { patients, total } = (await app({ registerOnly: true })).patients.search({ query: str(values.query), limit });
      return { patients, total };
    },
  },
  {
    words: ['patients', 'show'],
    usage: 'genodesk patients show PATIENT   (id or NHS number)',
    options: {},
    positionals: { min: 1, max: 1, names: 'PATIENT' },
    async run({ positionals, app }) {
      const genodesk = await app();
      const patient = genodesk.patients.resolve(positionals[0]);
      return { patient, imports: genodesk.listImportsForPatient(patient.id) };
    },
  },
];

export function parseLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 500) {
    throw new AppError('cli/usage', `--limit must be a whole number from 1 to 500, not "${raw}".`, { option: 'limit', value: raw });
  }
  return Number(raw);
}

