// Builds GenoDesk from its parts. The store and the patient register are built at once; every other
// service on first use, from the factories in service-modules.ts. The desktop app, the harness and the
// tests get them all through composition.ts; the CLI passes `null` for commands that use only the
// register, so `genodesk patients list` loads neither the annotation, diagnosis, PGx nor sync code (issue
// 15 §6: a command answers in ≤ 0.3 s and ≤ 150 MB on an empty store; labs script thousands of calls).
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { AppError } from '../../shared/errors.ts';
import type { EventName, EventPayload } from '../../shared/ipc/contract.ts';
import { openStore } from './db/connection.ts';
import type { Store } from './db/connection.ts';
import { storeFile } from './data-dir.ts';
import { DEFAULT_RESOURCES_DIR } from './resources-dir.ts';
import type { ServiceModules } from './service-modules.ts';
import { listAudit } from './services/audit.ts';
import type { Clock } from './services/clock.ts';
import { systemClock } from './services/clock.ts';
import { createPatientsService } from './services/patients/patients-service.ts';
import { createRequestJobs } from './services/request-jobs.ts';
import type { SyncSettingsStore } from './services/sync-controller.ts';
import { convertLegacyVariants } from './services/vcf/legacy-variants.ts';
import type { FamilyImportMember } from './services/family/family-import.ts';
import type { ImportOptions } from './services/vcf/import-service.ts';
import type { PgxService } from './services/pgx/pgx-service.ts';
import type { MedicinesService } from './services/medicines/medicines-service.ts';

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
  /** Bundled worker scripts (the desktop app); by default the TypeScript sources run on Node 24. */
  workers?: { vcfParse?: string; annotate?: string; packContent?: string; phenotype?: string };
  /**
   * Rank phenotypes in a worker thread (the app and the harness: a window to keep responsive, and Cancel).
   * Off, rankings run in the calling thread, as the CLI's do.
   */
  phenotypeInWorker?: boolean;
  /** Annotate worker threads per annotation run (when absent, annotation-service's defaultAnnotateWorkers: 1, or 2 on a machine with 4 cores and 16 GB). */
  annotateWorkers?: number;
  /** Variants passing the other filters that the browser's frequency filter and sort take at most (tests lower it). */
  frequencyFilterCap?: number;
  /** Longest slice of the main thread a new browser filter's first pass takes before yielding (ms; default 25). Tests set 0. */
  filterSliceMs?: number;
  /**
   * Remove imports and annotation runs a crash left unfinished. Only a single-instance process (the desktop
   * app, the harness) may: a CLI run could otherwise delete another CLI process's import in progress.
   * (A re-import of the same file clears its own leftover in any case.)
   */
  cleanUpAtStart?: boolean;
  /** Bundled reference data (resources/): the source tree's by default; the packaged app passes its own. */
  resourcesDir?: string;
  /** Where the FHIR server settings live: safeStorage-backed in the app, the environment in the CLI. */
  syncSettings?: SyncSettingsStore;
}

/** One value built on first use; `built()` says whether it was, so close() never builds a service to stop it. */
function lazy<T>(build: () => T): { get(): T; built(): T | undefined } {
  let value: T | undefined;
  let done = false;
  return {
    get() {
      if (!done) {
        value = build();
        done = true;
      }
      return value as T;
    },
    built: () => value,
  };
}

