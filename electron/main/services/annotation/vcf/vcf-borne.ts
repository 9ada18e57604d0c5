// Annotations a pipeline already wrote into the VCF: Ensembl VEP `CSQ`, snpEff `ANN` and legacy snpEff `EFF`.
// Field names come from the header's INFO Description ("Format: Allele|Consequence|…"), never assumed,
// because every VEP run chooses its own columns; the tool version from `##VEP=…` / `##SnpEffVersion=…`.
import type { VcfBorneAnnotation, VcfBorneTranscript } from '../../../../../shared/schemas/annotation.ts';
import { isSymbolicAlt } from '../../vcf/normalise-allele.ts';

export interface VcfBorneSpec {
  field: 'CSQ' | 'ANN' | 'EFF';
  tool: 'VEP' | 'snpEff';
  version: string | null;
  columns: string[];
}

function infoDescription(meta: string[], id: string): string | undefined {
  for (const m of meta) {
    if (!m.startsWith('INFO=<') || !m.includes(`ID=${id},`)) continue;
    const d = /Description="((?:[^"\\]|\\.)*)"/.exec(m);
    return d ? d[1] : undefined;
  }
  return undefined;
}

function vepVersion(meta: string[]): string | null {
  const line = meta.find((m) => m.startsWith('VEP='));
  if (!line) return null;
  const v = line.substring(4).trim();
  const first = v.startsWith('"') ? v.substring(1, v.indexOf('"', 1)) : v.split(/\s+/)[0];
  return first || null;
}

function snpEffVersion(meta: string[]): string | null {
  const line = meta.find((m) => m.startsWith('SnpEffVersion='));
  if (!line) return null;
  return line
    .substring('SnpEffVersion='.length)
    .replace(/^"|"$/g, '')
    .replace(/^SnpEff\s+/, '')
    .replace(/,\s*by .*$/, '')
    .trim();
}

/** Which tool annotations the header declares, with their column lists. */
export function detectVcfBorneSpecs(meta: string[]): VcfBorneSpec[] {
  const specs: VcfBorneSpec[] = [];
  const csq = infoDescription(meta, 'CSQ');
  if (csq) {
    const m = /Format:\s*(.*)$/i.exec(csq);
    if (m) specs.push({ field: 'CSQ', tool: 'VEP', version: vepVersion(meta), columns: m[1].trim().split('|').map((c) => c.trim()) });
  }
  const ann = infoDescription(meta, 'ANN');
  if (ann) {
    const m = /'([^']*)'/.exec(ann) ?? /:\s*(.*)$/.exec(ann);
    if (m) specs.push({ field: 'ANN', tool: 'snpEff', version: snpEffVersion(meta), columns: m[1].split('|').map((c) => c.trim()) });
  }
  const eff = infoDescription(meta, 'EFF');
  if (eff) {
    const m = /'\s*([^(']+)\(([^']*)\)\s*'/.exec(eff);
    if (m) {
      const inner = m[2].replace(/\[|\]/g, '').split('|').map((c) => c.trim()).filter(Boolean);
      specs.push({ field: 'EFF', tool: 'snpEff', version: snpEffVersion(meta), columns: [m[1].trim(), ...inner] });
    }
  }
  return specs;
}

/** VEP writes alleles with the base shared by REF and every ALT removed ('-' when nothing is left). */
function vepAlleles(ref: string, alts: string[]): string[] {
  const all = [ref, ...alts.filter((a) => !isSymbolicAlt(a))];
  const shared = all.every((a) => a.length > 0 && a[0] === ref[0]) && all.some((a) => a.length > 1) && alts.every((a) => !isSymbolicAlt(a));
  return alts.map((a) => (isSymbolicAlt(a) ? a : shared ? a.substring(1) || '-' : a));
}

function decodeValue(v: string): string {
  return v.includes('%') ? v.replace(/%3D/gi, '=').replace(/%3B/gi, ';').replace(/%2C/gi, ',').replace(/%7C/gi, '|') : v;
}

function entry(spec: VcfBorneSpec, values: string[]): VcfBorneTranscript {
  const fields: Record<string, string> = {};
  spec.columns.forEach((c, i) => {
    const v = values[i];
    if (v !== undefined && v !== '') fields[c] = decodeValue(v);
  });
  const pick = (...names: string[]): string | undefined => {
    for (const n of names) if (fields[n] !== undefined) return fields[n];
    return undefined;
  };
  const terms = (pick('Consequence', 'Annotation', 'Effect') ?? '').split('&').filter(Boolean);
  return {
    allele: pick('Allele') ?? '',
    gene: pick('SYMBOL', 'Gene_Name'),
    geneId: pick('Gene', 'Gene_ID'),
    transcript: pick('Feature', 'Feature_ID', 'Transcript'),
    biotype: pick('BIOTYPE', 'Transcript_BioType', 'Gene_BioType'),
    terms,
    impact: pick('IMPACT', 'Annotation_Impact', 'Effect_Impact'),
    hgvsc: pick('HGVSc', 'HGVS.c', 'Codon_Change'),
    hgvsp: pick('HGVSp', 'HGVS.p', 'Amino_Acid_change', 'Amino_Acid_Change'),
    fields,
  };
}

/**
 * The tool annotations of one VCF record, split per ALT (index into `alts`). Entries are assigned to an ALT by
 * ALLELE_NUM when present, else by their Allele column (VEP's or snpEff's allele spelling); entries that
 * cannot be assigned go to every ALT of a single-ALT record.
 */
export function parseVcfBorne(spec: VcfBorneSpec, raw: string, ref: string, alts: string[]): VcfBorneAnnotation[] {
  const perAlt: VcfBorneTranscript[][] = alts.map(() => []);
  const vep = spec.tool === 'VEP' ? vepAlleles(ref, alts) : alts;
  const alleleNumIdx = spec.columns.indexOf('ALLELE_NUM');
  const genotypeIdx = spec.columns.indexOf('GenotypeNum');
  for (const item of raw.split(',')) {
    if (!item) continue;
    let values: string[];
    if (spec.field === 'EFF') {
      const open = item.indexOf('(');
      const close = item.lastIndexOf(')');
      values = open < 0 ? [item] : [item.substring(0, open), ...item.substring(open + 1, close < 0 ? item.length : close).split('|')];
    } else {
      values = item.split('|');
    }
    const e = entry(spec, values);
    let target = -1;
    if (alleleNumIdx >= 0 && values[alleleNumIdx]) target = Number(values[alleleNumIdx]) - 1;
    else if (genotypeIdx >= 0 && values[genotypeIdx] && alts.length > 1) target = Number(values[genotypeIdx]) - 1;
    else if (e.allele) target = vep.indexOf(e.allele) >= 0 ? vep.indexOf(e.allele) : alts.indexOf(e.allele);
    if (target >= 0 && target < alts.length) perAlt[target].push(e);
    else if (alts.length === 1) perAlt[0].push(e);
  }
  return perAlt.map((transcripts) => ({ tool: spec.tool, version: spec.version, field: spec.field, transcripts }));
}
