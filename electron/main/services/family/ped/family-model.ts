// A PED pedigree as the segregation engine's FamilyModel, checked against the VCF it will be read with: the
// proband and the proband's parents must each have a genotype column, or de novo and inherited calls would
// silently become "unknown". The error names the PED line of the missing person.
import { AppError } from '../../../../../shared/errors.ts';
import type { FamilyModel } from '../segregation/family-genotypes.ts';
import type { Pedigree } from './parse-ped.ts';
import { impliedProband } from './parse-ped.ts';

export function familyModelFromPed(ped: Pedigree, build: FamilyModel['build'], options: { proband?: string; vcfSamples?: readonly string[]; file?: string } = {}): FamilyModel {
  const file = options.file ?? 'PED file';
  const probandId = options.proband ?? impliedProband(ped)?.id;
  if (!probandId) throw new AppError('family/invalid', `${file}: no affected person to take as the proband; name one with --proband.`, { file });
  const proband = ped.individuals.find((p) => p.id === probandId);
  if (!proband) {
    throw new AppError('family/ped-unknown-sample', `${file}: the proband "${probandId}" is not in the PED file (it lists ${ped.individuals.map((p) => p.id).join(', ')}).`, { file, proband: probandId });
  }
  if (options.vcfSamples) {
    const inVcf = new Set(options.vcfSamples);
    const needed = [proband, ...ped.individuals.filter((p) => p.id === proband.father || p.id === proband.mother)];
    for (const p of needed) {
      if (!inVcf.has(p.id)) {
        const role = p === proband ? 'proband' : p.id === proband.mother ? 'mother' : 'father';
        throw new AppError('family/sample-missing-from-vcf', `${file} line ${p.line}: the ${role} "${p.id}" has no genotype column in the VCF (its samples are ${options.vcfSamples.join(', ')}).`, {
          file,
          line: p.line,
          sample: p.id,
          role,
        });
      }
    }
  }
  return {
    proband: proband.id,
    build,
    members: ped.individuals.map((p) => ({ id: p.id, father: p.father, mother: p.mother, sex: p.sex, affected: p.affected })),
  };
}
