// Append-only audit trail: who changed what, when. Callers write it inside the transaction of the change.
import type { SqliteDatabase } from '../db/connection.ts';
import type { AuditEntry } from '../../../shared/schemas/patient.ts';

export interface AuditRecord {
  at: string;
  actor: string;
  entityType: string;
  entityId: string;
  action: string;
  changes: Record<string, unknown>;
}

export function writeAudit(sqlite: SqliteDatabase, record: AuditRecord): void {
  sqlite
    .prepare('INSERT INTO audit_log (at, actor, entity_type, entity_id, action, changes) VALUES (?, ?, ?, ?, ?, ?)')
    .run(record.at, record.actor, record.entityType, record.entityId, record.action, JSON.stringify(record.changes));
}

export function listAudit(sqlite: SqliteDatabase, entityType: string, entityId: string): AuditEntry[] {
  const rows = sqlite
    .prepare('SELECT id, at, actor, entity_type, entity_id, action, changes FROM audit_log WHERE entity_type = ? AND entity_id = ? ORDER BY id DESC')
    .all(entityType, entityId) as { id: number; at: string; actor: string; entity_type: string; entity_id: string; action: string; changes: string }[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    entityType: r.entity_type,
    entityId: r.entity_id,
    action: r.action,
    changes: JSON.parse(r.changes) as Record<string, unknown>,
  }));
}
