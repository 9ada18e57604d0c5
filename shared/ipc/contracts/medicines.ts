import { z } from 'zod';
import { drugEntrySchema, medicationDraftSchema, medicationReviewSchema, medicationSchema } from '../../schemas/medicines.ts';

const patientId = z.string().min(1).max(128);
const drugName = z.string().trim().min(1).max(200);

export const medicinesContract = {
  /** The patient's medicines, current first, stopped ones kept with their dates. */
  'medicines:list': {
    input: z.object({ patientId }).strict(),
    output: z.object({ medications: z.array(medicationSchema) }),
  },
  /** Adds a medicine by name; a name the catalogue does not know is kept as free text ("not checked"). */
  'medicines:add': {
    input: z.object({ patientId, draft: medicationDraftSchema }).strict(),
    output: z.object({ medication: medicationSchema, suggestions: z.array(z.string()) }),
  },
  'medicines:stop': {
    input: z.object({ patientId, id: z.string().min(1).max(128) }).strict(),
    output: z.object({ medication: medicationSchema }),
  },
  /** The review of the current medicines, plus any being considered, most urgent first. */
  'medicines:review': {
    input: z.object({ patientId, consider: z.array(drugName).max(20).default([]) }).strict(),
    output: z.object({ review: medicationReviewSchema }),
  },
  /** Drug names GenoDesk can check, for the search box. */
  'medicines:search': {
    input: z.object({ query: z.string().max(200) }).strict(),
    output: z.object({ drugs: z.array(drugEntrySchema) }),
  },
} as const;
