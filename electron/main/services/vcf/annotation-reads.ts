// For the annotation feature: the consequence annotations a file already carried (VEP CSQ, snpEff ANN/EFF,
// bcftools BCSQ), verbatim, with the stored variant row each belongs to. A split record's rows each carry
// the record's whole value (its entries name their allele), so no annotation is lost to splitting.
import type { Store } from '../../db/connection.ts';
import { importKeyOf } from './import-reads.ts';

export interface RawAnnotation {
  /** The variant row (`<importId>:<row>`, as VariantRow.id). */
  variantId: string;
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  key: string;
  value: string;
}

/** Streams a complete import's raw annotations in position order; `keys` narrows to CSQ, ANN, EFF or BCSQ. */
export function* iterateRawAnnotations(store: Store, importId: string, keys?: readonly string[]): Generator<RawAnnotation> {
  const scope = importKeyOf(store.sqlite, importId);
  const names = new Map(
    (store.sqlite.prepare('SELECT code, chrom FROM import_contigs WHERE import_key = ?').all(scope.key) as { code: number; chrom: string }[]).map((r) => [r.code, r.chrom]),
  );
  const keyFilter = keys?.length ? `AND a.key IN (${keys.map(() => '?').join(',')})` : '';
  const rows = store.sqlite
    .prepare(
      `SELECT v.id, v.chrom, v.pos, v.ref, v.alt, a.key, a.value FROM variant_raw_annotations a JOIN variants v ON v.id = a.variant_id
       WHERE a.import_key = ? ${keyFilter} ORDER BY v.chrom, v.pos, v.id, a.key`,
    )
    .iterate(scope.key, ...(keys ?? [])) as IterableIterator<{ id: number; chrom: number; pos: number; ref: string; alt: string; key: string; value: string }>;
  for (const r of rows) {
    yield { variantId: `${importId}:${r.id}`, chrom: names.get(r.chrom) ?? String(r.chrom), pos: r.pos, ref: r.ref, alt: r.alt, key: r.key, value: r.value };
  }
}
