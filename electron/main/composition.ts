// Wires the store and the domain services. Knows nothing of Electron: the desktop app, the CLI, the
// browser test harness and the tests all build GenoDesk through this one function.
import { EventEmitter } from 'node:events';
import { openStore } from './db/connection.ts';
import type { Store } from './db/connection.ts';
import { storeFile } from './data-dir.ts';
import type { Clock } from './services/clock.ts';
import { systemClock } from './services/clock.ts';
import { createPatientsService } from './services/patients/patients-service.ts';
import { createFamilyService } from './services/family/family-service.ts';
import { importFamilyVcf } from './services/family/family-import.ts';
import { familySegregation, runFamilyAnalysis } from './services/family/family-candidates.ts';
import type { FamilyImportMember } from './services/family/family-import.ts';
import type { ImportOptions } from './services/vcf/import-service.ts';
import { listAudit } from './services/audit.ts';
import { createImportService } from './services/vcf/import-service.ts';
import { loadGeneTable } from './services/vcf/gene-table.ts';
import { convertLegacyVariants } from './services/vcf/legacy-variants.ts';
import { DEFAULT_RESOURCES_DIR } from './resources-dir.ts';
import path from 'node:path';
import { createDiagnosisService } from './services/diagnosis-workspace/diagnosis-service.ts';
import { createPacksService } from './services/packs/packs-service.ts';
import { auditPackChange } from './services/packs/pack-audit.ts';
import { createAnnotationService } from './services/annotation-store/annotation-service.ts';
import { createRequestJobs } from './services/request-jobs.ts';
import { createSyncController, memorySyncSettings } from './services/sync-controller.ts';
import type { SyncSettingsStore } from './services/sync-controller.ts';
import { diagnosisSyncSources } from './services/sync/diagnosis-sources.ts';
import { PgxData } from './services/pgx/pgx-data.ts';
import { createPgxReportSource } from './services/pgx/pgx-store.ts';
import { createPgxService } from './services/pgx/pgx-service.ts';
import { createPhenotypeService } from './services/phenotype/phenotype-service.ts';
import { patientVariantsFrom } from './services/phenotype/variants/patient-variants.ts';
import { createCandidateAnnotation } from './services/diagnosis-workspace/candidate-annotation.ts';
import { createPatientPhenotypeService } from './services/phenotype/patient-phenotype/patient-phenotype-service.ts';
import { catalogueFrom } from './services/phenotype/patient-phenotype/catalogue.ts';
import { createCaseRanking } from './services/phenotype/patient-phenotype/case-ranking.ts';
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
  /** Bundled worker scripts (the desktop app); by default the TypeScript sources run on Node 24. */
  workers?: { vcfParse?: string; annotate?: string };
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

export type GenoDesk = ReturnType<typeof createGenoDesk>;

