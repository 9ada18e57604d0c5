import { z } from 'zod';
import { listPacksOutputSchema, packInfoSchema, packInstallProgressSchema, packInstallRequestSchema } from '../../schemas/packs.ts';

/** The renderer names each install it starts, so progress events and Cancel refer to it. */
const requestId = z.string().min(8).max(64);

export const packsContract = {
  'packs:list': { input: z.object({}), output: listPacksOutputSchema },
  // zod's .and keeps the install request's own refinement (paths or builtInId, not both).
  'packs:install': { input: packInstallRequestSchema.and(z.object({ requestId })), output: z.object({ pack: packInfoSchema }) },
  'packs:cancel': { input: z.object({ requestId }), output: z.object({ cancelled: z.boolean() }) },
  'packs:remove': { input: z.object({ id: z.string().min(1).max(200) }), output: z.object({ removed: packInfoSchema }) },
} as const;

export const packsEvents = {
  'packs:progress': packInstallProgressSchema.extend({ requestId }),
} as const;
