import { z } from 'zod';
import {
  annotateProgressSchema,
  annotateRequestSchema,
  annotateResultSchema,
  annotatedVariantPageSchema,
  annotatedVariantQuerySchema,
  annotationStatusSchema,
  deleteRunInputSchema,
  variantDetailInputSchema,
  variantDetailSchema,
} from '../../schemas/annotation-runs.ts';

/** The renderer names each annotation run it starts, so progress events and Cancel refer to it. */
const requestId = z.string().min(8).max(64);

export const annotationContract = {
  'annotation:start': { input: annotateRequestSchema.extend({ requestId }), output: annotateResultSchema },
  'annotation:cancel': { input: z.object({ requestId }), output: z.object({ cancelled: z.boolean() }) },
  'annotation:status': { input: z.object({ patientId: z.string().min(1).max(64) }), output: annotationStatusSchema },
  'annotation:variants': { input: annotatedVariantQuerySchema, output: annotatedVariantPageSchema },
  'annotation:variant': { input: variantDetailInputSchema, output: variantDetailSchema },
  'annotation:delete-run': { input: deleteRunInputSchema, output: z.object({ deleted: z.string() }) },
} as const;

export const annotationEvents = {
  'annotation:progress': annotateProgressSchema.extend({ requestId }),
} as const;
