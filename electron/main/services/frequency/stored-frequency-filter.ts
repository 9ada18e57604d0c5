// The variant browser's population-frequency filter over stored variants: keeps a row when its AF in the
// active gnomAD pack is at most the limit. The figure is the one the diagnosis workspace's rarity filters use
// (candidate-frequencies.ts): the highest genetic-ancestry group's AF (grpmax/popmax) where gnomAD gives one,
// else the overall AF; absent from the pack = 0 (not seen, ACMG/AMP PM2); held without an AF (AN = 0, no
// genotype called there) = unknown, and kept: a filter must not hide a variant for want of a figure.
//
// Each figure is one indexed query on the pack's table (a few µs), so figures are remembered per pack
// (bounded), and the caller refuses a request where more than `cap` variants pass the other filters, asking
// for a narrower filter, rather than holding the app's thread for seconds on a whole genome.
import { AppError } from '../../../../shared/errors.ts';
import type { VariantFrequencyResult } from '../../../../shared/schemas/frequency.ts';
import type { GenomeBuild } from '../../../../shared/vcf-constants.ts';
import type { ChunkHeader } from '../vcf/stored-variants.ts';
import type { RowKeep } from '../vcf/variant-selection.ts';
import type { FrequencyService } from './frequency-service.ts';

/** Variants passing the other filters the frequency filter takes at most (~1 s of look-ups on a genome). */
export const DEFAULT_FREQUENCY_FILTER_CAP = 100_000;
/** Figures remembered (~40 bytes each). */
const REMEMBERED = 400_000;
const UNKNOWN = -1;

/** The figure the filter and the sort compare: 0 when not seen, null when the pack holds no figure (or no pack). */
export function frequencyFigure(r: VariantFrequencyResult): number | null {
  if (r.frequencyStatus === 'not-seen') return 0;
  return r.frequency?.grpmaxAf ?? r.frequency?.af ?? null;
}

/** Refuses a request over more than `cap` variants, with the count and what would narrow it. */
export function refuseTooBroad(count: number, cap: number, what: string): void {
  if (count <= cap) return;
  throw new AppError(
    'annotate/frequency-filter-too-broad',
    `${count.toLocaleString('en-GB')} variants pass the other filters; ${what} looks up at most ${cap.toLocaleString('en-GB')} at once. Add a consequence, impact, ClinVar, gene or region filter first.`,
    { variants: count, cap },
  );
}

/**
 * The active frequency packs of the given builds, as one key (folder and checksum of each); throws
 * annotate/no-frequency-pack, saying what needed it, when a build has none.
 */
export function frequencyPacksKey(frequency: Pick<FrequencyService, 'packKey'>, builds: Iterable<GenomeBuild>, purpose: string): string {
  const keys: string[] = [];
  for (const build of new Set(builds)) {
    const pack = frequency.packKey(build);
    if (pack === null) throw new AppError('annotate/no-frequency-pack', `No gnomAD frequency pack is installed for ${build}: install one (Reference packs) to ${purpose}.`, { build });
    keys.push(`${build}\u0000${pack}`);
  }
  return keys.sort().join('|');
}

export interface FilteredImport {
  key: number;
  build: GenomeBuild;
  /** The import's contig names by stored code. */
  contigs: Map<number, string>;
}

export function createStoredFrequencyFilter(frequency: Pick<FrequencyService, 'reader' | 'packKey'>, cap = DEFAULT_FREQUENCY_FILTER_CAP) {
  // Keyed by pack (folder and checksum) then import key × 2^32 + row id; AF, 0 when not seen, UNKNOWN without one.
  let packKey = '';
  let figures = new Map<number, number>();
  return {
    /**
     * A row judgement for variantQuery, and what its answers depend on (the packs in use and the limit), so the
     * query may remember its selection; throws annotate/no-frequency-pack when a build in scope has no pack.
     */
    keep(imports: FilteredImport[], maxAf: number): { keep: RowKeep; signature: string; cap: number } {
      const key = frequencyPacksKey(frequency, imports.map((imp) => imp.build), 'filter by population frequency');
      const byKey = new Map(imports.map((imp) => [imp.key, { contigs: imp.contigs, read: frequency.reader(imp.build) }]));
      if (key !== packKey) {
        packKey = key;
        figures = new Map();
      }
      const keep = (h: ChunkHeader, row: number, pos: number, ref: string, alt: string): boolean => {
        const id = h.importKey * 4294967296 + h.firstId + row;
        let af = figures.get(id);
        if (af === undefined) {
          const imp = byKey.get(h.importKey);
          if (!imp) return false;
          af = frequencyFigure(imp.read({ chrom: imp.contigs.get(h.chrom) ?? String(h.chrom), pos, ref, alt })) ?? UNKNOWN;
          if (figures.size >= REMEMBERED) figures.delete(figures.keys().next().value as number);
          figures.set(id, af);
        }
        return af === UNKNOWN || af <= maxAf;
      };
      return { keep, signature: JSON.stringify([key, maxAf]), cap };
    },
  };
}
