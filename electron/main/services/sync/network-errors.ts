// Turns what fetch throws into the sync error a person can act on. "Offline" (nothing answered) and
// "connection lost" (it broke mid-request, so the server may or may not have committed) are different:
// the second is exactly the case our conditional writes exist for.
import { AppError } from '../../../../shared/errors.ts';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EADDRNOTAVAIL']);

function causeCode(err: unknown): string | undefined {
  let e = err as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string') return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

function isTimeout(err: unknown): boolean {
  const name = (err as { name?: string } | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

export function networkError(err: unknown, url: string, timeoutMs: number): AppError {
  if (err instanceof AppError) return err;
  const host = safeOrigin(url);
  if (isTimeout(err)) {
    return new AppError(
      'sync/timeout',
      `The FHIR server at ${host} did not answer within ${Math.round(timeoutMs / 1000)} seconds. GenoDesk will try again; your changes are kept until the server confirms them.`,
      { server: host, timeoutMs },
    );
  }
  const code = causeCode(err);
  if (code && UNREACHABLE.has(code)) {
    return new AppError(
      'sync/offline',
      `GenoDesk cannot reach the FHIR server at ${host}. You can keep working: changes are kept and sent when the connection is back.`,
      { server: host, cause: code },
    );
  }
  return new AppError(
    'sync/connection-lost',
    `The connection to the FHIR server at ${host} broke before it answered. GenoDesk will try again without creating duplicates.`,
    { server: host, cause: code ?? 'socket' },
  );
}

/** Scheme, host and port only: never a path with ids, never credentials. */
export function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the configured server';
  }
}
