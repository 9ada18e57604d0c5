// Minimal streaming VCF reader for annotation: header lines, then the first eight columns of each record
// (samples are never needed here). Plain, gzip and bgzip (multi-member gzip) input.
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { AppError } from '../../../../../shared/errors.ts';
import { isGzip, readHead } from '../sequence/bgzf.ts';

export interface VcfRecord {
  line: number;
  chrom: string;
  pos: number;
  id: string;
  ref: string;
  alts: string[];
  info: string;
}

export interface VcfHeader {
  /** Every `##` line, without the leading `##`. */
  meta: string[];
  samples: string[];
}

export function infoValue(info: string, key: string): string | undefined {
  if (info === '.' || info === '') return undefined;
  let from = 0;
  while (from <= info.length) {
    const semi = info.indexOf(';', from);
    const field = info.substring(from, semi < 0 ? info.length : semi);
    if (field === key) return '';
    if (field.length > key.length && field.startsWith(key) && field[key.length] === '=') return field.substring(key.length + 1);
    if (semi < 0) break;
    from = semi + 1;
  }
  return undefined;
}

export interface VcfReadOptions {
  onHeader?: (header: VcfHeader) => void | Promise<void>;
  /** Stops reading early when it returns false. */
  onRecord: (record: VcfRecord) => void | boolean | Promise<void | boolean>;
  signal?: AbortSignal;
  /** The file's bytes read so far (compressed bytes for a gzip file), for progress against its size. */
  bytesRead?: (read: () => number) => void;
}

/** Reads a VCF, calling back per record. Errors carry the file and line (vcf/… codes). */
export async function readVcf(file: string, opts: VcfReadOptions): Promise<{ records: number; header: VcfHeader }> {
  if (!fs.existsSync(file)) throw new AppError('vcf/file-not-found', `The VCF file ${file} does not exist.`, { file });
  const head = readHead(file);
  const raw = fs.createReadStream(file);
  opts.bytesRead?.(() => raw.bytesRead);
  const input = isGzip(head) ? raw.pipe(zlib.createGunzip()) : raw;
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  const header: VcfHeader = { meta: [], samples: [] };
  let line = 0;
  let records = 0;
  let headerDone = false;
  const failure = new Promise<never>((_, reject) => {
    input.on('error', (err: Error) =>
      reject(new AppError('vcf/line-malformed', `The VCF ${file} is truncated or damaged after line ${line}.`, { file, line, reason: err.message })),
    );
  });
  const run = (async () => {
    for await (const rawText of rl) {
      line++;
      const text = rawText.endsWith('\r') ? rawText.slice(0, -1) : rawText;
      if (opts.signal?.aborted) break;
      if (text.startsWith('##')) {
        header.meta.push(text.substring(2));
        continue;
      }
      if (text.startsWith('#')) {
        header.samples = text.split('\t').slice(9);
        headerDone = true;
        if (opts.onHeader) await opts.onHeader(header);
        continue;
      }
      if (text.trim() === '') continue;
      if (!headerDone) {
        throw new AppError('vcf/bad-header', `The VCF ${file} has a record before its #CHROM header line (line ${line}).`, { file, line });
      }
      let c = 0;
      let prev = 0;
      const cols: string[] = [];
      while (c < 8) {
        const tab = text.indexOf('\t', prev);
        if (tab < 0) {
          cols.push(text.substring(prev));
          break;
        }
        cols.push(text.substring(prev, tab));
        prev = tab + 1;
        c++;
      }
      if (cols.length < 8) {
        throw new AppError('vcf/line-malformed', `Line ${line} of ${file} has ${cols.length} columns; a VCF record has at least 8.`, {
          file,
          line,
          expected: 8,
          found: cols.length,
        });
      }
      const pos = Number(cols[1]);
      if (!Number.isInteger(pos) || pos < 0) {
        throw new AppError('vcf/line-malformed', `Line ${line} of ${file} has an invalid POS '${cols[1]}'.`, { file, line, column: 2 });
      }
      records++;
      const keep = await opts.onRecord({ line, chrom: cols[0], pos, id: cols[2], ref: cols[3], alts: cols[4].split(','), info: cols[7] });
      if (keep === false) break;
    }
  })();
  try {
    await Promise.race([run, failure]);
  } finally {
    rl.close();
    raw.destroy();
  }
  return { records, header };
}
