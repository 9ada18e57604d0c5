// Annotation packs on the command line (CLI.md, issue 7 §6):
//   packs install PATH… | --built-in ID [--id ID] [--version V] [--build GRCh37|GRCh38] [--licence TEXT]
//   packs list
//   packs remove ID
import { AppError } from '../../../shared/errors.ts';
import type { PackInstallRequest } from '../../../shared/schemas/packs.ts';
import { formatBytesForCli } from '../format.ts';
import type { Command } from '../command.ts';
import { installHpoFiles } from '../../main/services/phenotype/hpo-pack.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const packsCommands: Command[] = [
  {
    words: ['packs', 'install'],
    usage: 'genodesk packs install PATH… | --built-in ID [--id ID] [--version V] [--build GRCh37|GRCh38] [--licence TEXT] [--progress json]',
    options: { 'built-in': { type: 'string' }, id: { type: 'string' }, version: { type: 'string' }, build: { type: 'string' }, licence: { type: 'string' } },
    positionals: { min: 0, max: 8, names: 'PATH… (the files of one pack, or one pack folder)' },
    async run(ctx) {
      const { values, positionals, app, progress, signal } = ctx;
      const builtInId = str(values['built-in']);
      if (positionals.length === 0 && !builtInId) {
        throw new AppError('cli/missing-argument', 'packs install needs the files of one pack (GFF3 + FASTA, a ClinVar VCF or a PanelApp export), a pack folder, or --built-in ID.', {
          option: 'PATH',
        });
      }
      if (positionals.length > 0 && builtInId) throw new AppError('cli/usage', 'Give either PATH… or --built-in ID, not both.', { option: 'built-in' });
      // An HPO release (hp.obo + genes_to_phenotype.txt) is a phenotype pack: no store needed.
      const hpo = ctx.dataDir ? installHpoFiles(ctx.dataDir, positionals) : null;
      if (hpo) return { pack: { kind: 'hpo', id: `hpo-${hpo.version}`, version: hpo.version, dir: hpo.dir, files: hpo.files } };
      const build = str(values.build);
      if (build !== undefined && build !== 'GRCh37' && build !== 'GRCh38') {
        throw new AppError('cli/usage', `--build must be GRCh37 or GRCh38, not "${build}".`, { option: 'build', value: build });
      }
      const request: PackInstallRequest = {
        ...(builtInId ? { builtInId } : { paths: positionals }),
        id: str(values.id),
        version: str(values.version),
        build,
        licence: str(values.licence),
      };
      const genodesk = await app();
      const pack = await genodesk.packs.install(request, {
        signal,
        onProgress: (p) => progress({ ...p, message: `${p.phase} ${p.file} · ${formatBytesForCli(p.bytes)} of ${formatBytesForCli(p.totalBytes)}` }),
      });
      // A newer ClinVar or frequency pack starts reanalysis of the stored patients (CLI.md); the pack is
      // installed whatever reanalysis finds, and `genodesk reanalysis` lists the findings.
      progress({ phase: 'reanalysis', message: 'Comparing with the previous pack for the stored patients…' });
      const reanalysis = genodesk.reanalysis.runPending();
      return { pack, reanalysis };
    },
  },
  {
    words: ['packs', 'list'],
    usage: 'genodesk packs list',
    options: {},
    positionals: { min: 0, max: 0, names: '' },
    async run({ app }) {
      const { installed, builtIn } = (await app()).packs.list();
      return { packs: installed, builtIn };
    },
  },
  {
    words: ['packs', 'remove'],
    usage: 'genodesk packs remove ID',
    options: {},
    positionals: { min: 1, max: 1, names: 'ID' },
    async run({ positionals, app }) {
      return { removed: (await app()).packs.remove(positionals[0]) };
    },
  },
];
