// Reads a multi-sample family VCF (plain or bgzipped) straight from a file into FamilyVariant records, one at
// a time: for `prioritise --vcf FILE --ped FILE` (nothing stored) and the family QC of a file before import.
// Multi-allelic records are split per ALT and each sample's GT recoded as `bcftools norm -m-any` does (this
// ALT → 1, other ALTs → 0), so the engine sees the same genotypes as it does for stored imports.
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { AppError } from '../../../../../shared/errors.ts';
import type { FamilyVariant, SampleCall } from '../segregation/family-genotypes.ts';

export interface FamilyVcf {
  samples: string[];
  variants: AsyncGenerator<FamilyVariant>;
}

const num = (s: string | undefined): number | null => (s === undefined || s === '' || s === '.' ? null : Number.isFinite(Number(s)) ? Number(s) : null);

/** Gene symbol from bcftools csq (BCSQ), snpEff (ANN) or VEP (CSQ, SYMBOL at `csqSymbol`). */
function geneOf(info: string, csqSymbol: number): string | null {
  for (const field of info.split(';')) {
    const eq = field.indexOf('=');
    const key = field.slice(0, eq);
    const value = field.slice(eq + 1);
    if (key === 'BCSQ') return value.split(',')[0].split('|')[1] || null;
    if (key === 'ANN') return value.split(',')[0].split('|')[3] || null;
    if (key === 'CSQ' && csqSymbol >= 0) return value.split(',')[0].split('|')[csqSymbol] || null;
  }
  return null;
}

function recode(gt: string, altIndex: number): string {
  return gt.replace(/\d+/g, (a) => (a === '0' ? '0' : Number(a) === altIndex ? '1' : '0'));
}

export async function openFamilyVcf(file: string): Promise<FamilyVcf> {
  const raw = fs.createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(zlib.createGunzip()) : raw;
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const it = lines[Symbol.asyncIterator]();
  let csqSymbol = -1;
  let samples: string[] | null = null;
  let lineNo = 0;
  while (!samples) {
    const next = await it.next();
    if (next.done) throw new AppError('vcf/bad-header', `${file}: no #CHROM header line.`, { file });
    lineNo++;
    const line = next.value;
    if (line.startsWith('##INFO=<ID=CSQ')) {
      const fmt = /Format: ([^"]+)/.exec(line)?.[1];
      if (fmt) csqSymbol = fmt.split('|').indexOf('SYMBOL');
    } else if (line.startsWith('#CHROM')) samples = line.split('\t').slice(9);
  }
  const sampleNames = samples;
  async function* variants(): AsyncGenerator<FamilyVariant> {
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      lineNo++;
      const line = next.value;
      if (line === '' || line.startsWith('#')) continue;
      const cols = line.split('\t');
      if (cols.length < 9 + sampleNames.length) {
        throw new AppError('vcf/line-malformed', `${file} line ${lineNo}: expected ${9 + sampleNames.length} tab-separated columns, found ${cols.length}.`, { file, line: lineNo });
      }
      const [chrom, posText, , ref, altText, , filter, info, format] = cols;
      const keys = format.split(':');
      const at = (k: string) => keys.indexOf(k);
      const [iGt, iPs, iGq, iDp, iAd] = [at('GT'), at('PS'), at('GQ'), at('DP'), at('AD')];
      const gene = geneOf(info, csqSymbol);
      const alts = altText.split(',');
      for (let k = 0; k < alts.length; k++) {
        if (alts[k] === '*' || alts[k] === '.') continue;
        const calls: Record<string, SampleCall> = {};
        for (let s = 0; s < sampleNames.length; s++) {
          const f = cols[9 + s].split(':');
          const ad = iAd >= 0 && f[iAd] !== undefined && f[iAd] !== '.' ? f[iAd].split(',') : null;
          calls[sampleNames[s]] = {
            gt: iGt >= 0 && f[iGt] !== undefined ? recode(f[iGt], k + 1) : null,
            ps: iPs >= 0 ? num(f[iPs]) : null,
            gq: iGq >= 0 ? num(f[iGq]) : null,
            dp: iDp >= 0 ? num(f[iDp]) : null,
            adRef: ad ? num(ad[0]) : null,
            adAlt: ad ? num(ad[k + 1]) : null,
          };
        }
        yield { key: `${chrom}:${posText}:${ref}:${alts[k]}`, chrom, pos: Number(posText), ref, alt: alts[k], gene, filter: filter === '.' ? null : filter, calls };
      }
    }
  }
  return { samples: sampleNames, variants: variants() };
}
