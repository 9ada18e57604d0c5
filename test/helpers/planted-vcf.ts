// A real case for the diagnosis workspace: the Illumina Platinum Genomes NA12878 GRCh38 chr21 calls with
// known ClinVar variants planted in (the approach of test/unit/diagnosis/planted-variant.test.ts). The
// ClinVar records come from the MacArthur-lab ClinVar table (third-party truth for HGVS, significance and
// review stars); the NA12878 header already declares chr1 and chr10, so the file stays valid VCF.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { SHARED_DATA } from './paths.ts';

export const NA12878_GRCH38_CHR21 = path.join(SHARED_DATA, 'vcf/platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz');
export const CLINVAR_TSV = path.join(SHARED_DATA, 'clinvar/macarthur-lab_2018/clinvar_alleles.multi.b38.tsv.gz');

export type ClinvarRow = Record<string, string>;

let rows: ClinvarRow[] | null = null;

export function clinvarRows(): ClinvarRow[] {
  if (rows) return rows;
  const text = zlib.gunzipSync(fs.readFileSync(CLINVAR_TSV)).toString('utf8');
  const [header, ...lines] = text.split('\n').filter((l) => l !== '');
  const cols = header.split('\t');
  rows = lines.map((l) => {
    const cells = l.split('\t');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
  return rows;
}

/** A ClinVar record by gene symbol and protein change (e.g. COQ8A, p.Arg348Ter). */
export function clinvarRecord(symbol: string, protein: string): ClinvarRow {
  const r = clinvarRows().find((x) => x.symbol === symbol && x.hgvs_p.endsWith(protein));
  if (!r) throw new Error(`No ClinVar record ${symbol} ${protein} in ${CLINVAR_TSV}`);
  return r;
}

/** COQ8A c.1042C>T p.(Arg348Ter): ClinVar Pathogenic, 2 stars; COQ8A is green and biallelic on PanelApp 1141. */
export const COQ8A_STOP = () => clinvarRecord('COQ8A', 'p.Arg348Ter');
/** COL6A2 c.2527C>T p.(Arg843Trp): ClinVar Pathogenic missense on chr21; COL6A2 is green on PanelApp 207. */
export const COL6A2_MISSENSE = () => clinvarRecord('COL6A2', 'p.Arg843Trp');
/** RET c.1900T>C p.(Cys634Arg): ClinVar Pathogenic/Likely pathogenic, 2 stars; RET is on the ACMG SF v3.2 list. */
export const RET_SF = () => clinvarRecord('RET', 'p.Cys634Arg');

export interface Planted {
  row: ClinvarRow;
  gt: string;
}

/**
 * Writes NA12878 chr21 with the records planted in contig order; returns the file (plain VCF). `copiesOn`
 * repeats chr21's calls on those contigs as well (the header declares every GRCh38 contig): five copies make
 * a file of a genome's carried-variant count (~390,000) from real records, for work that must take a while.
 */
export function plantIntoNa12878(dir: string, name: string, planted: readonly Planted[], copiesOn: readonly string[] = []): string {
  const lines = zlib.gunzipSync(fs.readFileSync(NA12878_GRCH38_CHR21)).toString('utf8').split('\n').filter(Boolean);
  const header = lines.filter((l) => l.startsWith('#'));
  const chr21 = lines.filter((l) => !l.startsWith('#'));
  const body = [...chr21, ...copiesOn.flatMap((contig) => chr21.map((l) => contig + l.slice(l.indexOf('\t'))))];
  const records = planted.map(({ row, gt }) => [`chr${row.chrom}`, row.pos, `planted_clinvar_${row.variation_id}`, row.ref, row.alt, '50', 'PASS', '.', 'GT', gt].join('\t'));
  const order = (c: string) => (c === 'chrX' ? 23 : c === 'chrY' ? 24 : Number(c.replace('chr', '')));
  const all = [...records, ...body].sort((a, b) => {
    const [ca, pa] = a.split('\t');
    const [cb, pb] = b.split('\t');
    return order(ca) - order(cb) || Number(pa) - Number(pb);
  });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.vcf`);
  fs.writeFileSync(file, [...header, ...all].join('\n') + '\n');
  return file;
}
