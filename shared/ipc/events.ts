import { z } from 'zod';
import { importsEvents } from './contracts/imports.ts';

// Events the main process pushes to the renderer (progress, status). Same validation as channels.
export const eventSchemas = {
  'app:status': z.object({ online: z.boolean() }),
  ...importsEvents,
} as const;