export function createGenoDesk({ dataDir, dbKey, actor, clock = systemClock, migrationsFolder, workers = {}, syncSettings = memorySyncSettings(null), resourcesDir = DEFAULT_RESOURCES_DIR, cleanUpAtStart = false }: GenoDeskOptions) {
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
  // diagnostic reports and lab classifications from the diagnosis service, built below (read lazily, at push).
  const sync = createSyncController({
    store,
    actor,
    clock,
    settings: syncSettings,
    reports: createPgxReportSource(store.sqlite),
    ...diagnosisSyncSources(() => diagnosis),
    phenotypes: { recordedTerms: (patientId) => patientPhenotype.recorded(patientId) },
    onStatus: (status) => events.emit('sync:status-changed', status),
  });
  const patients = createPatientsService({ store, actor, clock, onCommitted: () => sync.notifyLocalChange() });
  const family = createFamilyService({ store, actor, clock, patients, onCommitted: () => sync.notifyLocalChange() });
  const audit = { list: (entityType: string, entityId: string) => listAudit(store.sqlite, entityType, entityId) };
  const geneTable = loadGeneTable(path.join(resourcesDir, 'genes'));
  const imports = createImportService({ store, actor, clock, workerUrl: workers.vcfParse, geneTable });
  const importJobs = createRequestJobs();
  // The PharmCAT-derived bundle shipped with this build (resources/pgx, manifest + checksums), parsed lazily.
  const pgx = createPgxService({ store, actor, clock, data: () => new PgxData(path.join(resourcesDir, 'pgx')), onCommitted: () => sync.notifyLocalChange() });
  // Annotation packs live in <dataDir>/packs; the demo packs in resources/packs are offered as built-in.
  const packs = createPacksService({ dataDir, builtInDir: path.join(resourcesDir, 'packs'), actor, clock, onChange: auditPackChange(store, actor, clock) });
  const annotation = createAnnotationService({ store, actor, clock, packs, genes: geneTable, workerUrl: workers.annotate });
  // Panels from resources/panels, lab installs and panel packs; when an import has no stored annotation yet,
  // the active packs (else the demo ones shipped in resources/packs) annotate the panel genes on the fly.
  const diagnosis = createDiagnosisService({
    store,
    actor,
    clock,
    panelsDir: path.join(resourcesDir, 'panels'),
    packs: { active: (build) => packs.active(build), builtIn: path.join(resourcesDir, 'packs') },
    panelPacks: () => packs.panelFiles(),
    patients,
    imports,
    geneTable,
    onCommitted: () => sync.notifyLocalChange(),
    familySegregation: (patientId, importId, sites) => familySegregation(store, family, patientId, importId, sites),
    familyOf: (patientId) => family.find(patientId)?.members.map((m) => ({ name: m.name, relation: m.relation, sex: m.sex, affected: m.affected })) ?? null,
    // Reports list the patient's HPO terms and release (read when a report is built, after everything is wired).
    phenotypeOf: (patientId) => patientPhenotype.reportTerms(patientId),
  });
  // HPO release parsed on first use only (resources/hpo, or the newest HPO pack in <dataDir>/packs/hpo).
  // Whole-import candidates for phenotype ranking, annotated as the diagnosis workspace annotates (same packs).
  const phenotypeAnnotation = createCandidateAnnotation({ store, packs: { active: (build) => packs.active(build), builtIn: path.join(resourcesDir, 'packs') } });
  const phenotype = createPhenotypeService({
    resourcesDir,
    dataDir,
    patientVariants: patientVariantsFrom({
      latestImport: (patientId) => imports.listImports({ patientId })[0] ?? null,
      queryVariants: (q) => imports.queryVariants(q),
      annotateRows: (importId, build, rows) => phenotypeAnnotation.annotateRows(importId, build, rows),
    }),
  });
  // The patient's stored HPO terms (synced as FHIR Observations) and phenopackets; HPO parsed only when a term is shown or saved.
  let hpoCatalogue: ReturnType<typeof catalogueFrom> | null = null;
  const patientPhenotype = createPatientPhenotypeService({
    store,
    actor,
    clock,
    onCommitted: () => sync.notifyLocalChange(),
    hpo: () => (hpoCatalogue ??= catalogueFrom(phenotype)),
    patientSex: (patientId) => patients.get(patientId).sex,
  });
  // The stored phenotype ranked (alone, with the installed panels that cover its top genes, or with the import).
  const phenotypeCase = createCaseRanking({
    phenotype: (patientId) => patientPhenotype.get(patientId),
    prioritise: (req) => phenotype.prioritise(req),
    panels: () => diagnosis.panels.list().panels.map((p) => ({ id: p.id, name: p.name, version: p.version, genes: diagnosis.panels.genes(p.id, p.version).genes })),
  });
  const packJobs = createRequestJobs();
  const annotationJobs = createRequestJobs();
  // Imports a crash left unfinished are invisible already; removing them (chunked, in the background)
  // frees the space and lets the same file be imported again.
  const startupCleanup = cleanUpAtStart ? imports.removeIncompleteImports() : Promise.resolve({ removed: 0 });
  // The same for annotation runs cut short or replaced (invisible already).
  const annotationCleanup = cleanUpAtStart ? annotation.removeStaleRuns() : Promise.resolve();
  return {
    dataDir,
    resourcesDir,
    store,
    events,
    patients,
    family,
    /** One multi-sample family VCF for all its members, committed together (services/family/family-import.ts). */
    importFamilyVcf: (request: { file: string; members: FamilyImportMember[]; build?: 'GRCh37' | 'GRCh38' }, options?: Omit<ImportOptions, 'holdCompletion'>) =>
      importFamilyVcf({ store, imports }, request, options),
    /** The family analysis of the patient's recorded family (null without one or without relatives' imports). */
    familyAnalysis: (patientId: string) => runFamilyAnalysis(store, family, patientId),
    audit,
    imports,
    importJobs,
    pgx,
    diagnosis,
    phenotype,
    patientPhenotype,
    phenotypeCase,
    packs,
    annotation,
    packJobs,
    annotationJobs,
    startupCleanup,
    listImportsForPatient: (patientId: string) => imports.listImports({ patientId }),
    sync,
    async close() {
      await sync.stop();
      await startupCleanup.catch(() => undefined);
      await Promise.all([importJobs.cancelAll(), packJobs.cancelAll(), annotationJobs.cancelAll(), annotationCleanup.catch(() => undefined)]);
      await annotation.settle();
      await diagnosis.close();
      phenotypeAnnotation.close();
      store.close();
    },
  };
}
