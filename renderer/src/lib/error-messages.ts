// Every AppErrorCode mapped to what a person should do next. Each domain keeps its sentences beside
// the others in lib/error-messages/<domain>.ts, typed as a Record over that domain's codes, so a new
// code without a sentence fails the typecheck; the check below makes the union exhaustive.
import type { AppErrorCode, SerializedError } from '../../../shared/errors.ts';
import { annotateMessages } from './error-messages/annotate.ts';
import { coreMessages } from './error-messages/core.ts';
import { diagnosisMessages } from './error-messages/diagnosis.ts';
import { familyMessages } from './error-messages/family.ts';
import { pgxMessages } from './error-messages/pgx.ts';
import { phenotypeMessages } from './error-messages/phenotype.ts';
import { syncMessages } from './error-messages/sync.ts';
import { vcfMessages } from './error-messages/vcf.ts';

const messages: Record<AppErrorCode, string> = {
  ...coreMessages,
  ...vcfMessages,
  ...pgxMessages,
  ...syncMessages,
  ...annotateMessages,
  ...diagnosisMessages,
  ...familyMessages,
  ...phenotypeMessages,
};

/** The sentence shown for an error: the service's own specific message, else the code's generic advice. */
export function describeError(error: SerializedError): string {
  return error.message || messages[error.code] || messages['ipc/internal'];
}
