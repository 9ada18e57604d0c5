import { z } from 'zod';
import { jobInfoSchema } from '../../schemas/jobs.ts';

export const jobsContract = {
  'jobs:list': { input: z.object({}), output: z.object({ jobs: z.array(jobInfoSchema) }) },
  'jobs:cancel': { input: z.object({ requestId: z.string().min(8).max(64) }), output: z.object({ cancelled: z.boolean() }) },
} as const;
