import { z } from 'zod';
import {
  importProgressSchema,
  importRequestSchema,
  importResultSchema,
  listImportsInputSchema,
  listImportsOutputSchema,
  listSamplesInputSchema,
  listSamplesOutputSchema,
  variantPageSchema,
  variantQuerySchema,
} from '../../schemas/vcf.ts';

/** The renderer names each import it starts, so progress events and Cancel refer to it. */
const requestId = z.string().min(8).max(64);

export const importsContract = {
  'imports:start': { input: importRequestSchema.extend({ requestId }), output: importResultSchema },
  'imports:cancel': { input: z.object({ requestId }), output: z.object({ cancelled: z.boolean() }) },
  'imports:list': { input: listImportsInputSchema, output: listImportsOutputSchema },
  'imports:samples': { input: listSamplesInputSchema, output: listSamplesOutputSchema },
  'variants:query': { input: variantQuerySchema, output: variantPageSchema },
  /** Native file chooser (desktop app); the browser harness has none and answers null. */
  'app:choose-file': {
    input: z.object({ purpose: z.enum(['vcf', 'outside-call', 'pack', 'save-pdf']) }),
    output: z.object({ path: z.string().nullable() }),
  },
} as const;

export const importsEvents = {
  'imports:progress': importProgressSchema.extend({ requestId }),
} as const;
