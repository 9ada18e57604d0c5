import { z } from 'zod';
import {
  pgxMatchOptionsInputSchema,
  pgxOutsideCallFileSchema,
  pgxSavedResultSchema,
  pgxStoredOutsideCallSchema,
  pgxStoredRunSchema,
} from '../../schemas/pgx.ts';

const patientId = z.string().min(1).max(128);
/** A path on this computer: from the native chooser, or typed where there is none (browser harness). */
const filePath = z.string().trim().min(1).max(4096);

export const pgxContract = {
  /** PGx from the patient's stored import (newest complete one unless importId is given) and outside calls. */
  'pgx:run': {
    input: z.object({ patientId, importId: z.string().min(1).max(128).optional(), options: pgxMatchOptionsInputSchema.default({}) }).strict(),
    output: z.object({ result: pgxStoredRunSchema }),
  },
  /** Imports PharmCAT's outside-call TSV (CYP2D6 from a lab or Aldy/StellarPGx, HLA typing) for the patient. */
  'pgx:import-outside-calls': {
    input: z.object({ patientId, file: filePath }).strict(),
    output: z.object({ file: pgxOutsideCallFileSchema }),
  },
  /** The outside calls in force for the patient, per gene. */
  'pgx:outside-calls': {
    input: z.object({ patientId }).strict(),
    output: z.object({ calls: z.array(pgxStoredOutsideCallSchema) }),
  },
  /** Writes the clinician PDF to `file` and keeps the result as an issued report (sent by sync). */
  'pgx:save-report': {
    input: z.object({ patientId, file: filePath, importId: z.string().min(1).max(128).optional(), options: pgxMatchOptionsInputSchema.default({}) }).strict(),
    output: z.object({ report: pgxSavedResultSchema }),
  },
  /** Saved results and issued reports of the patient, newest first. */
  'pgx:reports': {
    input: z.object({ patientId }).strict(),
    output: z.object({ reports: z.array(pgxSavedResultSchema) }),
  },
} as const;
