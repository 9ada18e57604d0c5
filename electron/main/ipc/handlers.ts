// Thin adapters from contract channels to services. No logic lives here.
import type { GenoDesk } from '../composition.ts';
import type { RankProgress } from '../../../shared/schemas/phenotype.ts';
import type { JobMeta } from '../services/request-jobs.ts';
import type { RankJobOptions } from '../services/phenotype/phenotype-worker-client.ts';
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
      app.importJobs.run(
        requestId,
        async (signal) => ({
          import: await app.imports.importVcf(request, {
            signal,
            onProgress: (progress) => {
              app.importJobs.report(requestId, progress.totalBytes > 0 ? progress.bytes / progress.totalBytes : null, `${progress.phase}: ${progress.records.toLocaleString('en-GB')} records`);
              app.events.emit('imports:progress', { requestId, ...progress });
            },
          }),
        }),
        { label: `Importing ${baseName(request.file)}`, patientId: request.patientId },
      ),
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

export function medicinesHandlers({ app }: HandlerContext): HandlerGroup {
  return {
    'medicines:list': ({ patientId }) => ({ medications: app.medicines.list(patientId) }),
    'medicines:add': ({ patientId, draft }) => {
      const medication = app.medicines.add(patientId, draft);
      return { medication, suggestions: medication.checked ? [] : app.medicines.suggest(draft.drug) };
    },
    'medicines:stop': ({ patientId, id }) => ({ medication: app.medicines.stop(patientId, id) }),
    'medicines:review': ({ patientId, consider }) => ({ review: app.medicines.review(patientId, consider) }),
    'medicines:search': ({ query }) => ({ drugs: app.medicines.searchDrugs(query) }),
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
        .run(
          requestId,
          (signal) =>
            app.packs.install(request, {
              signal,
              onProgress: (p) => {
                app.packJobs.report(requestId, p.totalBytes > 0 ? p.bytes / p.totalBytes : null, `${p.phase} ${baseName(p.file)}`);
                app.events.emit('packs:progress', { requestId, ...p });
              },
            }),
          { label: 'Installing a reference pack' },
        )
        .then((pack) => ({ pack })),
    'packs:cancel': ({ requestId }) => ({ cancelled: app.packJobs.cancel(requestId) }),
    'packs:remove': ({ id }) => ({ removed: app.packs.remove(id) }),
  };
}

export function annotationHandlers({ app }: HandlerContext): HandlerGroup {
  return {
    'annotation:start': ({ requestId, ...request }) =>
      app.annotationJobs.run(
        requestId,
        (signal) =>
          app.annotation.annotate(request, {
            signal,
            onProgress: (p) => {
              app.annotationJobs.report(requestId, p.total > 0 ? p.done / p.total : null, `${p.phase}: ${p.done.toLocaleString('en-GB')} of ${p.total.toLocaleString('en-GB')} variants`);
              app.events.emit('annotation:progress', { requestId, ...p });
            },
          }),
        { label: 'Annotating variants', patientId: request.patientId },
      ),
    'annotation:cancel': ({ requestId }) => ({ cancelled: app.annotationJobs.cancel(requestId) }),
    'annotation:status': ({ patientId }) => app.annotation.status(patientId),
    // A new filter's first pass over a genome is sliced (queryVariantsYielding): the app's other requests go on.
    'annotation:variants': (query) => app.annotation.queryVariantsYielding(query),
    'annotation:variant': (input) => app.annotation.variantDetail(input),
    'annotation:delete-run': (input) => app.annotation.deleteEarlierRun(input),
  };
}

export function worklistHandlers({ app }: HandlerContext): HandlerGroup {
  return {
    'worklist:list': (query) => app.worklist.list(query),
    'worklist:overview': ({ patientId }) => app.worklist.overview(patientId),
  };
}

export function familyHandlers({ app }: HandlerContext): HandlerGroup {
  return {
    'family:get': ({ patientId }) => ({ family: app.family.find(patientId) }),
    'family:set': ({ draft }) => ({ family: app.family.set(draft) }),
    'family:import-ped': ({ file, map, proband, pedigreeNumber }) => ({ family: app.family.importPedFile(file, { map, proband, pedigreeNumber, wording: 'app' }) }),
    'family:analyse': async ({ patientId }) => ({ analysis: await app.familyAnalysis(patientId) }),
  };
}

const RANK_PHASES: Record<RankProgress['phase'], string> = {
  variants: 'reading the imported variants',
  loading: 'opening the HPO release',
  sending: 'handing the variants over',
  ranking: 'ranking',
};

