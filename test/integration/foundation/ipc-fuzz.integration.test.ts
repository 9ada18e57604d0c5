// Random payloads at every IPC channel: each answer is a well-formed IpcResult with a known code,
// the process stays alive, and the store is unchanged unless a payload happened to be valid.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { createDispatcher } from '../../../electron/main/ipc/dispatcher.ts';
import { allHandlers } from '../../../electron/main/ipc/handlers.ts';
import { contract } from '../../../shared/ipc/contract.ts';
import { CHANNELS } from '../../../shared/ipc/channel-names.ts';
import { isAppErrorCode } from '../../../shared/errors.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { storeChecksum } from '../../helpers/store.ts';

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * (depth > 2 ? 7 : 10));
  switch (pick) {
    case 0: return null;
    case 1: return undefined;
    case 2: return rand() * 1e6 - 5e5;
    case 3: return ['', 'x'.repeat(Math.floor(rand() * 300)), '943 476 5919', '<script>', '\u0000', '../../etc/passwd', '1985-03-27'][Math.floor(rand() * 7)];
    case 4: return rand() > 0.5;
    case 5: return Number.NaN;
    case 6: return -1;
    case 7: return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    default: {
      const keys = ['draft', 'id', 'version', 'changes', 'query', 'limit', 'offset', 'nhsNumber', 'familyName', 'givenName', 'birthDate', 'sex', 'entityType', 'entityId', '__proto__', 'constructor'];
      const o: Record<string, unknown> = {};
      for (let i = 0; i < 1 + rand() * 5; i++) o[keys[Math.floor(rand() * keys.length)]] = randomValue(rand, depth + 1);
      return o;
    }
  }
}

describe('IPC fuzz', () => {
  let app: GenoDesk;
  let cleanup: () => void;
  beforeAll(() => {
    const t = makeTempDir();
    cleanup = t.cleanup;
    app = createGenoDesk({ dataDir: path.join(t.dir, 'data'), dbKey: 'k', actor: 'fuzz' });
    app.patients.create({ nhsNumber: '943 476 5919', familyName: 'Existing', givenName: 'Patient', birthDate: '1970-01-01' });
  });
  afterAll(async () => {
    await app.close();
    cleanup();
  });

  it('the channel list matches the contract', () => {
    expect([...CHANNELS].sort()).toEqual(Object.keys(contract).sort());
  });

  it('answers 3,000 random payloads with known error codes and leaves the store unchanged', async () => {
    const dispatcher = createDispatcher(allHandlers({ app, version: 't', launcher: 'harness' }), { log: () => {} });
    const rand = mulberry32(20261125);
    const channels = [...CHANNELS, 'patients:delete', 'fs:read', '', '__proto__', 'constructor'];
    const before = storeChecksum(app.store);
    let writes = 0;
    for (let i = 0; i < 3000; i++) {
      const channel = channels[Math.floor(rand() * channels.length)];
      const result = await dispatcher.dispatch(channel, randomValue(rand));
      expect(typeof result.ok).toBe('boolean');
      if (!result.ok) {
        expect(isAppErrorCode(result.error.code), result.error.code).toBe(true);
        expect(result.error.code).not.toBe('ipc/internal');
        expect(Object.keys(result.error).sort()).toEqual(['code', 'details', 'message']);
      } else if (channel === 'patients:create' || channel === 'patients:update') {
        writes++;
      }
    }
    // Random strings essentially never form a valid patient; if one did, the checksum rightly changes.
    if (writes === 0) expect(storeChecksum(app.store)).toBe(before);
  });

  it('refuses a channel registered twice or missing from the contract', () => {
    const group = { 'app:info': () => ({ version: '1', dataDir: '/', launcher: 'harness' as const }) };
    expect(() => createDispatcher([group, group])).toThrow(/registered twice/);
    expect(() => createDispatcher([{ 'nope:x': () => 1 } as never])).toThrow(/no entry/);
  });
});
