// Long work anywhere in the app (imports, pack installs, annotation runs, phenotype rankings), listed in one place with progress
// and Cancel (issue 17).
import { z } from 'zod';

export const JOB_KINDS = ['import', 'pack-install', 'annotation', 'phenotype-rank'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const jobInfoSchema = z.object({
  requestId: z.string(),
  kind: z.enum(JOB_KINDS),
  label: z.string(),
  patientId: z.string().nullable(),
  startedAt: z.string(),
  /** 0–1; null while unknown (e.g. reading a compressed stream of unknown length). */
  fraction: z.number().min(0).max(1).nullable(),
  detail: z.string().nullable(),
});
export type JobInfo = z.infer<typeof jobInfoSchema>;
