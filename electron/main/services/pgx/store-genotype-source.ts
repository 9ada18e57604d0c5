// PGx genotypes from a patient's stored import: the records overlapping every PGx position, in the
// ORIGINAL representation the file wrote (vcf/pgx-reads.ts rebuilds it from the split, trimmed rows), and
// the gVCF reference blocks covering them. The matcher then sees exactly what `pgx --vcf` on the same file
// would see, so the store route and the file route give the same calls (tested on PharmCAT's example).
import { AppError } from '../../../../shared/errors.ts';
import type { PgxWarning } from '../../../../shared/schemas/pgx.ts';
import type { ImportRecord } from '../../../../shared/schemas/vcf.ts';
import type { Store } from '../../db/connection.ts';
import { standardChromCode } from '../vcf/chrom-codes.ts';
import { importKeyOf, readImport, readImports } from '../vcf/import-reads.ts';
import { readOriginalRecordsAt, readReferenceBlocks } from '../vcf/pgx-reads.ts';
import { createStoredVariants } from '../vcf/stored-variants.ts';
import type { StoredVariants } from '../vcf/stored-variants.ts';
import { genotypeSourceFromRecords, type PgxGenotypeSource, type PgxPositionIndex, type ReferenceBlock, type VcfRecordGenotype } from './genotype-source.ts';

/**
 * PGx sites closer than this are read as one range: a gene's positions come in one query instead of one
 * query each, and a range never spans the distance between two genes' worth of unrelated variants.
 */
const RANGE_GAP = 20_000;

/** The import PGx reads: the chosen one, else the patient's newest complete import. */
export function pgxImportFor(store: Store, patientId: string, importId?: string): ImportRecord {
  if (importId !== undefined) {
    const chosen = readImport(store.sqlite, importId);
    if (chosen.patientId !== patientId) {
      // Another patient's import must never feed this patient's prescribing advice.
      throw new AppError('vcf/import-not-found', 'That import does not belong to this patient.', { id: importId, patientId });
    }
    return chosen;
  }
  const latest = readImports(store.sqlite, patientId)[0];
  if (!latest) {
    throw new AppError('pgx/no-import', 'This patient has no imported sequencing file to call pharmacogenomics from. Import a GRCh38 VCF on the Sequencing tab (or with `genodesk import`) first.', { patientId });
  }
  return latest;
}

interface Range {
  start: number;
  end: number;
  /** Sites in the range: [start - 1, end + 1], the base either side included (an indel anchored there can spell an allele). */
  windows: { from: number; to: number }[];
}

function rangesOf(starts: readonly number[], ends: readonly number[]): Range[] {
  const out: Range[] = [];
  for (let i = 0; i < starts.length; i++) {
    const w = { from: starts[i] - 1, to: ends[i] + 1 };
    const last = out[out.length - 1];
    if (last && w.from - last.end <= RANGE_GAP) {
      last.end = Math.max(last.end, w.to);
      last.windows.push(w);
    } else out.push({ start: w.from, end: w.to, windows: [w] });
  }
  return out;
}

/** Does [from, to] overlap one of the range's site windows (sorted by start)? */
function overlapsWindow(r: Range, from: number, to: number): boolean {
  let lo = 0;
  let hi = r.windows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r.windows[mid].to < from) lo = mid + 1;
    else hi = mid;
  }
  // windows can overlap each other, so a later one may start earlier than `to` too
  for (let i = lo; i < r.windows.length && r.windows[i].from <= to; i++) if (r.windows[i].to >= from) return true;
  return false;
}

interface OriginalJson {
  pos: number;
  ref: string;
}

/**
 * Start position, REF length and `original` of every row with POS in [from, to], in no particular order.
 * Only these columns are unpacked: which records reach a PGx site is decided from them, then pgx-reads
 * rebuilds just those records, so a whole-genome import never builds full row objects here.
 */
