import type { Command } from '../command.ts';

export const syncCommands: Command[] = [
  {
    words: ['sync'],
    usage:
      'genodesk sync [--server URL]   (credentials from GENODESK_FHIR_TOKEN_URL, GENODESK_FHIR_CLIENT_ID, GENODESK_FHIR_CLIENT_SECRET; server from --server or GENODESK_FHIR_SERVER)',
    options: { server: { type: 'string' } },
    positionals: { min: 0, max: 0, names: '' },
    async run({ values, app, progress }) {
      const genodesk = await app({ syncServer: typeof values.server === 'string' ? values.server : undefined });
      progress({ message: 'syncing with the central FHIR server…' });
      return genodesk.sync.syncNow();
    },
  },
];
