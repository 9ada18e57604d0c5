import { z } from 'zod';

export const appContract = {
  'app:info': {
    input: z.object({}).strict(),
    output: z.object({ version: z.string(), dataDir: z.string(), launcher: z.enum(['electron', 'harness']) }),
  },
} as const;
