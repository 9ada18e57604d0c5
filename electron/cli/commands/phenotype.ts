// `genodesk phenotype terms` and `genodesk prioritise` (CLI.md, issue 13). Neither opens the store unless it
// must: term search and phenotype-only or --vcf (with CSQ/ANN) ranking read only the HPO release, so no
// database key is asked for; --patient and a VCF needing the installed packs open it.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { DEFAULT_RESOURCES_DIR } from '../../main/resources-dir.ts';
import type { Command, CommandContext } from '../command.ts';

// Every other command's start-up must not pay for phenotype code (about 75 modules: HPO, VCF reading, packs,
// family segregation): it is loaded when a phenotype command runs.
const phenotypeModules = () =>
  Promise.all([
    import('../../main/services/phenotype/phenotype-service.ts'),
    import('../../main/services/phenotype/phenopacket/read-phenopacket.ts'),
    import('../../main/services/phenotype/variants/read-vcf-candidates.ts'),
    import('../../main/services/phenotype/variants/pack-annotator.ts'),
    import('../../main/services/family/family-candidates.ts'),
    import('../../main/services/family/prioritise-family.ts'),
    import('../../main/services/annotation/packs/verified-stamps.ts'),
  ]).then(([service, phenopacket, vcf, packs, familyCandidates, familyPrioritise, stamps]) => ({
    createPhenotypeService: service.createPhenotypeService,
    readPhenopacket: phenopacket.readPhenopacket,
    readVcfCandidates: vcf.readVcfCandidates,
    packAnnotator: packs.packAnnotator,
    rankWithRecordedFamily: familyCandidates.rankWithRecordedFamily,
    applySegregationToRanking: familyPrioritise.applySegregationToRanking,
    segregationFromVcf: familyPrioritise.segregationFromVcf,
    fileVerifiedStamps: stamps.fileVerifiedStamps,
  }));

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const ids = (v: unknown): string[] => (str(v) ?? '').split(',').map((s) => s.trim()).filter(Boolean);

function limitOf(values: CommandContext['values'], fallback: number): number {
  const raw = str(values.limit);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new AppError('cli/usage', `--limit must be a whole number of at least 1, not "${raw}".`, { option: 'limit', value: raw });
  return n;
}

async function service(ctx: CommandContext) {
  const { createPhenotypeService } = await phenotypeModules();
  return createPhenotypeService({ resourcesDir: DEFAULT_RESOURCES_DIR, dataDir: ctx.dataDir });
}

