// How long to wait before trying the server again. Exponential backoff with "full jitter" (a random wait
// between zero and the exponential cap) so many GenoDesk installs coming back online together do not
// hammer the server in lockstep; a server's Retry-After is a floor we never undercut.
import type { AppError } from '../../../../shared/errors.ts';

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * cap);
}

/** Retry-After the server asked for, in ms, when the error carries one. */
export function retryAfterOf(err: unknown): number | undefined {
  const ms = (err as AppError | undefined)?.details?.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

export function delayBeforeRetry(err: unknown, attempt: number, policy: BackoffPolicy, random?: () => number): number {
  const jittered = backoffDelay(attempt, policy, random);
  const floor = retryAfterOf(err);
  return floor === undefined ? jittered : Math.max(floor, jittered);
}

/**
 * Parses an HTTP Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP date.
 * Returns ms from `now`, or undefined when absent or unreadable.
 */
export function parseRetryAfter(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
