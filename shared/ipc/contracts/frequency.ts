import { z } from 'zod';
import { variantFrequencyResultSchema } from '../../schemas/frequency.ts';

const variantKey = z.object({ importId: z.string().min(1).max(64), chrom: z.string().min(1).max(200), pos: z.number().int().min(0), ref: z.string().min(1).max(10_000), alt: z.string().min(1).max(10_000) });

export const frequencyContract = {
  // A stored variant's population frequency from the active gnomAD pack of its import's build.
  'frequency:variant': {
    input: variantKey,
    output: variantFrequencyResultSchema,
  },
  // A page of the variant browser at once (its frequency column), in the order given.
  'frequency:variants': {
    input: z.object({ variants: z.array(variantKey).max(500) }),
    output: z.object({ results: z.array(variantFrequencyResultSchema) }),
  },
} as const;
