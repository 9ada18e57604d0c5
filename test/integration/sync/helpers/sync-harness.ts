// Shared set-up for the sync integration tests: a real encrypted store per GenoDesk client, the loopback
// FHIR server with OAuth2, the fault proxy in front of it, and sync services wired with instant backoff.
import path from 'node:path';
import { openStore } from '../../../../electron/main/db/connection.ts';
import type { Store } from '../../../../electron/main/db/connection.ts';
import { createGenoDesk } from '../../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../../electron/main/composition.ts';
import { memorySyncSettings } from '../../../../electron/main/services/sync-controller.ts';
import { createPatientsService } from '../../../../electron/main/services/patients/patients-service.ts';
import { createSyncService } from '../../../../electron/main/services/sync/sync-service.ts';
import type { SyncServiceDeps } from '../../../../electron/main/services/sync/sync-service.ts';
import { nhsCheckDigit } from '../../../../shared/nhs-number.ts';
import { startFaultProxy } from '../../../fixtures/fhir-server/fault-proxy.ts';
import type { FaultProxy } from '../../../fixtures/fhir-server/fault-proxy.ts';
import { startFhirTestServer } from '../../../fixtures/fhir-server/fhir-test-server.ts';
import type { FhirTestServer } from '../../../fixtures/fhir-server/fhir-test-server.ts';
import { GENODESK_PATIENT_SYSTEM } from '../../../../electron/main/services/sync/fhir-systems.ts';

export const TEST_CLIENT = { clientId: 'genodesk-test', clientSecret: 's3cret-for-tests-only-7Qx' };
export const STORE_KEY = 'sync-test-key';

export interface Harness {
  server: FhirTestServer;
  proxy: FaultProxy;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const server = await startFhirTestServer({ clients: [TEST_CLIENT] });
  const proxy = await startFaultProxy({ target: server.origin });
  return {
    server,
    proxy,
    close: async () => {
      await proxy.close();
      await server.close();
    },
  };
}

/** NHS numbers in the 999 range the NHS reserves for test data, with a valid Modulus 11 check digit. */
export function testNhsNumbers(count: number, start = 0): string[] {
  const out: string[] = [];
  for (let n = start; out.length < count; n++) {
    const nine = `999${String(n).padStart(6, '0')}`;
    const check = nhsCheckDigit(nine);
    if (check !== null) out.push(`${nine}${check}`);
  }
  return out;
}

/**
 * The whole app (createGenoDesk) with its own sync set up against the harness, directly or through the fault
 * proxy, and never started: a test calls its sync when it wants one.
 */
export function openSyncedApp(harness: Harness, dataDir: string, opts: { dbKey: string; actor: string; via?: 'proxy' | 'direct' }): GenoDesk {
  const serverUrl = opts.via === 'proxy' ? harness.proxy.url : harness.server.url;
  return createGenoDesk({
    dataDir,
    dbKey: opts.dbKey,
    actor: opts.actor,
    syncSettings: memorySyncSettings({ serverUrl, tokenUrl: harness.server.tokenUrl, clientId: TEST_CLIENT.clientId, clientSecret: TEST_CLIENT.clientSecret, timeoutMs: 5_000 }),
  });
}

export function openClientStore(dir: string, name: string): Store {
  return openStore({ file: path.join(dir, `${name}.db`), key: STORE_KEY });
}

export function clientServices(store: Store, harness: Harness, overrides: Partial<SyncServiceDeps> = {}, via: 'proxy' | 'direct' = 'proxy', timeoutMs = 2_000) {
  const patients = createPatientsService({ store, actor: 'counsellor@test' });
  const sync = createSyncService({
    store,
    actor: 'counsellor@test',
    config: {
      serverUrl: via === 'proxy' ? harness.proxy.url : harness.server.url,
      // Tokens come straight from the server so faults hit the FHIR API; tests of the token path override it.
      tokenUrl: harness.server.tokenUrl,
      clientId: TEST_CLIENT.clientId,
      clientSecret: TEST_CLIENT.clientSecret,
      timeoutMs,
    },
    sleep: async () => {},
    random: () => 0.5,
    ...overrides,
  });
  return { patients, sync };
}

/** The server's own view, counted from its store: how many Patients carry this GenoDesk id. */
export function serverPatientsWithLocalId(server: FhirTestServer, localId: string) {
  return server.repo
    .allOf('Patient')
    .filter((p) => (p.identifier ?? []).some((i) => i.system === GENODESK_PATIENT_SYSTEM && i.value === localId));
}

export function outboxRows(store: Store): { id: number; entity_id: string; op: string; entity_version: number; status: string; last_error: string | null }[] {
  return store.sqlite.prepare('SELECT id, entity_id, op, entity_version, status, last_error FROM sync_outbox ORDER BY id').all() as never;
}

export function givenOf(resource: { [k: string]: unknown }): string {
  const names = (resource.name as { given?: string[] }[] | undefined) ?? [];
  return (names[0]?.given ?? []).join(' ');
}

export function familyOf(resource: { [k: string]: unknown }): string {
  const names = (resource.name as { family?: string }[] | undefined) ?? [];
  return names[0]?.family ?? '';
}
