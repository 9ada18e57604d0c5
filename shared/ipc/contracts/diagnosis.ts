// The diagnosis workspace's channels (issue 8): panels, referral and consent, ranked candidates, ACMG/ACGS
// classification (preview, save, history), secondary findings and the diagnostic report.
import { z } from 'zod';
import { ClassificationResultSchema } from '../../schemas/diagnosis.ts';
import {
  candidatesInputSchema,
  candidatesOutputSchema,
  classificationHistoryInputSchema,
  classificationHistoryOutputSchema,
  classificationSaveInputSchema,
  classifyPreviewInputSchema,
  ConsentRecordSchema,
  consentSaveInputSchema,
  criteriaListOutputSchema,
  LabClassificationRecordSchema,
  panelGenesInputSchema,
  panelGenesOutputSchema,
  panelsInstallInputSchema,
  panelsInstallOutputSchema,
  panelsListOutputSchema,
  ReferralSchema,
  referralGetOutputSchema,
  referralSaveInputSchema,
  reportInputSchema,
  reportPdfInputSchema,
  reportPdfOutputSchema,
  reportPreviewOutputSchema,
  secondaryFindingsInputSchema,
  secondaryFindingsOutputSchema,
} from '../../schemas/diagnosis-workspace.ts';

const patientOnly = z.object({ patientId: z.string().min(1).max(64) });

export const diagnosisContract = {
  'diagnosis:panels-list': { input: z.object({}).strict(), output: panelsListOutputSchema },
  'diagnosis:panels-install': { input: panelsInstallInputSchema, output: panelsInstallOutputSchema },
  'diagnosis:panel-genes': { input: panelGenesInputSchema, output: panelGenesOutputSchema },
  'diagnosis:referral-get': { input: patientOnly, output: referralGetOutputSchema },
  'diagnosis:referral-save': { input: referralSaveInputSchema, output: z.object({ referral: ReferralSchema }) },
  'diagnosis:consent-save': { input: consentSaveInputSchema, output: z.object({ consent: ConsentRecordSchema }) },
  'diagnosis:candidates': { input: candidatesInputSchema, output: candidatesOutputSchema },
  'diagnosis:criteria-list': { input: z.object({}).strict(), output: criteriaListOutputSchema },
  'diagnosis:classify-preview': { input: classifyPreviewInputSchema, output: ClassificationResultSchema },
  'diagnosis:classification-save': { input: classificationSaveInputSchema, output: z.object({ classification: LabClassificationRecordSchema }) },
  'diagnosis:classification-history': { input: classificationHistoryInputSchema, output: classificationHistoryOutputSchema },
  'diagnosis:secondary-findings': { input: secondaryFindingsInputSchema, output: secondaryFindingsOutputSchema },
  'diagnosis:report-preview': { input: reportInputSchema, output: reportPreviewOutputSchema },
  'diagnosis:report-pdf': { input: reportPdfInputSchema, output: reportPdfOutputSchema },
} as const;
