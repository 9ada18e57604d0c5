// A GenoDesk process that edits patients and syncs in a loop until it is killed (sync.kill test). It
// writes through the real patients service and pushes through the real sync service, so a SIGKILL can
// land anywhere: inside a transaction, between a request and its confirmation, mid-pull.
import { openStore } from '../../../../electron/main/db/connection.ts';
import { createPatientsService } from '../../../../electron/main/services/patients/patients-service.ts';
import { createSyncService } from '../../../../electron/main/services/sync/sync-service.ts';
import { loadFhirDefinitions } from '../../../../electron/main/services/sync/validate-resource.ts';
import { nhsCheckDigit } from '../../../../shared/nhs-number.ts';

const [file, serverUrl, tokenUrl, mode, seedArg] = process.argv.slice(2);
const store = openStore({ file, key: process.env.GENODESK_DB_KEY! });
const actor = 'kill-test';
const patients = createPatientsService({ store, actor });
const sync = createSyncService({
  store,
  actor,
  config: { serverUrl, tokenUrl, clientId: process.env.GENODESK_FHIR_CLIENT_ID, clientSecret: process.env.GENODESK_FHIR_CLIENT_SECRET, timeoutMs: 500 },
  sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))),
});

let seed = Number(seedArg) >>> 0;
const rand = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
};

function nextNhsNumber(): string {
  const used = (store.sqlite.prepare('SELECT count(*) AS n FROM patients').get() as { n: number }).n;
  for (let n = 700000 + used * 3; ; n++) {
    const nine = `999${String(n).padStart(6, '0')}`;
    const check = nhsCheckDigit(nine);
    const candidate = `${nine}${check}`;
    if (check !== null && !store.sqlite.prepare('SELECT 1 FROM patients WHERE nhs_number = ?').get(candidate)) return candidate;
  }
}

if (mode === 'final') {
  const result = await sync.syncNow();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  store.close();
  process.exit(0);
}

// Loaded before "ready" so the parent's random kill lands in the edit/sync loop, not in start-up.
loadFhirDefinitions();
process.stdout.write('ready\n');
for (let round = 0; ; round++) {
  for (let i = 0; i < 3; i++) {
    patients.create({ nhsNumber: nextNhsNumber(), familyName: `Kill${round}-${i}`, givenName: 'Proc', birthDate: '1975-05-05', sex: 'female' });
  }
  // The parent kills only after the first round's patients are committed, however slow a busy machine is.
  if (round === 0) process.stdout.write('created\n');
  const ids = store.sqlite.prepare('SELECT id FROM patients ORDER BY id').pluck().all() as string[];
  for (let i = 0; i < 2 && ids.length; i++) {
    // The same patient may be picked twice in a round: edit the version as it is now, as a person would.
    const pick = patients.get(ids[Math.floor(rand() * ids.length)]);
    patients.update(pick.id, pick.version, { givenName: `Edit${round}x${i}` });
  }
  try {
    await sync.syncNow();
  } catch {
    // Faults are expected; the next round (or the next process) carries on.
  }
}
