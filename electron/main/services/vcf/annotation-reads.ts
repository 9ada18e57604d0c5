// For the annotation feature: the consequence annotations a file already carried (VEP CSQ, snpEff ANN/EFF,
// bcftools BCSQ), verbatim, with the stored variant row each belongs to. A split record's rows each carry
// the record's whole value (its entries name their allele), so no annotation is lost to splitting.
import type { Store } from '../../db/connection.ts';
import { importKeyOf } from './import-reads.ts';
import { createStoredVariants } from './stored-variants.ts';

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

interface Entry {
  id: number;
  chrom: number;
  pos: number;
  ref: string;
  alt: string;
  key: string;
  value: string;
}

// (pos, id, key): with chunks taken chromosome by chromosome, the order `ORDER BY chrom, pos, id, key` gave.
// Keys are ASCII (CSQ, ANN, ...), so comparing code units is SQLite's BINARY collation.
function byPosIdKey(a: Entry, b: Entry): number {
  return a.pos - b.pos || a.id - b.id || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Streams a complete import's raw annotations in position order; `keys` narrows to CSQ, ANN, EFF or BCSQ. */
export function* iterateRawAnnotations(store: Store, importId: string, keys?: readonly string[]): Generator<RawAnnotation> {
  const scope = importKeyOf(store.sqlite, importId);
  const names = new Map(
    (store.sqlite.prepare('SELECT code, chrom FROM import_contigs WHERE import_key = ?').all(scope.key) as { code: number; chrom: string }[]).map((r) => [r.code, r.chrom]),
  );
  const stored = createStoredVariants(store);
  const keyFilter = keys?.length ? `AND key IN (${keys.map(() => '?').join(',')})` : '';
  // The primary key (import_key, variant_id, key) answers one chunk's id range without a scan.
  const rawOfIds = store.sqlite.prepare(`SELECT variant_id AS id, key, value FROM variant_raw_annotations WHERE import_key = ? AND variant_id BETWEEN ? AND ? ${keyFilter}`);
  const out = (e: Entry): RawAnnotation => ({ variantId: `${importId}:${e.id}`, chrom: names.get(e.chrom) ?? String(e.chrom), pos: e.pos, ref: e.ref, alt: e.alt, key: e.key, value: e.value });

  // Chunks come in (chrom, min_pos) order and every row of a later chunk of the same chromosome sits at or
  // after that chunk's min_pos, so entries before it are final. Holding back only the rest keeps memory to
  // about one chunk's annotations for a sorted file while still giving position order for an unsorted one.
  let pending: Entry[] = [];
  let chrom: number | null = null;
  for (const h of stored.headers(scope.key)) {
    if (h.chrom !== chrom) {
      yield* pending.sort(byPosIdKey).map(out);
      pending = [];
      chrom = h.chrom;
    } else if (pending.length > 0) {
      const ready = pending.filter((e) => e.pos < h.minPos);
      if (ready.length > 0) {
        pending = pending.filter((e) => e.pos >= h.minPos);
        yield* ready.sort(byPosIdKey).map(out);
      }
    }
    const raw = rawOfIds.all(scope.key, h.firstId, h.firstId + h.count - 1, ...(keys ?? [])) as { id: number; key: string; value: string }[];
    if (raw.length === 0) continue; // most files carry no annotations: the chunk is never decoded
    const c = stored.decode(h);
    const pos = c.numbers('pos');
    for (const r of raw) {
      const i = r.id - h.firstId;
      pending.push({ id: r.id, chrom: h.chrom, pos: pos[i], ref: c.textAtRow('ref', i) as string, alt: c.textAtRow('alt', i) as string, key: r.key, value: r.value });
    }
  }
  yield* pending.sort(byPosIdKey).map(out);
}
