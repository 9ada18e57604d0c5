// `genodesk family set|show|import-ped` (CLI.md): families of registered patients, printed as {family}.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { Command } from '../command.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** `--map A=P1,B=P2` (repeatable): PED sample → patient id or NHS number. */
export function parseMap(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of values.flatMap((v) => v.split(','))) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) throw new AppError('cli/usage', `--map takes SAMPLE=PATIENT pairs separated by commas, not "${part}".`, { option: 'map', value: part });
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

export const familyCommands: Command[] = [
  {
    words: ['family', 'set'],
    usage: 'genodesk family set --proband PATIENT [--mother PATIENT] [--father PATIENT] [--sibling PATIENT …] [--affected PATIENT …] [--pedigree-number NUMBER]',
    options: {
      'pedigree-number': { type: 'string' },
      proband: { type: 'string' },
      mother: { type: 'string' },
      father: { type: 'string' },
      sibling: { type: 'string', multiple: true },
      affected: { type: 'string', multiple: true },
    },
    positionals: { min: 0, max: 0, names: '' },
    async run({ values, app }) {
      const proband = str(values.proband);
      if (!proband) throw new AppError('cli/missing-argument', 'family set needs --proband PATIENT (id or NHS number).', { option: 'proband' });
      const affected = list(values.affected);
      const family = (await app()).family.set({
        proband,
        mother: str(values.mother),
        father: str(values.father),
        siblings: list(values.sibling),
        affected: affected.length ? affected : undefined,
        pedigreeNumber: str(values['pedigree-number']),
      });
      return { family };
    },
  },
  {
    words: ['family', 'show'],
    usage: 'genodesk family show PATIENT   (id or NHS number)',
    options: {},
    positionals: { min: 1, max: 1, names: 'PATIENT' },
    async run({ positionals, app }) {
      return { family: (await app()).family.show(positionals[0]) };
    },
  },
  {
    words: ['family', 'import-ped'],
    usage: 'genodesk family import-ped FILE.ped [--map SAMPLE=PATIENT,…] [--proband SAMPLE|PATIENT] [--pedigree-number NUMBER]',
    options: { map: { type: 'string', multiple: true }, proband: { type: 'string' }, 'pedigree-number': { type: 'string' } },
    positionals: { min: 1, max: 1, names: 'FILE.ped' },
    async run({ values, positionals, app }) {
      const file = positionals[0];
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        throw new AppError('family/ped-malformed', `Cannot read ${file}: ${(err as Error).message}`, { file });
      }
      const family = (await app()).family.importPed(text, {
        file: path.basename(file),
        map: parseMap(list(values.map)),
        proband: str(values.proband),
        pedigreeNumber: str(values['pedigree-number']),
      });
      return { family };
    },
  },
];

familyCommands.push({
  words: ['family', 'import-vcf'],
  usage: 'genodesk family import-vcf FILE (--proband PATIENT | --map SAMPLE=PATIENT,…) [--build GRCh37|GRCh38]',
  options: { proband: { type: 'string' }, map: { type: 'string', multiple: true }, build: { type: 'string' } },
  positionals: { min: 1, max: 1, names: 'FILE' },
  async run({ values, positionals, app, signal }) {
    const genodesk = await app();
    const build = str(values.build);
    if (build !== undefined && build !== 'GRCh37' && build !== 'GRCh38') throw new AppError('cli/usage', `--build must be GRCh37 or GRCh38, not "${build}".`, { option: 'build', value: build });
    const map = parseMap(list(values.map));
    let members = Object.entries(map).map(([sample, ref]) => ({ sample, patientId: genodesk.patients.resolve(ref).id }));
    const proband = str(values.proband);
    if (members.length === 0) {
      if (!proband) throw new AppError('cli/missing-argument', 'family import-vcf needs --proband PATIENT (a family imported from a PED) or --map SAMPLE=PATIENT,….', { option: 'proband' });
      // Members recorded from a PED carry their sample name.
      members = genodesk.family
        .show(proband)
        .members.filter((m) => m.sample !== null)
        .map((m) => ({ sample: m.sample as string, patientId: m.patient }));
      if (members.length === 0) throw new AppError('family/invalid', 'This family has no sample names (it was not imported from a PED): give --map SAMPLE=PATIENT,….', { proband });
    }
    return genodesk.importFamilyVcf({ file: positionals[0], members, build }, { signal });
  },
});

familyCommands.push({
  words: ['family', 'analyse'],
  usage: 'genodesk family analyse PATIENT   (family QC and segregation of every stored site; the 50 best de novo calls)',
  options: {},
  positionals: { min: 1, max: 1, names: 'PATIENT' },
  async run({ positionals, app }) {
    const genodesk = await app();
    const patient = genodesk.patients.resolve(positionals[0]);
    return { analysis: await genodesk.familyAnalysis(patient.id) };
  },
});
