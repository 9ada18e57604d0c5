// The factories of every domain service past the patient register, gathered in one module so that a caller
// that needs only the register (`genodesk patients list`, issue 15 §6: ≤ 0.3 s whole-process) can leave
// them unloaded: composition.ts imports this statically (the app, the harness, the tests); the CLI imports
// it dynamically, only for commands that use more than the register.
import { createImportService } from './services/vcf/import-service.ts';
import { loadGeneTable } from './services/vcf/gene-table.ts';
import { createDiagnosisService } from './services/diagnosis-workspace/diagnosis-service.ts';
import { createPacksService } from './services/packs/packs-service.ts';
import { auditPackChange } from './services/packs/pack-audit.ts';
import { createAnnotationService } from './services/annotation-store/annotation-service.ts';
import { createSyncController } from './services/sync-controller.ts';
import { diagnosisSyncSources } from './services/sync/diagnosis-sources.ts';
import { PgxData } from './services/pgx/pgx-data.ts';
import { createPgxReportSource } from './services/pgx/pgx-store.ts';
import { createPgxService } from './services/pgx/pgx-service.ts';
import { createFrequencyService } from './services/frequency/frequency-service.ts';
import { createReanalysisService } from './services/reanalysis/reanalysis-service.ts';
import { createPanelReanalysis } from './services/reanalysis/panel-changes.ts';
import { createFamilyService } from './services/family/family-service.ts';
import { importFamilyVcf } from './services/family/family-import.ts';
import { familySegregation, rankWithRecordedFamily, runFamilyAnalysis } from './services/family/family-candidates.ts';
import { createWorklistService } from './services/worklist/worklist-service.ts';
import { createCandidateSnapshot } from './services/worklist/candidate-snapshot.ts';
import { createMedicationAlertsSnapshot } from './services/worklist/medication-alerts-snapshot.ts';
import { createMedicinesService } from './services/medicines/medicines-service.ts';
import { reviewPdfSection } from './services/medicines/review/review-pdf-section.ts';
import { createPhenotypeService } from './services/phenotype/phenotype-service.ts';
import { PhenotypeWorkerClient } from './services/phenotype/phenotype-worker-client.ts';
import { patientVariantsFrom } from './services/phenotype/variants/patient-variants.ts';
import { createCandidateAnnotation } from './services/diagnosis-workspace/candidate-annotation.ts';
import { createPatientPhenotypeService } from './services/phenotype/patient-phenotype/patient-phenotype-service.ts';
import { catalogueFrom } from './services/phenotype/patient-phenotype/catalogue.ts';
import { createCaseRanking } from './services/phenotype/patient-phenotype/case-ranking.ts';

export const serviceModules = {
  createImportService,
  loadGeneTable,
  createDiagnosisService,
  createPacksService,
  auditPackChange,
  createAnnotationService,
  createSyncController,
  diagnosisSyncSources,
  PgxData,
  createPgxReportSource,
  createPgxService,
  createFrequencyService,
  createReanalysisService,
  createPanelReanalysis,
  createFamilyService,
  importFamilyVcf,
  familySegregation,
  runFamilyAnalysis,
  rankWithRecordedFamily,
  createWorklistService,
  createCandidateSnapshot,
  createMedicationAlertsSnapshot,
  createMedicinesService,
  reviewPdfSection,
  createPhenotypeService,
  PhenotypeWorkerClient,
  patientVariantsFrom,
  createCandidateAnnotation,
  createPatientPhenotypeService,
  catalogueFrom,
  createCaseRanking,
};

export type ServiceModules = typeof serviceModules;
