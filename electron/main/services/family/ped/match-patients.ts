// Which registered patient each PED row is: the sample → patient map first (the CLI's `--map SAMPLE=PATIENT`, the
// app's "Sample to patient" field), then the row id as an NHS number or patient id, then the one patient with a
// complete VCF import of a sample of that name. A row that matches nobody, or a sample name two patients' imports
// share, is refused with the PED line, in the words of the control the person used.
import { AppError } from '../../../../../shared/errors.ts';
import type { Patient } from '../../../../../shared/schemas/patient.ts';
import type { SqliteDatabase } from '../../../db/connection.ts';
import type { Pedigree } from './parse-ped.ts';

/** How an error names the sample → patient map: the CLI's option or the app's field (same service, two surfaces). */
export interface PedMapWording {
  /** The control, as the subject of a sentence. */
  control: string;
  /** What to do to map one sample, after "use"/"say which". */
  mapOne: (sample: string) => string;
  /** How to name the proband when the PED has no affected child to take. */
  nameProband: string;
}

export const PED_WORDING = {
  cli: { control: '--map', mapOne: (sample) => `--map ${sample}=PATIENT`, nameProband: 'name one with --proband' },
  app: {
    control: 'the "Sample to patient" field',
    mapOne: (sample) => `"${sample}=NHS number" in the "Sample to patient" field`,
    nameProband: 'mark the proband affected (6th column 2) in the PED file',
  },
} as const satisfies Record<string, PedMapWording>;

export function matchPedToPatients(
  sqlite: SqliteDatabase,
  ped: Pedigree,
  resolve: (ref: string) => Patient,
  map: Record<string, string>,
  file: string,
  wording: PedMapWording = PED_WORDING.cli,
): Map<string, Patient> {
  const bySample = sqlite.prepare("SELECT DISTINCT patient_id FROM imports WHERE sample = ? AND status = 'complete'").pluck();
  const tryResolve = (ref: string): Patient | null => {
    try {
      return resolve(ref);
    } catch {
      return null;
    }
  };
  for (const sample of Object.keys(map)) {
    if (!ped.individuals.some((p) => p.id === sample)) {
      throw new AppError('family/ped-unknown-sample', `${file}: ${wording.control} names "${sample}", which is not a sample in the PED file.`, { file, sample });
    }
  }
  const out = new Map<string, Patient>();
  for (const p of ped.individuals) {
    const mapped = map[p.id];
    if (mapped !== undefined) {
      const patient = tryResolve(mapped);
      if (!patient) throw new AppError('family/ped-unknown-sample', `${file} line ${p.line}: ${wording.control} sends "${p.id}" to "${mapped}", which is not a registered patient.`, { file, line: p.line, sample: p.id, patient: mapped });
      out.set(p.id, patient);
      continue;
    }
    const direct = tryResolve(p.id);
    if (direct) {
      out.set(p.id, direct);
      continue;
    }
    const owners = bySample.all(p.id) as string[];
    if (owners.length > 1) {
      throw new AppError('family/ped-unknown-sample', `${file} line ${p.line}: sample "${p.id}" was imported for ${owners.length} different patients; say which with ${wording.mapOne(p.id)}.`, {
        file,
        line: p.line,
        sample: p.id,
        patients: owners,
      });
    }
    if (owners.length === 0) {
      throw new AppError('family/ped-unknown-sample', `${file} line ${p.line}: "${p.id}" matches no registered patient (NHS number, patient id or imported sample name); register them or use ${wording.mapOne(p.id)}.`, {
        file,
        line: p.line,
        sample: p.id,
      });
    }
    out.set(p.id, resolve(owners[0]));
  }
  return out;
}