function* rowStartsIn(stored: StoredVariants, importKey: number, chrom: number, from: number, to: number): Generator<{ pos: number; refLength: number; original: string | null }> {
  for (const h of stored.headersOverlappingRange(importKey, chrom, from, to)) {
    if (h.maxPos < from) continue;
    const c = stored.decode(h);
    const pos = c.numbers('pos');
    for (let i = 0; i < c.count; i++) {
      if (pos[i] >= from && pos[i] <= to) yield { pos: pos[i], refLength: c.refLength(i), original: c.textAtRow('original', i) };
    }
  }
}

/**
 * A genotype source over one stored import. Refuses GRCh37 imports: PharmCAT's positions are GRCh38
 * and a silent liftover would put calls on the wrong bases.
 */
export function genotypeSourceFromImport(store: Store, imp: ImportRecord, positions: PgxPositionIndex): PgxGenotypeSource {
  if (imp.build !== 'GRCh38') {
    throw new AppError('pgx/unsupported-build', `The import ${imp.fileName} is on ${imp.build}. Pharmacogenomic calling uses PharmCAT's GRCh38 positions; import a GRCh38 file for this patient.`, { importId: imp.id, build: imp.build });
  }
  if (imp.sample === null) {
    throw new AppError('pgx/no-genotypes', `The import ${imp.fileName} lists sites only (no sample column), so it has no genotypes to call from.`, { importId: imp.id });
  }
  const { sqlite } = store;
  const scope = importKeyOf(sqlite, imp.id);
  const contigCode = sqlite.prepare('SELECT code FROM import_contigs WHERE import_key = ? AND chrom = ?').pluck();
  const stored = createStoredVariants(store);
  const dotSitesIn = sqlite.prepare('SELECT start_pos AS pos, end_pos AS endPos FROM reference_blocks WHERE import_key = ? AND chrom = ? AND alt IS NULL AND start_pos BETWEEN ? AND ?');

  const records: VcfRecordGenotype[] = [];
  const blocks: ReferenceBlock[] = [];
  for (const [chrom, site] of positions.byChrom) {
    const code = standardChromCode(chrom) ?? (contigCode.get(scope.key, chrom) as number | undefined);
    if (code === undefined) continue;
    const starts = new Set<number>();
    const seenBlocks = new Set<string>();
    for (const r of rangesOf(site.starts, site.ends)) {
      // A trimmed row sits at most maxRefLength - 1 after its record's POS, and a record reaching the
      // range starts at most maxRefLength - 1 before it.
      for (const row of rowStartsIn(stored, scope.key, code, r.start - scope.maxRefLength, r.end + scope.maxRefLength)) {
        const o = row.original ? (JSON.parse(row.original) as OriginalJson) : null;
        const pos = o ? o.pos : row.pos;
        const end = pos + Math.max(1, o ? o.ref.length : row.refLength) - 1;
        if (overlapsWindow(r, pos, end)) starts.add(pos);
      }
      for (const s of dotSitesIn.all(scope.key, code, r.start - scope.maxRefLength, r.end) as { pos: number; endPos: number }[]) {
        if (overlapsWindow(r, s.pos, s.endPos)) starts.add(s.pos);
      }
      for (const b of readReferenceBlocks(store, imp.id, chrom, r.start, r.end)) {
        if (b.alt === null) continue; // an ALT `.` site is a record (read above), not a block
        const key = `${b.start}-${b.end}`;
        if (seenBlocks.has(key)) continue;
        seenBlocks.add(key);
        // Only a called hom-ref block says "reference"; a no-call block stays missing, as from the file.
        blocks.push({ chrom, start: b.start, end: b.end, called: b.homRef });
      }
    }
    if (starts.size > 0) records.push(...readOriginalRecordsAt(store, imp.id, chrom, [...starts]));
  }
  const warnings: PgxWarning[] = [];
  if (imp.buildSource === 'user') {
    warnings.push({ code: 'build-assumed', severity: 'warning', message: `The file ${imp.fileName} does not state its genome build; GRCh38 was chosen when it was imported. Check the file is GRCh38.` });
  }
  return genotypeSourceFromRecords(records, blocks, 'GRCh38', { sample: imp.sample, warnings });
}
