// Thin adapters from contract channels to services. No logic lives here.
import type { GenoDesk } from '../composition.ts';
import type { HandlerGroup } from './dispatcher.ts';

export interface HandlerContext {
  app: GenoDesk;
  version: string;
  launcher: 'electron' | 'harness';
  /** The desktop app's native file dialog; the browser harness has none. */
  chooseFile?: (purpose: 'vcf' | 'outside-call' | 'pack' | 'save-pdf') => Promise<string | null>;
}

export function appHandlers({ app, version, launcher }: HandlerContext): HandlerGroup {
  return {
    'app:info': () => ({ version, dataDir: app.dataDir, launcher }),
  };
}

export function patientHandlers({ app }: HandlerContext): HandlerGroup {
  return {
    'patients:create': ({ draft }) => app.patients.create(draft),
    'patients:update': ({ id, version, changes }) => app.patients.update(id, version, changes),
    'patients:get': ({ id }) => ({ patient: app.patients.get(id) }),
    'patients:search': (params) => app.patients.search(params),
    'audit:list': ({ entityType, entityId }) => ({ entries: app.audit.list(entityType, entityId) }),
  };
}

export function importHandlers({ app, chooseFile }: HandlerContext): HandlerGroup {
  return {
    'imports:start': ({ requestId, ...request }) =>
      app.importJobs.run(requestId, request, (progress) => app.events.emit('imports:progress', { requestId, ...progress })),
    'imports:cancel': ({ requestId }) => ({ cancelled: app.importJobs.cancel(requestId) }),
    'imports:list': (input) => ({ imports: app.imports.listImports(input) }),
    'imports:samples': ({ file }) => app.imports.listSamples(file),
    'variants:query': (query) => app.imports.queryVariants(query),
    'app:choose-file': async ({ purpose }) => ({ path: chooseFile ? await chooseFile(purpose) : null }),
  };
}

export function syncHandlers({ app }: HandlerContext): HandlerGroup {
  return {
    'sync:status': () => app.sync.status(),
    'sync:now': () => app.sync.syncNow(),
    'sync:conflicts': () => ({ conflicts: app.sync.listConflicts() }),
    'sync:resolve': ({ id, choice }) => app.sync.resolveConflict(id, choice),
    'sync:configure': ({ serverUrl, tokenUrl, clientId, clientSecret }) =>
      app.sync.configure({ serverUrl, tokenUrl: tokenUrl || undefined, clientId: clientId || undefined, clientSecret: clientSecret || undefined, timeoutMs: 15_000 }),
  };
}

export function pgxHandlers({ app }: HandlerContext): HandlerGroup {
  return {
    'pgx:run': ({ patientId, importId, options }) => ({ result: app.pgx.run(patientId, { importId, options }) }),
    'pgx:import-outside-calls': ({ patientId, file }) => ({ file: app.pgx.importOutsideCalls(patientId, file) }),
    'pgx:outside-calls': ({ patientId }) => ({ calls: app.pgx.outsideCalls(patientId) }),
    'pgx:save-report': async ({ patientId, file, importId, options }) => ({ report: await app.pgx.saveReport(patientId, file, { importId, options }) }),
    'pgx:reports': ({ patientId }) => ({ reports: app.pgx.listResults(patientId) }),
  };
}

export function allHandlers(ctx: HandlerContext): HandlerGroup[] {
  return [appHandlers(ctx), patientHandlers(ctx), importHandlers(ctx), syncHandlers(ctx), pgxHandlers(ctx)];
}
