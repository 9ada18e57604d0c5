// Pack manifests (`manifest.json`): what a pack is (kind, build, source, version/date, licence), its files
// with sha256, and where each file came from. Verified before a pack is used so a damaged or swapped file is
// refused instead of silently annotating against it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../../shared/errors.ts';
import { packManifestSchema } from '../../../../../shared/schemas/annotation.ts';
import type { PackManifest } from '../../../../../shared/schemas/annotation.ts';
import type { VerifiedStamps } from './verified-stamps.ts';

export const MANIFEST_FILE = 'manifest.json';

const HASH_READ_BYTES = 1 << 20;

/**
 * SHA-256 of a file, read into one reused 1 MiB buffer: a stream allocates a new 64 KiB buffer per read,
 * ~50,000 of them for a 3.1 GB genome index, and the freed native memory stayed in the process (RSS) while
 * the annotation it runs beside went on. Each read yields to the event loop, so the app stays responsive.
 */
export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(HASH_READ_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

export function readPackManifest(dir: string): PackManifest {
  const file = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(file)) throw new AppError('packs/not-found', `No pack manifest at ${file}.`, { file });
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError('packs/corrupt', `The pack manifest ${file} is not valid JSON.`, { file, reason: (err as Error).message });
  }
  const parsed = packManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('packs/corrupt', `The pack manifest ${file} is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}.`, {
      file,
      field: issue.path.join('.'),
    });
  }
  if (!['transcripts', 'clinvar', 'panel'].includes(parsed.data.kind)) {
    throw new AppError('packs/unsupported-kind', `Pack kind ${parsed.data.kind} is not supported.`, { file, kind: parsed.data.kind });
  }
  return parsed.data;
}

/**
 * Every listed file (or those whose role `roles` names) exists with the recorded size and sha256. With
 * `stamps`, a file already verified and unchanged since (verified-stamps.ts) is not hashed again.
 */
export async function verifyPackFiles(dir: string, manifest: PackManifest, roles?: readonly string[], stamps?: VerifiedStamps): Promise<void> {
  for (const f of manifest.files) {
    if (roles && !roles.includes(f.role)) continue;
    const file = path.join(dir, f.path);
    if (!fs.existsSync(file)) throw new AppError('packs/file-not-found', `Pack ${manifest.id} is missing ${f.path}.`, { pack: manifest.id, file });
    const size = fs.statSync(file).size;
    if (size !== f.bytes) {
      throw new AppError('packs/corrupt', `Pack file ${f.path} is ${size} bytes; the manifest says ${f.bytes} (truncated or replaced).`, {
        pack: manifest.id,
        file,
        expectedBytes: f.bytes,
        actualBytes: size,
      });
    }
    if (stamps?.isVerified(file, f.sha256)) continue;
    const digest = await sha256File(file);
    if (digest !== f.sha256) {
      throw new AppError('packs/corrupt', `Pack file ${f.path} does not match its checksum (damaged or replaced).`, {
        pack: manifest.id,
        file,
        expected: f.sha256,
        actual: digest,
      });
    }
    stamps?.remember(file, digest);
  }
}

export function packFile(dir: string, manifest: PackManifest, role: string): string | undefined {
  const f = manifest.files.find((x) => x.role === role);
  return f ? path.join(dir, f.path) : undefined;
}
