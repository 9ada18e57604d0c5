// ClinVar at full size (~3 M records in NCBI's GRCh38 VCF): written once at install, streamed, into a SQLite
// table inside the pack (`clinvar.sqlite`), keyed on the normalised allele like the in-memory index, so an
// annotation run never holds ClinVar in memory. Each row keeps the assertion as parsed by parseClinVarInfo
// (significance, review stars, conditions, conflicts: the same fields as before) and its significance in a
// column of its own, so reanalysis can compare two releases with one join.
//
// Misses are the common case (most of a genome's variants are not in ClinVar), so the positions held per
// chromosome are kept as one sorted Int32Array (~4 bytes a record: ~12 MB for 3 M) and most lookups end
// there without a query.
import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../../shared/errors.ts';
import { normaliseVcfAllele } from '../consequence/genomic-allele.ts';
import type { VcfHeader } from '../vcf/vcf-lines.ts';
import { streamVcfIntoTable } from '../vcf/vcf-to-table.ts';
import { ClinVarIndex, parseClinVarInfo } from './clinvar-index.ts';
import type { ClinVarAssertion, ClinVarStore } from './clinvar-index.ts';

export const CLINVAR_TABLE_FILE = 'clinvar.sqlite';
export const CLINVAR_TABLE_ROLE = 'clinvar-table';

export interface BuiltClinVarTable {
  file: string;
  header: VcfHeader;
  records: number;
}

/** Streams a ClinVar VCF into `<packDir>/clinvar.sqlite`; a failure deletes the half-written table. */
export async function buildClinVarTable(
  vcf: string,
  packDir: string,
  options: { signal?: AbortSignal; onProgress?: (p: { bytes: number; totalBytes: number }) => void } = {},
): Promise<BuiltClinVarTable> {
  const out = path.join(packDir, CLINVAR_TABLE_FILE);
  const { header, rows: records } = await streamVcfIntoTable(
    vcf,
    out,
    {
      expected: 'a ClinVar VCF',
      table: 'the ClinVar table',
      schema: `CREATE TABLE clinvar (chrom TEXT NOT NULL, pos INTEGER NOT NULL, ref TEXT NOT NULL, alt TEXT NOT NULL,
        significance TEXT NOT NULL, stars INTEGER NOT NULL, assertion TEXT NOT NULL,
        PRIMARY KEY (chrom, pos, ref, alt)) STRICT, WITHOUT ROWID;`,
      insert: 'INSERT OR REPLACE INTO clinvar VALUES (?, ?, ?, ?, ?, ?, ?)',
      signal: options.signal,
      onProgress: options.onProgress,
      onRecord: (r, push) => {
        // The release is recorded per pack (its version), not per row: rows stay comparable across releases.
        const a = parseClinVarInfo(r.id, r.info);
        if (!a) return;
        const json = JSON.stringify(a);
        for (const alt of r.alts) {
          if (alt === '.' || alt === '*') continue;
          const n = normaliseVcfAllele({ chrom: r.chrom, pos: r.pos, ref: r.ref, alt });
          push([n.chrom, n.pos, n.ref, n.alt, a.significance, a.stars, json]);
        }
      },
    },
    (rows) => ({ records: String(rows) }),
  );
  return { file: out, header, records };
}

/** Sorted positions per chromosome: the cheap "certainly not in ClinVar" test before a query. */
function positionsByChrom(db: Database.Database): Map<string, Int32Array> {
  const out = new Map<string, Int32Array>();
  const chroms = db.prepare('SELECT DISTINCT chrom FROM clinvar').pluck().all() as string[];
  const ofChrom = db.prepare('SELECT DISTINCT pos FROM clinvar WHERE chrom = ? ORDER BY pos').pluck();
  for (const chrom of chroms) {
    const list: number[] = [];
    for (const pos of ofChrom.iterate(chrom) as Iterable<number>) list.push(pos);
    out.set(chrom, Int32Array.from(list));
  }
  return out;
}

function has(sorted: Int32Array, pos: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (v === pos) return true;
    if (v < pos) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Opens a pack's ClinVar table as a ClinVarIndex (lookups as before; `release` is the pack's). Its `file`
 * stays the pack's VCF, which other readers (the diagnosis workspace's ClinVar consequences) still read.
 */
export function openClinVarTable(file: string, release?: string, vcf: string = file): ClinVarIndex {
  if (!fs.existsSync(file)) throw new AppError('packs/corrupt', `The ClinVar pack has no ${CLINVAR_TABLE_FILE} (${file}); reinstall the pack.`, { file });
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const size = Number(db.prepare("SELECT value FROM meta WHERE key = 'records'").pluck().get() ?? 0);
    const positions = positionsByChrom(db);
    const get = db.prepare('SELECT assertion FROM clinvar WHERE chrom = ? AND pos = ? AND ref = ? AND alt = ?').pluck();
    const store: ClinVarStore = {
      size,
      lookup(chrom, pos, ref, alt) {
        const at = positions.get(chrom);
        if (!at || !has(at, pos)) return undefined;
        const json = get.get(chrom, pos, ref, alt) as string | undefined;
        if (json === undefined) return undefined;
        const a = JSON.parse(json) as ClinVarAssertion;
        return release ? { ...a, release } : a;
      },
      close: () => db.close(),
    };
    return new ClinVarIndex(vcf, release, store);
  } catch (err) {
    db.close();
    throw new AppError('packs/corrupt', `The ClinVar table ${file} cannot be read: ${(err as Error).message}. Reinstall the pack.`, { file });
  }
}
