// Tool annotations (VEP CSQ, snpEff ANN/EFF) of a stored variant row. The import keeps the file's header
// verbatim and each record's raw CSQ/ANN value on every row split from it (variant_raw_annotations), plus
// the record as written when a row was split or trimmed (variants.original); the allele is found again by
// trimming each of the record's ALTs the way the import did.
import type { VcfBorneAnnotation } from '../../../../shared/schemas/annotation.ts';
import { detectVcfBorneSpecs, parseVcfBorne } from '../annotation/vcf/vcf-borne.ts';
import type { VcfBorneSpec } from '../annotation/vcf/vcf-borne.ts';
import { trimAllele } from '../vcf/normalise-allele.ts';

/** `##` lines of a stored header, without the `##`, as the annotation's VCF reader gives them. */
export function headerMeta(headerText: string): string[] {
  return headerText
    .split(/\r?\n/)
    .filter((l) => l.startsWith('##'))
    .map((l) => l.slice(2));
}

export function specsFromHeader(headerText: string): VcfBorneSpec[] {
  return detectVcfBorneSpecs(headerMeta(headerText));
}

export interface StoredRecord {
  pos: number;
  ref: string;
  alt: string;
  /** variants.original: the record as written when this row was split or trimmed from it. */
  original: string | null;
}

/** The record's REF, its ALTs and which of them this row is. */
export function recordAlleles(row: StoredRecord): { ref: string; alts: string[]; index: number } {
  if (!row.original) return { ref: row.ref, alts: [row.alt], index: 0 };
  const o = JSON.parse(row.original) as { pos: number; ref: string; alts: string[] };
  const index = o.alts.findIndex((a) => {
    const t = trimAllele(o.pos, o.ref, a);
    return t.pos === row.pos && t.ref === row.ref && t.alt === row.alt;
  });
  return { ref: o.ref, alts: o.alts, index };
}

/**
 * This row's share of the raw values: per spec (CSQ, ANN, EFF) the entries of its ALT. Matches what
 * annotateVcfFile attaches to the same allele read from the file: undefined when the record carried none,
 * else the non-empty annotations (possibly none for this ALT).
 */
export function vcfBorneForRow(specs: VcfBorneSpec[], raw: Map<string, string> | undefined, row: StoredRecord): VcfBorneAnnotation[] | undefined {
  if (!raw || specs.length === 0) return undefined;
  const present = specs.filter((s) => raw.get(s.field));
  if (present.length === 0) return undefined;
  const { ref, alts, index } = recordAlleles(row);
  if (index < 0) return [];
  return present.map((s) => parseVcfBorne(s, raw.get(s.field) as string, ref, alts)[index]).filter((a) => a.transcripts.length > 0);
}
