// Thin adapters from contract channels to services. No logic lives here.
import type { GenoDesk } from '../composition.ts';
import type { HandlerGroup } from './dispatcher.ts';

export interface HandlerContext {
  app: GenoDesk;
  version: string;
  launcher: 'electron' | 'harness';
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

export function allHandlers(ctx: HandlerContext): HandlerGroup[] {
  return [appHandlers(ctx), patientHandlers(ctx)];
}
