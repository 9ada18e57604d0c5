// `genodesk sync` (CLI.md) against the real FHIR server on loopback: prints {pushed,pulled,conflicts,pending}.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { startFhirTestServer } from '../../fixtures/fhir-server/fhir-test-server.ts';
import type { FhirTestServer } from '../../fixtures/fhir-server/fhir-test-server.ts';
import { GENODESK_PATIENT_SYSTEM } from '../../../electron/main/services/sync/fhir-systems.ts';

const CLIENT = { clientId: 'cli-test', clientSecret: 'cli-secret-for-tests' };

describe('genodesk sync', () => {
  let server: FhirTestServer;
  const { dir, cleanup } = makeTempDir();
  beforeAll(async () => {
    server = await startFhirTestServer({ clients: [CLIENT] });
  });
  afterAll(async () => {
    await server.close();
    cleanup();
  });

  // Asynchronous: the FHIR server runs in this process and must keep answering while the CLI runs.
  const run = async (args: string[], env: Record<string, string | undefined> = {}) => {
    const r = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'bin/genodesk.js'), ...args], {
      env: {
        ...process.env,
        GENODESK_DATA_DIR: path.join(dir, 'data'),
        GENODESK_DB_KEY: 'k',
        GENODESK_FHIR_TOKEN_URL: server.tokenUrl,
        GENODESK_FHIR_CLIENT_ID: CLIENT.clientId,
        GENODESK_FHIR_CLIENT_SECRET: CLIENT.clientSecret,
        ...env,
      },
      encoding: 'utf8',
    }).then(
      (ok) => ({ ...ok, code: 0 }),
      (err: { stdout: string; stderr: string; code: number }) => err,
    );
    return { status: r.code, json: JSON.parse(r.stdout) as Record<string, unknown>, stderr: r.stderr };
  };

  it('pushes local patients once, and a second run has nothing to send', async () => {
    const added = await run(['patients', 'add', '--nhs-number', '999 000 0026', '--family-name', 'Script', '--given-name', 'Sam', '--birth-date', '1970-07-07']);
    expect(added.json).toMatchObject({ patient: expect.anything() });
    expect(added.status).toBe(0);
    const id = (added.json.patient as { id: string }).id;
    expect((await run(['sync'])).json).toMatchObject({ error: { code: 'sync/not-configured' } });
    const first = await run(['sync', '--server', server.url]);
    expect(first.status).toBe(0);
    expect(first.json).toEqual({ pushed: 1, pulled: expect.any(Number), conflicts: 0, pending: 0 });
    const second = await run(['sync'], { GENODESK_FHIR_SERVER: server.url });
    expect(second.json).toMatchObject({ pushed: 0, conflicts: 0, pending: 0 });
    const onServer = server.repo.allOf('Patient').filter((p) => (p.identifier ?? []).some((i) => i.system === GENODESK_PATIENT_SYSTEM && i.value === id));
    expect(onServer).toHaveLength(1);
    // The secret never reaches stdout or stderr.
    expect(JSON.stringify(first) + first.stderr).not.toContain(CLIENT.clientSecret);
  });

  it('a wrong secret is fhir/unauthorized with exit 1', async () => {
    const r = await run(['sync', '--server', server.url], { GENODESK_FHIR_CLIENT_SECRET: 'wrong' });
    expect(r.status).toBe(1);
    expect(r.json).toMatchObject({ error: { code: 'fhir/unauthorized' } });
  });
});
