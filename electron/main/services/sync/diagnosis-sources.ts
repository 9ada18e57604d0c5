// Adapts the diagnosis workspace to what sync reads: issued reports by number and one classification
// version by (variant id, version). The composition passes the service lazily (it is built after sync), and
// sync never reaches into the diagnosis tables itself.
import { AppError } from '../../../../shared/errors.ts';
import type { DiagnosticReportContent } from '../../../../shared/schemas/diagnosis.ts';
import type { LabClassificationRecord, VariantIdentity } from '../../../../shared/schemas/diagnosis-workspace.ts';
import type { ClassificationSource, DiagnosticReportSource } from './sync-context.ts';

/** The slice of the diagnosis service sync needs (createDiagnosisService satisfies it). */
export interface DiagnosisForSync {
  getIssuedReport(reportId: string): DiagnosticReportContent;
  classifications: { history(variant: VariantIdentity): { versions: LabClassificationRecord[] } };
}

/**
 * `GRCh38:chr1-226982996-C-T` → its identity (the classification store's variant id: build, then the
 * normalised `chrom-pos-ref-alt` key). Read from the right: alleles never contain "-", a contig name may.
 */
export function parseVariantId(variantId: string): VariantIdentity | undefined {
  const m = /^(GRCh37|GRCh38):(.+)-(\d+)-([^-]+)-([^-]+)$/.exec(variantId);
  if (!m) return undefined;
  return { build: m[1] as VariantIdentity['build'], chrom: m[2], pos: Number(m[3]), ref: m[4], alt: m[5] };
}

export function diagnosisSyncSources(diagnosis: () => DiagnosisForSync): { diagnosticReports: DiagnosticReportSource; classifications: ClassificationSource } {
  return {
    diagnosticReports: {
      getIssuedReport(reportId) {
        try {
          return diagnosis().getIssuedReport(reportId);
        } catch (err) {
          if (err instanceof AppError && err.code === 'diagnosis/report-not-found') return undefined;
          throw err;
        }
      },
    },
    classifications: {
      getClassification(variantId, version) {
        const identity = parseVariantId(variantId);
        if (!identity) return undefined;
        return diagnosis()
          .classifications.history(identity)
          .versions.find((v) => v.variantId === variantId && v.version === version);
      },
    },
  };
}
