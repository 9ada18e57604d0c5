// Every local change central services must hear about gets an outbox row in the same transaction as the
// change (the sync issue sends them). Never written for changes that came FROM the server.
import type { SqliteDatabase } from '../db/connection.ts';

export interface OutboxRecord {
  entityType: string;
  entityId: string;
  op: 'create' | 'update' | 'resolve';
  entityVersion: number;
  createdAt: string;
}

export function writeOutbox(sqlite: SqliteDatabase, record: OutboxRecord): void {
  sqlite
    .prepare('INSERT INTO sync_outbox (entity_type, entity_id, op, entity_version, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(record.entityType, record.entityId, record.op, record.entityVersion, record.createdAt);
}
