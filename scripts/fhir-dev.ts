// `npm run fhir:dev`: the same loopback FHIR R4 server the sync tests use, for trying sync by hand.
// Prints the server URL, token URL and client credentials to configure GenoDesk with, then runs until
// Ctrl-C. Data lives in memory and is gone when it stops.
//   --port N            FHIR server port (default 8103; 0 picks a free one)
//   --faults RATE       also start the fault proxy with RATE (0..1) of requests faulted, and print its URL
//   --client-id ID --client-secret SECRET   credentials to accept (defaults below, for local use only)
import { startFaultProxy } from '../test/fixtures/fhir-server/fault-proxy.ts';
import type { Fault } from '../test/fixtures/fhir-server/fault-proxy.ts';
import { startFhirTestServer } from '../test/fixtures/fhir-server/fhir-test-server.ts';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = Number(option('port') ?? process.env.FHIR_DEV_PORT ?? 8103);
const clientId = option('client-id') ?? process.env.FHIR_DEV_CLIENT_ID ?? 'genodesk-dev';
const clientSecret = option('client-secret') ?? process.env.FHIR_DEV_CLIENT_SECRET ?? 'genodesk-dev-secret';
const faultRate = option('faults') === undefined ? undefined : Number(option('faults'));

const server = await startFhirTestServer({ port, clients: [{ clientId, clientSecret }] });
let serverUrl = server.url;
let proxy: Awaited<ReturnType<typeof startFaultProxy>> | undefined;
if (faultRate !== undefined) {
  if (!(faultRate >= 0 && faultRate <= 1)) throw new Error('--faults takes a rate between 0 and 1');
  proxy = await startFaultProxy({ target: server.origin });
  const faults: Fault[] = [
    { kind: 'drop-before' },
    { kind: 'drop-after' },
    { kind: 'delay', ms: 20_000, phase: 'after' },
    { kind: 'status', status: 500 },
    { kind: 'status', status: 503, retryAfter: '5' },
    { kind: 'status', status: 429, retryAfter: '10' },
  ];
  proxy.setRandomFaults({ rate: faultRate, faults, seed: Date.now() });
  serverUrl = proxy.url;
}

console.log(
  JSON.stringify(
    {
      serverUrl,
      tokenUrl: server.tokenUrl,
      clientId,
      clientSecret,
      note: 'In-memory FHIR R4 test server (Medplum fhir-router). For local testing only; data is lost on exit.',
      ...(proxy ? { directServerUrl: server.url, faultRate } : {}),
    },
    null,
    2,
  ),
);

const stop = async () => {
  await proxy?.close();
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
