// Reads a bundled medicines data file (resources/medicines) and checks it against its schema, so a missing or
// malformed file fails with medicines/data-invalid naming the file and the first bad field.
import fs from 'node:fs';
import type { z } from 'zod';
import { AppError } from '../../../../shared/errors.ts';

export function readDataFile<S extends z.ZodType>(file: string, schema: S, what: string): z.infer<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError('medicines/data-invalid', `The ${what} ${file} could not be read: ${(err as Error).message}`, { file });
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError('medicines/data-invalid', `The ${what} ${file} are malformed at ${issue.path.join('.')}: ${issue.message}`, { file, path: issue.path.join('.') });
  }
  return result.data;
}
