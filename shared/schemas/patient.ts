import { z } from 'zod';

import { SEXES } from '../sexes.ts';

export { SEXES } from '../sexes.ts';
export type { Sex } from '../sexes.ts';

const isoDateTime = z.string();

export const patientSchema = z.object({
  id: z.string(),
  nhsNumber: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  birthDate: z.string(),
  sex: z.enum(SEXES),
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Patient = z.infer<typeof patientSchema>;

// The boundary checks shape and size only; the meaning (Modulus 11, dates, names) is checked by the
// patients service so every caller — form, CLI, sync — gets the same specific field error.
const field = (max: number) => z.string().max(max);
export const patientDraftSchema = z.object({
  nhsNumber: field(32),
  familyName: field(200),
  givenName: field(200),
  birthDate: field(32),
  sex: field(16).optional(),
});
export type PatientDraft = z.infer<typeof patientDraftSchema>;

export const patientChangesSchema = patientDraftSchema.partial();
export type PatientChanges = z.infer<typeof patientChangesSchema>;

export const patientSearchSchema = z.object({
  query: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(500).optional(),
  offset: z.number().int().min(0).optional(),
});
export type PatientSearch = z.infer<typeof patientSearchSchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.string(),
  changes: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const fieldErrorSchema = z.object({ field: z.string(), code: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;
