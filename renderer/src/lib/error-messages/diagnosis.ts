// What to tell a person for each diagnosis error code: the Record type makes a missing code a typecheck failure.
import type { DIAGNOSIS_ERROR_CODES } from '../../../../shared/error-codes/diagnosis.ts';

export const diagnosisMessages: Record<(typeof DIAGNOSIS_ERROR_CODES)[number], string> = {
  'diagnosis/unknown-panel': 'That gene panel is not installed.',
  'diagnosis/unknown-panel-version': 'That version of the gene panel is not installed.',
  'diagnosis/conflicting-criteria': 'The chosen criteria contradict each other. Review them before saving a classification.',
  'diagnosis/invalid-criterion': 'That criterion or strength is not allowed.',
  'diagnosis/consent-required': 'Additional findings can only be shown once the patient’s consent is recorded.',
  'diagnosis/panel-malformed': 'The gene panel file is not in the expected PanelApp format.',
  'diagnosis/panel-pack-corrupt': 'The gene panel pack is damaged. Install it again.',
  'diagnosis/sf-list-malformed': 'The secondary-findings gene list is damaged. Reinstall GenoDesk.',
  'diagnosis/report-invalid': 'The diagnostic report is incomplete and was not issued. The details say what is missing.',
  'diagnosis/fhir-invalid': 'The diagnostic report could not be turned into valid FHIR. The details say why.',
  'diagnosis/panel-version-conflict': 'A different panel with this id and version is already installed. Check the file came from PanelApp.',
  'diagnosis/referral-required': 'Record the referral and choose at least one panel first.',
  'diagnosis/no-import': 'This patient has no imported sequencing file yet. Import a VCF on the Sequencing tab first.',
  'diagnosis/classification-incomplete': 'Add a comment explaining the classification before saving it.',
  'diagnosis/classification-stale': 'Someone saved a newer classification of this variant. Review it before saving yours.',
  'diagnosis/referral-stale': 'Someone else changed this referral since you opened it. Reload it and make your change again.',
  'diagnosis/report-not-found': 'That diagnostic report was not found for this patient.',
};
