// The random-access form of a transcript pack, written at install inside the pack's temporary folder and
// switched in with it (packs-service's atomic install): `index/sequence.fa` + `.fai` (fasta-indexer.ts) and
// `index/transcripts.jsonl` + `transcripts.json` (gff3-indexer.ts). The GFF3 and FASTA as published stay in
// the pack for provenance; annotation reads only the index. A pack without one (made before this format, or a
// shipped folder opened in place) is still read the old way by openTranscriptPack.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../../shared/errors.ts';
import { indexFasta } from '../sequence/fasta-indexer.ts';
import { openReference } from '../sequence/fasta-reader.ts';
import type { ReferenceSequence } from '../sequence/fasta-reader.ts';
import { indexGff3 } from '../transcripts/gff3-indexer.ts';
import type { Gff3Result } from '../transcripts/gff3-reader.ts';
import { IndexedTranscripts, readTranscriptTable } from '../transcripts/indexed-transcripts.ts';
import { buildFromContigLengths } from './genome-build.ts';
import type { GenomeBuild } from './genome-build.ts';
import { checkBuildAgreement, noSharedContigs, placeOnReference } from './transcript-build-checks.ts';

export const INDEX_DIR = 'index';
/** Manifest roles of the index files, with their paths inside the pack. */
export const INDEX_FILES = {
  sequence: `${INDEX_DIR}/sequence.fa`,
  'sequence-fai': `${INDEX_DIR}/sequence.fa.fai`,
  'transcript-models': `${INDEX_DIR}/transcripts.jsonl`,
  'transcript-table': `${INDEX_DIR}/transcripts.json`,
} as const;
export type IndexRole = keyof typeof INDEX_FILES;

export interface TranscriptIndexProgress {
  phase: 'indexing-sequence' | 'indexing-transcripts';
  /** Bytes of the FASTA (sequence) or GFF3 (transcripts) read so far, as stored. */
  done: number;
}

export interface BuiltTranscriptIndex {
  build?: GenomeBuild;
  flavour: Gff3Result['flavour'];
  transcripts: number;
  skipped: number;
  files: Array<{ role: IndexRole; path: string; sha256: string; bytes: number }>;
}

export async function buildTranscriptPackIndex(
  files: { gff3: string; fasta: string },
  packDir: string,
  declared: GenomeBuild | undefined,
  options: { signal?: AbortSignal; onProgress?: (p: TranscriptIndexProgress) => void } = {},
): Promise<BuiltTranscriptIndex> {
  const { signal, onProgress } = options;
  const out = (role: IndexRole) => path.join(packDir, INDEX_FILES[role]);
  // Written afresh: a pack folder copied from an installation may bring an older index with it.
  fs.rmSync(path.join(packDir, INDEX_DIR), { recursive: true, force: true });
  fs.mkdirSync(path.join(packDir, INDEX_DIR), { recursive: true });
  const seq = await indexFasta(files.fasta, out('sequence'), {
    signal,
    onBytes: (done) => onProgress?.({ phase: 'indexing-sequence', done }),
  });
  const fastaEvidence = buildFromContigLengths(seq.contigs);
  const reference = await openReference(out('sequence'));
  let build: GenomeBuild | undefined;
  let found = 0;
  try {
    const gff = await indexGff3(files.gff3, path.join(packDir, INDEX_DIR), {
      signal,
      onBytes: (done) => onProgress?.({ phase: 'indexing-transcripts', done }),
      onBuildEvidence: (evidence) => void (build = checkBuildAgreement(evidence, fastaEvidence, files, declared)),
      place: (_seqid, transcripts) => {
        found += transcripts.length;
        return placeOnReference(transcripts, reference, files);
      },
    });
    if (gff.transcripts === 0 && found > 0) throw noSharedContigs(files, gff.gff3Contigs, [...seq.contigs.keys()]);
    return {
      build,
      flavour: gff.flavour,
      transcripts: gff.transcripts,
      skipped: gff.skipped,
      files: [
        { role: 'sequence', path: INDEX_FILES.sequence, sha256: seq.fasta.sha256, bytes: seq.fasta.bytes },
        { role: 'sequence-fai', path: INDEX_FILES['sequence-fai'], sha256: seq.fai.sha256, bytes: seq.fai.bytes },
        { role: 'transcript-models', path: INDEX_FILES['transcript-models'], sha256: gff.models.sha256, bytes: gff.models.bytes },
        { role: 'transcript-table', path: INDEX_FILES['transcript-table'], sha256: gff.table.sha256, bytes: gff.table.bytes },
      ],
    };
  } finally {
    reference.close();
  }
}

export interface OpenedIndex {
  transcripts: IndexedTranscripts;
  reference: ReferenceSequence;
}

/** Opens an index written by buildTranscriptPackIndex: nothing but the table is read until a variant needs it. */
export async function openTranscriptPackIndex(files: Record<IndexRole, string>): Promise<OpenedIndex> {
  for (const f of Object.values(files)) {
    if (!fs.existsSync(f)) throw new AppError('packs/file-not-found', `The pack index file ${f} is missing; reinstall the pack.`, { file: f });
  }
  const reference = await openReference(files.sequence);
  try {
    return { transcripts: new IndexedTranscripts(files['transcript-models'], readTranscriptTable(files['transcript-table'])), reference };
  } catch (err) {
    reference.close();
    throw err;
  }
}
