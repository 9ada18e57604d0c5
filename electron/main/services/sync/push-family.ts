// Families (outbox 'family', entity_id = family id): each relative goes to the server as a FamilyMemberHistory
// about the proband (family-resources.ts), after the proband's and relatives' Patients are there. The first
// time a conditional create on GenoDesk's identifier (a retry after a lost answer finds it, never a second
// copy); afterwards an update carrying If-Match with the version we last saw, as for patients, so someone
// else's edit on the server is never overwritten: a 412 fetches the server's version and, when it differs from
// ours, stores a conflict for that relative shown side by side (family-conflicts.ts resolves it); the family's
// outbox rows wait until every relative's conflict is resolved. Each relative's resource is remembered as its
// own sync_remote row ('family-member', `<family id>/<patient id>`), with the fields last agreed as its base.
// A relative removed here is marked entered-in-error on the server (retractRemoved), never deleted.
import { AppError } from '../../../../shared/errors.ts';
import type { Family } from '../../../../shared/schemas/family.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { EntityPusher } from './entity-pusher.ts';
import type { FhirResource } from './fhir-client.ts';
import { emptyRemote, nowIso } from './entity-pusher.ts';
import { familyMemberFromFhir, familyMemberHistory, familyMemberIdentifier, freeNotes, sameFamilyMember } from './family-resources.ts';
import { storeConflict } from './push-patient.ts';
import { withRetry } from './sync-context.ts';
import type { SyncContext } from './sync-context.ts';
import { assertValidResource } from './validate-resource.ts';
import { readFamilyById } from '../family/family-read.ts';

export const FAMILY_ENTITY = 'family';

const sameIdentifiers = (a: FhirResource, b: FhirResource): boolean => JSON.stringify(a.identifier ?? []) === JSON.stringify(b.identifier ?? []);
export const MEMBER_ENTITY = 'family-member';
const RETRACTED = 'entered-in-error';

/**
 * Relatives removed from the family here whose FamilyMemberHistory is on the server: each is marked
 * `entered-in-error` (FHIR R4's status for a record that should not have existed), not deleted, so the server
 * keeps its history. The server's current copy is sent back with only the status changed — with If-Match, and
 * after a 412 on the version the server then holds — so an edit made there meanwhile is kept, not overwritten.
 * A relative added back later is sent again in full (status completed) under the same identifier.
 */
async function retractRemoved(ctx: SyncContext, familyId: string, current: Set<string>): Promise<void> {
  for (const remote of ctx.sync.remotesLike(MEMBER_ENTITY, `${familyId}/`)) {
    if (current.has(remote.entityId) || !remote.serverId || !remote.resource || remote.resource.status === RETRACTED) continue;
    const send = (server: FhirResource, versionId: string | null) =>
      withRetry(ctx, () =>
        ctx.client.request('PUT', `FamilyMemberHistory/${remote.serverId}`, {
          body: { ...server, id: remote.serverId, status: RETRACTED },
          headers: versionId ? { 'if-match': `W/"${versionId}"` } : {},
          allow: [412],
          expect: 'FamilyMemberHistory',
        }),
      );
    let answer = await send(remote.resource, remote.versionId);
    if (answer.status === 412) {
      const server = (await withRetry(ctx, () => ctx.client.request('GET', `FamilyMemberHistory/${remote.serverId}`, { expect: 'FamilyMemberHistory' }))).resource!;
      answer = await send(server, server.meta?.versionId ?? null);
      // Changed again in between: left for the family's next push.
      if (answer.status === 412) continue;
    }
    const sent = answer.resource!;
    inTransaction(ctx.store.sqlite, () =>
      ctx.sync.putRemote({ ...remote, versionId: answer.versionId ?? sent.meta?.versionId ?? null, lastUpdated: sent.meta?.lastUpdated ?? null, resource: sent }, nowIso(ctx)),
    );
  }
}

