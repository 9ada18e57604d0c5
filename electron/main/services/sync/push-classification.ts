// The lab's variant classifications (outbox 'classification': entity_id = variant id such as
// `GRCh38:chr1-226982996-C-T`, entity_version = classification version). Every version is kept locally and
// every version goes to the server as its own diagnostic-implication Observation (classification-resource.ts),
// oldest first, each a conditional create on that version's GenoDesk identifier: a retry after a lost answer
// finds the resource instead of creating a second one. Each row is marked sent as soon as its own version is
// confirmed, so a failure on a later version never resends an earlier one. No patient dependency: a
// classification is about the variant, not a patient.
import { AppError } from '../../../../shared/errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { classificationIdentifier, classificationToFhir } from './classification-resource.ts';
import type { EntityPusher } from './entity-pusher.ts';
import { emptyRemote, nowIso } from './entity-pusher.ts';
import type { SyncContext } from './sync-context.ts';
import { endsPhase, withRetry } from './sync-context.ts';
import type { OutboxRow } from './sync-store.ts';
import { assertValidResource } from './validate-resource.ts';

export const CLASSIFICATION_ENTITY = 'classification';

export const classificationPusher: EntityPusher = {
  entityType: CLASSIFICATION_ENTITY,
  async push(ctx, variantId, rows) {
    const byVersion = new Map<number, OutboxRow[]>();
    for (const row of rows) byVersion.set(row.entityVersion, [...(byVersion.get(row.entityVersion) ?? []), row]);
    let pushed = 0;
    let failed: AppError | undefined;
    for (const version of [...byVersion.keys()].sort((a, b) => a - b)) {
      try {
        pushed += await pushVersion(ctx, variantId, version, byVersion.get(version)!);
      } catch (err) {
        // Versions are independent resources: one that cannot be sent (unreadable, invalid) must not hold
        // back the later ones. A server or network failure ends the phase as for any other record.
        if (endsPhase(err) || !(err instanceof AppError)) throw err;
        failed ??= err;
      }
    }
    return { pushed, failed };
  },
};

async function pushVersion(ctx: SyncContext, variantId: string, version: number, rows: OutboxRow[]): Promise<number> {
  const unavailable = (cause: string) =>
    new AppError(
      'sync/classification-unavailable',
      `Version ${version} of the lab's classification of ${variantId} is waiting to be sent but could not be read here; it was kept and will be tried again.`,
      { variantId, version, cause },
    );
  let record;
  let resource;
  try {
    record = ctx.classifications?.getClassification(variantId, version);
    if (record) resource = classificationToFhir(record);
  } catch (err) {
    // A damaged stored version is this version's problem: it must not end the phase for every other row.
    throw unavailable(err instanceof AppError ? err.code : 'unreadable');
  }
  if (!record || !resource) throw unavailable(ctx.classifications ? 'not-found' : 'no-source');
  assertValidResource(resource, `classification ${variantId} v${version}`);
  const id = classificationIdentifier(record);
  const answer = await withRetry(ctx, () =>
    ctx.client.request('POST', 'Observation', {
      body: resource,
      headers: { 'if-none-exist': `identifier=${encodeURIComponent(id.system)}|${encodeURIComponent(id.value)}` },
      expect: 'Observation',
    }),
  );
  const server = answer.resource!;
  const at = nowIso(ctx);
  return inTransaction(ctx.store.sqlite, () => {
    // What the server holds for this variant's newest confirmed version (for support and status, not for
    // skipping: an older version that failed earlier must still go).
    const known = ctx.sync.getRemote(CLASSIFICATION_ENTITY, variantId);
    if ((known?.syncedVersion ?? 0) <= version) {
      ctx.sync.putRemote(
        {
          ...emptyRemote(CLASSIFICATION_ENTITY, variantId, 'Observation'),
          serverId: server.id ?? null,
          versionId: answer.versionId ?? null,
          lastUpdated: server.meta?.lastUpdated ?? null,
          syncedVersion: version,
        },
        at,
      );
    }
    return ctx.sync.markSent(
      rows.map((r) => r.id),
      at,
    );
  });
}
