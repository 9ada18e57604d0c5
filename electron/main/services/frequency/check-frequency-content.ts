// The content check of a frequency pack (a gnomAD sites VCF) copied into its temporary folder: the VCF is
// read to the end once, writing the lookup table (frequency-index.ts) into the pack as it goes, and must
// say one genome build (its ##contig lengths, or the build the lab gives).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, isAppError } from '../../../../shared/errors.ts';
import { vcfBuild } from '../annotation/annotate-vcf-file.ts';
import type { GenomeBuild } from '../annotation/packs/genome-build.ts';
import type { ContentFacts } from '../packs/check-pack-content.ts';
import { buildFrequencyIndex, FREQUENCY_INDEX_FILE } from './frequency-index.ts';
import type { BuiltFrequencyIndex, FrequencyIndexProgress } from './frequency-index.ts';

/** The role of the lookup table in the pack manifest. */
export const FREQUENCY_TABLE_ROLE = 'frequency-table';

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function checkFrequencyContent(
  file: string,
  declared: GenomeBuild | undefined,
  options: { packDir: string; signal?: AbortSignal; onProgress?: (p: FrequencyIndexProgress) => void },
): Promise<ContentFacts> {
  let built: BuiltFrequencyIndex;
  try {
    built = await buildFrequencyIndex(file, options.packDir, options);
  } catch (err) {
    if (isAppError(err) && err.code.startsWith('packs/')) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    // vcf/… errors name the line already; for a pack, the file is damaged.
    const line = isAppError(err) ? (err.details as { line?: number }).line : undefined;
    throw new AppError('packs/corrupt', `${path.basename(file)} could not be read to the end: ${reason}`, { file, reason, ...(line ? { line } : {}) });
  }
  const found = vcfBuild(built.header);
  if (found.build && declared && found.build !== declared) {
    throw new AppError('packs/build-mismatch', `The gnomAD file is ${found.build} (${found.reason}) but the pack says ${declared}.`, { file, declared, found: found.build });
  }
  const build = found.build ?? declared;
  if (!build) {
    throw new AppError('packs/build-unknown', `${path.basename(file)} does not say which genome build it is (no ##reference or contig lengths). Give the build (GRCh37 or GRCh38).`, { file });
  }
  if (built.sites === 0) throw new AppError('packs/corrupt', `${path.basename(file)} holds no variant records: expected a gnomAD sites VCF.`, { file });
  const table = path.join(options.packDir, FREQUENCY_INDEX_FILE);
  return {
    build,
    version: built.release,
    flavour: `gnomAD ${built.release}`,
    counts: { sites: built.sites, sitesWithoutAf: built.withoutAf },
    notes: built.withoutAf > 0 ? `${built.withoutAf} records have no AF (no genotypes called there, AN = 0); their variants read as not seen.` : undefined,
    derivedFiles: [{ role: FREQUENCY_TABLE_ROLE, path: FREQUENCY_INDEX_FILE, sha256: await sha256Of(table), bytes: fs.statSync(table).size }],
  };
}
