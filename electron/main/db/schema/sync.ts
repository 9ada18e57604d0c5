import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';

// Sync bookkeeping (issue 6). The pull cursor lives here and is written in the same transaction as the
// pulled changes it covers, so a crash can only make the next pull repeat work, never skip it.
export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
});

// What the server holds for each local entity: its server id, the version we last saw (sent as If-Match),
// the fields both sides last agreed on (the base of a three-way comparison), the full server resource
// (so a PUT keeps elements GenoDesk does not model), and payloads sent whose answer never came back.
export const syncRemote = sqliteTable(
  'sync_remote',
  {
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    resourceType: text('resource_type').notNull(),
    serverId: text('server_id'),
    versionId: text('version_id'),
    lastUpdated: text('last_updated'),
    /** Local version that equals the server's content at version_id. */
    syncedVersion: integer('synced_version'),
    baseJson: text('base_json'),
    resourceJson: text('resource_json'),
    /** JSON array of payloads sent without an answer: a later 200/412 matching one of them is our own write. */
    unconfirmedJson: text('unconfirmed_json'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entityType, t.entityId] }), uniqueIndex('sync_remote_server_uq').on(t.resourceType, t.serverId)],
);

// A local and a central edit of the same record that nobody may overwrite silently: both versions kept
// until a person chooses (keep mine / take theirs / per field).
export const syncConflicts = sqliteTable(
  'sync_conflicts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    kind: text('kind').notNull(),
    detectedAt: text('detected_at').notNull(),
    localJson: text('local_json').notNull(),
    remoteJson: text('remote_json').notNull(),
    remoteResourceJson: text('remote_resource_json').notNull(),
    remoteVersionId: text('remote_version_id').notNull(),
    remoteLastUpdated: text('remote_last_updated'),
    baseJson: text('base_json'),
    status: text('status').notNull().default('open'),
    resolution: text('resolution'),
    resolvedJson: text('resolved_json'),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by'),
  },
  (t) => [index('sync_conflicts_status_idx').on(t.status, t.entityType, t.entityId)],
);