export const phenotypeCommands: Command[] = [
  {
    words: ['phenotype', 'terms'],
    usage: 'genodesk phenotype terms --query TEXT [--limit N]',
    options: { query: { type: 'string' }, limit: { type: 'string' } },
    positionals: { min: 0, max: 0, names: '' },
    async run(ctx) {
      const query = str(ctx.values.query);
      if (query === undefined) throw new AppError('cli/missing-argument', 'phenotype terms needs --query TEXT (a label, synonym or HP id).', { option: 'query' });
      const phenotype = await service(ctx);
      const result = phenotype.searchTerms(query, limitOf(ctx.values, 20));
      return { ...result, attribution: phenotype.attribution() };
    },
  },
  {
    words: ['prioritise'],
    usage: 'genodesk prioritise (--hpo HP:…,HP:… [--exclude-hpo HP:…,…] | --phenopacket FILE.json) [--vcf FILE [--sample NAME] | --patient PATIENT] [--limit N]',
    options: {
      hpo: { type: 'string' },
      'exclude-hpo': { type: 'string' },
      vcf: { type: 'string' },
      sample: { type: 'string' },
      patient: { type: 'string' },
      phenopacket: { type: 'string' },
      limit: { type: 'string' },
      ped: { type: 'string' },
      proband: { type: 'string' },
    },
    positionals: { min: 0, max: 0, names: '' },
    async run(ctx) {
      const { values } = ctx;
      const { readPhenopacket, readVcfCandidates, packAnnotator, rankWithRecordedFamily, applySegregationToRanking, segregationFromVcf, fileVerifiedStamps } = await phenotypeModules();
      const vcf = str(values.vcf);
      const patientRef = str(values.patient);
      if (vcf && patientRef) throw new AppError('cli/usage', 'Give either --vcf FILE or --patient PATIENT, not both.', { options: ['vcf', 'patient'] });
      if (values.sample !== undefined && !vcf) throw new AppError('cli/usage', '--sample goes with --vcf.', { option: 'sample' });
      // Segregation (services/family): --ped FILE [--proband ID] with --vcf; a recorded family with --patient.
      const ped = str(values.ped);
      const proband = str(values.proband);
      if ((ped !== undefined || proband !== undefined) && !vcf) throw new AppError('cli/usage', '--ped and --proband go with --vcf (with --patient the recorded family is used).', { option: 'ped' });
      if (proband !== undefined && ped === undefined) throw new AppError('cli/usage', '--proband needs --ped FILE.', { option: 'proband' });
      let observed = ids(values.hpo);
      let excluded = ids(values['exclude-hpo']);
      const packetFile = str(values.phenopacket);
      const warnings: string[] = [];
      if (packetFile) {
        if (observed.length > 0 || excluded.length > 0) throw new AppError('cli/usage', 'Give the terms either with --hpo/--exclude-hpo or with --phenopacket, not both.', { options: ['hpo', 'phenopacket'] });
        if (!fs.existsSync(packetFile)) throw new AppError('phenotype/phenopacket-invalid', `${packetFile} does not exist.`, { file: packetFile });
        const packet = readPhenopacket(fs.readFileSync(packetFile, 'utf8'), path.basename(packetFile));
        observed = packet.features.filter((f) => !f.excluded).map((f) => f.id);
        excluded = packet.features.filter((f) => f.excluded).map((f) => f.id);
        if (observed.length === 0) throw new AppError('phenotype/phenopacket-no-features', `${path.basename(packetFile)} has no observed phenotypicFeatures (only excluded ones): nothing to rank by.`, { file: packetFile });
      }
      if (observed.length === 0) throw new AppError('phenotype/no-terms', 'prioritise needs observed HPO terms: --hpo HP:0001250,… or --phenopacket FILE.json.', { option: 'hpo' });
      const limit = limitOf(values, 20);
      if (patientRef) {
        const genodesk = await ctx.app();
        const patient = genodesk.patients.resolve(patientRef);
        const ranked = await genodesk.phenotype.prioritise({ observed, excluded, patientId: patient.id, limit, notes: warnings });
        const latest = genodesk.imports.listImports({ patientId: patient.id })[0];
        return rankWithRecordedFamily(ranked, { store: genodesk.store, family: genodesk.family, patientId: patient.id, latestImportId: latest?.id ?? null });
      }
      const phenotype = await service(ctx);
      if (!vcf) return phenotype.prioritise({ observed, excluded, limit, notes: warnings });
      // Fail on bad terms before reading a whole VCF.
      phenotype.resolveTerms([...observed, ...excluded]);
      const read = await readVcfCandidates(vcf, {
        sample: str(values.sample),
        // Only a VCF without CSQ/ANN opens the store, to find the installed packs.
        packs: async (build) => {
          const genodesk = await ctx.app();
          // Each call is one case: pack files checked by an earlier call and unchanged since are not hashed
          // again (a whole genome's index is 3.1 GB, ~10 s). Annotation runs always re-hash.
          const stamps = ctx.dataDir ? fileVerifiedStamps(path.join(ctx.dataDir, 'cache', 'verified-pack-files.json')) : undefined;
          return packAnnotator((b) => genodesk.packs.active(b), stamps)(build);
        },
      });
      const ranked = await phenotype.prioritise({
        observed,
        excluded,
        variants: read.variants,
        limit,
        sources: { vcf: { file: path.resolve(vcf), sample: read.sample, build: read.build, records: read.records, consequences: read.consequenceSource } },
        notes: warnings,
      });
      if (!ped) return ranked;
      const sites = ranked.genes.flatMap((g) => g.variants.map((v) => ({ chrom: v.chrom, pos: v.pos, ref: v.ref, alt: v.alt, gene: g.gene })));
      return applySegregationToRanking(ranked, await segregationFromVcf(vcf, ped, proband ?? read.sample ?? undefined, read.build ?? 'GRCh38', sites) /* build only places the chrX PARs */);
    },
  },
];
