// Phenopacket-store cases for the phenotype bench, read straight from the published JSON files: from a
// .tar.gz (a tiny ustar reader: 512-byte headers, sizes in octal, GNU long names) or a folder of JSONs.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface CaseVariant {
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  gene: string;
  zygosity: 'heterozygous' | 'homozygous' | 'hemizygous' | 'unknown';
  hgvsc: string | null;
  hgvsp: string | null;
}

export interface BenchCase {
  file: string;
  /** The notebook folder (one disease or gene cohort in phenopacket-store). */
  group: string;
  observed: string[];
  excluded: string[];
  genes: string[];
  diseases: string[];
  variants: CaseVariant[];
}

function* tarEntries(buf: Buffer): Generator<{ name: string; data: Buffer }> {
  let off = 0;
  let longName: string | null = null;
  while (off + 512 <= buf.length) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (a: number, n: number): string => header.subarray(a, a + n).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    const data = buf.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    longName = null;
    if (type === '0' || type === '') yield { name, data };
  }
}

/** Every phenopacket JSON under `source` (a .tar.gz or a folder), as [path, text]. */
export function* phenopacketFiles(source: string): Generator<[string, string]> {
  if (fs.statSync(source).isDirectory()) {
    const walk = function* (dir: string): Generator<[string, string]> {
      for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) yield* walk(p);
        else if (e.name.endsWith('.json')) yield [path.relative(source, p), fs.readFileSync(p, 'utf8')];
      }
    };
    yield* walk(source);
    return;
  }
  for (const e of tarEntries(zlib.gunzipSync(fs.readFileSync(source)))) if (e.name.endsWith('.json')) yield [e.name, e.data.toString('utf8')];
}

interface Pp {
  phenotypicFeatures?: { type?: { id?: string }; excluded?: boolean }[];
  interpretations?: {
    diagnosis?: {
      disease?: { id?: string };
      genomicInterpretations?: {
        gene?: { symbol?: string };
        variantInterpretation?: {
          variationDescriptor?: {
            geneContext?: { symbol?: string };
            expressions?: { syntax?: string; value?: string }[];
            vcfRecord?: { genomeAssembly?: string; chrom?: string; pos?: number | string; ref?: string; alt?: string };
            allelicState?: { label?: string };
          };
        };
      }[];
    };
  }[];
}

const ZYGOSITY: Record<string, CaseVariant['zygosity']> = { heterozygous: 'heterozygous', homozygous: 'homozygous', hemizygous: 'hemizygous' };

export function toCase(file: string, text: string): BenchCase | null {
  let pp: Pp;
  try {
    pp = JSON.parse(text) as Pp;
  } catch {
    return null;
  }
  const observed: string[] = [];
  const excluded: string[] = [];
  for (const f of pp.phenotypicFeatures ?? []) {
    const id = f.type?.id;
    if (!id) continue;
    (f.excluded ? excluded : observed).push(id);
  }
  const genes = new Set<string>();
  const diseases = new Set<string>();
  const variants: CaseVariant[] = [];
  for (const i of pp.interpretations ?? []) {
    if (i.diagnosis?.disease?.id) diseases.add(i.diagnosis.disease.id);
    for (const g of i.diagnosis?.genomicInterpretations ?? []) {
      const vd = g.variantInterpretation?.variationDescriptor;
      const symbol = vd?.geneContext?.symbol ?? g.gene?.symbol;
      if (symbol) genes.add(symbol);
      const r = vd?.vcfRecord;
      if (vd && r && symbol && r.chrom && r.pos && r.ref && r.alt && /38/.test(r.genomeAssembly ?? '')) {
        const expr = (s: string): string | null => vd.expressions?.find((e) => e.syntax === s)?.value ?? null;
        variants.push({
          chrom: r.chrom.replace(/^chr/, ''),
          pos: Number(r.pos),
          ref: r.ref,
          alt: r.alt,
          gene: symbol,
          zygosity: ZYGOSITY[vd.allelicState?.label ?? ''] ?? 'unknown',
          hgvsc: expr('hgvs.c'),
          hgvsp: expr('hgvs.p'),
        });
      }
    }
  }
  const parts = file.split('/');
  const group = parts.length >= 3 ? parts[parts.length - 3] : 'unknown';
  return { file, group, observed, excluded, genes: [...genes], diseases: [...diseases], variants };
}

/** A stable half of the cases by a hash of the file name: "tune" to choose parameters on, "check" to report on. */
export function splitOf(file: string): 'tune' | 'check' {
  let h = 2166136261;
  for (let i = 0; i < file.length; i++) h = Math.imul(h ^ file.charCodeAt(i), 16777619);
  return (h >>> 0) % 2 === 0 ? 'tune' : 'check';
}
