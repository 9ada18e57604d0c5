// The patient register's sex values, kept apart from the zod schemas (shared/schemas/patient.ts re-exports
// them) so that the register's validation, on the CLI's start-up path, does not load zod.
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];
