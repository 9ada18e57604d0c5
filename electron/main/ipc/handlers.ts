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
      app.importJobs.run(requestId, async (signal) => ({
        import: await app.imports.importVcf(request, { signal, onProgress: (progress) => app.events.emit('imports:progress', { requestId, ...progress }) }),
      })),
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

export function diagnosisHandlers({ app }: HandlerContext): HandlerGroup {
  const d = app.diagnosis;
  return {
    'diagnosis:panels-list': () => d.panels.list(),
    'diagnosis:panels-install': ({ file, version }) => d.panels.install(file, version),
    'diagnosis:panel-genes': ({ id, version }) => d.panels.genes(id, version),
    'diagnosis:referral-get': ({ patientId }) => d.referral.get(patientId),
    'diagnosis:referral-save': (input) => ({ referral: d.referral.save(input) }),
    'diagnosis:consent-save': ({ patientId, additionalFindings, note }) => ({ consent: d.referral.saveConsent(patientId, additionalFindings, note) }),
    'diagnosis:candidates': (input) => d.candidates(input),
    'diagnosis:criteria-list': () => d.criteria(),
    'diagnosis:classify-preview': ({ criteria }) => d.classifyPreview(criteria),
    'diagnosis:classification-save': (input) => ({ classification: d.classifications.save(input) }),
    'diagnosis:classification-history': ({ variant }) => d.classifications.history(variant),
    'diagnosis:secondary-findings': (input) => d.secondaryFindings(input),
    'diagnosis:report-preview': (input) => d.reportPreview(input),
    'diagnosis:report-pdf': (input) => d.reportPdf(input),
  };
}

export function packsHandlers({ app }: HandlerContext): HandlerGroup {
  return {
    'packs:list': () => app.packs.list(),
    'packs:install': ({ requestId, ...request }) =>
      app.packJobs
        .run(requestId, (signal) => app.packs.install(request, { signal, onProgress: (p) => app.events.emit('packs:progress', { requestId, ...p }) }))
        .then((pack) => ({ pack })),
    'packs:cancel': ({ requestId }) => ({ cancelled: app.packJobs.cancel(requestId) }),
    'packs:remove': ({ id }) => ({ removed: app.packs.remove(id) }),
  };
}

export function annotationHandlers({ app }: HandlerContext): HandlerGroup {
  return {
    'annotation:start': ({ requestId, ...request }) =>
      app.annotationJobs.run(requestId, (signal) =>
        app.annotation.annotate(request, { signal, onProgress: (p) => app.events.emit('annotation:progress', { requestId, ...p }) }),
      ),
    'annotation:cancel': ({ requestId }) => ({ cancelled: app.annotationJobs.cancel(requestId) }),
    'annotation:status': ({ patientId }) => app.annotation.status(patientId),
    'annotation:variants': (query) => app.annotation.queryVariants(query),
    'annotation:variant': (input) => app.annotation.variantDetail(input),
  };
}

export function familyHandlers({ app }: HandlerContext): HandlerGroup {
  return {
    'family:get': ({ patientId }) => ({ family: app.family.find(patientId) }),
    'family:set': ({ draft }) => ({ family: app.family.set(draft) }),
    'family:import-ped': ({ file, map, proband }) => ({ family: app.family.importPedFile(file, { map, proband }) }),
    'family:analyse': async ({ patientId }) => ({ analysis: await app.familyAnalysis(patientId) }),
  };
}

export function phenotypeHandlers({ app }: HandlerContext): HandlerGroup {
  return {
    'phenotype:search-terms': ({ query, limit }) => app.phenotype.searchTerms(query, limit),
    'phenotype:info': () => ({ hpoVersion: app.phenotype.hpoVersion(), attribution: app.phenotype.attribution(), dataVersion: app.phenotype.dataVersion() }),
    'phenotype:get': ({ patientId }) => app.patientPhenotype.get(patientId),
    'phenotype:set': (input) => app.patientPhenotype.set(input),
    'phenotype:rank': ({ patientId, limit }) => app.phenotypeCase.rank(patientId, limit),
    'phenotype:prioritise': ({ patientId, limit }) => app.phenotypeCase.prioritise(patientId, limit),
    'phenotype:import-phenopacket': (input) => app.patientPhenotype.importPhenopacket(input),
    'phenotype:export-phenopacket': ({ patientId, file, candidates }) => ({ file: app.patientPhenotype.exportPhenopacket({ patientId, file, candidates }).file ?? file }),
  };
}

export function allHandlers(ctx: HandlerContext): HandlerGroup[] {
  return [appHandlers(ctx), patientHandlers(ctx), importHandlers(ctx), syncHandlers(ctx), pgxHandlers(ctx), diagnosisHandlers(ctx), packsHandlers(ctx), annotationHandlers(ctx), familyHandlers(ctx), phenotypeHandlers(ctx)];
}
