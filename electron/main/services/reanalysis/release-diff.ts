// What changed between two releases of one kind of reference pack, compared table to table (both packs'
// SQLite tables attached to one scratch connection, joined on the normalised allele), once per pair of
// releases, before any patient is looked at:
//  - ClinVar: the significance of an allele differs, or the allele entered or left ClinVar;
//  - frequency: the allele became common, i.e. its highest frequency (AF_grpmax/AF_popmax, else AF) reached
//    COMMON_AF, where before it was below or absent. 5 % is ACMG/AMP's stand-alone benign frequency (BA1,
//    Richards et al. 2015, Genet Med 17:405), the level at which a variant stops being a candidate for a
//    rare Mendelian disorder whatever the mode of inheritance.
import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { CLINVAR_TABLE_FILE } from '../annotation/clinvar/clinvar-table.ts';
import { FREQUENCY_INDEX_FILE } from '../frequency/frequency-index.ts';

export const COMMON_AF = 0.05;

export type ReanalysisKind = 'clinvar' | 'frequency';

export interface AlleleChange {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Changed alleles keyed `chrom\tpos\tref\talt` (normalised: chr-prefixed, trimmed). */
export type ReleaseDiff = Map<string, AlleleChange>;

export const alleleKey = (chrom: string, pos: number, ref: string, alt: string): string => `${chrom}\t${pos}\t${ref}\t${alt}`;

const CLINVAR_DIFF = `
  SELECT n.chrom, n.pos, n.ref, n.alt, o.significance AS bs, o.stars AS bst, n.significance AS as_, n.stars AS ast
    FROM later.clinvar n LEFT JOIN earlier.clinvar o ON o.chrom = n.chrom AND o.pos = n.pos AND o.ref = n.ref AND o.alt = n.alt
   WHERE o.significance IS NOT n.significance
  UNION ALL
  SELECT o.chrom, o.pos, o.ref, o.alt, o.significance, o.stars, NULL, NULL
    FROM earlier.clinvar o
   WHERE NOT EXISTS (SELECT 1 FROM later.clinvar n WHERE n.chrom = o.chrom AND n.pos = o.pos AND n.ref = o.ref AND n.alt = o.alt)`;

const highest = (t: string) => `max(coalesce(${t}.af, 0), coalesce(${t}.grpmax_af, 0))`;
const FREQUENCY_DIFF = `
  SELECT n.chrom, n.pos, n.ref, n.alt, o.af AS baf, o.grpmax_af AS bg, n.af AS aaf, n.grpmax_af AS ag, n.grpmax AS agroup
    FROM later.sites n LEFT JOIN earlier.sites o ON o.chrom = n.chrom AND o.pos = n.pos AND o.ref = n.ref AND o.alt = n.alt
   WHERE ${highest('n')} >= @common AND (o.chrom IS NULL OR ${highest('o')} < @common)`;

interface ClinVarDiffRow {
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  bs: string | null;
  bst: number | null;
  as_: string | null;
  ast: number | null;
}
interface FrequencyDiffRow {
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  baf: number | null;
  bg: number | null;
  aaf: number | null;
  ag: number | null;
  agroup: string | null;
}

export function diffReleases(kind: ReanalysisKind, earlierDir: string, laterDir: string): ReleaseDiff {
  const file = kind === 'clinvar' ? CLINVAR_TABLE_FILE : FREQUENCY_INDEX_FILE;
  const db = new Database(':memory:');
  try {
    db.prepare('ATTACH DATABASE ? AS earlier').run(path.join(earlierDir, file));
    db.prepare('ATTACH DATABASE ? AS later').run(path.join(laterDir, file));
    const out: ReleaseDiff = new Map();
    if (kind === 'clinvar') {
      for (const r of db.prepare(CLINVAR_DIFF).iterate() as Iterable<ClinVarDiffRow>) {
        out.set(alleleKey(r.chrom, r.pos, r.ref, r.alt), {
          before: r.bs === null ? null : { significance: r.bs, stars: r.bst },
          after: r.as_ === null ? null : { significance: r.as_, stars: r.ast },
        });
      }
    } else {
      for (const r of db.prepare(FREQUENCY_DIFF).iterate({ common: COMMON_AF }) as Iterable<FrequencyDiffRow>) {
        out.set(alleleKey(r.chrom, r.pos, r.ref, r.alt), {
          before: r.baf === null && r.bg === null ? null : { af: r.baf, grpmaxAf: r.bg },
          after: { af: r.aaf, grpmaxAf: r.ag, grpmax: r.agroup },
        });
      }
    }
    return out;
  } finally {
    db.close();
  }
}
