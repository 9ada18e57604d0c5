import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

// Every local change that central services must hear about. Written in the same transaction as the
// change, so a change can never exist without its outbox row (or the reverse). Marked sent only after
// the server confirms (issue 6).
export const syncOutbox = sqliteTable(
  'sync_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    op: text('op').notNull(),
    /** Local version of the entity this row was written for. */
    entityVersion: integer('entity_version').notNull(),
    createdAt: text('created_at').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: text('sent_at'),
  },
  (t) => [index('sync_outbox_status_idx').on(t.status, t.id)],
);
