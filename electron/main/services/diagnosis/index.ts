// The diagnosis workspace's pure logic (issue 8). The store, IPC, CLI and UI call these; nothing here
// touches the database or Electron.
export { loadPanelPack, sha256File, type PanelPack, type PanelPackManifest } from './panel-pack.ts';
export { PanelLibrary, comparePanelVersions } from './panel-library.ts';
export { parsePanelAppApiPanel } from './panelapp-json.ts';
export { parsePanelAppFlatTsv, versionsFromPanelList } from './panelapp-tsv.ts';
export { readPanelExportFile } from './panel-export-file.ts';
export { mapPanelAppMoi, describeMoi } from './panelapp-moi.ts';
export { parseAcmgSfList, type SfList } from './acmg-sf-list.ts';
export { ACMG_CRITERIA, criterionDefinition, criterionLabel, type CriterionDefinition } from './acmg-criteria.ts';
export { classifyVariant, classifyOrThrow, classFromPoints, validateCriteria, findConflicts, CLASS_LABELS, STRENGTH_POINTS } from './acmg-classifier.ts';
export { rankCandidates, variantKey, type RankInput } from './rank-candidates.ts';
export { findSecondaryFindings, assertConsent, MIN_CLINVAR_STARS, type SecondaryFindingsInput } from './secondary-findings.ts';
export { consequencesFromClinvarRecord, consequencesFromClinvarVcfInfo, CLINVAR_CONSEQUENCE_SOURCE } from './clinvar-consequence.ts';
export { normaliseClinvarSignificance, starsForReviewStatus } from './clinvar-significance.ts';
export { buildDiagnosticReportContent, type ReportInput, type ReportVariantInput } from './report-content.ts';
export { renderDiagnosticReportPdf, writeDiagnosticReportPdf } from './report-pdf.ts';
export { buildGenomicReportResources, PROFILE as GENOMICS_REPORTING_PROFILES, type GenomicReportResources } from './report-fhir.ts';
export { validateGenomicResources, assertValidGenomicResources, type FhirIssue } from './fhir-validate.ts';
export { candidateInputFromStore, zygosityFromRow, populationFrequenciesFromVcfBorne, ANNOTATOR_SOURCE, GENE_OVERLAP_SOURCE } from './candidate-input.ts';
