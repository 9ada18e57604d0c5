// A relative's FamilyMemberHistory changed on the central server since GenoDesk last sent it, and GenoDesk
// has a different version to send (the server answered 412): both shown side by side. A relative is kept or
// taken whole (relation, sex and affected status belong together in a pedigree):
// - keep mine: the server's version becomes the base, and the family is queued again ('resolve'), so the
//   next push carries If-Match on that version and a further central edit is caught again;
// - take theirs: relation, sex and affected status are written to the family here (audited; the family's
//   version moves on) and the server's notes are kept on later sends. The relative's name comes from the
//   register (the patient's own record), so a centrally different name is sent back with GenoDesk's.
import { AppError } from '../../../../shared/errors.ts';
import type { Family, FamilyMember } from '../../../../shared/schemas/family.ts';
import type { ConflictChoice, FamilyMemberConflict, SyncedFamilyMember, SyncedFamilyMemberField } from '../../../../shared/schemas/sync.ts';
import { SYNCED_FAMILY_MEMBER_FIELDS } from '../../../../shared/schemas/sync.ts';
import { readFamilyById } from '../family/family-read.ts';
import { applyRelativeFields } from '../family/relative-from-server.ts';
import { createMutator } from '../mutator.ts';
import { changesBetween, chooseFields, conflictHeader, differing, fieldRows, openConflictOrThrow, patientName, remoteAfterResolution } from './conflict-fields.ts';
import type { FhirResource } from './fhir-client.ts';
import { familyMemberFromFhir, familyMemberHistory, freeNotes, sameFamilyMember } from './family-resources.ts';
import { FAMILY_ENTITY, MEMBER_ENTITY } from './push-family.ts';
import type { SyncContext } from './sync-context.ts';
import type { ConflictRow } from './sync-store.ts';

export const FAMILY_MEMBER_ENTITY = MEMBER_ENTITY;

const LABELS: Record<SyncedFamilyMemberField, string> = {
  relation: 'Relation to the proband',
  sex: 'Sex',
  affected: 'Affected status',
  name: 'Name',
  notes: 'Notes',
};

function split(entityId: string): { familyId: string; patientId: string } {
  const at = entityId.indexOf('/');
  return { familyId: entityId.slice(0, at), patientId: entityId.slice(at + 1) };
}

/** What GenoDesk would send for this relative now (server ids do not change the compared fields). */
function mineNow(family: Family, member: FamilyMember, resource: FhirResource | null | undefined): SyncedFamilyMember {
  return familyMemberFromFhir(familyMemberHistory(family, member, 'proband', null, freeNotes(resource)));
}

function locate(ctx: SyncContext, entityId: string) {
  const { familyId, patientId } = split(entityId);
  const family = readFamilyById(ctx.store.sqlite, familyId);
  const member = family?.members.find((m) => m.patient === patientId);
  return { familyId, patientId, family, member };
}

export function presentFamilyMemberConflict(ctx: SyncContext, c: ConflictRow<SyncedFamilyMember>): FamilyMemberConflict {
  const { family, member } = locate(ctx, c.entityId);
  const mine = c.status === 'open' && family && member ? mineNow(family, member, ctx.sync.getRemote(MEMBER_ENTITY, c.entityId)?.resource) : c.local;
  return {
    ...conflictHeader(c),
    entityType: 'family-member',
    label: `Family member: ${mine.relation}${mine.name ? ` (${mine.name})` : ''}`,
    patientId: family?.proband ?? null,
    patientName: patientName(ctx, family?.proband ?? null),
    mine,
    theirs: c.remote,
    base: c.base,
    differingFields: differing(SYNCED_FAMILY_MEMBER_FIELDS, mine, c.remote),
    fields: fieldRows(SYNCED_FAMILY_MEMBER_FIELDS, LABELS, mine, c.remote),
    perFieldAllowed: false,
  };
}