/** A ranking the renderer named runs as a job: progress events, the jobs panel, Cancel by its id. */
function rankingJob<T>(app: GenoDesk, requestId: string | undefined, meta: JobMeta, work: (job: RankJobOptions) => Promise<T>): Promise<T> {
  if (requestId === undefined) return work({});
  return app.phenotypeJobs.run(
    requestId,
    (signal) =>
      work({
        signal,
        onProgress: (p) => {
          app.phenotypeJobs.report(requestId, p.total > 0 ? p.done / p.total : null, RANK_PHASES[p.phase]);
          app.events.emit('phenotype:progress', { requestId, ...p });
        },
      }),
    meta,
  );
}

export function phenotypeHandlers({ app }: HandlerContext): HandlerGroup {
  // The main thread's copy of the release is read from the snapshot the phenotype worker writes, so the first
  // call of a session waits for the worker rather than parsing here.
  const ready = async <T>(work: () => T | Promise<T>): Promise<T> => {
    await app.phenotype.ready();
    return work();
  };
  return {
    'phenotype:search-terms': ({ query, limit }) => ready(() => app.phenotype.searchTerms(query, limit)),
    'phenotype:info': () => ready(() => ({ hpoVersion: app.phenotype.hpoVersion(), attribution: app.phenotype.attribution(), dataVersion: app.phenotype.dataVersion() })),
    'phenotype:get': ({ patientId }) => ready(() => app.patientPhenotype.get(patientId)),
    'phenotype:set': (input) => ready(() => app.patientPhenotype.set(input)),
    'phenotype:rank': ({ patientId, limit, requestId }) =>
      rankingJob(app, requestId, { label: 'Ranking diseases and genes by phenotype', patientId }, (job) => ready(() => app.phenotypeCase.rank(patientId, limit, job))),
    'phenotype:prioritise': ({ patientId, limit, requestId }) =>
      rankingJob(app, requestId, { label: 'Ranking the imported variants by phenotype', patientId }, (job) => ready(() => app.phenotypeCase.prioritise(patientId, limit, job))),
    'phenotype:cancel': ({ requestId }) => ({ cancelled: app.phenotypeJobs.cancel(requestId) }),
    'phenotype:import-phenopacket': (input) => ready(() => app.patientPhenotype.importPhenopacket(input)),
    'phenotype:export-phenopacket': ({ patientId, file, candidates }) => ready(() => ({ file: app.patientPhenotype.exportPhenopacket({ patientId, file, candidates }).file ?? file })),
  };
}

export function reanalysisHandlers({ app }: HandlerContext): HandlerGroup {
  return {
    'reanalysis:list': ({ patientId }) => {
      const runs = app.reanalysis.runPending();
      return { changes: app.reanalysis.list({ patientId }), runs, panelGenes: app.reanalysis.panelGenes({ patientId }) };
    },
  };
}

export function frequencyHandlers({ app }: HandlerContext): HandlerGroup {
  return {
    'frequency:variant': ({ importId, ...variant }) => app.frequency.lookup(app.imports.getImport(importId).build, variant),
    'frequency:variants': ({ variants }) => {
      // One reader per import (its build's active pack), not one pack check per variant.
      const readers = new Map<string, ReturnType<typeof app.frequency.reader>>();
      const readerOf = (importId: string) => {
        let r = readers.get(importId);
        if (!r) readers.set(importId, (r = app.frequency.reader(app.imports.getImport(importId).build)));
        return r;
      };
      return { results: variants.map(({ importId, ...v }) => readerOf(importId)(v)) };
    },
  };
}

export function jobsHandlers({ app }: HandlerContext): HandlerGroup {
  return {
    'jobs:list': () => ({ jobs: app.jobs.list() }),
    'jobs:cancel': ({ requestId }) => ({ cancelled: app.jobs.cancel(requestId) }),
  };
}

/** The file's name without its folder, from either platform's path. */
function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

export function allHandlers(ctx: HandlerContext): HandlerGroup[] {
  return [
    appHandlers(ctx),
    patientHandlers(ctx),
    importHandlers(ctx),
    syncHandlers(ctx),
    pgxHandlers(ctx),
    diagnosisHandlers(ctx),
    packsHandlers(ctx),
    medicinesHandlers(ctx),
    annotationHandlers(ctx),
    worklistHandlers(ctx),
    phenotypeHandlers(ctx),
    reanalysisHandlers(ctx),
    frequencyHandlers(ctx),
    jobsHandlers(ctx),
    familyHandlers(ctx),
  ];
}
