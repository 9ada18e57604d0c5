// One pack content check as a job a worker thread can run (pack-content.worker.ts): the same check
// functions the install always used, with progress reported as bytes of the file being read.
import fs from 'node:fs';
import path from 'node:path';
import { checkFrequencyContent } from '../frequency/check-frequency-content.ts';
import { checkClinVarContent, checkTranscriptContent } from './check-pack-content.ts';
import type { ContentFacts } from './check-pack-content.ts';
import type { ContentCheckJob, ContentCheckProgress } from './content-check-protocol.ts';

export async function runContentCheck(
  job: ContentCheckJob,
  options: { signal?: AbortSignal; onProgress?: (p: ContentCheckProgress) => void } = {},
): Promise<ContentFacts> {
  const { signal, onProgress } = options;
  if (job.kind === 'transcripts') {
    const { gff3, fasta } = job.files;
    const sizes = { 'indexing-sequence': fs.statSync(fasta).size, 'indexing-transcripts': fs.statSync(gff3).size };
    return checkTranscriptContent(job.files, job.declared, {
      packDir: job.packDir,
      signal,
      onProgress: (p) => onProgress?.({ file: path.basename(p.phase === 'indexing-sequence' ? fasta : gff3), bytes: p.done, totalBytes: sizes[p.phase] }),
    });
  }
  const check = job.kind === 'clinvar' ? checkClinVarContent : checkFrequencyContent;
  return check(job.file, job.declared, {
    packDir: job.packDir,
    signal,
    onProgress: (p) => onProgress?.({ file: path.basename(job.file), bytes: p.bytes, totalBytes: p.totalBytes }),
  });
}
