// Which pack files have already been checked against their manifest's SHA-256, remembered against what the
// file system says of each file now: device, inode, size, modification and change time. Any write to the
// file, a replacement by rename or a restored modification time (utimes sets mtime but moves ctime, which
// no user-space call can set back) changes the stamp, and the file is hashed again.
//
// Why: `genodesk prioritise --vcf` stores nothing and opens the installed packs once per call; with a
// whole-genome transcript pack that meant hashing a 3.1 GB index (~10 s) for every case a lab ranked.
// Annotation runs and the diagnosis workspace do not use this: an annotation run re-hashes everything it
// reads, alongside the work, before it commits (open-sources.ts, verifyAnnotationPacks).
import fs from 'node:fs';
import path from 'node:path';

export interface VerifiedStamps {
  /** True when `file` was verified to have this sha256 and has not changed since. */
  isVerified(file: string, sha256: string): boolean;
  /** Records that `file`, as it is now, has this sha256. */
  remember(file: string, sha256: string): void;
}

interface Stamp {
  sha256: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

function stampOf(file: string, sha256: string): Stamp | undefined {
  try {
    const s = fs.statSync(file);
    return { sha256, dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs };
  } catch {
    return undefined;
  }
}

const same = (a: Stamp, b: Stamp): boolean =>
  a.sha256 === b.sha256 && a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

/** Stamps kept in one JSON file (e.g. `<dataDir>/cache/verified-pack-files.json`), written aside then renamed. */
export function fileVerifiedStamps(cacheFile: string): VerifiedStamps {
  let stamps: Record<string, Stamp> | undefined;
  const load = (): Record<string, Stamp> => {
    if (stamps) return stamps;
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
      stamps = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, Stamp>) : {};
    } catch {
      // Missing or unreadable: everything is hashed again, which is only slower.
      stamps = {};
    }
    return stamps;
  };
  return {
    isVerified(file, sha256) {
      const known = load()[path.resolve(file)];
      const now = stampOf(file, sha256);
      return known !== undefined && now !== undefined && typeof known === 'object' && same(known, now);
    },
    remember(file, sha256) {
      const now = stampOf(file, sha256);
      if (!now) return;
      const all = load();
      all[path.resolve(file)] = now;
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      const aside = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(aside, JSON.stringify(all));
      fs.renameSync(aside, cacheFile);
    },
  };
}
