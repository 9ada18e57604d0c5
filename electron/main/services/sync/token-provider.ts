// OAuth2 client-credentials grant (RFC 6749 §4.4): GenoDesk authenticates as a system, not as a person.
// The secret and the tokens stay in memory here; they are never put in an error, a status or a log line.
import { AppError } from '../../../../shared/errors.ts';
import type { Clock } from '../clock.ts';
import { networkError } from './network-errors.ts';

export interface TokenConfig {
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  timeoutMs: number;
}

export interface TokenProvider {
  /** A bearer token, or undefined when the server needs none (no token URL configured). */
  token(): Promise<string | undefined>;
  /** Forget the cached token (after a 401) so the next call asks for a new one. */
  invalidate(): void;
}

/** Refresh this long before the server's expiry so a request never leaves with a token about to die. */
const EXPIRY_MARGIN_MS = 30_000;

const WHAT_TO_DO =
  'Check the client ID and secret in Settings › Sync (for the command line: GENODESK_FHIR_CLIENT_ID and GENODESK_FHIR_CLIENT_SECRET), or ask the FHIR server administrator whether this client is still registered.';

export function createTokenProvider(config: TokenConfig, clock: Clock, fetchImpl: typeof fetch = fetch): TokenProvider {
  let cached: { value: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const { tokenUrl, clientId, clientSecret } = config;
    if (!clientId || !clientSecret) {
      throw new AppError('sync/not-configured', `A token URL is set but the client ID or secret is missing. ${WHAT_TO_DO}`, { tokenUrl });
    }
    let response: Response;
    let text: string;
    try {
      // client_secret_basic (RFC 6749 §2.3.1): the credentials go in the Authorization header, form-encoded.
      const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
      response = await fetchImpl(tokenUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${basic}` },
        body: 'grant_type=client_credentials',
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      throw networkError(err, tokenUrl!, config.timeoutMs);
    }
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      throw new AppError('fhir/unauthorized', `The FHIR server's token endpoint refused GenoDesk's client credentials. ${WHAT_TO_DO}`, {
        tokenUrl,
        clientId,
        status: response.status,
      });
    }
    if (response.status >= 500) {
      throw new AppError('sync/server-error', `The token endpoint failed (HTTP ${response.status}). GenoDesk will try again later; nothing was lost.`, {
        tokenUrl,
        status: response.status,
      });
    }
    let body: { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new AppError('sync/bad-response', 'The token endpoint answered with something that is not JSON. Check the token URL in Settings › Sync.', {
        tokenUrl,
        status: response.status,
      });
    }
    if (typeof body.access_token !== 'string' || body.access_token === '' || (body.token_type && String(body.token_type).toLowerCase() !== 'bearer')) {
      throw new AppError('sync/bad-response', 'The token endpoint did not return a bearer access token. Check the token URL in Settings › Sync.', {
        tokenUrl,
        status: response.status,
      });
    }
    const lifetimeMs = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : 300_000;
    cached = { value: body.access_token, expiresAt: clock.now().getTime() + lifetimeMs - EXPIRY_MARGIN_MS };
    return body.access_token;
  }

  return {
    async token() {
      if (!config.tokenUrl) return undefined;
      if (cached && cached.expiresAt > clock.now().getTime()) return cached.value;
      // Concurrent requests share one token request instead of each asking for its own.
      inFlight ??= fetchToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

export const UNAUTHORIZED_ADVICE = WHAT_TO_DO;
