// A frequency pack's lookup table: every allele of a gnomAD sites VCF with its AF, highest group AF, AC, AN
// and homozygote count, in one SQLite file inside the pack (`frequencies.sqlite`), keyed on the normalised
// allele (chr-prefixed, trimmed: normaliseVcfAllele, as ClinVar and the imports are), WITHOUT ROWID so the
// key is the B-tree. Written once at install by streaming the VCF in batches, so memory stays bounded
// whatever the file's size (SQLite's page cache plus one batch); read with one indexed query per variant.
// Plain SQLite, not SQLCipher: the pack holds only public reference data, never a patient's.
import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/errors.ts';
import { normaliseVcfAllele } from '../annotation/consequence/genomic-allele.ts';
import type { VcfHeader } from '../annotation/vcf/vcf-lines.ts';
import { streamVcfIntoTable } from '../annotation/vcf/vcf-to-table.ts';
import { gnomadFields, readSiteFrequency } from './gnomad-fields.ts';
import type { GnomadFields, GnomadRelease, SiteFrequency } from './gnomad-fields.ts';

export const FREQUENCY_INDEX_FILE = 'frequencies.sqlite';

export interface BuiltFrequencyIndex {
  file: string;
  release: GnomadRelease;
  header: VcfHeader;
  sites: number;
  /** Records whose every ALT had no AF (AN = 0: no genotype called there); kept, read as "no frequency". */
  withoutAf: number;
}

export interface FrequencyIndexProgress {
  bytes: number;
  totalBytes: number;
}

/**
 * Streams `vcf` into `<packDir>/frequencies.sqlite`. Refuses, with the file and line, a header without AF,
 * a record whose AF/AC/AN/nhomalt is not a number, and a file cut short; the half-written table is deleted.
 */
export async function buildFrequencyIndex(
  vcf: string,
  packDir: string,
  options: { signal?: AbortSignal; onProgress?: (p: FrequencyIndexProgress) => void } = {},
): Promise<BuiltFrequencyIndex> {
  const out = path.join(packDir, FREQUENCY_INDEX_FILE);
  let fields: GnomadFields | undefined;
  let withoutAf = 0;
  const { header, rows: sites } = await streamVcfIntoTable(
    vcf,
    out,
    {
      expected: 'a gnomAD sites VCF',
      table: 'the frequency table',
      schema: `CREATE TABLE sites (chrom TEXT NOT NULL, pos INTEGER NOT NULL, ref TEXT NOT NULL, alt TEXT NOT NULL,
        af REAL, grpmax_af REAL, grpmax TEXT, ac INTEGER, an INTEGER, homozygotes INTEGER,
        PRIMARY KEY (chrom, pos, ref, alt)) STRICT, WITHOUT ROWID;`,
      insert: 'INSERT OR REPLACE INTO sites VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      signal: options.signal,
      onProgress: options.onProgress,
      onHeader: (h) => void (fields = gnomadFields(h, vcf, h.meta.length + 1)),
      onRecord: (r, push) => {
        const f = fields as GnomadFields;
        let anyAf = false;
        for (let i = 0; i < r.alts.length; i++) {
          const alt = r.alts[i];
          if (alt === '.' || alt === '*') continue;
          const freq = readSiteFrequency(r.info, i, f);
          if ('malformed' in freq) {
            throw new AppError('packs/corrupt', `Line ${r.line} of ${path.basename(vcf)}: ${freq.malformed} is not a valid number (expected a gnomAD sites record).`, {
              file: vcf,
              line: r.line,
              field: freq.malformed,
            });
          }
          if (freq.af !== null) anyAf = true;
          const n = normaliseVcfAllele({ chrom: r.chrom, pos: r.pos, ref: r.ref, alt });
          push([n.chrom, n.pos, n.ref, n.alt, freq.af, freq.grpmaxAf, freq.grpmax, freq.ac, freq.an, freq.homozygotes]);
        }
        if (!anyAf) withoutAf++;
      },
    },
    // The header was read (else streamVcfIntoTable refused the file), so the gnomAD fields exist.
    (rows) => ({ release: (fields as GnomadFields).release, sites: String(rows) }),
  );
  return { file: out, release: (fields as GnomadFields).release, header, sites, withoutAf };
}

export interface FrequencyIndex {
  release: GnomadRelease;
  sites: number;
  /** Lookup of an allele as the VCF (or the import) gives it; normalised here. Undefined: not in the file. */
  lookup(chrom: string, pos: number, ref: string, alt: string): SiteFrequency | undefined;
  close(): void;
}

interface SiteRow {
  af: number | null;
  grpmax_af: number | null;
  grpmax: string | null;
  ac: number | null;
  an: number | null;
  homozygotes: number | null;
}

export function openFrequencyIndex(file: string): FrequencyIndex {
  if (!fs.existsSync(file)) throw new AppError('packs/corrupt', `The frequency pack has no ${FREQUENCY_INDEX_FILE} (${file}); reinstall the pack.`, { file });
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const meta = new Map((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    const get = db.prepare('SELECT af, grpmax_af, grpmax, ac, an, homozygotes FROM sites WHERE chrom = ? AND pos = ? AND ref = ? AND alt = ?');
    return {
      release: (meta.get('release') ?? 'v4') as GnomadRelease,
      sites: Number(meta.get('sites') ?? 0),
      lookup(chrom, pos, ref, alt) {
        const n = normaliseVcfAllele({ chrom, pos, ref, alt });
        const row = get.get(n.chrom, n.pos, n.ref, n.alt) as SiteRow | undefined;
        if (!row) return undefined;
        return { af: row.af, grpmaxAf: row.grpmax_af, grpmax: row.grpmax, ac: row.ac, an: row.an, homozygotes: row.homozygotes };
      },
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw new AppError('packs/corrupt', `The frequency table ${file} cannot be read: ${(err as Error).message}. Reinstall the pack.`, { file });
  }
}
