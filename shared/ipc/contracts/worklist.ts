import { z } from 'zod';
import { caseOverviewSchema, worklistOutputSchema, worklistQuerySchema } from '../../schemas/worklist.ts';

export const worklistContract = {
  'worklist:list': { input: worklistQuerySchema, output: worklistOutputSchema },
  'worklist:overview': { input: z.object({ patientId: z.string().max(64) }), output: caseOverviewSchema },
} as const;
