// The counsellor's worklist and case overview (issue 17): where each case stands and what needs action.
// "Needs action" kinds are open strings, not an enum: a domain adds a kind by registering a provider in the main
// process (electron/main/services/worklist/), and the label and tab travel with each row, so the renderer needs
// no change.
import { z } from 'zod';

/** The case's stage, in order: each later stage implies the earlier ones happened. */
export const CASE_STATUSES = ['awaiting-import', 'awaiting-interpretation', 'awaiting-consent', 'report-draft', 'report-issued'] as const;
export const caseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  'awaiting-import': 'Awaiting import',
  'awaiting-interpretation': 'Awaiting interpretation',
  'awaiting-consent': 'Awaiting consent',
  'report-draft': 'Report draft',
  'report-issued': 'Report issued',
};

/** The patient page tabs a worklist item can link to. */
/** Ids as the renderer maps them to its tabs (renderer/src/features/patients/PatientScreen.tsx, TAB_ID). */
export const PATIENT_TABS = ['overview', 'details', 'medicines', 'sequencing', 'pgx', 'diagnosis', 'family'] as const;
export const patientTabSchema = z.enum(PATIENT_TABS);
export type PatientTab = z.infer<typeof patientTabSchema>;

const kindSchema = z.string().regex(/^[a-z0-9-]{1,40}$/);

export const needsActionSchema = z.object({
  kind: kindSchema,
  /** Short plain words, e.g. "2 unclassified tier 1–2 candidates". */
  label: z.string(),
  count: z.number().int().positive(),
  tab: patientTabSchema,
});
export type NeedsAction = z.infer<typeof needsActionSchema>;

export const WORKLIST_SORTS = ['name', 'status', 'actions', 'updated'] as const;

export const worklistQuerySchema = z.object({
  /** Name prefix (accent- and case-insensitive) or NHS number. */
  search: z.string().max(200).optional(),
  statuses: z.array(caseStatusSchema).max(CASE_STATUSES.length).optional(),
  /** Only patients with this kind of action (any kind when "any"). */
  needs: kindSchema.optional(),
  sort: z.enum(WORKLIST_SORTS).optional(),
  direction: z.enum(['asc', 'desc']).optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});
export type WorklistQuery = z.infer<typeof worklistQuerySchema>;

export const worklistRowSchema = z.object({
  patientId: z.string(),
  nhsNumber: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  birthDate: z.string(),
  status: caseStatusSchema,
  actions: z.array(needsActionSchema),
  updatedAt: z.string(),
});
export type WorklistRow = z.infer<typeof worklistRowSchema>;

export const worklistOutputSchema = z.object({
  rows: z.array(worklistRowSchema),
  /** Patients matching the query (before paging). */
  total: z.number().int(),
  /** Patients in the whole register, so "nothing matches" can be told apart from "no patients yet". */
  registered: z.number().int(),
  byStatus: z.record(caseStatusSchema, z.number().int()),
  /** Every kind any provider knows, with how many patients have it: the filter's choices. */
  kinds: z.array(z.object({ kind: kindSchema, title: z.string(), patients: z.number().int() })),
});
export type WorklistOutput = z.infer<typeof worklistOutputSchema>;

export const overviewItemSchema = z.object({
  text: z.string(),
  detail: z.string().optional(),
  /** true when it needs a person to act (shown first, marked). */
  action: z.boolean(),
});
export type OverviewItem = z.infer<typeof overviewItemSchema>;

export const overviewSectionSchema = z.object({
  key: kindSchema,
  title: z.string(),
  tab: patientTabSchema,
  items: z.array(overviewItemSchema),
  /** Said instead of an empty list: why there is nothing (e.g. "No medication list recorded"). */
  empty: z.string(),
});
export type OverviewSection = z.infer<typeof overviewSectionSchema>;

export const caseOverviewSchema = z.object({
  patientId: z.string(),
  status: caseStatusSchema,
  actions: z.array(needsActionSchema),
  sections: z.array(overviewSectionSchema),
});
export type CaseOverview = z.infer<typeof caseOverviewSchema>;
