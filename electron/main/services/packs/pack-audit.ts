// Pack installs and removals go into the audit trail: which reference data a lab used, from when, is part of
// every annotation's provenance. The files themselves are not rows, so the audit row is the only store write.
import type { Store } from '../../db/connection.ts';
import { inTransaction } from '../../db/transaction.ts';
import { writeAudit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import type { PackChange } from './packs-service.ts';

export function auditPackChange(store: Store, actor: string, clock: Clock): (change: PackChange) => void {
  return ({ action, pack, replaced }) =>
    inTransaction(store.sqlite, () =>
      writeAudit(store.sqlite, {
        at: clock.now().toISOString(),
        actor,
        entityType: 'pack',
        entityId: pack.id,
        action,
        changes: { kind: pack.kind, build: pack.build, version: pack.version, sha256: pack.sha256, source: pack.source, replaced: replaced ?? null },
      }),
    );
}
