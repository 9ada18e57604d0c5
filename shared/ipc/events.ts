import { z } from 'zod';
import { importsEvents } from './contracts/imports.ts';
import { syncEvents } from './contracts/sync.ts';
import { packsEvents } from './contracts/packs.ts';
import { annotationEvents } from './contracts/annotation.ts';

// Events the main process pushes to the renderer (progress, status). Same validation as channels.
export const eventSchemas = {
  'app:status': z.object({ online: z.boolean() }),
  ...importsEvents,
  ...syncEvents,
  ...packsEvents,
  ...annotationEvents,
} as const;
