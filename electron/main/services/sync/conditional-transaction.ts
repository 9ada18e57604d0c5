// Sends a set of resources (a report and its parts) as transaction bundles of conditional creates. Each
// chunk is all-or-nothing on the server and every entry carries ifNoneExist on its GenoDesk identifier, so
// repeating a chunk whose answer was lost finds what the first attempt created instead of creating it again.
// References to entries of earlier chunks are rewritten to the server's `Type/id` as chunks are confirmed.
import { AppError } from '../../../../shared/errors.ts';
import type { BundleEntry } from './pgx-report-resources.ts';
import { chunkEntries, resolveReferences, transactionBundle } from './pgx-report-resources.ts';
import type { SyncContext } from './sync-context.ts';
import { withRetry } from './sync-context.ts';

export interface ConfirmedTransaction {
  /** fullUrl (urn:uuid:…) → the server's `Type/id`, for every entry. */
  locations: Map<string, string>;
  /** Server id and version of the entry whose resourceType is `primaryType` (the report). */
  primary: { id: string; versionId: string | null } | null;
}

type ResponseEntry = { response?: { status?: string; location?: string; etag?: string } };

/** `what` names the local record in errors ("report GD-…"); nothing is marked sent here. */
export async function sendConditionalEntries(ctx: SyncContext, entries: BundleEntry[], primaryType: string, what: string): Promise<ConfirmedTransaction> {
  const locations = new Map<string, string>();
  let primary: ConfirmedTransaction['primary'] = null;
  for (const chunk of chunkEntries(entries, ctx.transactionChunkSize)) {
    const bundle = transactionBundle(resolveReferences(chunk, locations));
    const answer = await withRetry(ctx, () => ctx.client.request('POST', '', { body: bundle, expect: 'Bundle' }));
    const answered = (answer.resource?.entry as ResponseEntry[] | undefined) ?? [];
    if (answer.resource?.type !== 'transaction-response' || answered.length !== chunk.length) {
      throw new AppError('sync/bad-response', 'The FHIR server answered a transaction with something other than a matching transaction-response. Nothing was marked as sent.', {
        record: what,
        got: answer.resource?.type ?? null,
      });
    }
    answered.forEach((e, i) => {
      const status = Number.parseInt(e.response?.status ?? '', 10);
      const location = e.response?.location ?? '';
      const m = /^(?:.*\/)?([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/([^/]+))?$/.exec(location);
      if (!(status >= 200 && status < 300) || !m) {
        throw new AppError('sync/bad-response', `The FHIR server did not confirm part of ${what}. Nothing was marked as sent.`, {
          record: what,
          status: e.response?.status ?? null,
        });
      }
      locations.set(chunk[i].fullUrl, `${m[1]}/${m[2]}`);
      if (chunk[i].resource.resourceType === primaryType) primary = { id: m[2], versionId: m[3] ?? e.response?.etag ?? null };
    });
  }
  return { locations, primary };
}
