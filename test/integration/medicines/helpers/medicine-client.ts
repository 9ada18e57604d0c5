// A GenoDesk client for the medicine sync tests: the sync harness's patients and sync services plus the
// medicines service on the same store (real PGx data and phenoconversion rules from resources/).
import path from 'node:path';
import type { Store } from '../../../../electron/main/db/connection.ts';
import { createMedicinesService } from '../../../../electron/main/services/medicines/medicines-service.ts';
import { PgxData } from '../../../../electron/main/services/pgx/pgx-data.ts';
import { createPgxService } from '../../../../electron/main/services/pgx/pgx-service.ts';
import { RESOURCES } from '../../../helpers/paths.ts';
import { clientServices } from '../../sync/helpers/sync-harness.ts';
import type { Harness } from '../../sync/helpers/sync-harness.ts';

let data: PgxData | undefined;

export function medicineClient(store: Store, h: Harness) {
  data ??= new PgxData(path.join(RESOURCES, 'pgx'));
  const base = clientServices(store, h);
  const pgx = createPgxService({ store, actor: 'counsellor@test', data });
  const medicines = createMedicinesService({ store, actor: 'counsellor@test', pgx, resourcesDir: path.join(RESOURCES, 'medicines') });
  return { ...base, medicines };
}
