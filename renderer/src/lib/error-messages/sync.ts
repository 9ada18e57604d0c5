// What to tell a person for each sync error code: the Record type makes a missing code a typecheck failure.
import type { SYNC_ERROR_CODES } from '../../../../shared/error-codes/sync.ts';

export const syncMessages: Record<(typeof SYNC_ERROR_CODES)[number], string> = {
  'sync/offline': 'The central service cannot be reached. Your changes are kept and will be sent when the network is back.',
  'sync/connection-lost': 'The connection to the central service was lost. Nothing is lost; GenoDesk will try again.',
  'sync/conflict': 'This record was also changed centrally. Choose which version to keep.',
  'sync/conflict-not-found': 'That conflict no longer exists. Reload the list.',
  'sync/conflict-already-resolved': 'That conflict was already resolved.',
  'sync/invalid-choice': 'Choose a version for every field that differs.',
  'sync/server-error': 'The central service had a problem. GenoDesk will try again later; nothing is lost.',
  'sync/rate-limited': 'The central service asked GenoDesk to wait. It will try again later; nothing is lost.',
  'sync/timeout': 'The central service did not answer in time. GenoDesk will try again; nothing is lost.',
  'sync/bad-response': 'The central service sent an answer GenoDesk could not read. Nothing was marked as sent.',
  'sync/not-configured': 'Sync has not been set up. Ask your administrator for the server address.',
  'sync/report-unavailable': 'The report to send could not be found locally.',
  'sync/phenotype-unavailable': 'The patient’s phenotype could not be read here to send it. It was kept and will be tried again.',
  'sync/classification-unavailable': 'A saved variant classification waiting to be sent could not be read here. It was kept; the other changes were sent.',
  'sync/unsupported-entity': 'This version of GenoDesk cannot send one kind of waiting change. It was kept; the other changes were sent. Update GenoDesk.',
  'sync/remote-invalid': 'A record on the central service could not be stored here because it is not valid. It was left unchanged there.',
  'fhir/unauthorized': 'The central service refused GenoDesk’s credentials. Ask your administrator to check the client id and secret.',
  'fhir/invalid-resource': 'A record could not be sent because it is not valid for the central service. The details say why.',
  'fhir/operation-outcome': 'The central service reported an error. The details say what it said.',
  'fhir/not-found': 'The central service could not find that record.',
};
