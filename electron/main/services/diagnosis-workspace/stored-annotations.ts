// Reads the annotation an import already has in the store (issue 7: annotation_runs and its per-variant
// tables) back into the per-variant annotation JSON the ranking reads. Only the import's current
// 'complete' run is used: a run being written or superseded is never mixed in.
import type { AnnotatedVariant, PackVersion, TranscriptConsequence, VcfBorneAnnotation } from '../../../../shared/schemas/annotation.ts';
import type { SqliteDatabase } from '../../db/connection.ts';

interface RunRow {
  key: number;
  packs: string;
}

interface TranscriptRow {
  variant_id: number;
  source: string;
  source_version: string | null;
  field: string | null;
  allele: string | null;
  gene: string | null;
  gene_id: string | null;
  transcript: string | null;
  biotype: string | null;
  strand: number | null;
  terms: string;
  impact: string | null;
  hgvsc: string | null;
  hgvsp: string | null;
  mane_select: number | null;
  canonical: number | null;
  fields: string | null;
}

interface ClinvarRow {
  variant_id: number;
  variation_id: string;
  allele_id: string | null;
  significance: string;
  review_status: string;
  stars: number;
  conditions: string;
  conflicting: number;
  conflicting_classifications: string | null;
  gene: string | null;
  release: string | null;
}

const CHUNK = 500;

export interface StoredAnnotationRun {
  packs: PackVersion[];
  /** Annotation JSON by stored variant row id (variants.id); rows never annotated are absent. */
  read(variantIds: readonly number[]): Map<number, AnnotatedVariant>;
}

function hasTable(sqlite: SqliteDatabase, name: string): boolean {
  return Boolean(sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name));
}

export function storedAnnotationRun(sqlite: SqliteDatabase, importId: string): StoredAnnotationRun | null {
  if (!hasTable(sqlite, 'annotation_runs')) return null;
  const run = sqlite
    .prepare("SELECT key, packs FROM annotation_runs WHERE import_id = ? AND status = 'complete' ORDER BY completed_at DESC LIMIT 1")
    .get(importId) as RunRow | undefined;
  if (!run) return null;
  return {
    packs: JSON.parse(run.packs) as PackVersion[],
    read(variantIds) {
      const out = new Map<number, AnnotatedVariant>();
      for (let i = 0; i < variantIds.length; i += CHUNK) {
        const ids = variantIds.slice(i, i + CHUNK);
        const marks = ids.map(() => '?').join(',');
        const transcripts = sqlite
          .prepare(`SELECT * FROM variant_transcript_annotations WHERE run_key = ? AND variant_id IN (${marks}) ORDER BY variant_id, ord`)
          .all(run.key, ...ids) as TranscriptRow[];
        const clinvar = sqlite.prepare(`SELECT * FROM variant_clinvar WHERE run_key = ? AND variant_id IN (${marks})`).all(run.key, ...ids) as ClinvarRow[];
        const entry = (id: number): AnnotatedVariant => {
          let a = out.get(id);
          if (!a) {
            // chrom/pos/ref/alt are the stored row's; the caller keeps those.
            a = { chrom: '', pos: 1, ref: '', alt: '', consequences: [], clinvar: null, mostSevereConsequence: null, vcfAnnotations: [] };
            out.set(id, a);
          }
          return a;
        };
        for (const t of transcripts) {
          const a = entry(t.variant_id);
          const terms = t.terms.split('&').filter(Boolean);
          if (t.source === 'GenoDesk') {
            const c: TranscriptConsequence = {
              gene: t.gene ?? '',
              geneId: t.gene_id ?? '',
              transcript: t.transcript ?? '',
              biotype: t.biotype ?? '',
              strand: t.strand === -1 ? -1 : 1,
              terms,
              hgvsc: t.hgvsc,
              hgvsp: t.hgvsp,
              impact: (t.impact ?? 'MODIFIER') as TranscriptConsequence['impact'],
              maneSelect: t.mane_select === 1,
              canonical: t.canonical === 1,
            };
            a.consequences.push(c);
            continue;
          }
          const tool = t.source === 'snpEff' ? 'snpEff' : 'VEP';
          const list = a.vcfAnnotations as VcfBorneAnnotation[];
          let group = list.find((g) => g.tool === tool && g.version === t.source_version && g.field === (t.field ?? ''));
          if (!group) {
            group = { tool, version: t.source_version, field: t.field ?? '', transcripts: [] };
            list.push(group);
          }
          group.transcripts.push({
            allele: t.allele ?? '',
            gene: t.gene ?? undefined,
            geneId: t.gene_id ?? undefined,
            transcript: t.transcript ?? undefined,
            biotype: t.biotype ?? undefined,
            terms,
            impact: t.impact ?? undefined,
            hgvsc: t.hgvsc ?? undefined,
            hgvsp: t.hgvsp ?? undefined,
            fields: t.fields ? (JSON.parse(t.fields) as Record<string, string>) : {},
          });
        }
        for (const c of clinvar) {
          entry(c.variant_id).clinvar = {
            variationId: c.variation_id,
            alleleId: c.allele_id ?? undefined,
            significance: c.significance,
            reviewStatus: c.review_status,
            stars: c.stars,
            conditions: JSON.parse(c.conditions) as string[],
            conflicting: c.conflicting === 1,
            conflictingClassifications: c.conflicting_classifications ? (JSON.parse(c.conflicting_classifications) as string[]) : undefined,
            gene: c.gene ?? undefined,
            release: c.release ?? undefined,
          };
        }
      }
      return out;
    },
  };
}