export function assembleGenoDesk(options: GenoDeskOptions, modules: ServiceModules | null) {
  const { dataDir, dbKey, actor, clock = systemClock, migrationsFolder, workers = {}, annotateWorkers, frequencyFilterCap, filterSliceMs, resourcesDir = DEFAULT_RESOURCES_DIR, cleanUpAtStart = false } = options;
  const need = (): ServiceModules => {
    if (!modules) throw new AppError('ipc/internal', 'This command opened the store for the patient register only; it cannot use other services.', {});
    return modules;
  };
  // Migrations run inside openStore, before any service or handler exists.
  const store: Store = openStore({ file: storeFile(dataDir), key: dbKey, migrationsFolder });
  // Variant rows an older GenoDesk stored one per row are packed before any service reads them (one
  // transaction per import, so it is safe for several processes and resumes after a crash; a no-op after).
  try {
    convertLegacyVariants(store);
  } catch (err) {
    store.close();
    throw err;
  }
  const events = createEvents();
  // Finished PGx reports are read back from their table by sync (outbox entity_type 'pgx-report'); issued
  // diagnostic reports and lab classifications from the diagnosis service (read lazily, at push).
  const sync = lazy(() => {
    const m = need();
    return m.createSyncController({
      store,
      actor,
      clock,
      settings: options.syncSettings ?? { load: () => null, save: () => undefined },
      reports: m.createPgxReportSource(store.sqlite),
      ...m.diagnosisSyncSources(() => diagnosis.get()),
      phenotypes: { recordedTerms: (patientId) => patientPhenotype.get().recorded(patientId) },
      // Pulled or resolved medicines change the review: the worklist's medication alerts follow.
      onMedicinesChanged: (patientIds) => {
        for (const id of patientIds) medicines.get().refreshAlerts(id);
      },
      onStatus: (status) => events.emit('sync:status-changed', status),
    });
  });
  // A change made before the sync controller exists needs no nudge: when it is built and started it
  // pushes the whole outbox.
  const notifySync = () => sync.built()?.notifyLocalChange();
  const patients = createPatientsService({ store, actor, clock, onCommitted: notifySync });
  const family = lazy(() => need().createFamilyService({ store, actor, clock, patients, onCommitted: notifySync }));
  const audit = { list: (entityType: string, entityId: string) => listAudit(store.sqlite, entityType, entityId) };
  const geneTable = lazy(() => need().loadGeneTable(path.join(resourcesDir, 'genes')));
  // A completed import may change the patient's PGx result: the worklist's medication alerts are recomputed
  // (the PGx caller runs only for a patient with current medicines).
  const imports = lazy(() =>
    need().createImportService({ store, actor, clock, workerUrl: workers.vcfParse, geneTable: geneTable.get(), onCompleted: (record) => medicines.get().refreshAlerts(record.patientId) }),
  );
  // The PharmCAT-derived bundle shipped with this build (resources/pgx, manifest + checksums), parsed lazily.
  const pgx = lazy((): PgxService => {
    const m = need();
    return m.createPgxService({
      store,
      actor,
      clock,
      data: () => new m.PgxData(path.join(resourcesDir, 'pgx')),
      onCommitted: notifySync,
      // The report's first page carries the medication review (read when a report is written).
      reportFirstPage: (patientId) => m.reviewPdfSection(medicines.get().review(patientId)),
      // New outside calls change the PGx result: the worklist's medication alerts are recomputed.
      onOutsideCalls: (patientId) => medicines.get().refreshAlerts(patientId),
    });
  });
  // Current medicines and their review against the PGx result (phenoconversion rules in resources/medicines).
  // Each review of the current medicines refreshes the worklist's medication-alerts snapshot (derived, not audited).
  const alertsSnapshot = lazy(() => need().createMedicationAlertsSnapshot(store.sqlite));
  const medicines = lazy(
    (): MedicinesService =>
      need().createMedicinesService({
        store,
        actor,
        clock,
        pgx: pgx.get(),
        resourcesDir: path.join(resourcesDir, 'medicines'),
        onCommitted: notifySync,
        onReview: (patientId, review, at) => alertsSnapshot.get().record(patientId, review, at),
      }),
  );
  // Annotation packs live in <dataDir>/packs; the demo packs in resources/packs are offered as built-in.
  const packs = lazy(() => {
    const m = need();
    const audit = m.auditPackChange(store, actor, clock);
    return m.createPacksService({
      dataDir,
      builtInDir: path.join(resourcesDir, 'packs'),
      actor,
      clock,
      onChange: (change) => {
        audit(change);
        // A panel pack is replaced under the same id: its release is recorded now, while it can still be read.
        // The install itself has committed; reanalysis records again before each comparison if this fails.
        if (change.action === 'install' && change.pack.kind === 'panel') {
          try {
            reanalysis.get().recordPanelReleases();
          } catch (err) {
            console.warn(`Recording the panel release of ${change.pack.id} for reanalysis failed: ${(err as Error).message}`);
          }
        }
      },
      contentWorkerUrl: workers.packContent,
    });
  });
  // Population frequencies from the active gnomAD pack of each build (frequency/).
  const frequency = lazy(() => need().createFrequencyService({ packs: packs.get() }));
  // What a newer ClinVar or frequency pack changes for stored patients (reanalysis/).
  const reanalysis = lazy(() => {
    const m = need();
    const panels = m.createPanelReanalysis({
      store,
      actor,
      clock,
      panelPacks: () => packs.get().panelFiles(),
      genes: () => geneTable.get(),
      queryVariants: (q) => imports.get().queryVariants(q),
      frequency: frequency.get(),
    });
    return m.createReanalysisService({ store, actor, clock, packs: packs.get(), panels });
  });
  const annotation = lazy(() =>
    need().createAnnotationService({
      store,
      actor,
      clock,
      packs: packs.get(),
      genes: geneTable.get(),
      workerUrl: workers.annotate,
      workers: annotateWorkers,
      frequency: frequency.get(),
      frequencyFilterCap,
      filterSliceMs,
      // Panel findings listed unscreened because the import had no annotation are screened now, so the
      // worklist and the Reanalysis screen agree at once. The run itself has committed whatever happens here.
      onAnnotated: () => {
        try {
          reanalysis.get().rescreenPanels();
        } catch (err) {
          console.warn(`Re-screening panel findings after annotation failed: ${(err as Error).message}`);
        }
      },
    }),
  );
  // Panels from resources/panels, lab installs and panel packs; when an import has no stored annotation yet,
  // the active packs (else the demo ones shipped in resources/packs) annotate the panel genes on the fly.
  // The worklist keeps a snapshot of tier 1–2 candidates per patient, told of every candidate run.
  const candidateSnapshot = lazy(() => need().createCandidateSnapshot(store.sqlite));
  const diagnosis = lazy(() =>
    need().createDiagnosisService({
      store,
      actor,
      clock,
      panelsDir: path.join(resourcesDir, 'panels'),
      packs: { active: (build) => packs.get().active(build), builtIn: path.join(resourcesDir, 'packs') },
      panelPacks: () => packs.get().panelFiles(),
      patients,
      imports: imports.get(),
      geneTable: geneTable.get(),
      onCommitted: notifySync,
      frequency: frequency.get(),
      onCandidates: (output) => candidateSnapshot.get().record(output, clock.now().toISOString()),
      // Reports list the patient's HPO terms and release (read when a report is built).
      phenotypeOf: (patientId) => patientPhenotype.get().reportTerms(patientId),
      // The family (issue 14): segregation of the candidates and modes of inheritance it rules out.
      familySegregation: (patientId, importId, sites) => need().familySegregation(store, family.get(), patientId, importId, sites),
      familyOf: (patientId) =>
        family.get().find(patientId)?.members.map((m) => ({ name: m.name, relation: m.relation, sex: m.sex, affected: m.affected, patient: m.patient, father: m.father, mother: m.mother })) ?? null,
      pedigreeNumberOf: (patientId) => family.get().find(patientId)?.pedigreeNumber ?? null,
    }),
  );
  // Whole-import candidates for phenotype ranking, annotated as the diagnosis workspace annotates (same packs).
  const phenotypeAnnotation = lazy(() => need().createCandidateAnnotation({ store, packs: { active: (build) => packs.get().active(build), builtIn: path.join(resourcesDir, 'packs') } }));
  // HPO release parsed on first use only (resources/hpo, or the newest HPO pack in <dataDir>/packs/hpo);
  // with phenotypeInWorker, parsed and ranked in the worker (the store is still read here, the one reader).
  const phenotypeWorker = lazy(() => (options.phenotypeInWorker ? new (need().PhenotypeWorkerClient)({ workerUrl: workers.phenotype }) : undefined));
  const phenotype = lazy(() => {
    const m = need();
    return m.createPhenotypeService({
      resourcesDir,
      dataDir,
      worker: phenotypeWorker.get(),
      patientVariants: m.patientVariantsFrom({
        latestImport: (patientId) => imports.get().listImports({ patientId })[0] ?? null,
        queryVariants: (q) => imports.get().queryVariants(q),
        annotateRows: (importId, build, rows) => phenotypeAnnotation.get().annotateRows(importId, build, rows),
      }),
    });
  });
  // The patient's stored HPO terms (synced as FHIR Observations) and phenopackets; HPO parsed only when a term is shown or saved.
  const hpoCatalogue = lazy(() => need().catalogueFrom(phenotype.get()));
  const patientPhenotype = lazy(() =>
    need().createPatientPhenotypeService({
      store,
      actor,
      clock,
      onCommitted: notifySync,
      hpo: () => hpoCatalogue.get(),
      patientSex: (patientId) => patients.get(patientId).sex,
    }),
  );
  // The stored phenotype ranked (alone, with the installed panels that cover its top genes, or with the import).
  const phenotypeCase = lazy(() =>
    need().createCaseRanking({
      phenotype: (patientId) => patientPhenotype.get().get(patientId),
      // With an import and a recorded family, the family's segregation and the modes it rules out (issue 14).
      prioritise: async (req, job) => {
        const ranked = await phenotype.get().prioritise(req, job);
        if (!req.patientId) return ranked;
        const latest = imports.get().listImports({ patientId: req.patientId })[0];
        return need().rankWithRecordedFamily(ranked, { store, family: family.get(), patientId: req.patientId, latestImportId: latest?.id ?? null });
      },
      panels: () => diagnosis.get().panels.list().panels.map((p) => ({ id: p.id, name: p.name, version: p.version, genes: diagnosis.get().panels.genes(p.id, p.version).genes })),
    }),
  );
  const worklist = lazy(() => need().createWorklistService({ store }));
  const importJobs = createRequestJobs('import', () => clock.now());
  const packJobs = createRequestJobs('pack-install', () => clock.now());
  const annotationJobs = createRequestJobs('annotation', () => clock.now());
  const phenotypeJobs = createRequestJobs('phenotype-rank', () => clock.now());
  // Imports a crash left unfinished are invisible already; removing them (chunked, in the background)
  // frees the space and lets the same file be imported again.
  const startupCleanup = cleanUpAtStart ? imports.get().removeIncompleteImports() : Promise.resolve({ removed: 0 });
  // The same for annotation runs a crash or kill cut short (invisible already; superseded runs are kept).
  const annotationCleanup = cleanUpAtStart ? annotation.get().removeStaleRuns() : Promise.resolve();
  return {
    dataDir,
    resourcesDir,
    store,
    events,
    patients,
    get family() {
      return family.get();
    },
    /** One multi-sample family VCF for all its members, committed together (services/family/family-import.ts). */
    importFamilyVcf: (request: { file: string; members: FamilyImportMember[]; build?: 'GRCh37' | 'GRCh38' }, opts?: Omit<ImportOptions, 'holdCompletion'>) =>
      need().importFamilyVcf({ store, imports: imports.get() }, request, opts),
    /** The family analysis of the patient's recorded family (null without one or without relatives' imports). */
    familyAnalysis: (patientId: string) => need().runFamilyAnalysis(store, family.get(), patientId),
    audit,
    get imports() {
      return imports.get();
    },
    importJobs,
    get pgx() {
      return pgx.get();
    },
    get medicines() {
      return medicines.get();
    },
    get diagnosis() {
      return diagnosis.get();
    },
    get phenotype() {
      return phenotype.get();
    },
    get patientPhenotype() {
      return patientPhenotype.get();
    },
    get phenotypeCase() {
      return phenotypeCase.get();
    },
    get worklist() {
      return worklist.get();
    },
    get packs() {
      return packs.get();
    },
    get annotation() {
      return annotation.get();
    },
    get frequency() {
      return frequency.get();
    },
    get reanalysis() {
      return reanalysis.get();
    },
    packJobs,
    annotationJobs,
    phenotypeJobs,
    /** Every long job, whichever screen started it: the jobs panel lists and cancels them here. */
    jobs: {
      list: () => [...importJobs.list(), ...packJobs.list(), ...annotationJobs.list(), ...phenotypeJobs.list()].sort((a, b) => a.startedAt.localeCompare(b.startedAt)),
      cancel: (requestId: string) => importJobs.cancel(requestId) || packJobs.cancel(requestId) || annotationJobs.cancel(requestId) || phenotypeJobs.cancel(requestId),
    },
    startupCleanup,
    listImportsForPatient: (patientId: string) => imports.get().listImports({ patientId }),
    get sync() {
      return sync.get();
    },
    async close() {
      await sync.built()?.stop();
      await startupCleanup.catch(() => undefined);
      await Promise.all([importJobs.cancelAll(), packJobs.cancelAll(), annotationJobs.cancelAll(), phenotypeJobs.cancelAll(), annotationCleanup.catch(() => undefined)]);
      await annotation.built()?.settle();
      await diagnosis.built()?.close();
      frequency.built()?.close();
      phenotypeAnnotation.built()?.close();
      await phenotypeWorker.built()?.terminate();
      store.close();
    },
  };
}

export type GenoDesk = ReturnType<typeof assembleGenoDesk>;
