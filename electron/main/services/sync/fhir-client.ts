// A small FHIR R4 REST client over fetch: async (never blocks the UI), a timeout on every request, a bearer
// token from the client-credentials grant, and every failure mapped to a specific sync/ or fhir/ error.
// Anything that comes back is checked before use: the server is outside the app.
import { AppError } from '../../../../shared/errors.ts';
import type { Clock } from '../clock.ts';
import { parseRetryAfter } from './backoff.ts';
import { networkError, safeOrigin } from './network-errors.ts';
import type { TokenProvider } from './token-provider.ts';
import { UNAUTHORIZED_ADVICE } from './token-provider.ts';

export interface FhirResource {
  resourceType: string;
  id?: string;
  meta?: { versionId?: string; lastUpdated?: string; profile?: string[] };
  [key: string]: unknown;
}

export interface FhirRequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Statuses the caller handles itself instead of receiving an error (e.g. 412 for If-Match). */
  allow?: number[];
  /** The resourceType a successful answer must carry. */
  expect?: string;
}

export interface FhirAnswer {
  status: number;
  resource: FhirResource | undefined;
  /** Version from the ETag header (W/"3" → "3"), else from meta.versionId. */
  versionId: string | undefined;
  location: string | undefined;
}

export interface FhirClient {
  readonly serverUrl: string;
  request(method: 'GET' | 'POST' | 'PUT', path: string, options?: FhirRequestOptions): Promise<FhirAnswer>;
}

