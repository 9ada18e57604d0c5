// The real GIAB Ashkenazi trio (HG002 son, affected in the PED; HG003 father; HG004 mother; GRCh37, b37 names;
// slivar's test file, see ../shared/data/PROVENANCE.md) with records planted into a copy, for segregation
// and family QC tests. Planted records are GATK-shaped (GT:AD:DP:GQ[:PS]); everything else is the real file.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { SHARED_DATA } from './paths.ts';

export const ASHK_DIR = path.join(SHARED_DATA, 'vcf/giab-ashkenazi-trio');
export const ASHK_VCF = path.join(ASHK_DIR, 'ashk-trio.vcf.gz');
export const ASHK_PED = path.join(ASHK_DIR, 'ashk-trio.ped');

/** A planted record: chrom, pos, ref, alt, gene label (BCSQ) and the son's, father's and mother's sample fields. */
export interface PlantedRecord {
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  gene?: string;
  son: string;
  father: string;
  mother: string;
  format?: string;
}

const order = (c: string) => (c === 'X' ? 23 : c === 'Y' ? 24 : c === 'MT' ? 25 : Number(c));

/**
 * Writes the trio with `records` planted in contig order. `renameSamples` rewrites the #CHROM line's sample
 * names (e.g. swap HG002 and HG003: a mislabelled file) without touching the genotype columns.
 */
export function plantIntoAshkTrio(dir: string, name: string, records: readonly PlantedRecord[], renameSamples?: Record<string, string>): string {
  const lines = zlib.gunzipSync(fs.readFileSync(ASHK_VCF)).toString('utf8').split('\n').filter(Boolean);
  const header = lines.filter((l) => l.startsWith('#')).map((l) => {
    if (!l.startsWith('#CHROM') || !renameSamples) return l;
    const cols = l.split('\t');
    return [...cols.slice(0, 9), ...cols.slice(9).map((s) => renameSamples[s] ?? s)].join('\t');
  });
  const body = lines.filter((l) => !l.startsWith('#'));
  const planted = records.map((r) =>
    [r.chrom, r.pos, `planted_${r.chrom}_${r.pos}`, r.ref, r.alt, '500', 'PASS', r.gene ? `BCSQ=missense|${r.gene}|ENST_PLANTED|protein_coding` : '.', r.format ?? 'GT:AD:DP:GQ', r.son, r.father, r.mother].join('\t'),
  );
  const all = [...planted, ...body].sort((a, b) => {
    const [ca, pa] = a.split('\t');
    const [cb, pb] = b.split('\t');
    return order(ca) - order(cb) || Number(pa) - Number(pb);
  });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.vcf`);
  fs.writeFileSync(file, [...header, ...all].join('\n') + '\n');
  return file;
}

/** chrX sites outside the GRCh37 PARs where the son and father are hemizygous ALT and the mother is heterozygous or homozygous. */
export function xSexSites(count: number, start = 20_000_000): PlantedRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    chrom: 'X',
    pos: start + i * 1000,
    ref: 'C',
    alt: 'T',
    son: '1/1:0,30:30:90',
    father: '1/1:0,28:28:84',
    mother: i % 3 === 0 ? '1/1:0,31:31:93' : '0/1:15,16:31:99',
  }));
}
