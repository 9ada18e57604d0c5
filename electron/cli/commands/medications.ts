// `genodesk medications add|list|stop|review` (CLI.md): a patient's current medicines and their review
// against the patient's pharmacogenomic result, with phenoconversion by the other current medicines.
import { AppError } from '../../../shared/errors.ts';
import type { Command } from '../command.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function needPatient(values: Record<string, unknown>, command: string): string {
  const ref = str(values.patient);
  if (!ref) throw new AppError('cli/missing-argument', `medications ${command} needs --patient PATIENT (id or NHS number).`, { option: 'patient' });
  return ref;
}

export const medicationCommands: Command[] = [
  {
    words: ['medications', 'add'],
    usage: 'genodesk medications add --patient PATIENT --drug NAME [--code CODE] [--dose TEXT] [--started YYYY-MM-DD]',
    options: { patient: { type: 'string' }, drug: { type: 'string' }, code: { type: 'string' }, dose: { type: 'string' }, started: { type: 'string' } },
    positionals: { min: 0, max: 0, names: '' },
    async run({ values, app }) {
      const ref = needPatient(values, 'add');
      const drug = str(values.drug)?.trim();
      if (!drug) throw new AppError('cli/missing-argument', 'medications add needs --drug NAME (a generic name, e.g. codeine).', { option: 'drug' });
      const genodesk = await app();
      const patient = genodesk.patients.resolve(ref);
      const medication = genodesk.medicines.add(patient.id, { drug, code: str(values.code), dose: str(values.dose), started: str(values.started) });
      if (medication.checked) return { medication };
      // Kept as typed so nothing the clinician wrote is lost, but said plainly: it cannot be checked.
      const suggestions = genodesk.medicines.suggest(drug);
      return {
        medication,
        suggestions,
        warning: `"${drug}" is not a drug GenoDesk knows; it was kept as free text and is not checked against guidelines.${suggestions.length ? ` Did you mean: ${suggestions.join(', ')}?` : ''}`,
      };
    },
  },
  {
    words: ['medications', 'list'],
    usage: 'genodesk medications list --patient PATIENT',
    options: { patient: { type: 'string' } },
    positionals: { min: 0, max: 0, names: '' },
    async run({ values, app }) {
      const genodesk = await app();
      const patient = genodesk.patients.resolve(needPatient(values, 'list'));
      return { medications: genodesk.medicines.list(patient.id) };
    },
  },
  {
    words: ['medications', 'stop'],
    usage: 'genodesk medications stop --patient PATIENT ID',
    options: { patient: { type: 'string' } },
    positionals: { min: 1, max: 1, names: 'ID' },
    async run({ values, positionals, app }) {
      const genodesk = await app();
      const patient = genodesk.patients.resolve(needPatient(values, 'stop'));
      return { medication: genodesk.medicines.stop(patient.id, positionals[0]) };
    },
  },
  {
    words: ['medications', 'review'],
    usage: 'genodesk medications review --patient PATIENT [--drug NAME …]',
    options: { patient: { type: 'string' }, drug: { type: 'string', multiple: true } },
    positionals: { min: 0, max: 0, names: '' },
    async run({ values, app }) {
      const genodesk = await app();
      const patient = genodesk.patients.resolve(needPatient(values, 'review'));
      const drugs = Array.isArray(values.drug) ? values.drug.filter((d): d is string => typeof d === 'string') : [];
      return { review: genodesk.medicines.review(patient.id, drugs) };
    },
  },
];
