// Reads for pharmacogenomics. PharmCAT's allele definitions are written against the ORIGINAL VCF record
// (multi-allelic ALTs unsplit, REF/ALT untrimmed), so these return records as the file wrote them: a 1/2
// call comes back as gt [1, 2] with both ALTs, rebuilt from the `original` kept on each split row. Only
// complete imports are read.
import type { Store } from '../../db/connection.ts';
import { standardChromCode } from './chrom-codes.ts';
import { genotypeIndexes } from './genotype.ts';
import { importKeyOf } from './import-reads.ts';
import { normaliseChrom } from './normalise-allele.ts';
import { createStoredVariants } from './stored-variants.ts';

/** One VCF record as written (the shape pgx/genotype-source.ts reads). */
export interface OriginalRecord {
  chrom: string;
  pos: number;
  ref: string;
  /** ALT alleles in file order; empty for ALT `.`. */
  alts: string[];
  /** GT allele indexes in GT order; null = `.`. Empty for a sites-only file. */
  gt: (number | null)[];
  phased: boolean;
  /** PS (phase set) as text, null when absent. */
  ps: string | null;
}

export interface StoredReferenceBlock {
  chrom: string;
  start: number;
  end: number;
  /** Every allele called (no `.`): covered and called, as opposed to a no-call block. */
  called: boolean;
  /** Every allele is REF: the sample is reference over the block. */
  homRef: boolean;
  gt: string | null;
  gq: number | null;
  dp: number | null;
  ref: string;
  /** `<NON_REF>`, `<*>`, or null for an ALT `.` site. */
  alt: string | null;
}

interface Original {
  line: number;
  pos: number;
  ref: string;
  alts: string[];
  gt: string | null;
}

function chromCode(store: Store, key: number, chrom: string): { code: number; name: string } | null {
  const name = normaliseChrom(chrom);
  const code =
    standardChromCode(name) ??
    (store.sqlite.prepare('SELECT code FROM import_contigs WHERE import_key = ? AND chrom = ?').pluck().get(key, name) as number | undefined);
  return code === undefined ? null : { code, name };
}

/**
 * The records of an import whose VCF POS is one of `positions` on `chrom` (any naming: 1/chr1, MT/chrM),
 * as the file wrote them, in position then file order (variant records before ALT `.` sites). ALT `.` sites are included with `alts: []`;
 * gVCF `<NON_REF>` blocks are not (readReferenceBlocks).
 */
export function readOriginalRecordsAt(store: Store, importId: string, chrom: string, positions: readonly number[]): OriginalRecord[] {
  const scope = importKeyOf(store.sqlite, importId);
  const c = chromCode(store, scope.key, chrom);
  if (!c) return [];
  const stored = createStoredVariants(store);
  const sitesAt = store.sqlite.prepare(
    'SELECT start_pos AS pos, ref, gt FROM reference_blocks WHERE import_key = ? AND chrom = ? AND start_pos = ? AND alt IS NULL ORDER BY line',
  );
  const out: OriginalRecord[] = [];
  for (const p of [...new Set(positions)].sort((a, b) => a - b)) {
    const seen = new Set<number>();
    // A trimmed row sits at most (REF length - 1) after its record's POS. Rows come in id order, which
    // is file order within an import.
    const rows = stored.rowsWithPosIn(scope.key, c.code, p, p + scope.maxRefLength - 1);
    rows.sort((a, b) => a.id - b.id);
    for (const r of rows) {
      const o = r.original ? (JSON.parse(r.original) as Original) : null;
      const pos = o ? o.pos : r.pos;
      if (pos !== p) continue;
      // Split rows of one record share its original; the line number identifies the record.
      if (o) {
        if (seen.has(o.line)) continue;
        seen.add(o.line);
      }
      const g = genotypeIndexes(o ? o.gt : r.gt);
      out.push({
        chrom: c.name,
        pos,
        ref: o ? o.ref : r.ref,
        alts: o ? o.alts : [r.alt],
        gt: g?.alleles ?? [],
        phased: g?.phased ?? false,
        ps: r.ps === null ? null : String(r.ps),
      });
    }
    for (const s of sitesAt.all(scope.key, c.code, p) as { pos: number; ref: string; gt: string | null }[]) {
      const g = genotypeIndexes(s.gt);
      out.push({ chrom: c.name, pos: s.pos, ref: s.ref, alts: [], gt: g?.alleles ?? [], phased: g?.phased ?? false, ps: null });
    }
  }
  return out;
}

/** gVCF reference blocks and ALT `.` sites of an import overlapping chrom:start-end (1-based, inclusive). */
export function readReferenceBlocks(store: Store, importId: string, chrom: string, start: number, end: number): StoredReferenceBlock[] {
  const scope = importKeyOf(store.sqlite, importId);
  const c = chromCode(store, scope.key, chrom);
  if (!c) return [];
  const rows = store.sqlite
    .prepare(
      `SELECT start_pos, end_pos, ref, alt, gt, gq, dp FROM reference_blocks
       WHERE import_key = ? AND chrom = ? AND start_pos BETWEEN ? AND ? AND end_pos >= ? ORDER BY start_pos, line`,
    )
    .all(scope.key, c.code, Math.max(0, start - scope.maxBlockLength + 1), end, start) as {
    start_pos: number;
    end_pos: number;
    ref: string;
    alt: string | null;
    gt: string | null;
    gq: number | null;
    dp: number | null;
  }[];
  return rows.map((r) => {
    const g = genotypeIndexes(r.gt);
    const alleles = g?.alleles ?? [];
    const called = alleles.length > 0 && alleles.every((a) => a !== null);
    return {
      chrom: c.name,
      start: r.start_pos,
      end: r.end_pos,
      called,
      homRef: called && alleles.every((a) => a === 0),
      gt: r.gt,
      gq: r.gq,
      dp: r.dp,
      ref: r.ref,
      alt: r.alt,
    };
  });
}
