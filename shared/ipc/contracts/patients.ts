import { z } from 'zod';
import { auditEntrySchema, patientChangesSchema, patientDraftSchema, patientSchema, patientSearchSchema } from '../../schemas/patient.ts';

export const patientsContract = {
  'patients:create': { input: z.object({ draft: patientDraftSchema }), output: patientSchema },
  'patients:update': {
    input: z.object({ id: z.string().max(64), version: z.number().int().min(1), changes: patientChangesSchema }),
    output: patientSchema,
  },
  'patients:get': { input: z.object({ id: z.string().max(64) }), output: z.object({ patient: patientSchema }) },
  'patients:search': {
    input: patientSearchSchema,
    output: z.object({ patients: z.array(patientSchema), total: z.number().int() }),
  },
  'audit:list': {
    input: z.object({ entityType: z.string().max(32), entityId: z.string().max(64) }),
    output: z.object({ entries: z.array(auditEntrySchema) }),
  },
} as const;
