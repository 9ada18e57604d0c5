// Whether a GFF3 and a FASTA belong to one assembly: shared by the whole-file reader (open-sources.ts) and
// the install-time indexer (transcript-pack-index.ts), so both refuse the same pairs with the same errors.
import { AppError } from '../../../../../shared/errors.ts';
import type { ReferenceSequence } from '../sequence/fasta-reader.ts';
import type { TranscriptModel } from '../transcripts/transcript-model.ts';
import type { BuildEvidence, GenomeBuild } from './genome-build.ts';

/** The GFF3's and the FASTA's own build evidence must agree with each other and with the pack's declared build. */
export function checkBuildAgreement(
  gff: BuildEvidence,
  fasta: BuildEvidence,
  files: { gff3: string; fasta: string },
  declared?: GenomeBuild,
): GenomeBuild | undefined {
  if (gff.build && fasta.build && gff.build !== fasta.build) {
    throw new AppError('packs/build-mismatch', `The GFF3 is ${gff.build} but the FASTA is ${fasta.build}; they must be the same build.`, {
      ...files,
      gff3Build: gff.build,
      gff3Evidence: gff.reason,
      fastaBuild: fasta.build,
      fastaEvidence: fasta.reason,
    });
  }
  for (const [name, build] of [
    ['GFF3', gff.build],
    ['FASTA', fasta.build],
  ] as const) {
    if (declared && build && build !== declared) {
      throw new AppError('packs/build-mismatch', `The pack says ${declared} but its ${name} is ${build}.`, { ...files, declared, found: build });
    }
  }
  return declared ?? gff.build ?? fasta.build;
}

/** Transcripts on contigs the FASTA has; one that runs past its contig's end means the files are of different assemblies. */
export function placeOnReference(
  transcripts: readonly TranscriptModel[],
  reference: Pick<ReferenceSequence, 'length'>,
  files: { gff3: string; fasta: string },
): TranscriptModel[] {
  const kept: TranscriptModel[] = [];
  for (const t of transcripts) {
    const len = reference.length(t.seqid);
    if (len === undefined) continue;
    if (t.end > len) {
      throw new AppError(
        'packs/build-mismatch',
        `Transcript ${t.id} ends at ${t.seqid}:${t.end}, beyond the FASTA's ${len} bp: the GFF3 and FASTA are not the same assembly.`,
        { ...files, transcript: t.id, contig: t.seqid, transcriptEnd: t.end, contigLength: len },
      );
    }
    kept.push(t);
  }
  return kept;
}

export function noSharedContigs(files: { gff3: string; fasta: string }, gff3Contigs: string[], fastaContigs: string[]): AppError {
  return new AppError('packs/build-mismatch', 'None of the GFF3 contigs is in the FASTA: the files do not belong together.', {
    ...files,
    gff3Contigs: gff3Contigs.slice(0, 10),
    fastaContigs: fastaContigs.slice(0, 10),
  });
}
