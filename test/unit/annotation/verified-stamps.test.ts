// A pack file verified once is not hashed again while the file system says it is unchanged; any change to its
// content — even one that keeps its size and puts its modification time back (to the millisecond, as utimes
// can) — makes it hashed again (and refused).
// Real files: a copy of the bundled demo transcript pack.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESOURCES } from '../../helpers/paths.ts';
import { readPackManifest, verifyPackFiles } from '../../../electron/main/services/annotation/packs/pack-manifest.ts';
import { fileVerifiedStamps } from '../../../electron/main/services/annotation/packs/verified-stamps.ts';
import { isAppError } from '../../../shared/errors.ts';

const DEMO = path.join(RESOURCES, 'packs', 'grch38-chr21-ensembl84-demo');

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
  return 'accepted';
}

/** Changes one byte in the middle of the file (same size) and puts its modification time back. */
function alterKeepingSizeAndTime(file: string): void {
  const { atime, mtime } = fs.statSync(file);
  const bytes = fs.readFileSync(file);
  const at = bytes.length >> 1;
  bytes[at] ^= 0xff;
  fs.writeFileSync(file, bytes);
  fs.utimesSync(file, atime, mtime);
}

describe('verified pack-file stamps', () => {
  let dir: string;
  let cache: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genodesk-stamps-'));
    fs.cpSync(DEMO, path.join(dir, 'pack'), { recursive: true });
    cache = path.join(dir, 'cache', 'verified-pack-files.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('remembers each verified file and hashes again a file whose content changed, size and mtime kept', async () => {
    const pack = path.join(dir, 'pack');
    const manifest = readPackManifest(pack);
    await verifyPackFiles(pack, manifest, undefined, fileVerifiedStamps(cache));
    const remembered = JSON.parse(fs.readFileSync(cache, 'utf8')) as Record<string, { sha256: string }>;
    expect(Object.keys(remembered).sort()).toEqual(manifest.files.map((f) => path.join(pack, f.path)).sort());

    alterKeepingSizeAndTime(path.join(pack, 'GRCh38_chr21_Npadded.fa.gz'));
    expect(await refusal(verifyPackFiles(pack, manifest, undefined, fileVerifiedStamps(cache)))).toBe('packs/corrupt');
  });

  it('skips the hash of a file stamped as verified and unchanged since', async () => {
    const pack = path.join(dir, 'pack');
    const manifest = readPackManifest(pack);
    const fasta = path.join(pack, 'GRCh38_chr21_Npadded.fa.gz');
    alterKeepingSizeAndTime(fasta);
    // Without stamps the damage is found; a stamp taken of the file as it is now (as if verified) is trusted
    // instead of hashing: this is what spares a whole genome's 3.1 GB index on every `prioritise --vcf`.
    expect(await refusal(verifyPackFiles(pack, manifest))).toBe('packs/corrupt');
    const stamps = fileVerifiedStamps(cache);
    stamps.remember(fasta, manifest.files.find((f) => f.path === 'GRCh38_chr21_Npadded.fa.gz')!.sha256);
    expect(await refusal(verifyPackFiles(pack, manifest, undefined, fileVerifiedStamps(cache)))).toBe('accepted');
    // A damaged cache file only costs a re-hash.
    fs.writeFileSync(cache, '{not json');
    expect(await refusal(verifyPackFiles(pack, manifest, undefined, fileVerifiedStamps(cache)))).toBe('packs/corrupt');
  });
});
