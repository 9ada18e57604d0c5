// VCF files for the end-to-end specs, made from the real NA12878 Platinum Genomes chr21 calls.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { SHARED_DATA } from '../../helpers/paths.ts';

export const NA12878_GRCH38 = path.join(SHARED_DATA, 'vcf/platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz');
export const MULTI_SAMPLE = path.join(SHARED_DATA, 'vcf/cyvcf2-tests/test.vcf.gz');

/**
 * A larger file for watching progress and cancelling: the NA12878 records repeated `copies` times,
 * each copy shifted along chr21 so the file stays sorted (positions stay inside chr21's GRCh38 length).
 */
export function makeLargeVcf(dir: string, copies: number): string {
  const text = zlib.gunzipSync(fs.readFileSync(NA12878_GRCH38)).toString('utf8');
  const lines = text.split('\n');
  const header = lines.filter((l) => l.startsWith('#'));
  const records = lines.filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
  const first = Number(records[0][1]);
  const span = Number(records[records.length - 1][1]) - first + 1;
  // Compress the copies so they fit within chr21 (46,709,983 bp): positions are squeezed, never reordered.
  const scale = Math.min(1, 46_000_000 / (span * copies));
  const out: string[] = [...header];
  for (let c = 0; c < copies; c++) {
    let last = 0;
    for (const r of records) {
      let pos = Math.floor((Number(r[1]) - first) * scale) + 1 + Math.floor(c * span * scale);
      if (pos <= last) pos = last + 1;
      last = pos;
      out.push([r[0], String(pos), ...r.slice(2)].join('\t'));
    }
  }
  const file = path.join(dir, `na12878-x${copies}.vcf.gz`);
  fs.writeFileSync(file, zlib.gzipSync(out.join('\n') + '\n', { level: 1 }));
  return file;
}

export function makeMalformedVcf(dir: string): string {
  const file = path.join(dir, 'broken.vcf');
  fs.writeFileSync(
    file,
    [
      '##fileformat=VCFv4.2',
      '##contig=<ID=chr21,length=46709983>',
      '##reference=GRCh38',
      '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
      '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1',
      'chr21\t5030000\t.\tA\tG\t50\tPASS\t.\tGT\t0/1',
      'chr21\tnot-a-number\t.\tC\tT\t50\tPASS\t.\tGT\t1/1',
      '',
    ].join('\n'),
  );
  return file;
}
