// What to tell a person for each annotate error code: the Record type makes a missing code a typecheck failure.
import type { ANNOTATE_ERROR_CODES } from '../../../../shared/error-codes/annotate.ts';

export const annotateMessages: Record<(typeof ANNOTATE_ERROR_CODES)[number], string> = {
  'packs/file-not-found': 'The pack file could not be found.',
  'packs/corrupt': 'The pack file is damaged or incomplete. The previous pack is still in use.',
  'packs/build-mismatch': 'The pack files are for different genome builds. The previous pack is still in use.',
  'packs/unsupported-kind': 'GenoDesk does not know this kind of pack.',
  'packs/not-found': 'That pack is not installed.',
  'packs/build-unknown': 'GenoDesk could not tell which genome build these files are for. Give the build and try again.',
  'packs/cancelled': 'The pack installation was cancelled. The previous pack is still in use.',
  'packs/install-in-progress': 'This pack is already being installed. Wait for that installation to finish.',
  'packs/disk-full': 'The disk is full, so the pack could not be installed. Free some space and try again. The previous pack is still in use.',
  'packs/worker-failed': 'Indexing the pack stopped unexpectedly (for example it needed more memory than allowed). The previous pack is still in use.',
  'annotate/reference-mismatch': 'Some variants do not match the reference sequence and were not annotated. The details give the count.',
  'annotate/no-packs': 'No annotation packs are installed. Install a transcript pack first.',
  'annotate/build-mismatch': 'The installed packs are for a different genome build than this import.',
  'annotate/cancelled': 'Annotation was cancelled. Nothing was changed.',
  'annotate/worker-failed': 'Annotation stopped unexpectedly (for example it needed more memory than allowed). Nothing was saved; the previous annotation is unchanged.',
  'annotate/in-progress': 'This import is already being annotated. Wait for that run to finish.',
  'annotate/variant-not-found': 'That variant is not in this patient\'s imports. Refresh the variant list.',
  'annotate/run-not-found': 'That earlier annotation run is not stored for this import.',
  'annotate/run-is-current': 'This is the current annotation of the import; only a run a newer one replaced can be deleted.',
  'annotate/no-frequency-pack': 'No gnomAD frequency pack is installed for this genome build. Install one under Reference packs to filter by population frequency.',
  'annotate/frequency-filter-too-broad':
    'Too many variants pass the other filters to look each one up in gnomAD at once. Add a consequence, impact, ClinVar, gene or region filter first, then the population frequency.',
  'annotate/print-failed': 'The annotation was saved, but its variants could not be written out. Run the command again without --rerun to print them.',
};
