import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

// Append-only: who changed what and when. Written in the same transaction as the change it describes.
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    /** JSON: { field: [before, after] } for edits, the created record for creates. */
    changes: text('changes').notNull(),
  },
  (t) => [index('audit_log_entity_idx').on(t.entityType, t.entityId, t.id)],
);
