// What to tell a person for each annotate error code: the Record type makes a missing code a typecheck failure.
import type { ANNOTATE_ERROR_CODES } from '../../../../shared/error-codes/annotate.ts';

export const annotateMessages: Record<(typeof ANNOTATE_ERROR_CODES)[number], string> = {
  'packs/file-not-found': 'The pack file could not be found.',
  'packs/corrupt': 'The pack file is damaged or incomplete. The previous pack is still in use.',
  'packs/build-mismatch': 'The pack files are for different genome builds. The previous pack is still in use.',
  'packs/unsupported-kind': 'GenoDesk does not know this kind of pack.',
  'packs/not-found': 'That pack is not installed.',
  'annotate/reference-mismatch': 'Some variants do not match the reference sequence and were not annotated. The details give the count.',
  'annotate/no-packs': 'No annotation packs are installed. Install a transcript pack first.',
  'annotate/build-mismatch': 'The installed packs are for a different genome build than this import.',
  'annotate/cancelled': 'Annotation was cancelled. Nothing was changed.',
};
