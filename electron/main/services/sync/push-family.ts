// Families (outbox 'family', entity_id = family id): each relative goes to the server as a FamilyMemberHistory
// about the proband (family-resources.ts), after the proband's and relatives' Patients are there. The first
// time a conditional create on GenoDesk's identifier (a retry after a lost answer finds it, never a second
// copy); afterwards an update carrying If-Match with the version we last saw, as for patients, so someone
// else's edit on the server is never overwritten: a 412 leaves the change pending with a conflict error that
// says so. Each relative's resource is remembered as its own sync_remote row ('family-member').
import { AppError } from '../../../../shared/errors.ts';
import type { Family } from '../../../../shared/schemas/family.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { EntityPusher } from './entity-pusher.ts';
import { emptyRemote, nowIso } from './entity-pusher.ts';
import { familyMemberHistory, familyMemberIdentifier } from './family-resources.ts';
import { withRetry } from './sync-context.ts';
import { assertValidResource } from './validate-resource.ts';
import { readFamilyById } from '../family/family-read.ts';

export const FAMILY_ENTITY = 'family';
const MEMBER_ENTITY = 'family-member';

export const familyPusher: EntityPusher = {
  entityType: FAMILY_ENTITY,
  waitsForPatient: true,
  async push(ctx, familyId, rows) {
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

    for (const member of relatives) {
      const resource = familyMemberHistory(family, member, probandServerId, serverIdOf(member.patient));
      assertValidResource(resource, `family ${familyId}`);
      const key = `${familyId}/${member.patient}`;
      const remote = ctx.sync.getRemote(MEMBER_ENTITY, key);
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
      if (answer.status === 412) {
        return {
          pushed: 0,
          failed: new AppError('sync/conflict', `The family history of ${member.name} was changed on the server since GenoDesk last sent it. GenoDesk did not overwrite it; review it on the server.`, {
            familyId,
            patient: member.patient,
          }),
        };
      }
      const server = answer.resource!;
      inTransaction(ctx.store.sqlite, () =>
        ctx.sync.putRemote(
          {
            ...emptyRemote(MEMBER_ENTITY, key, 'FamilyMemberHistory'),
            serverId: server.id ?? null,
            versionId: answer.versionId ?? null,
            lastUpdated: server.meta?.lastUpdated ?? null,
            syncedVersion: family.version,
          },
          nowIso(ctx),
        ),
      );
    }
    const at = nowIso(ctx);
    return { pushed: inTransaction(ctx.store.sqlite, () => ctx.sync.markSent(rows.map((r) => r.id), at)) };
  },
};
