// Wires the store and the domain services. Knows nothing of Electron: the desktop app, the CLI, the
// browser test harness and the tests all build GenoDesk through this one function.
import { EventEmitter } from 'node:events';
import { openStore } from './db/connection.ts';
import type { Store } from './db/connection.ts';
import { storeFile } from './data-dir.ts';
import type { Clock } from './services/clock.ts';
import { systemClock } from './services/clock.ts';
import { createPatientsService } from './services/patients/patients-service.ts';
import { listAudit } from './services/audit.ts';
import type { EventName, EventPayload } from '../../shared/ipc/contract.ts';

export interface AppEvents {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  on(listener: (event: EventName, payload: unknown) => void): () => void;
}

function createEvents(): AppEvents {
  const emitter = new EventEmitter();
  return {
    emit: (event, payload) => emitter.emit('event', event, payload),
    on: (listener) => {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
  };
}

export interface GenoDeskOptions {
  dataDir: string;
  dbKey: string;
  actor: string;
  clock?: Clock;
  migrationsFolder?: string;
}

export type GenoDesk = ReturnType<typeof createGenoDesk>;

export function createGenoDesk({ dataDir, dbKey, actor, clock = systemClock, migrationsFolder }: GenoDeskOptions) {
  // Migrations run inside openStore, before any service or handler exists.
  const store: Store = openStore({ file: storeFile(dataDir), key: dbKey, migrationsFolder });
  const events = createEvents();
  const patients = createPatientsService({ store, actor, clock });
  const audit = { list: (entityType: string, entityId: string) => listAudit(store.sqlite, entityType, entityId) };
  return {
    dataDir,
    store,
    events,
    patients,
    audit,
    /** Imports of a patient (CLI `patients show`); the VCF import service fills this in. */
    listImportsForPatient: (_patientId: string): unknown[] => [],
    close: () => store.close(),
  };
}
