// A patient's phenotype (outbox 'phenotype': entity_id = patient id, entity_version = phenotype version),
// sent after its patient is on the server as one Observation per HPO term ever recorded for the patient
// (phenotype-resources.ts), each a conditional update on its GenoDesk identifier. The whole current state
// goes every time, so several edits since the last push collapse into one and a retry after a lost answer
// writes the same state again; rows are marked sent only once the server confirmed every term.
import { AppError } from '../../../../shared/errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { sendConditionalEntries } from './conditional-transaction.ts';
import type { EntityPusher } from './entity-pusher.ts';
import { emptyRemote, nowIso } from './entity-pusher.ts';
import { phenotypeEntries } from './phenotype-resources.ts';
import { assertValidResource } from './validate-resource.ts';

export const PHENOTYPE_ENTITY = 'phenotype';

export const phenotypePusher: EntityPusher = {
  entityType: PHENOTYPE_ENTITY,
  waitsForPatient: true,
  async push(ctx, patientId, rows) {
    const unavailable = (cause: string) =>
      new AppError('sync/phenotype-unavailable', `The phenotype of patient ${patientId} is waiting to be sent but could not be read here; it was kept and will be tried again.`, {
        patientId,
        cause,
      });
    let terms;
    try {
      terms = ctx.phenotypes?.recordedTerms(patientId);
    } catch (err) {
      throw unavailable(err instanceof AppError ? err.code : 'unreadable');
    }
    if (!terms) throw unavailable('no-source');
    const patientRemote = ctx.sync.getRemote('patient', patientId);
    if (!patientRemote?.serverId) return { pushed: 0, deferred: true }; // its patient goes first

    const entries = phenotypeEntries(patientId, patientRemote.serverId, terms);
    for (const entry of entries) assertValidResource(entry.resource, `phenotype of patient ${patientId}`);
    if (entries.length > 0) await sendConditionalEntries(ctx, entries, 'Observation', `phenotype of patient ${patientId}`);
    const at = nowIso(ctx);
    const version = Math.max(...rows.map((r) => r.entityVersion));
    const pushed = inTransaction(ctx.store.sqlite, () => {
      ctx.sync.putRemote({ ...emptyRemote(PHENOTYPE_ENTITY, patientId, 'Observation'), syncedVersion: version }, at);
      return ctx.sync.markSent(
        rows.map((r) => r.id),
        at,
      );
    });
    return { pushed };
  },
};
