import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { backoffDelay, delayBeforeRetry, parseRetryAfter } from '../../../electron/main/services/sync/backoff.ts';

const policy = { baseMs: 100, maxMs: 1_000 };

describe('backoff with full jitter', () => {
  it('waits between zero and the exponential cap, never above the maximum', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(0);
    expect(backoffDelay(0, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(3, policy, () => 0.999)).toBe(799);
    expect(backoffDelay(10, policy, () => 0.999)).toBe(999);
  });

  it('spreads retries: many clients at the same attempt do not wait the same time', () => {
    const waits = new Set(Array.from({ length: 50 }, () => backoffDelay(4, policy)));
    expect(waits.size).toBeGreaterThan(10);
  });

  it("never retries sooner than the server's Retry-After", () => {
    const limited = new AppError('sync/rate-limited', 'slow down', { retryAfterMs: 5_000 });
    expect(delayBeforeRetry(limited, 0, policy, () => 0.5)).toBe(5_000);
    const plain = new AppError('sync/server-error', 'boom', {});
    expect(delayBeforeRetry(plain, 0, policy, () => 0.5)).toBe(50);
  });
});

describe('Retry-After (RFC 9110 §10.2.3)', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  it('reads delay-seconds', () => expect(parseRetryAfter('120', now)).toBe(120_000));
  it('reads an HTTP date', () => expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:30 GMT', now)).toBe(30_000));
  it('treats a date in the past as no wait', () => expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0));
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
