import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/main/db/connection.ts';
import type { Store } from '../../../electron/main/db/connection.ts';
import { createMutator } from '../../../electron/main/services/mutator.ts';
import { storeChecksum } from '../../helpers/store.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

// The mutator is the one path for audited, synced changes: these pin its all-or-nothing behaviour on a real store.
describe('mutator: row, audit and outbox in one transaction', () => {
  let dir: string;
  let cleanup: () => void;
  let store: Store;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    store = openStore({ file: path.join(dir, 'genodesk.db'), key: 'k' });
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  const count = (table: string) => (store.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('writes the audit and outbox entries with one timestamp and wakes sync once, after commit', () => {
    let woken = 0;
    const mutate = createMutator({ store, actor: 'tester', clock: { now: () => new Date('2026-12-07T10:00:00Z') }, onCommitted: () => woken++ });
    const out = mutate(({ at, record }) => {
      expect(count('audit_log')).toBe(0);
      record({ entityType: 'thing', entityId: 't1', action: 'create', changes: { a: 1 }, outbox: { op: 'create', entityVersion: 1 } });
      expect(woken).toBe(0);
      return at;
    });
    expect(out).toBe('2026-12-07T10:00:00.000Z');
    expect(woken).toBe(1);
    expect(store.sqlite.prepare('SELECT actor, entity_type, entity_id, action, changes, at FROM audit_log').get()).toEqual({
      actor: 'tester', entity_type: 'thing', entity_id: 't1', action: 'create', changes: '{"a":1}', at: out,
    });
    expect(store.sqlite.prepare('SELECT entity_type, entity_id, op, entity_version, created_at FROM sync_outbox').get()).toEqual({
      entity_type: 'thing', entity_id: 't1', op: 'create', entity_version: 1, created_at: out,
    });
  });

  it('leaves the store exactly as it was when the change throws after recording', () => {
    let woken = 0;
    const mutate = createMutator({ store, actor: 'tester', onCommitted: () => woken++ });
    const before = storeChecksum(store);
    expect(() =>
      mutate(({ record }) => {
        record({ entityType: 'thing', entityId: 't1', action: 'create', changes: {}, outbox: { op: 'create', entityVersion: 1 } });
        throw new Error('validation failed late');
      }),
    ).toThrow('validation failed late');
    expect(storeChecksum(store)).toBe(before);
    expect(woken).toBe(0);
  });

  it('an audited local-only change queues nothing for sync and does not wake it', () => {
    let woken = 0;
    const mutate = createMutator({ store, actor: 'tester', onCommitted: () => woken++ });
    mutate(({ record }) => record({ entityType: 'thing', entityId: 't1', action: 'note', changes: {} }));
    expect([count('audit_log'), count('sync_outbox'), woken]).toEqual([1, 0, 0]);
  });
});
