// A GenoDesk client for the medicine sync tests: the sync harness's patients and sync services plus the
// medicines service on the same store (real PGx data and phenoconversion rules from resources/).
import path from 'node:path';
import type { Store } from '../../../../electron/main/db/connection.ts';
import { createMedicinesService } from '../../../../electron/main/services/medicines/medicines-service.ts';
import { PgxData } from '../../../../electron/main/services/pgx/pgx-data.ts';
import { createPgxService } from '../../../../electron/main/services/pgx/pgx-service.ts';
import { RESOURCES } from '../../../helpers/paths.ts';
import { makeTempDir } from '../../../helpers/temp-dir.ts';
import { clientServices, openClientStore, startHarness } from '../../sync/helpers/sync-harness.ts';
import type { Harness } from '../../sync/helpers/sync-harness.ts';

let data: PgxData | undefined;

export function medicineClient(store: Store, h: Harness) {
  data ??= new PgxData(path.join(RESOURCES, 'pgx'));
  const base = clientServices(store, h);
  const pgx = createPgxService({ store, actor: 'counsellor@test', data });
  const medicines = createMedicinesService({ store, actor: 'counsellor@test', pgx, resourcesDir: path.join(RESOURCES, 'medicines') });
  return { ...base, medicines };
}

/** The loopback FHIR server and two GenoDesk clients' stores (a, b), each a real encrypted file in a temp folder. */
export async function openTwoClients(prefix: string): Promise<{ h: Harness; a: Store; b: Store; close: () => Promise<void> }> {
  const h = await startHarness();
  const tmp = makeTempDir(prefix);
  const a = openClientStore(tmp.dir, 'a');
  const b = openClientStore(tmp.dir, 'b');
  return {
    h,
    a,
    b,
    close: async () => {
      a.close();
      b.close();
      tmp.cleanup();
      await h.close();
    },
  };
}