export const familyPusher: EntityPusher = {
  entityType: FAMILY_ENTITY,
  waitsForPatient: true,
  async push(ctx, familyId, rows) {
    if (ctx.sync.openConflictsLike(MEMBER_ENTITY, `${familyId}/`) > 0) {
      // A relative's conflict waits for a person: sending the family now could overwrite one side.
      inTransaction(ctx.store.sqlite, () => ctx.sync.holdForConflict(FAMILY_ENTITY, familyId));
      return { pushed: 0, deferred: true };
    }
    let family: Family | null;
    try {
      family = readFamilyById(ctx.store.sqlite, familyId);
    } catch {
      family = null;
    }
    if (!family) {
      throw new AppError('sync/unsupported-entity', `Family ${familyId} is waiting to be sent but could not be read here; it was kept and will be tried again.`, { familyId });
    }
    const serverIdOf = (patientId: string) => ctx.sync.getRemote('patient', patientId)?.serverId ?? null;
    const probandServerId = serverIdOf(family.proband);
    const relatives = family.members.filter((m) => m.patient !== family.proband);
    // The proband and every relative are registered patients: their Patients go first.
    if (!probandServerId || relatives.some((m) => !serverIdOf(m.patient))) return { pushed: 0, deferred: true };

    let conflicts = 0;
    for (const member of relatives) {
      const key = `${familyId}/${member.patient}`;
      const remote = ctx.sync.getRemote(MEMBER_ENTITY, key);
      const resource = familyMemberHistory(family, member, probandServerId, serverIdOf(member.patient), freeNotes(remote?.resource));
      assertValidResource(resource, `family ${familyId}`);
      const mine = familyMemberFromFhir(resource);
      const confirm = (server: FhirResource, versionId = server.meta?.versionId ?? null) =>
        inTransaction(ctx.store.sqlite, () =>
          ctx.sync.putRemote(
            {
              ...emptyRemote(MEMBER_ENTITY, key, 'FamilyMemberHistory'),
              serverId: server.id ?? remote?.serverId ?? null,
              versionId,
              lastUpdated: server.meta?.lastUpdated ?? null,
              syncedVersion: family.version,
              base: mine as never,
              resource: server,
            },
            nowIso(ctx),
          ),
        );
      // The server already holds exactly this relative (an edit of another member): nothing to send. The
      // identifiers count too: entering or clearing the family's pedigree number changes no compared field.
      // A relative retracted after an earlier removal and now added back is sent again (status completed).
      if (remote?.serverId && remote.resource && remote.resource.status !== RETRACTED && sameFamilyMember(remote.base as never, mine) && sameIdentifiers(remote.resource, resource)) {
        confirm(remote.resource, remote.versionId);
        continue;
      }
      const id = familyMemberIdentifier(family, member);
      const answer = remote?.serverId
        ? await withRetry(ctx, () =>
            ctx.client.request('PUT', `FamilyMemberHistory/${remote.serverId}`, {
              body: { ...resource, id: remote.serverId },
              headers: remote.versionId ? { 'if-match': `W/"${remote.versionId}"` } : {},
              allow: [412],
              expect: 'FamilyMemberHistory',
            }),
          )
        : await withRetry(ctx, () =>
            ctx.client.request('POST', 'FamilyMemberHistory', {
              body: resource,
              headers: { 'if-none-exist': `identifier=${encodeURIComponent(id.system)}|${encodeURIComponent(id.value)}` },
              expect: 'FamilyMemberHistory',
            }),
          );
      if (answer.status !== 412) {
        confirm(answer.resource!, answer.versionId ?? answer.resource!.meta?.versionId ?? null);
        continue;
      }
      const server = (await withRetry(ctx, () => ctx.client.request('GET', `FamilyMemberHistory/${remote!.serverId}`, { expect: 'FamilyMemberHistory' }))).resource!;
      const theirs = familyMemberFromFhir(server);
      if (sameFamilyMember(theirs, mine)) {
        confirm(server);
        continue;
      }
      // Changed on the server since we last sent it: both versions kept for a person; the others still go.
      storeConflict(ctx, 'update-rejected', remote!, mine, server, theirs, (remote!.base as never) ?? null, { entityType: FAMILY_ENTITY, entityId: familyId });
      conflicts++;
    }
    if (conflicts > 0) return { pushed: 0, conflict: true };
    await retractRemoved(ctx, familyId, new Set(relatives.map((m) => `${familyId}/${m.patient}`)));
    const at = nowIso(ctx);
    return { pushed: inTransaction(ctx.store.sqlite, () => ctx.sync.markSent(rows.map((r) => r.id), at)) };
  },
};
