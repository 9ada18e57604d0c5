// SIGKILL a syncing GenoDesk process at random moments, restart it, repeat; then sync once more. The server
// must hold each local patient exactly once, with the local content (every local change arrived), and every
// outbox row must be sent. The proxy meanwhile drops and delays requests so kills meet requests in flight.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/main/db/connection.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { seededRandom } from '../../fixtures/fhir-server/fault-proxy.ts';
import { familyOf, givenOf, serverPatientsWithLocalId, startHarness, STORE_KEY, TEST_CLIENT } from './helpers/sync-harness.ts';
import type { Harness } from './helpers/sync-harness.ts';
import { GENODESK_PATIENT_SYSTEM } from '../../../electron/main/services/sync/fhir-systems.ts';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'helpers/sync-child.ts');
const KILLS = 10;

let h: Harness;
let tmp: { dir: string; cleanup: () => void };

beforeAll(async () => {
  h = await startHarness();
  tmp = makeTempDir('genodesk-sync-kill-');
});
afterAll(async () => {
  tmp.cleanup();
  await h.close();
});

function runChild(file: string, mode: 'loop' | 'final', seed: number) {
  const child = spawn(process.execPath, [CHILD, file, h.proxy.url, h.server.tokenUrl, mode, String(seed)], {
    env: { ...process.env, GENODESK_DB_KEY: STORE_KEY, GENODESK_FHIR_CLIENT_ID: TEST_CLIENT.clientId, GENODESK_FHIR_CLIENT_SECRET: TEST_CLIENT.clientSecret },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => out, errors: () => err };
}

describe('SIGKILL while syncing', () => {
  it('after random kills and a restart, the server holds each local record exactly once with every local change', async () => {
    const file = path.join(tmp.dir, 'killed.db');
    const random = seededRandom(20260301);
    h.proxy.setRandomFaults({ rate: 0.15, seed: 7, faults: [{ kind: 'drop-after' }, { kind: 'drop-before' }, { kind: 'delay', ms: 40, phase: 'after' }] });
    let killedMidRun = 0;
    for (let k = 0; k < KILLS; k++) {
      const run = runChild(file, 'loop', k + 1);
      await expect.poll(() => run.output().includes('created'), { timeout: 20_000, interval: 20 }).toBe(true);
      await new Promise((r) => setTimeout(r, 100 + Math.floor(random() * 600)));
      run.child.kill('SIGKILL');
      const { signal } = await run.exited;
      expect(signal, run.errors()).toBe('SIGKILL');
      killedMidRun++;
    }
    h.proxy.clearFaults();
    const final = runChild(file, 'final', 0);
    const { code } = await final.exited;
    expect(code, final.errors()).toBe(0);
    expect(JSON.parse(final.output().trim())).toMatchObject({ pending: 0, conflicts: 0 });

    const store = openStore({ file, key: STORE_KEY });
    try {
      const local = store.sqlite.prepare('SELECT id, nhs_number, family_name, given_name, birth_date, sex FROM patients').all() as {
        id: string;
        nhs_number: string;
        family_name: string;
        given_name: string;
        birth_date: string;
        sex: string;
      }[];
      expect(local.length).toBeGreaterThanOrEqual(KILLS * 3);
      for (const p of local) {
        const onServer = serverPatientsWithLocalId(h.server, p.id);
        expect(onServer, p.id).toHaveLength(1);
        const s = onServer[0];
        expect([familyOf(s), givenOf(s), s.birthDate, s.gender, s.identifier!.find((i) => i.system === 'https://fhir.nhs.uk/Id/nhs-number')!.value]).toEqual([
          p.family_name,
          p.given_name,
          p.birth_date,
          p.sex,
          p.nhs_number,
        ]);
      }
      const genodeskOnServer = h.server.repo.allOf('Patient').filter((r) => r.identifier?.some((i) => i.system === GENODESK_PATIENT_SYSTEM));
      expect(genodeskOnServer).toHaveLength(local.length);
      const notSent = store.sqlite.prepare(`SELECT count(*) AS n FROM sync_outbox WHERE status <> 'sent'`).get();
      expect(notSent).toEqual({ n: 0 });
      console.log(`sync.kill: ${killedMidRun} kills, ${local.length} patients, ${h.proxy.stats.requests} requests, faults ${JSON.stringify(h.proxy.stats.faulted)}`);
    } finally {
      store.close();
    }
  }, 180_000);
});
