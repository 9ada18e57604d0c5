import { z } from 'zod';
import { variantFrequencyResultSchema } from '../../schemas/frequency.ts';

export const frequencyContract = {
  // A stored variant's population frequency from the active gnomAD pack of its import's build.
  'frequency:variant': {
    input: z.object({ importId: z.string().min(1).max(64), chrom: z.string().min(1).max(200), pos: z.number().int().min(0), ref: z.string().min(1).max(10_000), alt: z.string().min(1).max(10_000) }),
    output: variantFrequencyResultSchema,
  },
} as const;
