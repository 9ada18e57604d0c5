// What an annotation run reads from one stored variant: the allele, and the end of a symbolic one. Shared by
// the main thread (rows it decoded itself, when the VCF carried its own tool annotations) and the annotate
// worker (chunks it decodes from the stored bytes), so both annotate exactly the same variants.
import type { VariantInput } from '../annotation/annotator.ts';
import type { DecodedChunk } from '../vcf/variant-chunk.ts';

/** ALTs with no sequence to annotate (annotateVcfFile skips the same). */
export const SKIPPED_ALTS: ReadonlySet<string> = new Set(['*', '.', '<*>', '<NON_REF>']);

/** INFO END of a symbolic allele (VCF 4.3 §1.6.1), when the record has one. */
export function endOf(info: string | null): number | undefined {
  const m = info ? /(?:^|;)END=(\d+)/.exec(info) : null;
  return m ? Number(m[1]) : undefined;
}

/** Calls `each` with the input and row id of every variant of a decoded stored chunk that has an allele to annotate. */
export function forEachAnnotationInput(chunk: DecodedChunk, chromName: string, each: (input: VariantInput, id: number) => void): void {
  const pos = chunk.numbers('pos');
  for (let i = 0; i < chunk.count; i++) {
    const alt = chunk.textAtRow('alt', i) as string;
    if (SKIPPED_ALTS.has(alt)) continue;
    each({ chrom: chromName, pos: pos[i], ref: chunk.textAtRow('ref', i) as string, alt, end: endOf(chunk.textAtRow('info', i)) }, chunk.firstId + i);
  }
}
