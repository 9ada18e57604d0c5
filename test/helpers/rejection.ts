// The AppError a promise rejects with; fails the test when it resolves instead.
import type { AppError } from '../../shared/errors.ts';

export async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a rejection');
}
