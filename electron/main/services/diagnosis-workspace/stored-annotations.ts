// The annotation an import already has in the store (issue 7's current 'complete' annotation run), read
// back through the annotation store's own reader so the ranking sees exactly what the variant browser and
// `annotate --patient` show. A run being written or superseded is never mixed in.
import type { AnnotatedVariant, PackVersion } from '../../../../shared/schemas/annotation.ts';
import type { VariantRow } from '../../../../shared/schemas/vcf.ts';
import type { SqliteDatabase } from '../../db/connection.ts';
import { readAnnotated } from '../annotation-store/annotation-reads.ts';

export interface StoredAnnotationRun {
  /** annotation_runs.id: a newer run of the import has another. */
  id: string;
  packs: PackVersion[];
  /** Annotation JSON by stored variant row id (variants.id); rows the run did not annotate are absent. */
  read(rows: readonly VariantRow[]): Map<number, AnnotatedVariant>;
}

export function rowNumber(row: VariantRow): number {
  return Number(row.id.slice(row.id.lastIndexOf(':') + 1));
}

export function storedAnnotationRun(sqlite: SqliteDatabase, importId: string): StoredAnnotationRun | null {
  const run = sqlite
    .prepare("SELECT id, key, packs FROM annotation_runs WHERE import_id = ? AND status = 'complete' ORDER BY completed_at DESC LIMIT 1")
    .get(importId) as { id: string; key: number; packs: string } | undefined;
  if (!run) return null;
  return {
    id: run.id,
    packs: JSON.parse(run.packs) as PackVersion[],
    read: (rows) => readAnnotated(sqlite, run.key, rows.map((r) => ({ id: rowNumber(r), chrom: r.chrom, pos: r.pos, ref: r.ref, alt: r.alt }))),
  };
}
