// The sync engine's SQL: outbox rows, what the server holds per entity, conflicts and the pull cursor.
// Callers group these inside one inTransaction() so a confirmation, its outbox update and the remote
// bookkeeping commit together.
import type { SqliteDatabase } from '../../db/connection.ts';
import type { SyncedPatient } from '../../../../shared/schemas/sync.ts';
import type { FhirResource } from './fhir-client.ts';

export interface OutboxRow {
  id: number;
  entityType: string;
  entityId: string;
  op: string;
  entityVersion: number;
}

export interface RemoteRow {
  entityType: string;
  entityId: string;
  resourceType: string;
  serverId: string | null;
  versionId: string | null;
  lastUpdated: string | null;
  syncedVersion: number | null;
  base: SyncedPatient | null;
  resource: FhirResource | null;
  unconfirmed: SyncedPatient[];
}

/** `T` is the entity's synced fields (a patient's by default; a medicine's or a relative's for theirs). */
export interface ConflictRow<T = SyncedPatient> {
  id: number;
  entityType: string;
  entityId: string;
  kind: string;
  detectedAt: string;
  local: T;
  remote: T;
  remoteResource: FhirResource;
  remoteVersionId: string;
  remoteLastUpdated: string | null;
  base: T | null;
  status: 'open' | 'resolved';
  resolution: string | null;
  resolved: T | null;
  resolvedAt: string | null;
}

const parse = <T>(json: string | null): T | null => (json === null ? null : (JSON.parse(json) as T));

/** Outbox statuses: pending → sent, or held as conflict until resolved, or superseded by a resolution. */
export const HELD_STATUSES = ['pending', 'conflict'] as const;

