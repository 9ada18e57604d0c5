// `genodesk reanalysis [--patient PATIENT] [--limit N]` (CLI.md): what newer ClinVar, frequency and panel packs
// changed for the stored patients, newest first. Any comparison still pending (a pack installed by the app,
// or an install cut short before it compared) is made first.
import type { Command } from '../command.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const reanalysisCommands: Command[] = [
  {
    words: ['reanalysis'],
    usage: 'genodesk reanalysis [--patient PATIENT]   (changes since the previous ClinVar / frequency / PanelApp panel pack)',
    options: { patient: { type: 'string' } },
    positionals: { min: 0, max: 0, names: '' },
    async run({ values, app }) {
      const genodesk = await app();
      const ref = str(values.patient);
      const patientId = ref ? genodesk.patients.resolve(ref).id : undefined;
      const runs = genodesk.reanalysis.runPending();
      return { changes: genodesk.reanalysis.list({ patientId }), runs, panelGenes: genodesk.reanalysis.panelGenes({ patientId }) };
    },
  },
];
