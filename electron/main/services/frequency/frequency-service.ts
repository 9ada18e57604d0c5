// Population frequencies of stored variants, from the active frequency pack of each import's build. The
// pack's table is opened once and kept open (one indexed query per variant); a newer pack replaces it.
import path from 'node:path';
import type { VariantFrequencyResult } from '../../../../shared/schemas/frequency.ts';
import type { GenomeBuild } from '../../../../shared/vcf-constants.ts';
import type { ActivePacks } from '../packs/packs-service.ts';
import { FREQUENCY_INDEX_FILE, openFrequencyIndex } from './frequency-index.ts';
import type { FrequencyIndex } from './frequency-index.ts';

export interface FrequencyServiceDeps {
  packs: { active(build: GenomeBuild): ActivePacks };
}

export interface AlleleKey {
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
}

export type FrequencyService = ReturnType<typeof createFrequencyService>;

export function createFrequencyService({ packs }: FrequencyServiceDeps) {
  const opened = new Map<string, { key: string; index: FrequencyIndex }>();
  /** What identifies an active pack: its folder and checksum (a reinstall in the same folder differs). */
  const keyOf = (pack: NonNullable<ActivePacks['frequency']>): string => `${pack.dir}\u0000${pack.version.sha256}`;

  function indexFor(build: GenomeBuild): { index: FrequencyIndex; pack: NonNullable<ActivePacks['frequency']> } | null {
    const pack = packs.active(build).frequency;
    const current = opened.get(build);
    if (!pack) return null;
    const key = keyOf(pack);
    if (current?.key === key) return { index: current.index, pack };
    current?.index.close();
    const index = openFrequencyIndex(path.join(pack.dir, FREQUENCY_INDEX_FILE));
    opened.set(build, { key, index });
    return { index, pack };
  }

  /** A reader for one build: looks variants up without re-checking which pack is active for each. */
  function reader(build: GenomeBuild): (v: AlleleKey) => VariantFrequencyResult {
    const found = indexFor(build);
    if (!found) return () => ({ frequency: null, frequencyStatus: 'no-pack', frequencyPack: null });
    const { index, pack } = found;
    const frequencyPack = { id: pack.version.id, version: pack.version.version };
    return (v) => {
      const site = index.lookup(v.chrom, v.pos, v.ref, v.alt);
      if (!site) return { frequency: null, frequencyStatus: 'not-seen', frequencyPack };
      return { frequency: { source: 'gnomAD', version: pack.version.version, packId: pack.version.id, ...site }, frequencyStatus: 'seen', frequencyPack };
    };
  }

  return {
    reader,
    /** What identifies the pack a build's lookups use now (its folder and checksum), for caches of its figures. */
    packKey(build: GenomeBuild): string | null {
      const pack = packs.active(build).frequency;
      return pack ? keyOf(pack) : null;
    },
    /** The frequency pack a build's lookups use now (recorded with an analysis), if any. */
    activePack: (build: GenomeBuild) => packs.active(build).frequency?.version,
    lookup: (build: GenomeBuild, v: AlleleKey) => reader(build)(v),
    close() {
      for (const { index } of opened.values()) index.close();
      opened.clear();
    },
  };
}