export function createSyncStore(sqlite: SqliteDatabase) {
  const q = {
    pendingAfter: sqlite.prepare(
      `SELECT id, entity_type AS entityType, entity_id AS entityId, op, entity_version AS entityVersion
       FROM sync_outbox WHERE status = 'pending' AND id > ? ORDER BY id LIMIT ?`,
    ),
    markSent: sqlite.prepare(`UPDATE sync_outbox SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ? AND status = 'pending'`),
    holdForEntity: sqlite.prepare(
      `UPDATE sync_outbox SET status = 'conflict' WHERE status = 'pending' AND entity_type = ? AND entity_id = ?`,
    ),
    supersedeForEntity: sqlite.prepare(
      `UPDATE sync_outbox SET status = 'superseded' WHERE status IN ('pending', 'conflict') AND entity_type = ? AND entity_id = ?`,
    ),
    sentUpTo: sqlite.prepare(
      `UPDATE sync_outbox SET status = 'sent', sent_at = ?, last_error = NULL
       WHERE status = 'pending' AND entity_type = ? AND entity_id = ? AND entity_version <= ?`,
    ),
    // Only rows still waiting: a record whose other rows were confirmed in the same attempt keeps those clean.
    attemptFailed: sqlite.prepare(`UPDATE sync_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ? AND status = 'pending'`),
    countHeld: sqlite.prepare(`SELECT count(*) AS n FROM sync_outbox WHERE status IN ('pending', 'conflict')`),
    getRemote: sqlite.prepare(`SELECT * FROM sync_remote WHERE entity_type = ? AND entity_id = ?`),
    remotesLike: sqlite.prepare(`SELECT * FROM sync_remote WHERE entity_type = ? AND entity_id LIKE ? ORDER BY entity_id`),
    upsertRemote: sqlite.prepare(
      `INSERT INTO sync_remote (entity_type, entity_id, resource_type, server_id, version_id, last_updated, synced_version, base_json, resource_json, unconfirmed_json, updated_at)
       VALUES (@entityType, @entityId, @resourceType, @serverId, @versionId, @lastUpdated, @syncedVersion, @baseJson, @resourceJson, @unconfirmedJson, @updatedAt)
       ON CONFLICT (entity_type, entity_id) DO UPDATE SET resource_type = excluded.resource_type, server_id = excluded.server_id,
         version_id = excluded.version_id, last_updated = excluded.last_updated, synced_version = excluded.synced_version,
         base_json = excluded.base_json, resource_json = excluded.resource_json, unconfirmed_json = excluded.unconfirmed_json,
         updated_at = excluded.updated_at`,
    ),
    openConflict: sqlite.prepare(`SELECT * FROM sync_conflicts WHERE status = 'open' AND entity_type = ? AND entity_id = ? ORDER BY id DESC LIMIT 1`),
    openConflictsLike: sqlite.prepare(`SELECT count(*) AS n FROM sync_conflicts WHERE status = 'open' AND entity_type = ? AND entity_id LIKE ?`),
    countOpenConflicts: sqlite.prepare(`SELECT count(*) AS n FROM sync_conflicts WHERE status = 'open'`),
    insertConflict: sqlite.prepare(
      `INSERT INTO sync_conflicts (entity_type, entity_id, kind, detected_at, local_json, remote_json, remote_resource_json, remote_version_id, remote_last_updated, base_json, status)
       VALUES (@entityType, @entityId, @kind, @detectedAt, @localJson, @remoteJson, @remoteResourceJson, @remoteVersionId, @remoteLastUpdated, @baseJson, 'open')`,
    ),
    refreshConflictRemote: sqlite.prepare(
      `UPDATE sync_conflicts SET remote_json = ?, remote_resource_json = ?, remote_version_id = ?, remote_last_updated = ? WHERE id = ?`,
    ),
    getConflict: sqlite.prepare(`SELECT * FROM sync_conflicts WHERE id = ?`),
    listConflicts: sqlite.prepare(`SELECT * FROM sync_conflicts WHERE status = ? ORDER BY id`),
    resolveConflict: sqlite.prepare(
      `UPDATE sync_conflicts SET status = 'resolved', resolution = ?, resolved_json = ?, resolved_at = ?, resolved_by = ? WHERE id = ? AND status = 'open'`,
    ),
    getState: sqlite.prepare(`SELECT value FROM sync_state WHERE key = ?`),
    setState: sqlite.prepare(
      `INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ),
  };

  type RawRemote = {
    entity_type: string;
    entity_id: string;
    resource_type: string;
    server_id: string | null;
    version_id: string | null;
    last_updated: string | null;
    synced_version: number | null;
    base_json: string | null;
    resource_json: string | null;
    unconfirmed_json: string | null;
  };
  type RawConflict = {
    id: number;
    entity_type: string;
    entity_id: string;
    kind: string;
    detected_at: string;
    local_json: string;
    remote_json: string;
    remote_resource_json: string;
    remote_version_id: string;
    remote_last_updated: string | null;
    base_json: string | null;
    status: 'open' | 'resolved';
    resolution: string | null;
    resolved_json: string | null;
    resolved_at: string | null;
  };

  const toRemote = (r: RawRemote): RemoteRow => ({
    entityType: r.entity_type,
    entityId: r.entity_id,
    resourceType: r.resource_type,
    serverId: r.server_id,
    versionId: r.version_id,
    lastUpdated: r.last_updated,
    syncedVersion: r.synced_version,
    base: parse<SyncedPatient>(r.base_json),
    resource: parse<FhirResource>(r.resource_json),
    unconfirmed: parse<SyncedPatient[]>(r.unconfirmed_json) ?? [],
  });
  const toConflict = (r: RawConflict): ConflictRow => ({
    id: r.id,
    entityType: r.entity_type,
    entityId: r.entity_id,
    kind: r.kind,
    detectedAt: r.detected_at,
    local: JSON.parse(r.local_json) as SyncedPatient,
    remote: JSON.parse(r.remote_json) as SyncedPatient,
    remoteResource: JSON.parse(r.remote_resource_json) as FhirResource,
    remoteVersionId: r.remote_version_id,
    remoteLastUpdated: r.remote_last_updated,
    base: parse<SyncedPatient>(r.base_json),
    status: r.status,
    resolution: r.resolution,
    resolved: parse<SyncedPatient>(r.resolved_json),
    resolvedAt: r.resolved_at,
  });

  return {
    pendingAfter(afterId: number, limit: number): OutboxRow[] {
      return q.pendingAfter.all(afterId, limit) as OutboxRow[];
    },
    markSent(ids: number[], at: string): number {
      let n = 0;
      for (const id of ids) n += q.markSent.run(at, id).changes;
      return n;
    },
    markSentUpTo(entityType: string, entityId: string, version: number, at: string): number {
      return q.sentUpTo.run(at, entityType, entityId, version).changes;
    },
    holdForConflict(entityType: string, entityId: string): void {
      q.holdForEntity.run(entityType, entityId);
    },
    supersede(entityType: string, entityId: string): void {
      q.supersedeForEntity.run(entityType, entityId);
    },
    recordAttemptError(ids: number[], message: string): void {
      for (const id of ids) q.attemptFailed.run(message, id);
    },
    countHeld(): number {
      return (q.countHeld.get() as { n: number }).n;
    },
    getRemote(entityType: string, entityId: string): RemoteRow | undefined {
      const r = q.getRemote.get(entityType, entityId) as RawRemote | undefined;
      return r ? toRemote(r) : undefined;
    },
    /** The server copies of one kind whose entity id starts with `prefix` (a family's relatives, sent so far). */
    remotesLike(entityType: string, prefix: string): RemoteRow[] {
      return (q.remotesLike.all(entityType, `${prefix}%`) as RawRemote[]).map(toRemote);
    },
    putRemote(row: RemoteRow, at: string): void {
      q.upsertRemote.run({
        entityType: row.entityType,
        entityId: row.entityId,
        resourceType: row.resourceType,
        serverId: row.serverId,
        versionId: row.versionId,
        lastUpdated: row.lastUpdated,
        syncedVersion: row.syncedVersion,
        baseJson: row.base ? JSON.stringify(row.base) : null,
        resourceJson: row.resource ? JSON.stringify(row.resource) : null,
        unconfirmedJson: row.unconfirmed.length ? JSON.stringify(row.unconfirmed) : null,
        updatedAt: at,
      });
    },
    openConflict<T = SyncedPatient>(entityType: string, entityId: string): ConflictRow<T> | undefined {
      const r = q.openConflict.get(entityType, entityId) as RawConflict | undefined;
      return r ? (toConflict(r) as unknown as ConflictRow<T>) : undefined;
    },
    /** Open conflicts of one kind whose entity id starts with `prefix` (a family's relatives). */
    openConflictsLike(entityType: string, prefix: string): number {
      return (q.openConflictsLike.get(entityType, `${prefix}%`) as { n: number }).n;
    },
    countOpenConflicts(): number {
      return (q.countOpenConflicts.get() as { n: number }).n;
    },
    /** A new open conflict: everything the row holds except what resolving it fills in. */
    insertConflict<T>(c: Omit<ConflictRow<T>, 'id' | 'status' | 'resolution' | 'resolved' | 'resolvedAt'>): number {
      return Number(
        q.insertConflict.run({
          entityType: c.entityType,
          entityId: c.entityId,
          kind: c.kind,
          detectedAt: c.detectedAt,
          localJson: JSON.stringify(c.local),
          remoteJson: JSON.stringify(c.remote),
          remoteResourceJson: JSON.stringify(c.remoteResource),
          remoteVersionId: c.remoteVersionId,
          remoteLastUpdated: c.remoteLastUpdated,
          baseJson: c.base ? JSON.stringify(c.base) : null,
        }).lastInsertRowid,
      );
    },
    refreshConflictRemote(id: number, remote: unknown, resource: FhirResource, versionId: string, lastUpdated: string | null): void {
      q.refreshConflictRemote.run(JSON.stringify(remote), JSON.stringify(resource), versionId, lastUpdated, id);
    },
    getConflict<T = SyncedPatient>(id: number): ConflictRow<T> | undefined {
      const r = q.getConflict.get(id) as RawConflict | undefined;
      return r ? (toConflict(r) as unknown as ConflictRow<T>) : undefined;
    },
    listConflicts(status: 'open' | 'resolved'): ConflictRow[] {
      return (q.listConflicts.all(status) as RawConflict[]).map(toConflict);
    },
    markConflictResolved(id: number, resolution: string, resolved: unknown, at: string, by: string): boolean {
      return q.resolveConflict.run(resolution, JSON.stringify(resolved), at, by, id).changes === 1;
    },
    getState(key: string): string | undefined {
      return (q.getState.get(key) as { value: string } | undefined)?.value;
    },
    setState(key: string, value: string, at: string): void {
      q.setState.run(key, value, at);
    },
  };
}

export type SyncStore = ReturnType<typeof createSyncStore>;
