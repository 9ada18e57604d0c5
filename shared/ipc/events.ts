import { importsEvents } from './contracts/imports.ts';
import { syncEvents } from './contracts/sync.ts';
import { packsEvents } from './contracts/packs.ts';
import { annotationEvents } from './contracts/annotation.ts';
import { phenotypeEvents } from './contracts/phenotype.ts';

// Events the main process pushes to the renderer (progress, status): their payload types come from these
// schemas, and the preload/harness bridge refuses subscriptions to any event not listed here.
export const eventSchemas = {
  ...importsEvents,
  ...syncEvents,
  ...packsEvents,
  ...annotationEvents,
  ...phenotypeEvents,
} as const;
