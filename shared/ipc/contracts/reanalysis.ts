import { reanalysisListInputSchema, reanalysisListOutputSchema } from '../../schemas/reanalysis.ts';

export const reanalysisContract = {
  // Makes any comparison still pending (a newer pack just installed), then lists the findings, newest first.
  'reanalysis:list': { input: reanalysisListInputSchema, output: reanalysisListOutputSchema },
} as const;
