import { z } from 'zod';
import { resolveConflictInputSchema, syncConflictSchema, syncResultSchema, syncStatusSchema } from '../../schemas/sync.ts';

/** What a person may set for sync; the client secret is write-only (never sent back to the renderer). */
export const syncSettingsInputSchema = z.object({
  serverUrl: z.string().min(1).max(2000),
  tokenUrl: z.string().max(2000).optional(),
  clientId: z.string().max(500).optional(),
  clientSecret: z.string().max(2000).optional(),
});

export const syncContract = {
  'sync:status': { input: z.object({}).strict(), output: syncStatusSchema },
  'sync:now': { input: z.object({}).strict(), output: syncResultSchema },
  'sync:conflicts': { input: z.object({}).strict(), output: z.object({ conflicts: z.array(syncConflictSchema) }) },
  'sync:resolve': { input: resolveConflictInputSchema, output: syncConflictSchema },
  'sync:configure': { input: syncSettingsInputSchema, output: syncStatusSchema },
} as const;

export const syncEvents = {
  'sync:status-changed': syncStatusSchema,
} as const;
