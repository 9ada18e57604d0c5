// Every AppErrorCode mapped to what a person should do next. A Record over the union makes this
// exhaustive: a new code that is not given a sentence here fails the typecheck.
import type { AppErrorCode, SerializedError } from '../../../shared/errors.ts';

const messages: Record<AppErrorCode, string> = {
  'db/key-invalid': 'The local store could not be unlocked. The key is wrong or the file is damaged; contact your local IT support.',
  'db/key-required': 'The local store is locked and needs its key.',
  'db/newer-than-app': 'This data was saved by a newer version of GenoDesk. Install the newer version to open it.',
  'db/migration-failed': 'The local store could not be upgraded. Nothing was changed; contact your local IT support.',
  'db/busy': 'The local store is busy. Try again in a moment.',
  'ipc/unknown-channel': 'GenoDesk received a request it does not know. Restart GenoDesk.',
  'ipc/invalid-input': 'GenoDesk could not read that request. Check what you entered and try again.',
  'ipc/invalid-output': 'GenoDesk produced an unexpected answer. Nothing was changed.',
  'ipc/untrusted-sender': 'A request was refused because it did not come from GenoDesk.',
  'ipc/internal': 'Something went wrong. Nothing was saved; try again, and if it happens again contact support.',
  'patients/invalid-nhs-number': 'Check the NHS number: it must be 10 digits with a valid check digit.',
  'patients/duplicate-nhs-number': 'A patient with this NHS number is already registered. Search for them instead.',
  'patients/invalid-name': 'Check the name.',
  'patients/invalid-birth-date': 'Enter the date of birth as a real date, like 1985-03-27.',
  'patients/birth-date-in-future': 'The date of birth must be today or in the past.',
  'patients/invalid-sex': 'Choose female, male, other or unknown.',
  'patients/not-found': 'This patient could not be found. They may have been removed; search again.',
  'patients/stale-version': 'This patient was changed since you opened them. Reload to see the latest details, then make your change again.',
  'cli/usage': 'The command was not used correctly.',
  'cli/unknown-command': 'Unknown command.',
  'cli/unknown-option': 'Unknown option.',
  'cli/missing-argument': 'A required argument is missing.',
  'vcf/file-not-found': 'The file could not be found. Check it still exists and try again.',
  'vcf/unsupported-format': 'This file type cannot be imported. Convert it to VCF (.vcf or .vcf.gz) first.',
  'vcf/bad-header': 'The VCF header is not valid, so nothing was imported. Ask the lab for a corrected file.',
  'vcf/line-malformed': 'A line of the VCF is malformed, so nothing was imported. The details say which line.',
  'vcf/unsupported-build': 'The genome build could not be recognised. Choose GRCh37 or GRCh38 and import again.',
  'vcf/sample-required': 'This file holds several samples. Choose which sample is this patient.',
  'vcf/sample-not-found': 'That sample is not in the file. Choose one of the samples listed.',
  'vcf/empty': 'The file holds no variants, so nothing was imported.',
  'vcf/cancelled': 'The import was cancelled. Nothing was kept.',
  'vcf/import-not-found': 'That import could not be found.',
  'pgx/unsupported-build': 'Pharmacogenomic calling needs a GRCh38 file. This file is on another build.',
  'pgx/unknown-gene': 'That gene is not one GenoDesk can call.',
  'pgx/unknown-allele': 'That allele name is not known for this gene.',
  'pgx/no-pgx-positions': 'The file covers none of the pharmacogenomic positions, so no call can be made.',
  'pgx/outside-call-malformed': 'The outside-call file is not in the expected format. The details say which line.',
  'pgx/no-import': 'This patient has no imported sequencing file to call from.',
  'sync/offline': 'The central service cannot be reached. Your changes are kept and will be sent when the network is back.',
  'sync/conflict': 'This record was also changed centrally. Choose which version to keep.',
  'sync/server-error': 'The central service had a problem. GenoDesk will try again later; nothing is lost.',
  'sync/rate-limited': 'The central service asked GenoDesk to wait. It will try again later; nothing is lost.',
  'sync/timeout': 'The central service did not answer in time. GenoDesk will try again; nothing is lost.',
  'sync/bad-response': 'The central service sent an answer GenoDesk could not read. Nothing was marked as sent.',
  'sync/not-configured': 'Sync has not been set up. Ask your administrator for the server address.',
  'fhir/unauthorized': 'The central service refused GenoDesk’s credentials. Ask your administrator to check the client id and secret.',
  'fhir/invalid-resource': 'A record could not be sent because it is not valid for the central service. The details say why.',
  'fhir/operation-outcome': 'The central service reported an error. The details say what it said.',
  'packs/file-not-found': 'The pack file could not be found.',
  'packs/corrupt': 'The pack file is damaged or incomplete. The previous pack is still in use.',
  'packs/build-mismatch': 'The pack files are for different genome builds. The previous pack is still in use.',
  'packs/unsupported-kind': 'GenoDesk does not know this kind of pack.',
  'packs/not-found': 'That pack is not installed.',
  'annotate/reference-mismatch': 'Some variants do not match the reference sequence and were not annotated. The details give the count.',
  'annotate/no-packs': 'No annotation packs are installed. Install a transcript pack first.',
  'annotate/build-mismatch': 'The installed packs are for a different genome build than this import.',
  'diagnosis/unknown-panel': 'That gene panel is not installed.',
  'diagnosis/unknown-panel-version': 'That version of the gene panel is not installed.',
  'diagnosis/conflicting-criteria': 'The chosen criteria contradict each other. Review them before saving a classification.',
  'diagnosis/invalid-criterion': 'That criterion or strength is not allowed.',
  'diagnosis/consent-required': 'Additional findings can only be shown once the patient’s consent is recorded.',
};

/** The sentence shown for an error: the service's own specific message, else the code's generic advice. */
export function describeError(error: SerializedError): string {
  return error.message || messages[error.code] || messages['ipc/internal'];
}

export function adviceFor(code: AppErrorCode): string {
  return messages[code];
}