export function createFhirClient(opts: {
  serverUrl: string;
  timeoutMs: number;
  tokens: TokenProvider;
  clock: Clock;
  fetchImpl?: typeof fetch;
}): FhirClient {
  const base = opts.serverUrl.replace(/\/+$/, '');
  const origin = safeOrigin(base);
  const fetchImpl = opts.fetchImpl ?? fetch;

  async function send(method: string, url: string, options: FhirRequestOptions, token: string | undefined) {
    const headers: Record<string, string> = { accept: 'application/fhir+json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/fhir+json';
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      const response = await fetchImpl(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      // The body is read under the same timeout: a server that sends headers and then stalls is a timeout too.
      const text = await response.text();
      return { response, text };
    } catch (err) {
      throw networkError(err, url, opts.timeoutMs);
    }
  }

  async function request(method: 'GET' | 'POST' | 'PUT', path: string, options: FhirRequestOptions = {}): Promise<FhirAnswer> {
    const url = `${base}/${path.replace(/^\/+/, '')}`;
    let token = await opts.tokens.token();
    let { response, text } = await send(method, url, options, token);
    if (response.status === 401 && token) {
      // Tokens expire or are revoked early; one fresh token is worth a retry, a second 401 is not.
      opts.tokens.invalidate();
      token = await opts.tokens.token();
      ({ response, text } = await send(method, url, options, token));
    }
    const status = response.status;
    const allowed = options.allow?.includes(status) ?? false;
    if (!allowed && (status < 200 || status >= 300)) throw statusError(status, response, text, method, path);
    const resource = status === 204 || text.trim() === '' ? undefined : parseFhir(text, response, status, path);
    if (!allowed && options.expect && resource?.resourceType !== options.expect) {
      if (resource?.resourceType === 'OperationOutcome') throw outcomeError(resource, status, method, path);
      throw new AppError(
        'sync/bad-response',
        `The FHIR server answered ${method} ${stripQuery(path)} with ${resource ? `a ${resource.resourceType}` : 'nothing'} instead of a ${options.expect}. Nothing was marked as sent.`,
        { server: origin, status, expected: options.expect, got: resource?.resourceType ?? null },
      );
    }
    return {
      status,
      resource,
      versionId: parseEtag(response.headers.get('etag')) ?? resource?.meta?.versionId,
      location: response.headers.get('location') ?? undefined,
    };
  }

  function parseFhir(text: string, response: Response, status: number, path: string): FhirResource {
    const type = response.headers.get('content-type') ?? '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AppError(
        'sync/bad-response',
        `The server at ${origin} answered with something that is not JSON${type ? ` (${type.split(';')[0]})` : ''}. Check the FHIR server URL in Settings › Sync; nothing was marked as sent.`,
        { server: origin, status, contentType: type, path: stripQuery(path) },
      );
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || typeof (parsed as FhirResource).resourceType !== 'string') {
      throw new AppError(
        'sync/bad-response',
        `The server at ${origin} answered with JSON that is not a FHIR resource. Check the FHIR server URL in Settings › Sync; nothing was marked as sent.`,
        { server: origin, status, path: stripQuery(path) },
      );
    }
    return parsed as FhirResource;
  }

  function statusError(status: number, response: Response, text: string, method: string, path: string): AppError {
    const where = `${method} ${stripQuery(path)}`;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), opts.clock.now());
    if (status === 401 || status === 403) {
      return new AppError('fhir/unauthorized', `The FHIR server refused GenoDesk's credentials (HTTP ${status}). ${UNAUTHORIZED_ADVICE}`, {
        server: origin,
        status,
      });
    }
    if (status === 429) {
      const wait = retryAfterMs === undefined ? '' : ` It asked GenoDesk to wait ${Math.ceil(retryAfterMs / 1000)} seconds.`;
      return new AppError('sync/rate-limited', `The FHIR server is limiting how fast GenoDesk may send.${wait} Changes are kept and sent after the wait.`, {
        server: origin,
        status,
        retryAfterMs,
      });
    }
    if (status >= 500) {
      return new AppError('sync/server-error', `The FHIR server had a problem (HTTP ${status}) with ${where}. GenoDesk will try again; nothing was lost.`, {
        server: origin,
        status,
        retryAfterMs,
        outcome: outcomeText(text),
      });
    }
    if (status === 412) {
      return new AppError('sync/conflict', 'The record was changed on the server since GenoDesk last saw it.', { server: origin, status });
    }
    if (status === 404 || status === 410) {
      return new AppError('fhir/not-found', `The FHIR server has no such record (${where}, HTTP ${status}).`, { server: origin, status });
    }
    const outcome = tryParseOutcome(text);
    if (outcome) return outcomeError(outcome, status, method, path);
    return new AppError(
      'sync/bad-response',
      `The FHIR server refused ${where} (HTTP ${status}) without saying why in FHIR terms. Nothing was marked as sent.`,
      { server: origin, status },
    );
  }

  function outcomeError(outcome: FhirResource, status: number, method: string, path: string): AppError {
    const issues = outcomeIssues(outcome);
    const first = issues[0];
    return new AppError(
      'fhir/operation-outcome',
      `The FHIR server rejected ${method} ${stripQuery(path)}: ${first ? first.text : 'no reason given'}. Nothing was marked as sent.`,
      { server: origin, status, issues },
    );
  }

  return { serverUrl: base, request };
}

export interface OutcomeIssue {
  severity: string;
  code: string;
  text: string;
  expression?: string[];
}

export function outcomeIssues(outcome: FhirResource): OutcomeIssue[] {
  const issues = Array.isArray(outcome.issue) ? (outcome.issue as Record<string, unknown>[]) : [];
  return issues.map((i) => ({
    severity: String(i.severity ?? 'error'),
    code: String(i.code ?? 'unknown'),
    text: String((i.details as { text?: string } | undefined)?.text ?? i.diagnostics ?? i.code ?? 'unknown problem'),
    expression: Array.isArray(i.expression) ? (i.expression as string[]) : undefined,
  }));
}

function tryParseOutcome(text: string): FhirResource | undefined {
  try {
    const parsed = JSON.parse(text) as FhirResource;
    return parsed && parsed.resourceType === 'OperationOutcome' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function outcomeText(text: string): string | undefined {
  const outcome = tryParseOutcome(text);
  return outcome ? outcomeIssues(outcome)[0]?.text : undefined;
}

export function parseEtag(etag: string | null): string | undefined {
  if (!etag) return undefined;
  const m = /^(?:W\/)?"([^"]+)"$/.exec(etag.trim());
  return m ? m[1] : undefined;
}

/** Paths carry identifiers in query strings; errors name the interaction, not the patient. */
function stripQuery(path: string): string {
  return path.split('?')[0];
}