export function resolveFamilyMemberConflict(ctx: SyncContext, id: number, choice: ConflictChoice): FamilyMemberConflict {
  const mutate = createMutator({ store: ctx.store, actor: ctx.actor, clock: ctx.clock });
  mutate(({ at, record }) => {
    const c = openConflictOrThrow<SyncedFamilyMember>(ctx, id);
    const { familyId, patientId, family, member } = locate(ctx, c.entityId);
    if (!family) throw new AppError('family/not-found', 'The family of this conflict is no longer recorded here.', { familyId, patientId });
    if (!member) {
      // Removed from the family here since: nothing of theirs to apply nor of ours to send for this relative,
      // but the choice is recorded and the rest of the family, held by this conflict, is released.
      const { label } = chooseFields<SyncedFamilyMemberField, SyncedFamilyMember>(choice, SYNCED_FAMILY_MEMBER_FIELDS, c.local, c.remote, false);
      ctx.sync.supersede(FAMILY_ENTITY, familyId);
      record({
        entityType: FAMILY_ENTITY,
        entityId: familyId,
        action: 'sync-resolve',
        changes: { conflictId: c.id, relative: patientId, choice: label, serverVersion: c.remoteVersionId, removedHere: true },
        outbox: { op: 'resolve', entityVersion: family.version },
      });
      ctx.sync.markConflictResolved(c.id, label, label === 'keep-mine' ? c.local : c.remote, at, ctx.actor);
      return;
    }
    const remote = ctx.sync.getRemote(MEMBER_ENTITY, c.entityId);
    const mine = mineNow(family, member, remote?.resource);
    const { label } = chooseFields<SyncedFamilyMemberField, SyncedFamilyMember>(choice, SYNCED_FAMILY_MEMBER_FIELDS, mine, c.remote, false);
    let version = family.version;
    let changes: Record<string, unknown> = {};
    let carried: FhirResource;
    if (label === 'take-theirs') {
      const theirs = c.remote;
      if (theirs.relation !== member.relation || theirs.sex !== member.sex || theirs.affected !== member.affected) {
        version = applyRelativeFields(ctx.store.sqlite, familyId, patientId, theirs, at);
        changes = changesBetween(['relation', 'sex', 'affected'] as const, { relation: member.relation as string, sex: member.sex as string, affected: member.affected as string }, { relation: theirs.relation, sex: theirs.sex, affected: theirs.affected });
      }
      carried = c.remoteResource; // its notes are kept on later sends
    } else {
      // Our notes, not theirs, are what later sends carry.
      carried = { ...c.remoteResource, note: mine.notes ? mine.notes.split('\n').map((text) => ({ text })) : [] };
    }
    const after = readFamilyById(ctx.store.sqlite, familyId)!;
    const resolved = mineNow(after, after.members.find((m) => m.patient === patientId)!, carried);
    const agreed = sameFamilyMember(resolved, c.remote);
    ctx.sync.putRemote(remoteAfterResolution(c, { entityType: MEMBER_ENTITY, resourceType: 'FamilyMemberHistory' }, remote, agreed ? version : null, carried), at);
    // The family's held rows are replaced by one 'resolve' row: the push sends only relatives that differ
    // from what the server holds, so this one goes when the choice differs from the server's version, and
    // any other relative edited meanwhile goes too (a family with another open conflict stays held).
    ctx.sync.supersede(FAMILY_ENTITY, familyId);
    record({
      entityType: FAMILY_ENTITY,
      entityId: familyId,
      action: 'sync-resolve',
      changes: { conflictId: c.id, relative: patientId, choice: label, serverVersion: c.remoteVersionId, ...changes },
      outbox: { op: 'resolve', entityVersion: version },
    });
    ctx.sync.markConflictResolved(c.id, label, resolved, at, ctx.actor);
  });
  return presentFamilyMemberConflict(ctx, ctx.sync.getConflict<SyncedFamilyMember>(id)!);
}
